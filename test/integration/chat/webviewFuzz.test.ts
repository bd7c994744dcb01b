import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { fromChatSchema } from '../../../src/shared/chatProtocol';
import { fromReportSchema } from '../../../src/shared/reportProtocol';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { ui } from '../support/ui';
import { expand, fuzzMessages, postFromPage } from '../support/webviewFuzz';

const chatView = { webview: 'purpose=webviewView' };
const reportPanel = { webview: '!purpose=webviewView' };
const SEED = 20261122;
const COUNT = 1000;
const LIMITS = { text: 200_000, code: 1_000_000 };
/** Rejections logged one by one per minute, plus the line saying the rest are counted. */
const MAX_LOG_LINES = 11;
/**
 * The most lines `seconds` of rejections may log: each minute's window its burst and notice, and the
 * line summing up the window before. The window is the log's, not the test's: it may have started
 * up to a minute before the first of these messages, so a fast run on a busy machine can still
 * cross into a second one (then 12 lines, not a flood).
 */
const maxLogLines = (seconds: number): number => (Math.floor(seconds / 60) + 2) * (MAX_LOG_LINES + 1);

function rejectionLines(lines: readonly string[], source: string): string[] {
  return lines.filter((line) => line.includes(`${source}: rejected a malformed message`) || line.includes(`${source}: more malformed messages`));
}

describe('1,000 random messages from the webviews', () => {
  const env = withFakeApi();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));

  it('the chat rejects every one without flooding the log, and answers a normal question afterwards', async function () {
    this.timeout(240_000);
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', chatView);
    await vscode.commands.executeCommand('modelRouter.newChat');
    const messages = fuzzMessages(SEED, COUNT, { limits: LIMITS });
    const valid = expand(messages).filter((message) => fromChatSchema.safeParse(message).success);
    assert.deepEqual(valid, [], 'the fuzzer must post only invalid messages');

    const before = env.api.chat.rejectedCount;
    const logBefore = rejectionLines(env.api.log.lines(), 'chat').length;
    const started = Date.now();
    // Posted from inside the page, in batches so one evaluate call stays small.
    for (let i = 0; i < COUNT; i += 100) {
      assert.equal(await ui.evaluate<number>(postFromPage(messages.slice(i, i + 100)), chatView), Math.min(100, COUNT - i));
    }
    await eventually(() => env.api.chat.rejectedCount === before + COUNT, {
      timeoutMs: 120_000,
      what: `all ${COUNT} messages to be rejected (so far ${env.api.chat.rejectedCount - before})`,
    });
    const seconds = (Date.now() - started) / 1000;

    const logged = rejectionLines(env.api.log.lines(), 'chat').length - logBefore;
    assert.ok(logged >= 1 && logged <= maxLogLines(seconds), `expected 1–${maxLogLines(seconds)} log lines for ${COUNT} rejections in ${seconds.toFixed(1)} s, got ${logged}`);
    assert.equal(env.fake.requests.length, 0, 'no malformed message may reach the API');
    assert.deepEqual(unhandled, [], 'no unhandled rejection in the extension host');
    console.log(`[[ext-host]]webview fuzz: ${COUNT} chat messages rejected in ${seconds.toFixed(1)} s, ${logged} log lines`);

    env.fake.enqueue(ok({ text: ['Still here: ', 'the answer.'] }));
    await ui.fill('.input', 'explain what a closure is', chatView);
    await ui.press('Enter', { selector: '.input', ...chatView });
    await eventually(async () => (await ui.texts('.message.assistant', chatView)).some((text) => text.includes('Still here: the answer.')), {
      timeoutMs: 20_000,
      what: 'the answer to a normal question after the fuzzing',
    });
    assert.equal(env.fake.requests.length, 1);
  });

  it('the spend report rejects every one, keeps its page working, and exports nothing', async function () {
    this.timeout(240_000);
    await vscode.commands.executeCommand('modelRouter.spendReport');
    await ui.waitFor('body', reportPanel);
    const messages = fuzzMessages(SEED + 1, COUNT, { limits: LIMITS });
    const expanded = expand(messages);
    const invalid = expanded.filter((message) => !fromReportSchema.safeParse(message).success).length;
    // The report only knows `ready` and `export`; a chat message is as foreign to it as junk.
    assert.equal(invalid, COUNT, 'the fuzzer must post only invalid messages');

    const before = env.api.spendReport.rejectedCount;
    const started = Date.now();
    for (let i = 0; i < COUNT; i += 100) {
      await ui.evaluate<number>(postFromPage(messages.slice(i, i + 100)), reportPanel);
    }
    await eventually(() => env.api.spendReport.rejectedCount === before + COUNT, {
      timeoutMs: 120_000,
      what: `all ${COUNT} messages to be rejected (so far ${env.api.spendReport.rejectedCount - before})`,
    });
    const logged = rejectionLines(env.api.log.lines(), 'spend report').length;
    const seconds = (Date.now() - started) / 1000;
    assert.ok(logged <= maxLogLines(seconds), `expected at most ${maxLogLines(seconds)} log lines in ${seconds.toFixed(1)} s, got ${logged}`);
    assert.deepEqual(unhandled, [], 'no unhandled rejection in the extension host');

    // The page still gets live updates: a recorded request shows up in its totals.
    const requestsBefore = env.api.ledger.snapshot().allTime.requests;
    env.fake.enqueue(ok({ text: ['ok'] }));
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.fill('.input', 'explain the spend report', chatView);
    await ui.press('Enter', { selector: '.input', ...chatView });
    await eventually(() => env.api.ledger.snapshot().allTime.requests === requestsBefore + 1, { what: 'the request in the ledger' });
    env.api.spendReport.current()?.reveal();
    await eventually(async () => (await ui.text('body', reportPanel)).includes(String(requestsBefore + 1)), { what: 'the report to show the new request' });
    env.api.spendReport.current()?.dispose();
  });
});
