// A `.env` with a distinctive fake secret is the active file: the chat with its file chip on, an
// editor-command turn and the agent commands never send its text to the model, and the user sees
// why — the chip is marked, the thread says which pattern of which setting left it out, and an
// agent command refuses naming the setting. One rule (modelRouter.completions.exclude) decides it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { closeEverything, ledgerRequests, openFile, waitForNotification, withAgentEnv } from '../agent/agentSupport';
import { eventually } from '../support/eventually';
import { ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };
/** Made up, and distinctive enough that a hit anywhere in a request body can only be a leak. */
const SECRET = 'sk-fake-7f3a9c-DO-NOT-SEND-42';
const ENV_TEXT = `DATABASE_URL=postgres://app@localhost/app\nDB_PASSWORD=${SECRET}\n`;
const usage = { inputTokens: 400, outputTokens: 50 };

describe('secret files are never sent', () => {
  const env = withAgentEnv();
  const sent = () => env.fake.requests.map((request) => JSON.stringify(request.body)).join('\n');
  afterEach(closeEverything);
  after(async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    for (const path of ['config/.env', 'deploy/.ENV.local']) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, path)).then(undefined, () => undefined);
  });

  it('the chat with config/.env open marks its chip, asks without it, and says why', async function () {
    this.timeout(60_000);
    await openFile('config/.env', ENV_TEXT, { from: 1, to: 1 });
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await vscode.commands.executeCommand('modelRouter.newChat');
    const chip = await eventually(async () => (await ui.texts('.chip.file.left-out', view)).pop(), { what: 'the file chip, marked as left out' });
    assert.match(chip, /config\/\.env — not sent \(secret file\)/);
    assert.equal(await ui.evaluate<string>(`document.querySelector('.chip.file.left-out')?.getAttribute('title')`, view), 'file config/.env left out: it matches **/.env in modelRouter.completions.exclude (secret files are never sent)');
    assert.equal(await ui.count('.chip.selection.left-out', view), 1, 'the selection in it is marked too');
    env.fake.enqueue(ok({ text: ['Use a secrets manager.'], usage }));
    await ui.fill('.input', 'is it safe to keep the password here?', view);
    await ui.press('Enter', { selector: '.input', ...view });
    await eventually(async () => (await ui.texts('.message.assistant', view)).some((text) => text.includes('Use a secrets manager.')), { what: 'the answer' });
    assert.equal(env.fake.requests.length, 1, 'the question itself is still asked');
    assert.match(sent(), /is it safe to keep the password here\?/);
    assert.ok(!sent().includes(SECRET), 'the secret value never reaches the model');
    assert.ok(!sent().includes('DATABASE_URL'), 'no line of the file reaches the model');
    const notices = await ui.texts('.message.notice', view);
    assert.ok(
      notices.includes('Asked without it: file config/.env left out: it matches **/.env in modelRouter.completions.exclude (secret files are never sent).'),
      `the thread must say why the file was left out: ${JSON.stringify(notices)}`,
    );
    await ui.screenshot('chat-secret-file');
  });

  it('agent commands on a secret file refuse, naming the file, the pattern and the setting, and send nothing', async function () {
    this.timeout(60_000);
    // In a subfolder, in capitals: the patterns ignore case.
    await openFile('deploy/.ENV.local', ENV_TEXT, { from: 1, to: 1 });
    const before = ledgerRequests(env.api).length;
    await vscode.commands.executeCommand('modelRouter.securityReview');
    assert.match(
      await waitForNotification('is not sent to a model'),
      /Model Router: deploy\/\.ENV\.local is not sent to a model to review its security: it matches \*\*\/\.env\.\* in modelRouter\.completions\.exclude \(secret files are never sent\)/,
    );
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('modelRouter.explainSelection');
    assert.match(await waitForNotification('to explain its code'), /deploy\/\.ENV\.local is not sent to a model to explain its code/);
    assert.equal(env.fake.requests.length, 0, 'no request was made');
    assert.ok(!sent().includes(SECRET));
    assert.equal(ledgerRequests(env.api).length, before, 'nothing was spent');
  });

  it('an explanation asked before the file became secret is not sent again on Retry', async function () {
    this.timeout(60_000);
    const config = vscode.workspace.getConfiguration('modelRouter');
    await openFile('config/app.conf', `password = ${SECRET}\n`, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['It sets a password.'], usage }));
    await vscode.commands.executeCommand('modelRouter.explainSelection');
    await eventually(async () => (await ui.texts('.message.assistant', view)).some((text) => text.includes('It sets a password.')), { what: 'the first answer' });
    assert.equal(env.fake.requests.length, 1);
    try {
      await config.update('completions.exclude', [...(config.get<string[]>('completions.exclude') ?? []), '**/*.conf'], vscode.ConfigurationTarget.Global);
      await eventually(() => env.api.settings.config['completions.exclude'].includes('**/*.conf'), { what: 'the new pattern' });
      await ui.click('.message.assistant button:has-text("Retry one tier up")', view);
      const notices = await eventually(async () => {
        const texts = await ui.texts('.message.notice', view);
        return texts.some((text) => text.startsWith('Not asked:')) && texts;
      }, { what: 'the notice that the retry was not asked' });
      assert.ok(notices.includes('Not asked: file config/app.conf left out: it matches **/*.conf in modelRouter.completions.exclude (secret files are never sent).'), JSON.stringify(notices));
      assert.equal(env.fake.requests.length, 1, 'the retry sent nothing');
    } finally {
      await config.update('completions.exclude', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'config/app.conf')).then(undefined, () => undefined);
    }
  });
});
