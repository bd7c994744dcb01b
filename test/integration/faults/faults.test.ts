// Faults of the API, in the real VS Code against the loopback fake with the real SDK: a refused
// key, a rate limit asking for an hour, a 500, an overloaded model, a stall after the headers, a
// connection cut mid-stream and an event that is not JSON. For each, in the chat view and in an
// agent command (Write Tests for This File): the exact message the user reads, the part of the answer that
// arrived is kept, the ledger holds the usage the fake sent before failing, and no error escaped
// into the extension host's logs. Inline completions fail quietly and back off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SpendRecord } from '../../../src/core/spend/spendRecord';
import type { FakeAnthropic, Scenario } from '../../fakes/fakeAnthropic';
import { interrupted, ok, overloaded, rateLimited, serverError } from '../../fakes/fakeAnthropic';
import { clickDiffBar, clickNotificationButton, closeEverything, waitForOutcome, ledgerRequests, newLedgerRequests, notificationButton, openFile, waitForNotification } from '../agent/agentSupport';
import { closeAll, openAt, quietEditor, sleep, typeKeys } from '../completions/editing';
import { eventually } from '../support/eventually';
import { hostErrorsSince, markHostErrors } from '../support/hostErrors';
import type { HostErrorMark } from '../support/hostErrors';
import { resetSettings, setKeyThroughUi, withFakeApi } from '../support/router';
import { selectors, ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };
/** A key the fake refuses; distinctive, so the secrets scan at the end of the suite can find it. */
const WRONG_KEY = 'sk-ant-wrong-Pf3Gv7Bn1Mx5Ks9D-faultsTest';
const PIECES = ['First part. ', 'Second part. ', 'Never sent.'];
const PARTIAL = 'First part. Second part. ';
/** Input tokens the fake reports in message_start, before it fails: the ledger must keep them. */
const INPUT_TOKENS = 1234;
const IDLE_SECONDS = 5;

interface Fault {
  readonly name: string;
  readonly scenarios: () => Scenario[];
  /** The message on the balanced model (claude-sonnet-5-5), exactly or as a pattern when it quotes the transport. */
  readonly message: string | RegExp;
  readonly errorKind: string;
  /** Whether part of the answer arrived before the failure (and with it the usage). */
  readonly midStream: boolean;
}

const streamed = (how: 'stall' | 'disconnect' | 'malformed') => (): Scenario[] => [interrupted(how, 2, { text: PIECES, usage: { inputTokens: INPUT_TOKENS }, deltaDelayMs: 20 })];

const FAULTS: readonly Fault[] = [
  {
    name: '429 asking to wait an hour',
    scenarios: () => [rateLimited(3600)],
    message: 'Rate limited on claude-sonnet-5-5. The API asked to wait 1 h. Retry later, or choose another tier.',
    errorKind: 'rateLimit',
    midStream: false,
  },
  {
    name: '500',
    // The SDK retries a 500 twice before giving up.
    scenarios: () => [serverError(), serverError(), serverError()],
    message: 'The API failed with a server error (Internal server error). Retry in a moment.',
    errorKind: 'server',
    midStream: false,
  },
  {
    name: 'stall after the headers',
    scenarios: streamed('stall'),
    message: `claude-sonnet-5-5 stopped answering (the stream stalled: nothing arrived for ${IDLE_SECONDS} s, so the request was stopped). What arrived is kept; retry to continue.`,
    errorKind: 'timeout',
    midStream: true,
  },
  {
    name: 'disconnect mid-stream',
    scenarios: streamed('disconnect'),
    message: /^The connection broke while claude-sonnet-5-5 was answering \([^)]+\)\. What arrived is kept; retry to continue\.$/,
    errorKind: 'network',
    midStream: true,
  },
  {
    name: 'malformed SSE',
    scenarios: streamed('malformed'),
    message: /^The answer from claude-sonnet-5-5 broke off \(the API sent an event that is not valid JSON: .+\)\. What arrived is kept; retry to continue\.$/,
    errorKind: 'server',
    midStream: true,
  },
];

function assertMessage(actual: string, expected: string | RegExp): void {
  if (typeof expected === 'string') assert.equal(actual, expected);
  else assert.match(actual, expected);
}

