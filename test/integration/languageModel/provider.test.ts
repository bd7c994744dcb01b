import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok, overloaded } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { resetSettings, withFakeApi } from '../support/router';
import { collect, lastMessageBlocks, ledgerRecords, routerModel, toolFixture, toolInfo, VENDOR } from './lmSupport';

const { User } = vscode.LanguageModelChatMessage;

/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('Model Router as a language model in VS Code', () => {
  const env = withFakeApi();

  after(async () => {
    await resetSettings(['tiers.fast.model']);
  });

  it('offers Auto and one model per tier, with the limits of the models behind them', async () => {
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    assert.deepEqual(models.map((m) => [m.id, m.name]), [
      ['auto', 'Model Router · Auto'],
      ['fast', 'Model Router · Fast'],
      ['balanced', 'Model Router · Balanced'],
      ['frontier', 'Model Router · Frontier'],
    ]);
    // Haiku, Sonnet and Opus 5.5 all have a 1M-token window (platform.claude.com, 2026-11).
    assert.deepEqual(models.map((m) => m.maxInputTokens), [1_000_000, 1_000_000, 1_000_000, 1_000_000]);
    assert.equal(models.find((m) => m.id === 'balanced')?.family, 'claude-sonnet-5-5');

    await vscode.workspace.getConfiguration('modelRouter').update('tiers.fast.model', 'claude-haiku-4-5', vscode.ConfigurationTarget.Global);
    const fast = await eventually(async () => {
      const [model] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'fast' });
      return model?.family === 'claude-haiku-4-5' && model;
    }, { what: 'the fast model to follow the setting' });
    assert.equal(fast.maxInputTokens, 200_000, 'Haiku 4.5 has a 200k window');
    const [autoNow] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: 'auto' });
    assert.equal(autoNow.maxInputTokens, 200_000, 'Auto may send a task to any tier, so it offers the smallest window');
    await resetSettings(['tiers.fast.model']);
  });

  it('counts tokens locally, with the newer tokenizer’s higher count', async () => {
    const auto = await routerModel('auto');
    const text = 'const answer = parse(input);\n'.repeat(40);
    const count = await auto.countTokens(text);
    assert.ok(count > text.length / 4 && count < text.length / 2, `${text.length} characters counted as ${count} tokens`);
    const withImage = await auto.countTokens(User([new vscode.LanguageModelTextPart('what is this?'), vscode.LanguageModelDataPart.image(PNG, 'image/png')]));
    assert.ok(withImage > 1000, `a message with an image counted as ${withImage} tokens`);
    assert.equal(env.fake.requests.length, 0, 'counting tokens must not call the API');
  });

  it('sends a tier model’s requests to that tier whatever the task', async () => {
    env.fake.enqueue(ok({ text: ['A plugin registry.'] }));
    const answer = await collect(await (await routerModel('fast')).sendRequest([User('design the architecture of a plugin system')]));
    assert.equal(answer.text, 'A plugin registry.');
    assert.equal(env.fake.requests[0].model, 'claude-haiku-5-5', 'architecture would route to frontier; the Fast model must not');
    const [record] = ledgerRecords(env.api).slice(-1);
    assert.equal(record.tier, 'fast');
    assert.equal(record.rule, 'override:next');
  });

  it('passes images and a required tool call on to the API', async () => {
    const fixture = await toolFixture();
    env.fake.enqueue(ok({ toolUse: { name: fixture.tool, input: { title: 'diagram' } } }));
    const message = User([new vscode.LanguageModelTextPart('explain this diagram'), vscode.LanguageModelDataPart.image(PNG, 'image/png')]);
    await collect(await (await routerModel('auto')).sendRequest([message], { tools: [toolInfo(fixture)], toolMode: vscode.LanguageModelChatToolMode.Required }));
    const image = lastMessageBlocks(env.fake.requests[0]).find((block) => block.type === 'image');
    assert.equal(image?.source?.media_type, 'image/png', `no image block in ${JSON.stringify(lastMessageBlocks(env.fake.requests[0]))}`);
    assert.equal(image?.source?.data, PNG.toString('base64'));
    assert.deepEqual(env.fake.requests[0].body['tool_choice'], { type: 'any' }, 'toolMode Required must force a tool call');
  });

  it('leaves an attached .env out of what VS Code’s Chat sends through a Model Router model, and the answer says so', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const secret = vscode.Uri.joinPath(folder, 'lm-attached', '.env');
    const code = vscode.Uri.joinPath(folder, 'lm-attached', 'app.ts');
    // The files exist, as the ones VS Code's Chat attaches do: the provider reads a secret file itself
    // to know where its block really ends (one it cannot read leaves out everything up to the last tag).
    await vscode.workspace.fs.writeFile(secret, Buffer.from('STRIPE_SECRET=sk_live_LM_PROVIDER_CANARY\n'));
    await vscode.workspace.fs.writeFile(code, Buffer.from('export const app = 1;\n'));
    // As VS Code's Chat writes attached files (and the active editor's, implicitly) into the prompt.
    const prompt = [
      `<attachment id="file:.env" filePath="${secret.fsPath}">\nSTRIPE_SECRET=sk_live_LM_PROVIDER_CANARY\n</attachment>`,
      `<attachment id="file:app.ts" filePath="${code.fsPath}">\nexport const app = 1;\n</attachment>`,
      'explain what this configuration does',
    ].join('\n');
    env.fake.enqueue(ok({ text: ['It configures the app.'] }));
    const answer = await collect(await (await routerModel('auto')).sendRequest([User(prompt)]));
    const sent = JSON.stringify(env.fake.requests[0].body['messages']);
    assert.ok(!sent.includes('sk_live_LM_PROVIDER_CANARY'), `the .env's text must not reach the API: ${sent}`);
    assert.ok(sent.includes('export const app = 1;'), 'the ordinary attachment is still sent');
    assert.match(sent, /lm-attached\/\.env.*secret file/i, 'the model gets a note in place of the secret file');
    assert.match(answer.text, /^_Model Router: .*lm-attached\/\.env.*_\n\nIt configures the app\.$/s, `the answer must say the file was left out: ${answer.text}`);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, 'lm-attached'), { recursive: true });
  });

  it('stops the API stream when VS Code cancels, and records the cancelled request', async () => {
    env.fake.enqueue(ok({ text: Array.from({ length: 40 }, (_, i) => `chunk ${i} `), deltaDelayMs: 200 }));
    const cancel = new vscode.CancellationTokenSource();
    const response = await (await routerModel('auto')).sendRequest([User('explain what a monad is')], {}, cancel.token);
    const reading = (async () => {
      let text = '';
      try {
        for await (const piece of response.text) {
          text += piece;
          if (text.includes('chunk 1')) cancel.cancel();
        }
      } catch {
        // A cancelled stream may end with an error; what matters is where it stopped.
      }
      return text;
    })();
    const text = await reading;
    assert.doesNotMatch(text, /chunk 39/, 'the answer went on after the cancel');
    const request = await eventually(() => env.fake.requests[0]?.closedAt !== undefined && env.fake.requests[0], { what: 'the fake to see the stream closed' });
    assert.equal(request.completed, false, 'the fake finished the whole answer: the cancel did not reach the API');
    const record = await eventually(() => ledgerRecords(env.api).slice(-1).find((r) => r.outcome === 'cancelled'), { what: 'a cancelled request in the ledger' });
    assert.ok(record.usage.inputTokens > 0, 'a cancelled request still records the tokens it used');
  });

  it('fails with the reason and what to do when the API is overloaded', async () => {
    env.fake.enqueue(overloaded(), overloaded(), overloaded());
    const auto = await routerModel('auto');
    await assert.rejects(async () => collect(await auto.sendRequest([User('summarize this changelog')])), (error: Error) => {
      assert.match(error.message, /claude-haiku-5-5 is overloaded right now.*Retry, or choose another tier/);
      return true;
    });
  });
});
