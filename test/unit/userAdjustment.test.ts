import assert from 'node:assert/strict';
import { correctionsOf } from '../../src/core/learning/corrections';
import type { RememberedPrompt } from '../../src/core/learning/corrections';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import type { RouteDecision, RouteState } from '../../src/core/routing/router';
import { route } from '../../src/core/routing/router';
import type { Tier } from '../../src/core/routing/tiers';
import { MAX_BUCKETS, MAX_EXAMPLES, UserAdjustment } from '../../src/core/routing/userAdjustment';
import { withLearnedRouter } from './helpers/routerModel';
import { at, note } from './learningFixtures';

const chat = (prompt: string, state: RouteState = {}, files?: string[]): RouteDecision =>
  route({ surface: 'chat', prompt, canAutomate: true, ...(files ? { signals: { files } } : {}) }, DEFAULT_POLICY, state);

/** What the user said about `prompt`: it was right on `tier`. */
function corrected(adjustment: UserAdjustment, prompt: string, tier: Tier, files?: string[]): UserAdjustment {
  const learnable = chat(prompt, {}, files).learnable;
  assert.ok(learnable, `a classified prompt carries its features: ${prompt}`);
  return adjustment.with({ kind: learnable.kind, from: learnable.tier, tier, features: learnable.features, time: '2026-12-01T10:00:00.000Z' });
}

describe('the per-user adjustment of the classifier', () => {
  withLearnedRouter();

  it('after two "needed stronger" on similar explanations, the next similar one routes up and says why', () => {
    const before = chat('explain what the total() function in cart.ts returns for an empty cart');
    assert.equal(before.tier, 'balanced', `explanations start on balanced: ${before.reasons.join('; ')}`);
    let learned = new UserAdjustment();
    learned = corrected(learned, 'explain what the total() function in cart.ts returns for a cart with one item', 'frontier');
    learned = corrected(learned, 'explain what the total() function in cart.ts returns for a cart with discounts', 'frontier');
    const after = chat('explain what the total() function in cart.ts returns for an empty cart', { adjustment: learned });
    assert.equal(after.tier, 'frontier', `routed to ${after.tier}: ${after.reasons.join('; ')}`);
    assert.equal(after.rule, 'learned:feedback');
    assert.ok(after.reasons.includes('Learned from your feedback: 2 of 2 similar explanation requests needed frontier → frontier'), after.reasons.join('; '));
  });

  it('one correction is not enough, and unrelated prompts or another kind are not moved', () => {
    const one = corrected(new UserAdjustment(), 'explain what the total() function in cart.ts returns for a cart with one item', 'frontier');
    assert.equal(chat('explain what the total() function in cart.ts returns for an empty cart', { adjustment: one }).tier, 'balanced', 'a single flag moves nothing');
    const two = corrected(one, 'explain what the total() function in cart.ts returns for a cart with discounts', 'frontier');
    const unrelated = chat('what does the retry loop in the http client do when the server hangs up?', { adjustment: two });
    assert.notEqual(unrelated.rule, 'learned:feedback', `an unrelated question keeps its routing: ${unrelated.reasons.join('; ')}`);
    const tests = chat('write unit tests for the total() function in cart.ts', { adjustment: two });
    assert.notEqual(tests.rule, 'learned:feedback', `tests for the same function are another kind: ${tests.reasons.join('; ')}`);
  });

  it('"right tier" confirmations outweigh the corrections', () => {
    let learned = new UserAdjustment();
    for (const what of ['one item', 'discounts']) learned = corrected(learned, `explain what the total() function in cart.ts returns for a cart with ${what}`, 'frontier');
    for (const what of ['two items', 'a coupon', 'tax']) learned = corrected(learned, `explain what the total() function in cart.ts returns for a cart with ${what}`, 'balanced');
    const decision = chat('explain what the total() function in cart.ts returns for an empty cart', { adjustment: learned });
    assert.equal(decision.tier, 'balanced', decision.reasons.join('; '));
  });

  it('"could have been cheaper" never takes sensitive work below the floor', () => {
    const prompt = (what: string) => `change how the password hashing in auth/login.ts ${what}`;
    assert.equal(chat(prompt('stores the salt')).floor, 'frontier', 'changing password hashing is sensitive work');
    let learned = new UserAdjustment();
    for (const what of ['picks its cost factor', 'compares hashes', 'upgrades old hashes']) learned = corrected(learned, prompt(what), 'fast');
    const decision = chat(prompt('stores the salt'), { adjustment: learned });
    assert.equal(decision.tier, 'frontier', `held at the floor: ${decision.reasons.join('; ')}`);
    assert.equal(decision.rule, 'floor:sensitive');
  });

  it('a declared task kind (an editor command) is not adjusted and carries no features', () => {
    let learned = new UserAdjustment();
    for (const what of ['one item', 'discounts']) learned = corrected(learned, `explain what the total() function in cart.ts returns for a cart with ${what}`, 'frontier');
    const decision = route({ surface: 'command', taskKind: 'explain', prompt: 'explain what the total() function in cart.ts returns for an empty cart' }, DEFAULT_POLICY, { adjustment: learned });
    assert.equal(decision.tier, 'balanced');
    assert.equal(decision.learnable, undefined);
  });

  it('stays bounded, survives storage and drops malformed entries', () => {
    let learned = new UserAdjustment();
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    for (let n = 0; n < MAX_EXAMPLES + 20; n++) learned = corrected(learned, `explain ${long} ${n}`, n % 2 === 0 ? 'frontier' : 'fast');
    assert.equal(learned.size, MAX_EXAMPLES, 'the newest examples are kept');
    assert.ok(learned.examples.every((example) => example.buckets.length <= MAX_BUCKETS), 'each example keeps its heaviest features only');
    assert.ok(JSON.stringify(learned.toJSON()).length < 120_000, `stored size ${JSON.stringify(learned.toJSON()).length} characters`);
    const stored = JSON.parse(JSON.stringify(learned.toJSON())) as { examples: unknown[] };
    const restored = UserAdjustment.parse({ v: 1, examples: [...stored.examples, { kind: 'nope' }, { kind: 'explain', from: 'fast', tier: 'balanced', buckets: [1], weights: [], time: 'x' }, null] });
    assert.equal(restored.size, MAX_EXAMPLES, 'malformed examples are dropped');
    assert.deepEqual(restored.examples[0], learned.examples[0]);
    assert.equal(UserAdjustment.parse('garbage').size, 0);
    assert.equal(UserAdjustment.parse(undefined).size, 0);
  });
});

