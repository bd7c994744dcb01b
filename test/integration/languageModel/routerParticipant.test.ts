import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { ui } from '../support/ui';
import { ledgerRecords } from './lmSupport';

/** The text of every answer in VS Code's Chat view, oldest first. */
const ANSWERS = '.interactive-item-container.interactive-response .chat-markdown-part.rendered-markdown';

/** Waits until answer number `count` has rendered up to `end` (the Chat view renders words in gradually). */
async function answersInChatView(count: number, end: RegExp, what: string): Promise<string[]> {
  return eventually(
    async () => {
      const answers = await ui.texts(ANSWERS);
      return answers.length >= count && end.test(answers[count - 1]) && answers;
    },
    { what, timeoutMs: 15_000 },
  );
}

describe('@router in VS Code’s own Chat view, on Model Router · Auto', () => {
  const env = withFakeApi();

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  });

  it('routes the question, shows the answer with its footer, and keeps the tier for the next question', async () => {
    env.fake.enqueue(ok({ text: ['Here are ', 'the **tests** ', 'for the parser.'], usage: { inputTokens: 1000, outputTokens: 500 } }));
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@router write unit tests for the parser' });
    const [first] = await answersInChatView(1, /→ balanced · Tests on balanced: [^\n]*$/, 'the @router answer with its footer');
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'a test-writing question on Auto goes to the balanced tier');
    assert.match(first, /Here are the tests for the parser\./);
    // 1000 × $2 + 500 × $10 per MTok = $0.0070.
    assert.match(first, /Model Router · claude-sonnet-5-5 · balanced · medium effort · taskKind:tests · 1k in \/ 500 out · \$0\.0070/);
    assert.match(first, /Tests \(.+\) → balanced/);
    await ui.screenshot('router-participant-answer', { selector: '.part.auxiliarybar' });

    env.fake.enqueue(ok({ text: ['It checks empty input.'], usage: { inputTokens: 1600, outputTokens: 40 } }));
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@router summarize what the first test checks' });
    const [, second] = await answersInChatView(2, /stays on balanced · [^\n]*on balanced: [^\n]*$/, 'the second answer with its footer');
    assert.equal(env.fake.requests[1]?.model, 'claude-sonnet-5-5', 'a summary is fast work, but the conversation does not drop a tier by itself');
    assert.match(second, /It checks empty input\..*balanced · (?:[^·\n]+ · )*conversation:keep/s);
    const history = JSON.stringify(env.fake.requests[1].body['messages']);
    assert.match(history, /Here are the \*\*tests\*\* for the parser\./, 'the earlier answer is in the history');
    assert.doesNotMatch(history, /taskKind:tests/, 'footers stay out of the history the model sees');
    const records = ledgerRecords(env.api).slice(-2);
    assert.deepEqual(records.map((r) => r.tier), ['balanced', 'balanced']);
  });

  it('routes on the files attached to the question and sends their text with it', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const files = ['table', 'chart', 'export'].map((name) => vscode.Uri.joinPath(root, 'src', 'report', `${name}.ts`));
    for (const file of files) await vscode.workspace.fs.writeFile(file, Buffer.from(`export function ${file.path.split('/').pop()!.slice(0, -3)}() {}\n`));
    env.fake.enqueue(ok({ text: ['They build one report.'], usage: { inputTokens: 900, outputTokens: 60 } }));
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await vscode.commands.executeCommand('workbench.action.chat.open', {
      query: '@router add a doc comment to each exported function in these',
      attachFiles: files,
      modelSelector: { vendor: 'model-router', id: 'auto' },
    });
    const [answer] = await answersInChatView(1, /3 files involved → balanced · [^\n]*$/, 'the answer routed on three attached files');
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'docstrings are fast work, but three files involved are at least balanced (the routing guide)');
    assert.match(answer, /balanced · (?:[^·\n]+ · )*scope:files/);
    const prompt = JSON.stringify(env.fake.requests[0].body['messages']);
    for (const name of ['table', 'chart', 'export']) {
      assert.match(prompt, new RegExp(`filePath=\\\\"src/report/${name}\\.ts\\\\"`), `src/report/${name}.ts is not attached to the prompt`);
      assert.match(prompt, new RegExp(`export function ${name}\\(\\)`), `the text of src/report/${name}.ts is not in the prompt`);
    }
  });

  it('sends the active editor’s file with a question that attaches nothing, as VS Code’s implicit context', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const greet = vscode.Uri.joinPath(root, 'src', 'greet.ts');
    // Earlier suites edit greet.ts (Implement the Plan rewrites it): the prompt must hold its text as it is now.
    const shown = await vscode.window.showTextDocument(greet, { selection: new vscode.Range(0, 0, 0, 0) });
    const firstCodeLine = shown.document.getText().split('\n').find((line) => /\bgreet\b/.test(line)) ?? '';
    assert.notEqual(firstCodeLine, '', 'greet.ts has a line that names greet');
    env.fake.enqueue(ok({ text: ['It greets by name.'], usage: { inputTokens: 300, outputTokens: 20 } }));
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@router what does this file do?', modelSelector: { vendor: 'model-router', id: 'auto' } });
    await answersInChatView(1, /It greets by name\./, 'the answer about the open file');
    const prompt = JSON.stringify(env.fake.requests[0].body['messages']);
    assert.match(prompt, /filePath=\\"src\/greet\.ts(:\d+-\d+)?\\"/, `the open file is not attached: ${prompt.slice(0, 400)}`);
    assert.ok(prompt.includes(JSON.stringify(firstCodeLine).slice(1, -1)), `the open file’s text (${firstCodeLine}) is not in the prompt: ${prompt.slice(0, 600)}`);
    assert.match(await ui.text(ANSWERS), /About the open file src\/greet\.ts/, 'the answer says which file it is about');

    // A secret file open in the editor stays out, as an attached one does.
    await vscode.window.showTextDocument(vscode.Uri.joinPath(root, '.env'));
    env.fake.enqueue(ok({ text: ['No file to read.'], usage: { inputTokens: 100, outputTokens: 10 } }));
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@router what does this file do?', modelSelector: { vendor: 'model-router', id: 'auto' } });
    const [leftOut] = await answersInChatView(1, /No file to read\./, 'the answer with the open .env left out');
    assert.doesNotMatch(JSON.stringify(env.fake.requests[1].body), /sk-ant-fixture|APP_MODE/, 'the .env’s text reached the API');
    assert.match(leftOut, /\.env/, `the answer says the .env was left out: ${leftOut}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
