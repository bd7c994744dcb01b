import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { resetSettings, routerApi, setKeyThroughUi, startFake, STATUS_ITEM } from '../support/router';
import { ui } from '../support/ui';
import { closeAll, ghostText, openAt, quietEditor, sleep, typeKeys, waitForGhost } from './editing';

describe('inline completions: ghost text, the cache and acceptance', () => {
  let api: ModelRouterApi;
  let fake: FakeAnthropic;

  before(async () => {
    api = await routerApi();
    fake = await startFake();
    await setKeyThroughUi(fake.apiKey);
    await quietEditor(true);
  });
  after(async () => {
    await closeAll();
    await quietEditor(false);
    await resetSettings(['api.baseUrl']);
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    api.completions.clearCache();
    await vscode.commands.executeCommand('modelRouter.resetSession');
  });
  afterEach(closeAll);

  it('shows the fast tier’s answer as ghost text, with its cost in the status bar', async () => {
    // 20,000 input tokens on Haiku 5.5 at $0.10/MTok and 100 output at $0.50/MTok: $0.00205.
    fake.enqueue(ok({ text: ['items.reduce((sum, item) => ', 'sum + item.price, 0);'], usage: { inputTokens: 20_000, outputTokens: 100 } }));
    await openAt('src/cart.ts', 'export function total(items: { price: number }[]): number {\n  |\n}\n');
    await typeKeys('return ');
    const shown = await waitForGhost('items.reduce((sum, item) => sum + item.price, 0);').catch((error: Error) => {
      throw new Error(`${error.message}; the line reads ${JSON.stringify(vscode.window.activeTextEditor?.document.lineAt(1).text)}, the fake saw ${fake.requests.length} requests; the log ends:\n${api.log.lines().slice(-10).join('\n')}`);
    });
    assert.equal(fake.requests.length, 1, `typing one word should send one request, the fake saw ${fake.requests.length}`);
    assert.equal(fake.requests[0].model, 'claude-haiku-5-5', 'completions go to the fast tier');
    assert.match(JSON.stringify(fake.requests[0].body['messages']), /return <HOLE\/>/, 'the prompt marks the hole at the cursor');
    const screenshot = await ui.screenshot('completion-ghost-text');
    assert.ok(fs.statSync(screenshot).size > 10_000, `screenshot ${screenshot} looks empty`);
    const status = await eventually(async () => {
      const text = await ui.text(STATUS_ITEM);
      return /\$0\.0021/.test(text) && text;
    }, { what: 'the status bar to show the completion’s $0.0021' });
    assert.ok(status, shown);
    assert.equal(api.ledger.snapshot().session.byTaskKind.get('completion')?.requests, 1, 'the request is in the ledger as a completion');
    assert.equal(api.completions.shownIn(vscode.window.activeTextEditor!.document.uri.toString()) !== undefined, true, 'the suggestion counts as shown');
  });

  it('shows a cached suggestion again without a new request when the text before the cursor comes back', async () => {
    fake.enqueue(ok({ text: ['.trim();'] }), ok({ text: ['.length;'] }));
    await openAt('src/name.ts', 'export const clean = (name: string) => |\n');
    await typeKeys('name');
    await waitForGhost('.trim();');
    await typeKeys('s');
    await waitForGhost('.length;');
    assert.equal(fake.requests.length, 2, 'a new spot, a new request');
    const hitsBefore = api.completions.stats.cacheHits;
    await ui.press('Backspace');
    await waitForGhost('.trim();');
    await sleep(500); // time enough for a request, had one been sent
    assert.equal(fake.requests.length, 2, `the cached answer should need no request; the fake saw ${fake.requests.length}`);
    assert.ok(api.completions.stats.cacheHits > hitsBefore, 'the suggestion should have come from the cache');
  });

  it('records an accepted suggestion in the ledger', async () => {
    fake.enqueue(ok({ text: [' * 2;'] }));
    const editor = await openAt('src/double.ts', 'export function double(n: number): number {\n  return |\n}\n');
    await typeKeys('n');
    await waitForGhost('* 2;');
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
      { what: `the completion request and its acceptance in ${api.ledgerPath}` },
    );
    assert.deepEqual(stored.outcomes, ['shown', 'accepted'], `outcomes of ${stored.id} in ${api.ledgerPath}`);
  });
});