/** The ledger kept what the failed request used: the input tokens from message_start, and output for what streamed. */
function assertLedger(records: readonly SpendRecord[], fault: Fault, surface: string): void {
  assert.equal(records.length, 1, `one request in the ledger: ${JSON.stringify(records)}`);
  const [record] = records;
  assert.equal(record.surface, surface);
  assert.equal(record.model, 'claude-sonnet-5-5');
  assert.equal(record.outcome, 'error');
  assert.equal(record.errorKind, fault.errorKind);
  if (fault.midStream) {
    assert.equal(record.usage.inputTokens, INPUT_TOKENS, 'the input the fake reported before failing is billed');
    assert.ok(record.usage.outputTokens >= Math.ceil(PARTIAL.length / 3.5), `the output that streamed is counted: ${record.usage.outputTokens}`);
    assert.ok((record.costMicros ?? 0) > 0, 'a broken stream still costs');
  } else {
    assert.equal(record.usage.inputTokens + record.usage.outputTokens, 0, 'nothing was billed for a request the API refused');
  }
}

async function assertNothingEscaped(mark: HostErrorMark): Promise<void> {
  assert.deepEqual(await hostErrorsSince(mark), [], 'an error escaped into the extension host');
}

function assertNoKey(text: string, fake: FakeAnthropic): void {
  for (const key of [WRONG_KEY, fake.apiKey]) assert.ok(!text.includes(key) && !text.includes(key.slice(7)), 'an API key is shown to the user');
}

