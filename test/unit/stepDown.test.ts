// Going back down for a new, cheaper task: both costs computed, with the history re-read on the
// cheaper model (caches are per model) against reading it from cache on the current one.
import assert from 'node:assert/strict';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import { weighStepDown } from '../../src/core/routing/stepDown';

const costs = { taskKind: 'architecture' as const, historyTokens: 3000, requestTokens: 200, expectedOutputTokens: 600 };

describe('weighing a step down in a conversation', () => {
  it('a rename after an architecture question goes back to fast, with both costs in the reason', () => {
    const decision = route({ surface: 'chat', prompt: 'rename x to count' , taskKind: 'rename' }, DEFAULT_POLICY, { conversationTier: 'frontier', conversationCosts: costs });
    assert.equal(decision.tier, 'fast');
    assert.equal(decision.rule, 'conversation:stepDown');
    // Haiku: 200 × $0.10 + 3,000 cache writes × $0.125 + 600 × $0.50 per MTok ≈ $0.0007;
    // Opus: 200 × $4 + 3,000 cache reads × $0.20 + 600 × $20 per MTok ≈ $0.013 (formatUsd shows two significant digits).
    assert.equal(decision.reasons.at(-1), 'Back to fast for this rename: $0.0007 with the history re-read, against $0.013 on frontier');
  });

  it('the same task continuing keeps its tier', () => {
    const decision = route({ surface: 'chat', taskKind: 'architecture' }, DEFAULT_POLICY, { conversationTier: 'frontier', conversationCosts: costs });
    assert.equal(decision.tier, 'frontier');
    const followUp = route({ surface: 'chat', taskKind: 'docs' }, DEFAULT_POLICY, { conversationTier: 'frontier', conversationCosts: { ...costs, taskKind: 'docs' } });
    assert.equal(followUp.tier, 'frontier', 'a task of the same kind continues where it is');
    assert.equal(followUp.rule, 'conversation:keep');
  });

  it('stays when the history is so long that re-reading it elsewhere costs more, and says why', () => {
    // 150k tokens of history put Haiku 5.5 in its long-prompt band (5x); Sonnet reads them from cache.
    const verdict = weighStepDown('docs', 'fast', 'balanced', { ...costs, taskKind: 'tests', historyTokens: 150_000, expectedOutputTokens: 200 }, DEFAULT_POLICY);
    assert.equal(verdict?.down, false);
    assert.ok((verdict?.stayMicros ?? 0) < (verdict?.downMicros ?? 0));
    const decision = route({ surface: 'chat', taskKind: 'docs' }, DEFAULT_POLICY, { conversationTier: 'balanced', conversationCosts: { ...costs, taskKind: 'tests', historyTokens: 150_000, expectedOutputTokens: 200 } });
    assert.equal(decision.tier, 'balanced');
    assert.match(decision.reasons.at(-1) ?? '', /^The conversation stays on balanced: its cached history makes this documentation cheaper there/);
  });

  it('an escalation in progress is never undone by the weighing', () => {
    const decision = route({ surface: 'chat', taskKind: 'summarize' }, DEFAULT_POLICY, {
      conversationTier: 'frontier',
      conversationCosts: costs,
      conversationChange: { rule: 'escalation:task', reason: 'the same tool error twice' },
    });
    assert.equal(decision.tier, 'frontier');
  });

  it('never below the sensitive-work floor', () => {
    const decision = route({ surface: 'chat', taskKind: 'docs', signals: { files: ['src/auth/session.ts'] } }, DEFAULT_POLICY, { conversationTier: 'frontier', conversationCosts: costs });
    assert.equal(decision.tier, 'frontier');
  });
});
