import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { formatUsd } from '../../../src/core/money';
import { resetSettings, routerApi, setKeyThroughUi, STATUS_ITEM } from '../support/router';
import { ui } from '../support/ui';
import { Answers, closeAll, ghostText, openAt, quietEditor, sleep, startAnsweringFake, typeKeys, waitForGhost } from './editing';

describe('inline completions: ghost text, the cache and acceptance', () => {
  let api: ModelRouterApi;
  let fake: FakeAnthropic;
  const answers = new Answers();

  before(async () => {
    api = await routerApi();
    fake = await startAnsweringFake(answers);
    await setKeyThroughUi(fake.apiKey);
    await quietEditor(true);
  });
  after(async () => {
    await closeAll();
    await quietEditor(false);
    await resetSettings(['api.baseUrl']);
    await fake.close();
  });
  /** For a failure message: what the fake saw and how the log ends. */
  const explain = () => `The fake saw ${fake.requests.length} requests; the log ends:\n${api.log.lines().slice(-12).join('\n')}`;

  beforeEach(async () => {
    fake.reset();
    api.completions.clearCache();
    await vscode.commands.executeCommand('modelRouter.resetSession');
  });
  afterEach(closeAll);

  it('shows the fast tier’s answer as ghost text, with its cost in the status bar', async () => {
    // 20,000 input tokens on Haiku 5.5 at $0.10/MTok and 100 output at $0.50/MTok: $0.00205 each.
    for (let i = 0; i < 10; i++) fake.enqueue(ok({ usage: { inputTokens: 20_000, outputTokens: 100 } }));
    answers.set(['return ', 'items.reduce((sum, item) => sum + item.price, 0);']);
    await openAt('src/cart.ts', 'export function total(items: { price: number }[]): number {\n  |\n}\n');
    await typeKeys('return ');
    await waitForGhost('items.reduce((sum, item) => sum + item.price, 0);', explain);
    const last = fake.requests[fake.requests.length - 1];
    assert.ok(fake.requests.length <= 3, `typing one word should send one request, two on a slow day; the fake saw ${fake.requests.length}`);
    assert.equal(last.model, 'claude-haiku-5-5', 'completions go to the fast tier');
    assert.match(JSON.stringify(last.body['messages']), /return <HOLE\/>/, 'the prompt marks the hole at the cursor');
    const screenshot = await ui.screenshot('completion-ghost-text');
    assert.ok(fs.statSync(screenshot).size > 10_000, `screenshot ${screenshot} looks empty`);
    // The session was reset before the test, so its spend is this test's completions.
    const spent = api.ledger.snapshot().session.costMicros;
    assert.ok(spent >= 2_050, `the session should have spent at least $0.00205, it spent ${formatUsd(spent)}`);
    await eventually(async () => (await ui.text(STATUS_ITEM)).includes(formatUsd(spent)) || undefined, { what: `the status bar to show ${formatUsd(spent)}` });
    assert.ok((api.ledger.snapshot().session.byTaskKind.get('completion')?.requests ?? 0) >= 1, 'the request is in the ledger as a completion');
    assert.equal(api.completions.shownIn(vscode.window.activeTextEditor!.document.uri.toString()) !== undefined, true, 'the suggestion counts as shown');
  });

  it('shows a cached suggestion again without a new request when the text before the cursor comes back', async () => {
    answers.set(['=> name', '.trim();'], ['=> names', '.length;']);
    await openAt('src/name.ts', 'export const clean = (name: string) => |\n');
    await typeKeys('name');
    await waitForGhost('.trim();', explain);
    const first = fake.requests.length;
    await typeKeys('s');
    await waitForGhost('.length;', explain);
    assert.equal(fake.requests.length, first + 1, 'a new spot, a new request');
    const hitsBefore = api.completions.stats.cacheHits;
    await ui.press('Backspace');
    await waitForGhost('.trim();', explain);
    await sleep(500); // time enough for a request, had one been sent
    assert.equal(fake.requests.length, first + 1, `the cached answer should need no request; the fake saw ${fake.requests.length - first - 1} more`);
    assert.ok(api.completions.stats.cacheHits > hitsBefore, 'the suggestion should have come from the cache');
  });

  it('records an accepted suggestion in the ledger', async () => {
    answers.set(['return n', ' * 2;']);
    const editor = await openAt('src/double.ts', 'export function double(n: number): number {\n  return |\n}\n');
    await typeKeys('n');
    await waitForGhost('* 2;', explain);
    await ui.press('Tab');
    await eventually(() => editor.document.lineAt(1).text === '  return n * 2;', { what: 'Tab to insert the suggestion' });
    const accepted = await eventually(() => api.ledger.snapshot().session.completionOutcomes.accepted === 1 || undefined, {
      what: 'the acceptance in the session totals',
    });
    assert.ok(accepted);
    assert.equal(await ghostText(), '', 'no ghost text is left once accepted');
    // The file is written just after the totals change; give the disk its moment.
    const stored = await eventually(
      () => {
        const lines = fs.readFileSync(api.ledgerPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; id: string; surface?: string; outcome?: string });
        const request = lines.filter((line) => line.type === 'request' && line.surface === 'completion').pop();
        const outcomes = lines.filter((line) => line.type === 'completionOutcome' && line.id === request?.id).map((line) => line.outcome);
        return outcomes.includes('accepted') && { id: request?.id, outcomes };
      },
      { what: `the completion request and its acceptance in ${api.ledgerPath}`, timeoutMs: 30_000 },
    );
    assert.deepEqual(stored.outcomes, ['shown', 'accepted'], `outcomes of ${stored.id} in ${api.ledgerPath}`);
  });
});
