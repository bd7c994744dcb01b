// A 20 MB file and a binary file open while completions and chat run: what is sent is cut to
// budget, binary content is never sent as text, nothing hangs, and the user is told what was left out.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_CONFIG } from '../../../src/core/settings/config';
import { DEFAULT_CHAT_CONTEXT_CHARS } from '../../../src/core/prompts/chatPrompt';
import { ok } from '../../fakes/fakeAnthropic';
import type { RecordedRequest } from '../../fakes/fakeAnthropic';
import { closeAll, quietEditor, sleep } from '../completions/editing';
import { eventually } from '../support/eventually';
import { log } from '../support/log';
import { resetSettings, withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };
const HUGE = 'src/huge.ts';
/** Under the 10,240 KB ceiling of completions.maxFileSizeKb: the largest file a user can make eligible. */
const LARGE = 'src/large.ts';
const LARGE_MB = 9;
const BINARY = 'src/bundle.js';
/** The system prompt, the instructions and JSON around the text; generous so only the text counts. */
const ENVELOPE_CHARS = 12_000;
/** How long a completion or an answer may take here, the fake answering at once. */
const BOUND_MS = 15_000;

function hugeText(megabytes = 20): { text: string; lines: number } {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const line = `export const value${i} = computeSomething(${i}, 'padding to make each line about eighty chars');`;
    lines.push(line);
    size += line.length + 1;
  }
  return { text: lines.join('\n'), lines: lines.length };
}

/** A "JavaScript" file that is binary: NUL bytes early on, as a compiled or corrupted file has. */
function binaryBytes(): Uint8Array {
  const bytes = new Uint8Array(64 * 1024);
  let state = 7;
  for (let i = 0; i < bytes.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = i % 7 === 0 ? 0 : state >>> 24;
  }
  bytes.set(new TextEncoder().encode('BINARY-MARKER-TEXT'), 100);
  return bytes;
}

const bodySize = (request: RecordedRequest) => JSON.stringify(request.body).length;

