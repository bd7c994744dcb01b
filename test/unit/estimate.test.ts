import assert from 'node:assert/strict';
import { estimateBasis, estimateText, median, modelDisplayName, OutputHistory, TYPICAL_ANSWER_TOKENS } from '../../src/core/spend/estimate';
import { usageOf } from '../../src/core/model/usage';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { followLedger } from '../../src/core/spend/outputFeed';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';

describe('pre-send estimate', () => {
  it('names models as people do', () => {
    assert.equal(modelDisplayName('claude-sonnet-5-5'), 'Sonnet 5.5');
    assert.equal(modelDisplayName('claude-haiku-4-5-20251001'), 'Haiku 4.5');
    assert.equal(modelDisplayName('claude-opus-5'), 'Opus 5');
    assert.equal(modelDisplayName('my-model'), 'my-model');
  });

  it('shows the routed model, tier and an estimated cost that grows with the prompt', () => {
    const decision = route({ surface: 'chat', prompt: 'write tests for this' }, DEFAULT_POLICY);
    const short = estimateText(decision, 'write tests for this');
    // ~7 input tokens × $2 + 600 output × $10 per MTok ≈ $0.0060
    assert.equal(short, '→ Sonnet 5.5 · balanced · est. $0.0060');
    const long = estimateText(decision, 'x'.repeat(40_000));
    assert.match(long, /^→ Sonnet 5\.5 · balanced · est\. \$0\.032$/);
  });

  it('counts a Chinese or Japanese prompt at about a token a character: four times an English prompt as long', () => {
    const decision = route({ surface: 'chat', prompt: 'write tests for this' }, DEFAULT_POLICY);
    // 40,000 characters each. Sonnet 5.5 is on the current tokenizer: 52,000 input tokens × $2 + 600 output × $10 per MTok.
    assert.equal(estimateText(decision, '为这个函数写单元测试。'.repeat(3_637).slice(0, 40_000)), '→ Sonnet 5.5 · balanced · est. $0.11');
    assert.equal(estimateText(decision, 'この関数のテストを書いて。'.repeat(3_077).slice(0, 40_000)), '→ Sonnet 5.5 · balanced · est. $0.11');
    assert.equal(estimateText(decision, 'x'.repeat(40_000)), '→ Sonnet 5.5 · balanced · est. $0.032', 'English is estimated as before (13,000 input tokens)');
  });

  it('says unpriced for an unknown model, never $0', () => {
    const decision = { ...route({ surface: 'chat', prompt: 'hi' }, DEFAULT_POLICY), model: 'my-model' };
    assert.match(estimateText(decision, 'hi'), /est\. unpriced$/);
  });
});

/** An ok chat answer as the ledger stores it, with `outputTokens` of output. */
function answer(taskKind: string, tier: SpendRecord['tier'], outputTokens: number, over: Partial<SpendRecord> = {}): SpendRecord {
  return {
    v: 1,
    type: 'request',
    id: `r${outputTokens}-${Math.random()}`,
    time: '2026-12-01T10:00:00.000Z',
    sessionId: 's',
    surface: 'chat',
    taskKind,
    tier,
    model: 'claude-sonnet-5-5',
    rule: `taskKind:${taskKind}`,
    reasons: [],
    usage: usageOf({ inputTokens: 200, outputTokens }),
    costMicros: 0,
    frontierModel: 'claude-opus-5-5',
    frontierCostMicros: 0,
    latencyMs: 10,
    outcome: 'ok',
    ...over,
  } as SpendRecord;
}

describe('expected answer length, learned from the ledger', () => {
  it('uses the typical length until five answers of the kind and tier, then their median', () => {
    const history = new OutputHistory();
    for (const tokens of [80, 120, 90, 100]) history.add(answer('explain', 'balanced', tokens));
    assert.deepEqual(history.expected('explain', 'balanced'), { tokens: TYPICAL_ANSWER_TOKENS, samples: 0 }, 'four answers are not enough to learn from');
    history.add(answer('explain', 'balanced', 2000));
    // 80, 90, 100, 120, 2000: one long answer does not drag the median up as a mean would.
    assert.deepEqual(history.expected('explain', 'balanced'), { tokens: 100, samples: 5 });
    assert.deepEqual(history.expected('explain', 'frontier'), { tokens: TYPICAL_ANSWER_TOKENS, samples: 0 }, 'another tier learns on its own');
    assert.deepEqual(history.expected('tests', 'balanced'), { tokens: TYPICAL_ANSWER_TOKENS, samples: 0 }, 'another kind learns on its own');
  });

  it('learns only from ok chat and command answers whose usage the API reported', () => {
    const history = new OutputHistory();
    for (let i = 0; i < 5; i++) {
      history.add(answer('explain', 'balanced', 5000, { outcome: 'escalated' }));
      history.add(answer('explain', 'balanced', 5000, { outcome: 'cancelled' }));
      history.add(answer('explain', 'balanced', 5000, { outcome: 'error' }));
      history.add(answer('explain', 'balanced', 5000, { surface: 'completion' }));
      history.add(answer('explain', 'balanced', 5000, { usageEstimated: true }));
    }
    assert.equal(history.expected('explain', 'balanced').samples, 0);
    for (let i = 0; i < 5; i++) history.add(answer('explain', 'balanced', 70, { surface: 'command' }));
    assert.deepEqual(history.expected('explain', 'balanced'), { tokens: 70, samples: 5 });
  });

  it('follows the last twenty answers, so a change in how the user asks shows up', () => {
    const history = new OutputHistory();
    for (let i = 0; i < 20; i++) history.add(answer('question', 'fast', 1000));
    for (let i = 0; i < 11; i++) history.add(answer('question', 'fast', 50));
    assert.deepEqual(history.expected('question', 'fast'), { tokens: 50, samples: 20 });
  });

  it('prices the learned length: the demo’s short answers no longer estimate at 600 tokens', () => {
    const decision = route({ surface: 'chat', prompt: 'write tests for this' }, DEFAULT_POLICY);
    // ~7 input tokens × $2 + 80 output × $10 per MTok ≈ $0.00081
    assert.equal(estimateText(decision, 'write tests for this', undefined, { tokens: 80, samples: 6 }), '→ Sonnet 5.5 · balanced · est. $0.0008');
    assert.match(estimateBasis({ tokens: 80, samples: 6 }), /median of your last 6 answers/);
    assert.match(estimateBasis({ tokens: TYPICAL_ANSWER_TOKENS, samples: 0 }), /typical 600-token answer; after 5 answers/);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    assert.equal(median([4, 1, 3, 2]), 3);
    assert.equal(median([7]), 7);
  });
});

describe('expected answer length follows the ledger store', () => {
  it('reads the history at start and each answer appended after, once each', async () => {
    const store = new MemoryLedgerStore();
    for (const tokens of [60, 70, 80, 90]) await store.append(answer('explain', 'balanced', tokens));
    const listeners: Array<() => void> = [];
    const feed = followLedger(store, (listener) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    }, (error) => assert.fail(String(error)));
    await feed.ready;
    assert.equal(feed.history.expected('explain', 'balanced').samples, 0, 'four answers at start');
    await store.append(answer('explain', 'balanced', 100));
    listeners.forEach((listener) => listener());
    listeners.forEach((listener) => listener()); // a second change while the first scan runs
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(feed.history.expected('explain', 'balanced'), { tokens: 80, samples: 5 }, 'the new answer counted once, the old ones not again');
  });
});
