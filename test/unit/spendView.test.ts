import assert from 'node:assert/strict';
import { evaluateBudget } from '../../src/core/routing/budget';
import type { Budget } from '../../src/core/routing/budget';
import type { SpendSnapshot } from '../../src/core/spend/ledger';
import { describeSpend } from '../../src/core/spend/statusBarText';
import { usageOf } from '../../src/core/model/usage';
import { request, testLedger } from './spendFixtures';

const NO_BUDGET: Budget = { onExceed: 'warn' };

/** A session of one fast completion and one balanced request: $0.42 spent, $2.29 on all-frontier. */
async function session(): Promise<SpendSnapshot> {
  const { ledger } = testLedger();
  await ledger.record(
    request({
      tier: 'fast',
      model: 'claude-haiku-5-5',
      taskKind: 'completion',
      usage: usageOf({ inputTokens: 12_345, outputTokens: 80 }),
      costMicros: 20_000,
      frontierCostMicros: 290_000,
    }),
  );
  await ledger.record(
    request({
      usage: usageOf({ inputTokens: 2_000, outputTokens: 1_500, cacheReadTokens: 40_000, cacheWrite5mTokens: 3_000 }),
      costMicros: 400_000,
      frontierCostMicros: 2_000_000,
    }),
  );
  return ledger.snapshot();
}

/** A snapshot with `todayMicros` spent today, for budget states. */
async function spentToday(todayMicros: number): Promise<SpendSnapshot> {
  const { ledger } = testLedger();
  await ledger.record(request({ costMicros: todayMicros, frontierCostMicros: todayMicros }));
  return ledger.snapshot();
}