describe('a 20 MB file and a binary file during completion and chat', () => {
  const env = withFakeApi();
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  let lines = 0;
  let largeLines = 0;

  before(async function () {
    this.timeout(60_000);
    const huge = hugeText();
    lines = huge.lines;
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), HUGE), new TextEncoder().encode(huge.text));
    const large = hugeText(LARGE_MB);
    largeLines = large.lines;
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), LARGE), new TextEncoder().encode(large.text));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), BINARY), binaryBytes());
    await quietEditor(true);
  });
  after(async () => {
    await closeAll();
    await quietEditor(false);
    await resetSettings(['completions.maxFileSizeKb']);
    for (const name of [HUGE, LARGE, BINARY]) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), name)).then(undefined, () => undefined);
  });

  async function openHuge(line: number, path = HUGE): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), path), { preview: false });
    const position = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('computeSomething'));
    editor.selection = new vscode.Selection(position, position);
    return editor;
  }

  /** Opens the binary file the way a user must: VS Code refuses it as text until "Open Anyway" → Text Editor. */
  async function openBinary(): Promise<vscode.TextEditor> {
    await closeAll();
    const uri = vscode.Uri.joinPath(folder(), BINARY);
    await vscode.commands.executeCommand('vscode.open', uri);
    const opened = () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor;
    await ui.click('.monaco-button:has-text("Open Anyway")');
    // VS Code then asks which editor; the built-in text editor is the first choice.
    await ui.waitFor('.quick-input-widget .quick-input-list-entry:has-text("Text Editor")');
    await ui.press('Enter');
    return eventually(opened, { what: 'the binary file open as text' });
  }

  it('completions skip the 20 MB file by default, with the reason in the log, and send nothing', async function () {
    this.timeout(60_000);
    await openHuge(Math.floor(lines / 2));
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await eventually(() => env.api.log.lines().some((line) => line.includes(`completions skip ${HUGE}: the file is larger than 1024 KB (modelRouter.completions.maxFileSizeKb)`)), {
      what: 'the log line saying why the big file gets no completions',
    });
    await sleep(1000);
    assert.equal(env.fake.requests.length, 0, 'no completion request for a file over the size limit');
  });

  it('with the limit raised to its ceiling, a completion in a 9 MB file sends only the text around the cursor, in time', async function () {
    // Opening a 9 MB file in the editor alone takes tens of seconds on a busy 2-core machine.
    this.timeout(150_000);
    await vscode.workspace.getConfiguration('modelRouter').update('completions.maxFileSizeKb', 10_240, vscode.ConfigurationTarget.Global);
    await eventually(() => env.api.settings.config['completions.maxFileSizeKb'] === 10_240, { what: 'the new limit' });
    await openHuge(Math.floor(largeLines / 3), LARGE);
    const started = Date.now();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const [request] = await env.fake.waitForRequests(1, BOUND_MS);
    await eventually(() => request.closedAt !== undefined, { timeoutMs: BOUND_MS, what: 'the completion to finish' });
    const elapsed = request.closedAt! - started;
    const budget = DEFAULT_CONFIG['completions.prefixChars'] + DEFAULT_CONFIG['completions.suffixChars'];
    log(`${LARGE_MB} MB file, completion: request body ${bodySize(request)} chars (budget ${budget} + envelope), done in ${elapsed} ms`);
    assert.ok(bodySize(request) <= budget + ENVELOPE_CHARS, `the request carried ${bodySize(request)} chars of a ${LARGE_MB} MB file`);
    assert.ok(request.completed, 'the completion finished');
    assert.ok(elapsed < BOUND_MS, `the completion took ${elapsed} ms`);
  });

  it('a limit above the ceiling is refused with a message, and the 20 MB file still gets no completions', async function () {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration('modelRouter').update('completions.maxFileSizeKb', 40_000, vscode.ConfigurationTarget.Global);
    await eventually(() => env.api.settings.config['completions.maxFileSizeKb'] !== 10_240, { what: 'the new value to be read' });
    assert.equal(env.api.settings.config['completions.maxFileSizeKb'], DEFAULT_CONFIG['completions.maxFileSizeKb'], 'a value over the ceiling falls back to the default');
    const refusal = await eventually(() => env.api.log.lines().find((line) => line.includes('maxFileSizeKb') && /at most/.test(line)), { what: 'the message naming the setting and its ceiling' });
    assert.match(refusal, /10,?240/, `the message names the ceiling: ${refusal}`);
    const before = env.fake.requests.length;
    await openHuge(Math.floor(lines / 2));
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await sleep(1500);
    assert.equal(env.fake.requests.length, before, 'no completion request for the 20 MB file');
  });

  it('completions skip a binary file, with the reason in the log, and send nothing', async function () {
    this.timeout(60_000);
    const editor = await openBinary();
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await eventually(() => env.api.log.lines().some((line) => line.includes(`completions skip ${BINARY}: the file looks binary`)), {
      what: 'the log line saying the binary file gets no completions',
    });
    await sleep(1000);
    assert.equal(env.fake.requests.length, 0, 'no completion request for a binary file');
  });

  async function askAbout(question: string, answer: string): Promise<{ request: RecordedRequest; elapsed: number }> {
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await vscode.commands.executeCommand('modelRouter.newChat');
    await eventually(async () => (await ui.texts('.chip.file', view)).length === 1, { what: 'the file chip' });
    env.fake.enqueue(ok({ text: [answer] }));
    const started = Date.now();
    await ui.fill('.input', question, view);
    await ui.press('Enter', { selector: '.input', ...view });
    await eventually(async () => (await ui.texts('.message.assistant', view)).some((text) => text.includes(answer)), { timeoutMs: BOUND_MS, what: 'the answer' });
    return { request: env.fake.requests[env.fake.requests.length - 1], elapsed: Date.now() - started };
  }

  it('chat with the 20 MB file attached sends a bounded request, says what was left out, and answers in time', async function () {
    this.timeout(60_000);
    await openHuge(10);
    const { request, elapsed } = await askAbout('what does this file do?', 'It defines values.');
    log(`20 MB file, chat: request body ${bodySize(request)} chars (budget ${DEFAULT_CHAT_CONTEXT_CHARS} + envelope), answered in ${elapsed} ms`);
    assert.ok(bodySize(request) <= DEFAULT_CHAT_CONTEXT_CHARS + ENVELOPE_CHARS, `the request carried ${bodySize(request)} chars`);
    const sent = JSON.stringify(request.body.messages);
    assert.match(sent, /export const value0 = /, 'the head of the file is sent');
    assert.ok(sent.includes(`export const value${lines - 1} = `), 'the tail of the file is sent');
    assert.equal(request.model, 'claude-sonnet-5-5', 'routing sees the context that is sent, not 20 MB of it');
    const notices = await ui.texts('.message.notice', view);
    assert.ok(
      notices.some((text) => new RegExp(`Context sent in part: file ${HUGE}: [\\d,]+ lines in the middle left out to fit the context budget`).test(text)),
      `the thread must say what was left out: ${JSON.stringify(notices)}`,
    );
    assert.ok(elapsed < BOUND_MS, `the answer took ${elapsed} ms`);
  });

  it('chat with the binary file attached sends none of it as text, and says so', async function () {
    this.timeout(60_000);
    await openBinary();
    const { request, elapsed } = await askAbout('what is in this file?', 'A binary file.');
    const sent = JSON.stringify(request.body.messages);
    assert.ok(!sent.includes('BINARY-MARKER-TEXT') && !sent.includes('\\u0000'), 'no binary content is sent as text');
    assert.match(sent, /\[binary content left out\]/, 'the model is told the file is binary');
    const notices = await ui.texts('.message.notice', view);
    assert.ok(notices.some((text) => text.includes(`file ${BINARY}: binary content left out`)), `the thread must say so: ${JSON.stringify(notices)}`);
    assert.ok(elapsed < BOUND_MS, `the answer took ${elapsed} ms`);
    await ui.screenshot('chat-binary-file');
  });
});
