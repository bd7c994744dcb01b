// Effort and thinking per task kind, inside the tier: what the router decides, what the request the
// API receives carries, and what the ledger and the report show of thinking.
import assert from 'node:assert/strict';
import type { Engine } from '../../src/core/engine';
import { escalate } from '../../src/core/routing/escalation';
import { dialFor } from '../../src/core/routing/dial';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import type { Policy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import type { TaskKind } from '../../src/core/routing/taskKinds';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { buildSpendReport } from '../../src/core/spend/spendReport';
import { estimateBasis, estimateText, TYPICAL_THINKING_TOKENS } from '../../src/core/spend/estimate';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { engineFor } from './helpers/engineRig';

const withPolicy = (raw: unknown): Policy => parsePolicy(raw).policy;

describe('the dial: effort and thinking by task kind', () => {
  const cases: readonly [TaskKind, string, string | undefined, string | undefined][] = [
    // kind, tier's model, effort, thinking
    ['commitMessage', 'fast', 'low', 'disabled'],
    ['docstring', 'fast', 'low', 'disabled'],
    ['tests', 'balanced', 'medium', undefined],
    ['review', 'balanced', 'medium', 'adaptive'],
    ['bugfix', 'balanced', 'medium', 'adaptive'],
    ['plan', 'frontier', 'medium', 'adaptive'],
    ['validation', 'frontier', 'medium', 'adaptive'],
    ['architecture', 'frontier', 'high', 'adaptive'],
    ['security', 'frontier', 'high', 'adaptive'],
    ['concurrency', 'frontier', 'high', 'adaptive'],
    ['debug', 'frontier', 'high', 'adaptive'],
  ];
  for (const [kind, tier, effort, thinking] of cases) {
    it(`${kind} on ${tier}: ${effort} effort, thinking ${thinking ?? 'left to the model'}`, () => {
      const decision = route({ surface: 'chat', taskKind: kind }, DEFAULT_POLICY);
      assert.equal(decision.tier, tier);
      assert.equal(decision.effort, effort);
      assert.equal(decision.thinking, thinking);
      assert.match(decision.dialReason ?? '', new RegExp(`on ${tier}: ${effort} effort`));
    });
  }

  it('never sends max by itself: max comes only from the user', () => {
    for (const kind of ['architecture', 'security', 'debug', 'plan'] as const) assert.notEqual(route({ surface: 'chat', taskKind: kind }, DEFAULT_POLICY).effort, 'max');
    const chosen = route({ surface: 'chat', taskKind: 'architecture' }, DEFAULT_POLICY, { effort: { effort: 'max', scope: 'next' } });
    assert.equal(chosen.effort, 'max');
    assert.match(chosen.dialReason ?? '', /max effort.*\(your choice for this request\)/);
  });

  it('Opus 5.5 cannot turn thinking off: a mechanical kind pinned to frontier sends no thinking parameter, and says why', () => {
    const decision = route({ surface: 'chat', taskKind: 'docstring' }, withPolicy({ pins: { docstring: 'frontier' } }));
    assert.equal(decision.model, 'claude-opus-5-5');
    assert.equal(decision.thinking, undefined);
    assert.match(decision.dialReason ?? '', /thinking cannot be turned off/);
  });

  it('a model it does not know gets neither effort nor thinking', () => {
    const policy = withPolicy({ tiers: { balanced: { model: 'my-local-model' } } });
    const decision = route({ surface: 'chat', taskKind: 'review' }, policy);
    assert.equal(decision.model, 'my-local-model');
    assert.equal(decision.effort, undefined);
    assert.equal(decision.thinking, undefined);
  });

  it('the policy overrides the tables: review without thinking, plans at high effort', () => {
    const policy = withPolicy({ dial: { thinking: { review: 'off' }, frontierEffort: { plan: 'high' } } });
    assert.equal(route({ surface: 'chat', taskKind: 'review' }, policy).thinking, 'disabled');
    assert.equal(route({ surface: 'chat', taskKind: 'plan' }, policy).effort, 'high');
    assert.equal(route({ surface: 'chat', taskKind: 'architecture' }, policy).effort, 'high', 'the rest of the table stays');
  });

  it("VS Code's Chat leaves thinking to the model: its tool steps do not carry thinking blocks back", () => {
    assert.equal(route({ surface: 'languageModel', taskKind: 'debug' }, DEFAULT_POLICY).thinking, undefined);
  });

  it('escalation on frontier raises medium effort to high before giving up, and says so; not beyond high', () => {
    const plan = route({ surface: 'chat', taskKind: 'plan' }, DEFAULT_POLICY);
    const raised = escalate(plan, DEFAULT_POLICY, 'The plan does not parse');
    assert.equal(raised?.tier, 'frontier');
    assert.equal(raised?.effort, 'high');
    assert.equal(raised?.rule, 'escalation:effort');
    assert.match(raised?.reasons.at(-1) ?? '', /The plan does not parse → high effort on frontier/);
    assert.equal(escalate(raised!, DEFAULT_POLICY, 'still broken'), undefined, 'xhigh and max stay the user’s to choose');
  });

  it('a tier change after routing takes the new tier’s dial', () => {
    const tests = route({ surface: 'chat', taskKind: 'tests' }, DEFAULT_POLICY);
    const up = escalate(tests, DEFAULT_POLICY, 'The code does not parse');
    assert.equal(up?.tier, 'frontier');
    assert.equal(up?.effort, 'medium', 'tests are routine work on frontier');
  });

  it('dialFor names what decided in words', () => {
    assert.equal(dialFor('security', 'frontier', 'claude-opus-5-5', DEFAULT_POLICY).reason, 'Security review on frontier: high effort, thinking on');
  });
});

describe('the dial on the wire and in the ledger', () => {
  let fake: FakeAnthropic;
  let ledger: Ledger;
  let policy: Policy;
  let engine: Engine;
  let overrides: OverrideState;
  before(async () => (fake = await startFakeAnthropic()));
  after(async () => fake.close());
  beforeEach(() => {
    fake.reset();
    policy = DEFAULT_POLICY;
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    engine = engineFor(fake, { ledger, policy: () => policy, overrides: (overrides = new OverrideState()) });
  });
  const ask = (taskKind: TaskKind) => engine.run({ request: { surface: 'chat', taskKind, prompt: 'go' }, prompt: () => buildChatPrompt({ history: [], question: 'go' }) });

  it('the request body carries the effort and thinking of its task kind and model', async () => {
    fake.enqueue(ok(), ok(), ok());
    await ask('commitMessage');
    await ask('security');
    await ask('plan');
    const sent = fake.requests.map((request) => [request.model, request.body['output_config'], request.body['thinking']]);
    assert.deepEqual(sent, [
      ['claude-haiku-5-5', { effort: 'low' }, { type: 'disabled' }],
      ['claude-opus-5-5', { effort: 'high' }, { type: 'adaptive' }],
      ['claude-opus-5-5', { effort: 'medium' }, { type: 'adaptive' }],
    ]);
  });

  it('an effort chosen in Choose Tier for the next request is sent once, then the table applies again', async () => {
    fake.enqueue(ok(), ok(), ok());
    overrides.setEffort('max', 'next');
    await ask('plan');
    await ask('plan');
    overrides.setEffort('low', 'session');
    await ask('security');
    assert.deepEqual(fake.requests.map((request) => request.body['output_config']), [{ effort: 'max' }, { effort: 'medium' }, { effort: 'low' }]);
    assert.deepEqual(overrides.currentEffort(), { effort: 'low', scope: 'session' });
    overrides.clear();
    assert.equal(overrides.currentEffort(), undefined, 'Auto clears the effort too');
  });

  it('an unknown model gets neither parameter on the wire', async () => {
    policy = withPolicy({ tiers: { balanced: { model: 'my-local-model' } } });
    fake.enqueue(ok());
    await ask('review');
    assert.equal(fake.requests[0]?.model, 'my-local-model');
    assert.equal(fake.requests[0]?.body['output_config'], undefined);
    assert.equal(fake.requests[0]?.body['thinking'], undefined);
  });

  it('thinking tokens reach the ledger with their cost, and the report shows thinking spend per task kind and tier', async () => {
    fake.enqueue(ok({ usage: { inputTokens: 1000, outputTokens: 3000, thinkingTokens: 2000 } }));
    const result = await ask('security');
    if (result.kind !== 'done') assert.fail(`expected an answer, got ${result.kind}`);
    assert.equal(result.record.usage.thinkingTokens, 2000);
    assert.equal(result.record.effort, 'high');
    assert.equal(result.record.thinking, 'adaptive');
    // 2,000 thinking tokens as Opus 5.5 output at $20 per million: $0.04.
    assert.equal(result.record.thinkingCostMicros, 40_000);
    const report = buildSpendReport(ledger.snapshot(), new Date());
    const security = report.byTaskKind.find((row) => row.key === 'security');
    assert.deepEqual([security?.thinkingTokens, security?.thinkingCostMicros], [2000, 40_000]);
    const frontier = report.byTier.find((row) => row.key === 'frontier');
    assert.equal(frontier?.thinkingCostMicros, 40_000);
  });
});

describe('the pre-send estimate counts expected thinking', () => {
  it('adds typical thinking to a kind that thinks until the ledger has the user’s own answers, which include it', () => {
    const review = route({ surface: 'chat', taskKind: 'review' }, DEFAULT_POLICY);
    const tests = route({ surface: 'chat', taskKind: 'tests' }, DEFAULT_POLICY);
    const prompt = 'x'.repeat(400);
    const price = (text: string) => Number(/\$(\d+\.\d+)/.exec(text)?.[1]);
    // Both on Sonnet 5.5: the review's estimate carries 800 more output tokens at $10 per million.
    assert.ok(price(estimateText(review, prompt)) > price(estimateText(tests, prompt)), `${estimateText(review, prompt)} vs ${estimateText(tests, prompt)}`);
    assert.match(estimateBasis({ tokens: 600, samples: 0 }, review.thinking), new RegExp(`about ${TYPICAL_THINKING_TOKENS} tokens of thinking`));
    const learned = { tokens: 900, samples: 6 };
    assert.equal(estimateText(review, prompt, undefined, learned), estimateText(tests, prompt, undefined, learned), 'learned answer lengths already include thinking');
  });
});
