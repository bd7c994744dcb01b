import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { interrupted, ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };

async function send(text: string): Promise<void> {
  await ui.fill('.input', text, view);
  await ui.press('Enter', { selector: '.input', ...view });
}

async function lastAnswer(): Promise<string> {
  const answers = await ui.texts('.message.assistant', view);
  return answers[answers.length - 1] ?? '';
}

describe('the chat panel', () => {
  const env = withFakeApi();

  before(async () => {
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', view);
    await vscode.commands.executeCommand('modelRouter.newChat');
  });

  it('estimates before sending, streams the answer, and shows the model the API received and the cost', async () => {
    await ui.fill('.input', 'write tests for the date parser', view);
    await ui.type(' ', { selector: '.input', ...view });
    const estimate = await eventually(async () => {
      const text = await ui.text('.estimate', view);
      return text.startsWith('→') && text;
    }, { what: 'the pre-send estimate' });
    assert.match(estimate, /^→ Sonnet 5\.5 · balanced · est\. \$0\.\d+$/);

    env.fake.enqueue(ok({ text: ['Here are ', 'the **tests**:\n\n', '```ts\nit("parses", () => {});\n```'], usage: { inputTokens: 1000, outputTokens: 500 }, deltaDelayMs: 30 }));
    await ui.press('Enter', { selector: '.input', ...view });
    const footer = await eventually(async () => (await ui.texts('.message.assistant .footer-line', view))[0], { what: 'the answer footer' });
    assert.equal(env.fake.requests[0].model, 'claude-sonnet-5-5');
    assert.match(footer, /claude-sonnet-5-5 · balanced · medium effort · taskKind:tests · 1k in · 500 out · \$0\.0070/);
    assert.equal(await ui.text('.message.assistant strong', view), 'tests');
    assert.equal(await ui.text('.message.assistant pre code', view), 'it("parses", () => {});');
    const reasons = await ui.attribute('.message.assistant .rule', 'title', view);
    assert.match(reasons ?? '', /Tests \(.+\) → balanced/);
    await ui.screenshot('chat-answer');
  });

  it('records feedback on the answer in the ledger', async () => {
    await ui.click('.message.assistant .feedback:has-text("Could have been cheaper")', view);
    await eventually(() => env.api.ledger.snapshot().allTime.feedback.cheaper === 1, { what: 'the feedback in the ledger' });
    // The ledger is written first; the button shows it pressed once the panel has its reply.
    await eventually(async () => (await ui.attribute('.feedback:has-text("Could have been cheaper")', 'aria-pressed', view)) === 'true', { what: 'the feedback button to show it is pressed' });
  });

  it('Stop aborts the request at the API and keeps what arrived', async () => {
    env.fake.enqueue(ok({ text: Array.from({ length: 60 }, (_, i) => `word${i} `), deltaDelayMs: 80 }));
    await send('explain the event loop');
    await eventually(async () => (await lastAnswer()).includes('word2'), { what: 'the answer to start streaming' });
    await ui.click('.send.stop', view);
    const request = (await env.fake.waitForRequests(1))[0];
    await eventually(() => request.closedAt !== undefined, { what: 'the fake to see the socket close' });
    assert.equal(request.completed, false, 'the stream must be cut before it finished');
    const answer = await eventually(async () => {
      const text = await lastAnswer();
      return text.includes('Stopped') && text;
    }, { what: 'the stopped answer' });
    assert.match(answer, /word0 word1 word2/);
    assert.ok(!answer.includes('word59'));
  });

  it('keeps the partial answer of a 529 mid-stream with Retry, and Retry answers', async () => {
    env.fake.enqueue(interrupted('error', 2, { text: ['The first part. ', 'The second part. ', 'Never sent.'] }), ok({ text: ['A complete answer.'] }));
    await send('summarize this file');
    const failed = await eventually(async () => {
      const text = await lastAnswer();
      return /overloaded/i.test(text) && text;
    }, { what: 'the error under the partial answer' });
    assert.match(failed, /The first part\. The second part\./);
    await ui.click('.message.assistant .error button:has-text("Retry")', view);
    await eventually(async () => (await lastAnswer()).includes('A complete answer.'), { what: 'the retried answer' });
    assert.equal(env.fake.requests.length, 2);
  });

  it('renders HTML in an answer as inert text', async () => {
    env.fake.enqueue(ok({ text: ['Look: <img src=x onerror="document.body.dataset.pwned=1">', '\n\n<script>document.body.dataset.pwned=2</script>\n\n[x](javascript:alert(1))'] }));
    await send('explain this snippet');
    await eventually(async () => (await lastAnswer()).includes('<script>'), { what: 'the answer with raw HTML' });
    assert.equal(await ui.count('.message.assistant img, .message.assistant script', view), 0, 'no element may come from model output');
    assert.equal(await ui.count('.message.assistant a[href^="javascript"]', view), 0);
    assert.equal(await ui.evaluate<string | null>('document.body.dataset.pwned ?? null', view), null, 'nothing from the answer may run');
    assert.match(await lastAnswer(), /<img src=x onerror=/);
  });

  it('moves up when a message needs it, goes back down for a new cheaper task when that is cheaper, and shows each change', async () => {
    await vscode.commands.executeCommand('modelRouter.newChat');
    env.fake.enqueue(ok({ text: ['Balanced answer.'] }), ok({ text: ['Frontier answer.'] }), ok({ text: ['A summary.'] }));
    await send('write tests for the tokenizer');
    await eventually(async () => (await lastAnswer()).includes('Balanced answer.'), { what: 'the first answer' });
    await send('design the architecture for the ingestion pipeline: services, queues and storage');
    await eventually(async () => (await lastAnswer()).includes('Frontier answer.'), { what: 'the second answer' });
    await send('summarize this thread in three bullet points');
    await eventually(async () => (await lastAnswer()).includes('A summary.'), { what: 'the third answer' });
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5'], 'a new, cheaper task goes back down');
    const notices = await ui.texts('.message.notice', view);
    assert.equal(notices.length, 2, `two tier changes, each shown once: ${JSON.stringify(notices)}`);
    assert.match(notices[0], /^↑ Model Router: balanced → frontier \(/, "the tier change is worded as in VS Code's Chat");
    assert.match(notices[1], /^↓ Model Router: frontier → fast \(Back to fast for this summary: \$[\d.]+ with the history re-read, against \$[\d.]+ on frontier\)/);
    const system = env.fake.requests[2].body.system as Array<{ cache_control?: unknown }>;
    assert.deepEqual(system[0].cache_control, { type: 'ephemeral', ttl: '5m' }, 'the stable prefix is marked for caching');
  });

  it('attaches the active file and selection as removable chips', async () => {
    const [file] = await vscode.workspace.findFiles('src/greet.ts');
    const editor = await vscode.window.showTextDocument(file, { preserveFocus: false });
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await eventually(async () => (await ui.texts('.chip', view)).length === 2, { what: 'the file and selection chips' });
    await ui.click('.chip.file .chip-remove', view);
    env.fake.enqueue(ok({ text: ['It greets.'] }));
    await send('explain the selection');
    await eventually(async () => (await lastAnswer()).includes('It greets.'), { what: 'the answer' });
    const question = JSON.stringify(env.fake.requests[0].body.messages);
    assert.match(question, /selection in src\/greet\.ts:1-2/, 'the selection is sent');
    assert.doesNotMatch(question, /label=\\"file src\/greet\.ts/, 'the removed file chip is not sent');
    await ui.screenshot('chat-chips');
  });

  it('rejects and logs a malformed message from the webview', async () => {
    const before = env.api.chat.rejectedCount;
    await env.api.chat.receive({ type: 'send', text: 42, tier: 'auto', chips: [] });
    await env.api.chat.receive({ type: 'launchMissiles' });
    assert.equal(env.api.chat.rejectedCount, before + 2);
    assert.match(env.api.chat.rejectedMessages[env.api.chat.rejectedMessages.length - 2], /^text: /);
    assert.ok(env.api.log.lines().some((line) => line.includes('chat: rejected a malformed message from the webview (text:')));
    assert.equal(env.fake.requests.length, 0);
  });

  it('keeps the history across a reload', async () => {
    const conversation = env.api.chat.controller.current.id;
    await ui.evaluate("document.body.dataset.beforeReload = 'yes'", view);
    env.api.chat.reloadFromStorage();
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await eventually(
      async () =>
        (await ui.evaluate<string | null>('document.body.dataset.beforeReload ?? null', view)) === null &&
        (await ui.texts('.message.user', view)).some((t) => t.includes('explain the selection')),
      { what: 'the last conversation in the reloaded page' },
    );
    assert.equal(env.api.chat.controller.current.id, conversation);
    assert.ok((await ui.texts('.message.assistant', view)).some((t) => t.includes('It greets.')), 'answers survive too');
    const titles = await ui.texts('.conversations option', view);
    assert.ok(titles.some((t) => t.startsWith('write tests for the date parser')), `earlier conversations are listed: ${JSON.stringify(titles)}`);
  });
});