describe('corrections from the ledger', () => {
  const prompt: RememberedPrompt = { kind: 'explain', tier: 'balanced', features: { indices: [3, 7], values: [0.6, 0.8] } };
  const day = new Date(2026, 11, 1, 10);
  const later = (minutes: number) => new Date(day.getTime() + minutes * 60_000);

  it('a flag, a retry up, a retry down and an override each name the right tier; escalations and unremembered requests do not count', () => {
    const entries = [
      at('flagged', day, 's', { taskKind: 'explain', tier: 'balanced' }),
      note('flagged', later(1), { feedback: 'stronger' }),
      at('retried', later(2), 's', { taskKind: 'explain', tier: 'balanced' }),
      at('retry', later(3), 's', { taskKind: 'explain', tier: 'fast', retryOf: { id: 'retried', action: 'retryDown' } }),
      at('overridden', later(4), 's', { taskKind: 'explain', tier: 'frontier', routedTier: 'balanced', override: { tier: 'frontier', scope: 'next' } }),
      at('escalated', later(5), 's', { taskKind: 'explain', tier: 'balanced', outcome: 'escalated' }),
      at('confirmed', later(6), 's', { taskKind: 'explain', tier: 'balanced' }),
      note('confirmed', later(7), { feedback: 'right' }),
      at('stranger', later(8), 's', { taskKind: 'explain', tier: 'balanced' }),
      note('stranger', later(9), { feedback: 'stronger' }),
      at('silent', later(10), 's', { taskKind: 'explain', tier: 'balanced' }),
    ];
    const remembered = new Map(['flagged', 'retried', 'overridden', 'escalated', 'confirmed', 'silent'].map((id) => [id, prompt]));
    const found = correctionsOf(entries, remembered).map(({ id, from, tier }) => ({ id, from, tier }));
    assert.deepEqual(
      found.sort((a, b) => a.id.localeCompare(b.id)),
      [
        { id: 'confirmed', from: 'balanced', tier: 'balanced' },
        { id: 'flagged', from: 'balanced', tier: 'frontier' },
        { id: 'overridden', from: 'balanced', tier: 'frontier' },
        { id: 'retried', from: 'balanced', tier: 'fast' },
      ],
    );
  });

  it('nothing remembered reads nothing', () => {
    assert.deepEqual(correctionsOf([at('a', day, 's'), note('a', later(1), { feedback: 'cheaper' })], new Map()), []);
  });
});