describe('faults of the API', function () {
  this.timeout(60_000);
  const env = withFakeApi();
  /** What a 401 from the fake says: it is at api.baseUrl, so it is named as the gateway that refused the Anthropic key. */
  const refusedThroughBaseUrl = () =>
    `The gateway at ${env.fake.url} (modelRouter.api.baseUrl) refused your Anthropic API key (invalid x-api-key). If the gateway gives out keys of its own, set yours with “Model Router: Set Gateway Key”; otherwise set a valid Anthropic API key.`;

  /** A 401 test that failed half-way leaves the wrong key behind; the tests after it need the right one. */
  async function restoreKeyAfterFailure(this: Mocha.Context): Promise<void> {
    if (this.currentTest?.title.startsWith('401') && this.currentTest.state !== 'passed') await setKeyThroughUi(env.fake.apiKey);
  }

  before(async () => {
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('api.idleTimeoutSeconds', IDLE_SECONDS, vscode.ConfigurationTarget.Global);
    await section.update('completions.enabled', false, vscode.ConfigurationTarget.Global);
  });
  after(() => resetSettings(['api.idleTimeoutSeconds', 'completions.enabled']));

  it('the escaped-error check sees an unhandled rejection and a listener that throws', async () => {
    // Proves the check used below can fail: both are planted here, on purpose.
    const mark = markHostErrors(env.api.logFolder);
    void Promise.reject(new Error('planted by the faults suite to prove the escaped-error check works'));
    const listener = vscode.workspace.onDidChangeConfiguration(() => {
      throw new Error('planted listener failure (faults suite self-test)');
    });
    await vscode.workspace.getConfiguration('modelRouter').update('completions.debounceMs', 80, vscode.ConfigurationTarget.Global);
    listener.dispose();
    await resetSettings(['completions.debounceMs']);
    const escaped = await hostErrorsSince(mark);
    assert.ok(escaped.some((line) => line.includes('unhandled rejection') && line.includes('planted by the faults suite')), `the rejection was not seen: ${JSON.stringify(escaped)}`);
    assert.ok(escaped.some((line) => line.includes('planted listener failure')), `the throwing listener was not seen: ${JSON.stringify(escaped)}`);
  });

  describe('in the chat view', () => {
    before(async () => {
      await vscode.commands.executeCommand('modelRouter.chat.focus');
      await ui.waitFor('.composer .input', view);
    });
    beforeEach(async () => {
      await vscode.commands.executeCommand('modelRouter.newChat');
      // The view renders the new conversation a moment later: until then the last test's answers
      // (and their footers) are still on screen, and a test reading the first footer would read theirs.
      await eventually(async () => (await ui.count('.message', view)) === 0, { what: 'the new chat to show no messages' });
    });
    afterEach(restoreKeyAfterFailure);

    async function send(text: string): Promise<void> {
      await ui.fill('.input', text, view);
      await ui.press('Enter', { selector: '.input', ...view });
    }

    const errorShown = () =>
      eventually(async () => (await ui.texts('.message.assistant .error span', view))[0], { what: 'the error under the answer', timeoutMs: 20_000 });

    /** The assistant turn as the conversation store keeps it (what a reload shows). */
    const storedAnswer = () => env.api.chat.controller.current.messages.filter((m) => m.role === 'assistant').at(-1);

    it('401: names the refused key and the fix; Set API Key in the message fixes it; the key is never shown', async () => {
      const mark = markHostErrors(env.api.logFolder);
      const before = ledgerRequests(env.api).length;
      await setKeyThroughUi(WRONG_KEY);
      await send('explain the event loop in node');
      const message = await errorShown();
      // The fake sits at api.baseUrl, which is where a gateway goes: the words name it, and both keys.
      assert.equal(message, refusedThroughBaseUrl());
      assert.equal(env.fake.requests.length, 1, 'a 401 is not retried');
      assert.equal(env.fake.requests[0].authorized, false);
      assertNoKey(await ui.text('body', view), env.fake);
      const records = newLedgerRequests(env.api, before);
      assert.deepEqual(records.map((r) => [r.outcome, r.errorKind, r.usage.inputTokens]), [['error', 'auth', 0]]);

      // The fix is one click away: the message's Set API Key opens the input box.
      const setting = ui.click('.message.assistant .error button:has-text("Set API Key")', view);
      await ui.waitFor('.quick-input-widget input');
      await ui.type(env.fake.apiKey, { selector: '.quick-input-widget input' });
      await ui.press('Enter');
      await setting;
      env.fake.enqueue(ok({ text: ['Now it answers.'] }));
      await send('explain the event loop in node');
      await eventually(async () => (await ui.texts('.message.assistant', view)).at(-1)?.includes('Now it answers.'), { what: 'the answer with the right key' });
      assert.equal(env.fake.requests.at(-1)?.authorized, true);
      await assertNothingEscaped(mark);
    });

    for (const fault of FAULTS) {
      it(`${fault.name}: ${fault.midStream ? 'keeps what arrived, ' : ''}says what happened, records the usage`, async () => {
        const mark = markHostErrors(env.api.logFolder);
        const before = ledgerRequests(env.api).length;
        env.fake.enqueue(...fault.scenarios());
        const started = Date.now();
        await send('explain the event loop in node');
        const message = await errorShown();
        const elapsed = Date.now() - started;
        assertMessage(message, fault.message);
        assert.ok(env.fake.requests.every((r) => r.model === 'claude-sonnet-5-5'), 'explanations go to balanced');
        if (fault.errorKind === 'rateLimit') {
          assert.equal(env.fake.requests.length, 1, 'a retry-after beyond the cap is not waited for or retried');
          assert.ok(elapsed < 10_000, `the user waited ${elapsed} ms for a rate limit that asked for an hour`);
        }
        const answer = (await ui.texts('.message.assistant', view)).at(-1) ?? '';
        const stored = storedAnswer();
        assert.equal(stored?.status, 'error');
        if (fault.midStream) {
          assert.ok(answer.startsWith(PARTIAL.trim()), `the streamed part stays on screen: ${answer}`);
          assert.ok(!answer.includes('Never sent.'));
          assert.equal(stored?.text, PARTIAL, 'the streamed part is kept in the conversation');
          const request = env.fake.requests[0];
          await eventually(() => request.closedAt !== undefined, { what: 'the fake to see the connection closed' });
          // A malformed event is the fake's last word; a stall or a cut never finishes its response.
          if (fault.errorKind !== 'server') assert.equal(request.completed, false, 'the response was cut, not finished');
        }
        assert.ok((await ui.count('.message.assistant .error button:has-text("Retry")', view)) === 1, 'the message offers Retry');
        assertLedger(newLedgerRequests(env.api, before), fault, 'chat');
        await assertNothingEscaped(mark);
      });
    }

    it('529 on frontier: the answer comes from balanced, with a notice and a footer that say why', async () => {
      const mark = markHostErrors(env.api.logFolder);
      const before = ledgerRequests(env.api).length;
      // Opus is overloaded on every attempt the SDK makes; Sonnet answers.
      env.fake.enqueueFor('claude-opus-5-5', overloaded(), overloaded(), overloaded());
      env.fake.enqueueFor('claude-sonnet-5-5', ok({ text: ['A balanced ', 'design.'], usage: { inputTokens: 800, outputTokens: 60 } }));
      await send('design the architecture for the ingestion pipeline');
      const footer = await eventually(async () => (await ui.texts('.message.assistant .footer-line', view))[0], { what: 'the answer footer', timeoutMs: 20_000 });
      assert.match(footer, /^claude-sonnet-5-5 · balanced · medium effort(?: · thinking)? · fallback:overloaded · 800 in · 60 out · \$/);
      const notices = await ui.texts('.message.notice', view);
      assert.deepEqual(notices, ['claude-opus-5-5 (frontier) is overloaded, so this answer comes from claude-sonnet-5-5 (balanced), one tier lower.']);
      assert.match((await ui.texts('.message.assistant', view)).at(-1) ?? '', /A balanced design\./);
      const why = await ui.attribute('.message.assistant .rule', 'title', view);
      assert.match(why ?? '', /claude-opus-5-5 was overloaded → fell back to balanced/);
      assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-opus-5-5', 'claude-opus-5-5', 'claude-sonnet-5-5']);
      const records = newLedgerRequests(env.api, before);
      // The first attempt was routed to frontier by its task kind (a design kind: which one is the
      // classifier's business, bench:routing's to judge), the second is the fallback.
      assert.deepEqual(records.map((r) => [r.model, r.tier, r.outcome, r.errorKind ?? '', r.rule.startsWith('taskKind:') ? 'taskKind' : r.rule]), [
        ['claude-opus-5-5', 'frontier', 'error', 'overloaded', 'taskKind'],
        ['claude-sonnet-5-5', 'balanced', 'ok', '', 'fallback:overloaded'],
      ]);
      assert.equal(records[1].usage.inputTokens, 800);
      assert.equal(env.api.chat.controller.current.tier, 'frontier', 'the conversation stays on frontier; only this answer fell back');
      await assertNothingEscaped(mark);
    });
  });

  describe('in an agent command (Write Tests for This File, Security Review)', () => {
    const SOURCE = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n}\n';
    const testFile = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src/faultTotal.test.ts');
    const testFileExists = () => vscode.workspace.fs.stat(testFile()).then(() => true, () => false);
    // Tests that type-check in the fixture (it has no test framework's typings), so the diagnostics gate accepts them.
    const TESTS = '```ts\nimport { total } from "./faultTotal";\nif (total([1, 2]) !== 3) throw new Error("1 + 2 is not 3");\n```';
    beforeEach(async () => {
      await closeEverything();
      // The previous fault's message must not be read as this one's: start with an empty center.
      await eventually(
        async () => {
          await vscode.commands.executeCommand('notifications.clearAll');
          return (await ui.count('.notifications-center .notification-list-item-message')) === 0;
        },
        { what: 'the notification center to be empty', timeoutMs: 10_000, intervalMs: 250 },
      );
      await vscode.workspace.fs.delete(testFile()).then(undefined, () => undefined);
      await openFile('src/faultTotal.ts', SOURCE, { from: 0, to: 4 });
    });
    afterEach(closeEverything);
    afterEach(restoreKeyAfterFailure);

    /** The text of Model Router's error notification, without the "Model Router: " it starts with. */
    const errorNotification = () =>
      eventually(
        async () => {
          await vscode.commands.executeCommand('notifications.showList');
          const messages = await ui.texts('.notifications-center .notification-list-item-message');
          // Progress titles and the key's confirmation are Model Router's too; the error is the other one.
          const notError = /^Model Router: (Writing tests for|Security review of|API key saved|Tests written to)/;
          return messages.find((m) => m.startsWith('Model Router: ') && !notError.test(m))?.slice('Model Router: '.length).trim();
        },
        { what: 'the error notification', timeoutMs: 20_000, intervalMs: 250 },
      );

    const partialDocument = () => vscode.workspace.textDocuments.find((d) => d.isUntitled && d.languageId === 'markdown' && d.getText().includes('arrived before it failed'));

    it('401: the notification names the refused key and offers Set API Key, which fixes it', async () => {
      const mark = markHostErrors(env.api.logFolder);
      const before = ledgerRequests(env.api).length;
      await setKeyThroughUi(WRONG_KEY);
      const done = vscode.commands.executeCommand('modelRouter.writeTests');
      assert.equal(await errorNotification(), refusedThroughBaseUrl());
      assertNoKey(await ui.text('.notifications-center'), env.fake);
      await clickNotificationButton('Set API Key');
      await ui.waitFor('.quick-input-widget input');
      await ui.type(env.fake.apiKey, { selector: '.quick-input-widget input' });
      await ui.press('Enter');
      await done;
      assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.surface, r.outcome, r.errorKind]), [['command', 'error', 'auth']]);
      await vscode.commands.executeCommand('notifications.clearAll');
      env.fake.enqueue(ok({ text: [TESTS] }));
      const again = vscode.commands.executeCommand('modelRouter.writeTests');
      await clickDiffBar('Apply');
      await again;
      // Applied as an edit: the new file's text is in its (unsaved) document.
      const written = await vscode.workspace.openTextDocument(testFile());
      assert.match(written.getText(), /^import \{ total \} from "\.\/faultTotal";/, 'with the right key the tests are written');
      await assertNothingEscaped(mark);
    });

    for (const fault of FAULTS) {
      it(`${fault.name}: the notification says what happened${fault.midStream ? ', Show Partial Answer opens what arrived' : ''}, the ledger has the usage`, async () => {
        const mark = markHostErrors(env.api.logFolder);
        const before = ledgerRequests(env.api).length;
        env.fake.enqueue(...fault.scenarios());
        const done = vscode.commands.executeCommand('modelRouter.writeTests');
        const shown = await errorNotification();
        assertMessage(shown, fault.message);
        assertNoKey(await ui.text('.notifications-center'), env.fake);
        // …and where the user is looking: the status bar says the command failed, and why.
        const bar = await waitForOutcome('Writing tests for faultTotal.ts failed');
        assert.ok(bar.includes(shown.slice(0, 40)), `the status bar carries the message: ${bar}`);
        assertNoKey(bar, env.fake);
        assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('proposed (Model Router)'))), 'a failed answer is not offered as an edit');
        if (fault.midStream) {
          await clickNotificationButton('Show Partial Answer');
          const document = await eventually(partialDocument, { what: 'the partial answer document' });
          assert.ok(document.getText().includes(PARTIAL.trim()), document.getText());
          assert.ok(!document.getText().includes('Never sent.'));
        } else {
          assert.equal(await ui.count(notificationButton('Show Partial Answer')), 0, 'nothing arrived, so there is nothing to show');
          await vscode.commands.executeCommand('notifications.clearAll');
        }
        await done;
        await vscode.commands.executeCommand('notifications.clearAll');
        assert.equal(await testFileExists(), false, 'a failed command writes no file');
        assertLedger(newLedgerRequests(env.api, before), fault, 'command');
        await assertNothingEscaped(mark);
      });
    }

    it('529 on balanced: the tests come from fast, and the message says why', async () => {
      const mark = markHostErrors(env.api.logFolder);
      const before = ledgerRequests(env.api).length;
      env.fake.enqueueFor('claude-sonnet-5-5', overloaded(), overloaded(), overloaded());
      env.fake.enqueueFor('claude-haiku-5-5', ok({ text: [TESTS] }));
      const done = vscode.commands.executeCommand('modelRouter.writeTests');
      await clickDiffBar('Apply');
      await done;
      const center = await waitForNotification('Tests written to');
      // The test gate's note (no test task in this workspace) may stand between the file and who wrote it.
      assert.match(center, /Tests written to src\/faultTotal\.test\.ts(?: · tests not run: [^—]+)? — Haiku 5\.5 · fast · fallback:overloaded — <?\$[\d.]+/);
      assert.ok(center.includes('claude-sonnet-5-5 (balanced) is overloaded, so this answer comes from claude-haiku-5-5 (fast), one tier lower.'), center);
      assert.ok(await testFileExists(), 'the fast tier\'s tests are written');
      assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome, r.errorKind ?? '', r.rule]), [
        ['claude-sonnet-5-5', 'error', 'overloaded', 'taskKind:tests'],
        ['claude-haiku-5-5', 'ok', '', 'fallback:overloaded'],
      ]);
      await assertNothingEscaped(mark);
    });

    it('529 on frontier for a security review: no fallback below the floor, and the message says to retry', async () => {
      const mark = markHostErrors(env.api.logFolder);
      const before = ledgerRequests(env.api).length;
      env.fake.enqueueFor('claude-opus-5-5', overloaded(), overloaded(), overloaded());
      const done = vscode.commands.executeCommand('modelRouter.securityReview');
      assert.equal(await errorNotification(), 'claude-opus-5-5 is overloaded right now (Overloaded). Retry, or choose another tier.');
      await vscode.commands.executeCommand('notifications.clearAll');
      await done;
      assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-opus-5-5', 'claude-opus-5-5'], 'security work never goes below frontier');
      assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome, r.errorKind]), [['claude-opus-5-5', 'error', 'overloaded']]);
      assert.ok(env.api.log.lines().some((line) => line.includes('no fallback for the overloaded claude-opus-5-5: sensitive work is never below frontier')));
      await assertNothingEscaped(mark);
    });
  });

  describe("in VS Code's language model API (vscode.lm)", () => {
    /** Reads a response the way a consumer does: text as it arrives, then the error that ended it. */
    async function read(prompt: string): Promise<{ text: string; error?: Error }> {
      const [auto] = await vscode.lm.selectChatModels({ vendor: 'model-router', id: 'auto' });
      assert.ok(auto, 'the Auto model of Model Router');
      let text = '';
      try {
        const response = await auto.sendRequest([vscode.LanguageModelChatMessage.User(prompt)]);
        for await (const piece of response.text) text += piece;
        return { text };
      } catch (error) {
        return { text, error: error as Error };
      }
    }

    it('disconnect mid-stream: the consumer keeps the text that arrived, then gets the message', async () => {
      const mark = markHostErrors(env.api.logFolder);
      const before = ledgerRequests(env.api).length;
      env.fake.enqueue(...streamed('disconnect')());
      const { text, error } = await read('explain the event loop in node');
      assert.equal(text, PARTIAL, 'what streamed before the cut reached the consumer');
      assert.ok(error, 'the response ends with an error, not as if complete');
      assert.match(error.message, /^Model Router: The connection broke while claude-sonnet-5-5 was answering \(.+\)\. What arrived is kept; retry to continue\.$/);
      const records = newLedgerRequests(env.api, before);
      assert.deepEqual(records.map((r) => [r.surface, r.outcome, r.errorKind, r.usage.inputTokens]), [['languageModel', 'error', 'network', INPUT_TOKENS]]);
      await assertNothingEscaped(mark);
    });

    it('529 on frontier: the answer comes from balanced and begins by saying so', async () => {
      const mark = markHostErrors(env.api.logFolder);
      env.fake.enqueueFor('claude-opus-5-5', overloaded(), overloaded(), overloaded());
      env.fake.enqueueFor('claude-sonnet-5-5', ok({ text: ['A balanced design.'] }));
      const { text, error } = await read('design the architecture for the ingestion pipeline');
      assert.equal(error, undefined);
      assert.equal(text, 'claude-opus-5-5 (frontier) is overloaded, so this answer comes from claude-sonnet-5-5 (balanced), one tier lower.\n\nA balanced design.');
      await assertNothingEscaped(mark);
    });
  });

  describe('in inline completions', () => {
    before(async () => {
      await vscode.workspace.getConfiguration('modelRouter').update('completions.enabled', true, vscode.ConfigurationTarget.Global);
      await quietEditor(true);
    });
    after(async () => {
      env.api.completions.clearCache(); // ends the hour-long pause, for the suites after this one
      await closeAll();
      await quietEditor(false);
      await vscode.workspace.getConfiguration('modelRouter').update('completions.enabled', false, vscode.ConfigurationTarget.Global);
    });

    it('a 429 asking for an hour: no popup, one log line, and no request during the pause', async () => {
      const mark = markHostErrors(env.api.logFolder);
      env.api.completions.clearCache();
      await vscode.commands.executeCommand('notifications.clearAll');
      env.fake.enqueue(rateLimited(3600));
      await openAt('src/limits.ts', 'export const retries = |\n');
      await typeKeys('max');
      await env.fake.waitForRequests(1);
      await typeKeys('Count + 1');
      await sleep(1500);
      assert.equal(env.fake.requests.length, 1, 'completions pause after a rate limit instead of asking at every keystroke');
      const ours = /Model Router|rate limit/i;
      assert.deepEqual((await ui.texts(selectors.notifications)).filter((text) => ours.test(text)), [], 'no notification toast');
      await vscode.commands.executeCommand('notifications.showList');
      const center = await ui.text('.notifications-center').catch(() => '');
      await vscode.commands.executeCommand('notifications.hideList');
      assert.doesNotMatch(center, ours, 'nothing in the notification center');
      const logged = env.api.log.lines().filter((line) => line.startsWith('[warn] completion: no suggestion (rateLimit'));
      assert.equal(logged.length, 1, env.api.log.lines().slice(-8).join('\n'));
      assert.match(logged[0], /next request in 60 s at the earliest/);
      await assertNothingEscaped(mark);
    });
  });
});