describe('describeSpend', () => {
  it('shows $0.00 and no savings before the first request', () => {
    const { ledger } = testLedger();
    const view = describeSpend(ledger.snapshot(), evaluateBudget(ledger.snapshot(), NO_BUDGET));
    assert.equal(view.text, '$(pulse) $0.00');
    assert.equal(view.severity, 'normal');
    assert.match(view.tooltip, /No requests yet this session\./);
    assert.match(view.tooltip, /No budget set\./);
  });

  it('shows session spend and savings against all-frontier in the text', async () => {
    const snapshot = await session();
    const view = describeSpend(snapshot, evaluateBudget(snapshot, NO_BUDGET));
    assert.equal(view.text, '$(pulse) $0.42 · saved $1.87');
  });

  it('puts a per-tier table, the savings percentage and the menu hint in the tooltip', async () => {
    const snapshot = await session();
    const tooltip = describeSpend(snapshot, evaluateBudget(snapshot, { dailyUsd: 5, onExceed: 'warn' })).tooltip;
    const lines = tooltip.split('\n');
    assert.ok(lines.includes('| Tier | Requests | Tokens in / out | Cache read / write | Cost |'), tooltip);
    assert.ok(lines.includes('| Fast | 1 | 12.3k / 80 | 0 / 0 | $0.020 |'), `fast row missing:\n${tooltip}`);
    assert.ok(lines.includes('| Balanced | 1 | 2k / 1.5k | 40k / 3k | $0.40 |'), `balanced row missing:\n${tooltip}`);
    assert.ok(lines.includes('| **Session** | **2** | **14.3k / 1.6k** | **40k / 3k** | **$0.42** |'), `total row missing:\n${tooltip}`);
    assert.ok(!lines.some((line) => line.startsWith('| Frontier')), 'tiers without requests should not get a row');
    assert.match(tooltip, /Saved \*\*\$1\.87\*\* \(82%\) against sending everything to the frontier model \(\$2\.29\)\./);
    assert.match(tooltip, /Today: \$0\.42 across 2 requests\./);
    assert.match(tooltip, /Daily budget: \$0\.42 of \$5\.00 \(8%\)/);
    assert.match(tooltip, /Click for the Model Router menu/);
  });

  const severities: Array<[number, string, string]> = [
    [790_000, 'normal', '$(pulse) $0.79'],
    [800_000, 'warning', '$(warning) $0.80 · 80% of daily budget'],
    [1_000_000, 'error', '$(error) $1.00 · 100% of daily budget'],
  ];
  for (const [spent, severity, text] of severities) {
    it(`is ${severity} at ${spent / 10_000}% of a $1 daily budget`, async () => {
      const snapshot = await spentToday(spent);
      const view = describeSpend(snapshot, evaluateBudget(snapshot, { dailyUsd: 1, onExceed: 'stepDown' }));
      assert.equal(view.severity, severity);
      assert.equal(view.text, text);
    });
  }

  it('explains what happens once the budget is reached', async () => {
    const snapshot = await spentToday(1_200_000);
    const tooltip = describeSpend(snapshot, evaluateBudget(snapshot, { dailyUsd: 1, onExceed: 'stepDown' })).tooltip;
    assert.match(tooltip, /Daily budget: \$1\.20 of \$1\.00 \(120%\) — \*\*reached\*\*/);
    assert.match(tooltip, /Requests now run one tier lower\./);
  });

  it('shows the active override and its scope', async () => {
    const snapshot = await session();
    const budget = evaluateBudget(snapshot, NO_BUDGET);
    assert.equal(describeSpend(snapshot, budget, { tier: 'frontier', scope: 'session' }).text, '$(pulse) $0.42 · saved $1.87 · ⚑ frontier (session)');
    assert.match(describeSpend(snapshot, budget, { tier: 'fast', scope: 'next' }).text, /· ⚑ fast \(next request\)$/);
    const pinned = describeSpend(snapshot, budget, { tier: 'balanced', scope: 'taskKind', taskKind: 'tests' });
    assert.match(pinned.text, /· ⚑ balanced \(pinned for tests\)$/);
    assert.match(pinned.tooltip, /Override: \*\*balanced\*\* \(pinned for tests\)\./);
  });

  it('notes unpriced requests instead of counting them as $0', async () => {
    const { ledger } = testLedger();
    await ledger.record(request());
    await ledger.record(request({ model: 'my`proxy', costMicros: null }));
    const snapshot = ledger.snapshot();
    const view = describeSpend(snapshot, evaluateBudget(snapshot, NO_BUDGET));
    assert.equal(view.text, '$(pulse) $0.0070 · saved $0.0070 · 1 unpriced');
    assert.match(view.tooltip, /1 request on unpriced models \(`my\?proxy`\) not included in the totals\./);
    assert.match(view.tooltip, /\| \$0\.0070 \+ 1 unpriced \|/);
  });

  it('keeps a hostile model id from adding an image or a link to the trusted tooltip', async () => {
    const { ledger } = testLedger();
    await ledger.record(request({ model: 'team-model\n\n![pixel](https://evil.example/p.png) [Menu](command:modelRouter.showMenu)', costMicros: null }));
    const snapshot = ledger.snapshot();
    const { tooltip } = describeSpend(snapshot, evaluateBudget(snapshot, NO_BUDGET));
    assert.doesNotMatch(tooltip, /!\[|\]\(|\n\n!|evil\.example\/p\.png\)/, `no image or link may come from a model id:\n${tooltip}`);
    assert.match(tooltip, /`team-model\?{4}pixel\?{2}https:\/\/evil\.example\/p\.png\?/, 'the id is shown, defused, in its code span');
  });

  it('marks demo mode', async () => {
    const snapshot = await session();
    const view = describeSpend(snapshot, evaluateBudget(snapshot, NO_BUDGET), undefined, { demo: true });
    assert.equal(view.text, '$(pulse) DEMO $0.42 · saved $1.87');
    assert.match(view.tooltip, /DEMO/);
  });

  it('lists pinned task kinds in the tooltip, with where to remove them, and nothing without pins', async () => {
    const snapshot = await session();
    const budget = evaluateBudget(snapshot, NO_BUDGET);
    const tooltip = describeSpend(snapshot, budget, undefined, { pins: { refactor: 'frontier', tests: 'fast' } }).tooltip;
    assert.match(tooltip, /Pinned: \*\*refactor\*\* → frontier, \*\*tests\*\* → fast\. \[Choose Tier\]\(command:modelRouter\.chooseTier\) removes a pin\./, 'both pins and the way to remove them');
    assert.doesNotMatch(describeSpend(snapshot, budget, undefined, { pins: {} }).tooltip, /Pinned/, 'no pins, no pin line');
    assert.doesNotMatch(describeSpend(snapshot, budget).tooltip, /Pinned/, 'no pins given, no pin line');
  });
});
