import assert from 'node:assert/strict';
import { applyBudgetToTier, evaluateBudget, percentUsed } from '../../src/core/routing/budget';
import type { Budget, BudgetEvaluation } from '../../src/core/routing/budget';

/** Spend so far, in micro-dollars. */
const spend = (sessionMicros: number, todayMicros = sessionMicros) => ({
  session: { costMicros: sessionMicros },
  today: { costMicros: todayMicros },
});

const daily5 = (onExceed: Budget['onExceed'] = 'stepDown'): Budget => ({ dailyUsd: 5, onExceed });

describe('evaluateBudget', () => {
  it('is ok with no budget, and treats $0 as no budget', () => {
    for (const budget of [{ onExceed: 'stop' }, { sessionUsd: 0, dailyUsd: 0, onExceed: 'stop' }] as Budget[]) {
      const result = evaluateBudget(spend(99_000_000), budget);
      assert.equal(result.state, 'ok', `${JSON.stringify(budget)} should not limit anything`);
      assert.equal(result.which, undefined);
      assert.equal(result.message, 'No budget set.');
      assert.deepEqual(result.budgets, []);
    }
  });

  const thresholds: Array<[number, string]> = [
    [3_999_999, 'ok'],
    [4_000_000, 'warning'],
    [4_999_999, 'warning'],
    [5_000_000, 'exceeded'],
    [7_500_000, 'exceeded'],
  ];
  for (const [spent, state] of thresholds) {
    it(`$${spent / 1e6} of a $5 daily budget is ${state}`, () => {
      const result = evaluateBudget(spend(0, spent), daily5());
      assert.equal(result.state, state);
      assert.equal(result.which, 'daily');
      assert.equal(result.spentMicros, spent);
      assert.equal(result.limitMicros, 5_000_000);
      assert.equal(result.fraction, spent / 5_000_000);
      assert.equal(result.action, state === 'exceeded' ? 'stepDown' : undefined, 'the action applies only once exceeded');
    });
  }

  it('reports the worst budget: exceeded beats warning, then the higher fraction', () => {
    const both: Budget = { sessionUsd: 1, dailyUsd: 5, onExceed: 'warn' };
    assert.equal(evaluateBudget(spend(900_000, 5_100_000), both).which, 'daily', 'daily exceeded beats session at 90%');
    assert.equal(evaluateBudget(spend(1_000_000, 4_900_000), both).which, 'session', 'session exceeded beats daily at 98%');
    assert.equal(evaluateBudget(spend(850_000, 4_900_000), both).which, 'daily', 'both warn: 98% beats 85%');
    const result = evaluateBudget(spend(100_000, 200_000), both);
    assert.equal(result.state, 'ok');
    assert.deepEqual(result.budgets.map((b) => [b.which, b.state]), [['session', 'ok'], ['daily', 'ok']]);
  });

  it('says where the budget stands in dollars', () => {
    assert.equal(evaluateBudget(spend(0, 1_200_000), daily5()).message, 'Daily budget: $1.20 of $5.00 (24%).');
    assert.equal(evaluateBudget(spend(4_250_000), { sessionUsd: 5, onExceed: 'warn' }).message, 'Session budget 85% used: $4.25 of $5.00.');
    assert.equal(
      evaluateBudget(spend(0, 5_120_000), daily5('stepDown')).message,
      'Daily budget $5.00 reached ($5.12 spent). Requests now run one tier lower.',
    );
    assert.match(evaluateBudget(spend(0, 5_000_000), daily5('stop')).message, /stopped until tomorrow/);
    assert.match(evaluateBudget(spend(5_000_000), { sessionUsd: 5, onExceed: 'stop' }).message, /until a new session/);
  });

  it('rounds the percentage down, from the integers', () => {
    assert.equal(percentUsed({ spentMicros: 1_450_000, limitMicros: 5_000_000 }), 29, '29% must not show as 28%');
    assert.equal(percentUsed({ spentMicros: 3_999_999, limitMicros: 5_000_000 }), 79, '79.99% must not show as 80%');
  });
});

describe('applyBudgetToTier', () => {
  const exceeded = (onExceed: Budget['onExceed']): BudgetEvaluation => evaluateBudget(spend(0, 5_000_000), daily5(onExceed));

  it('leaves the tier alone while the budget holds, warning included', () => {
    for (const spent of [0, 4_500_000]) {
      assert.deepEqual(applyBudgetToTier('frontier', evaluateBudget(spend(0, spent), daily5('stop'))), { kind: 'allowed', tier: 'frontier' });
    }
  });

  it('steps one tier down once exceeded, and says why', () => {
    assert.deepEqual(applyBudgetToTier('frontier', exceeded('stepDown')), {
      kind: 'allowed',
      tier: 'balanced',
      reason: 'daily budget $5.00 reached: stepped down from frontier to balanced',
    });
    assert.deepEqual(applyBudgetToTier('balanced', exceeded('stepDown')), {
      kind: 'allowed',
      tier: 'fast',
      reason: 'daily budget $5.00 reached: stepped down from balanced to fast',
    });
  });

  it('keeps fast as the floor of a step-down and never touches the $0 automated tier', () => {
    const fast = applyBudgetToTier('fast', exceeded('stepDown'));
    assert.equal(fast.kind === 'allowed' && fast.tier, 'fast');
    assert.match(fast.kind === 'allowed' ? (fast.reason ?? '') : '', /already on the cheapest tier/);
    assert.deepEqual(applyBudgetToTier('automated', exceeded('stop')), { kind: 'allowed', tier: 'automated' });
  });

  it('blocks model requests when the action is stop', () => {
    const result = applyBudgetToTier('fast', exceeded('stop'));
    assert.equal(result.kind, 'blocked');
    assert.match(result.kind === 'blocked' ? result.message : '', /^Daily budget \$5\.00 reached \(\$5\.00 spent\)\. Requests that need a model are stopped/);
  });

  it('keeps the tier but notes it when the action is warn', () => {
    assert.deepEqual(applyBudgetToTier('frontier', exceeded('warn')), {
      kind: 'allowed',
      tier: 'frontier',
      reason: 'daily budget $5.00 reached: kept frontier (on exceed: warn)',
    });
  });
});
