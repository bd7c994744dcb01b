import assert from 'node:assert/strict';
import type { Budget } from '../../src/core/routing/budget';
import type { RunOptions, RunResult } from '../../src/core/engine';
import { Engine } from '../../src/core/engine';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import type { RouteDecision } from '../../src/core/routing/router';
import { buildCommandPrompt } from '../../src/core/prompts/commandPrompt';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';

describe('Engine: a check that waits (the diagnostics gate) and the climbs it causes', () => {
  let fake: FakeAnthropic;
  let ledger: Ledger;
  let budget: Budget;
  let engine: Engine;
  const usage = { inputTokens: 1000, outputTokens: 200 };

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    budget = { onExceed: 'warn' };
    const client = createAnthropicClient({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, idleTimeoutMs: 2000 });
    engine = new Engine({ policy: () => DEFAULT_POLICY, budget: () => budget, prices: () => ({}), ledger, overrides: new OverrideState(), client: async () => client, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  });

  /** A bug fix whose answer is judged by `gate` after a pause, as the language server would. */
  const fix = (gate: (text: string, decision: RouteDecision) => string | undefined, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
    engine.run({
      request: { surface: 'command', taskKind: 'bugfix' },
      prompt: () => buildCommandPrompt({ kind: 'bugfix', context: [] }),
      check: async (text, decision) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return gate(text, decision);
      },
      ...extra,
    });

  function done(result: RunResult) {
    if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
    return result;
  }

  it('a failed gate asks one tier up; the failed attempt is recorded as escalated and the climb with its reason', async () => {
    fake.enqueue(ok({ text: ['return 42;'], usage }), ok({ text: ['return name;'], usage }));
    const judged: string[] = [];
    const result = done(await fix((text, decision) => {
      judged.push(decision.model);
      return text.includes('42') ? "Sonnet 5.5's fix introduced 1 type error in greet.ts" : undefined;
    }));
    assert.equal(result.result.text, 'return name;');
    assert.deepEqual(judged, ['claude-sonnet-5-5', 'claude-opus-5-5'], 'the gate is told whose answer it judges');
    assert.deepEqual(result.attempts.map((r) => [r.model, r.outcome, r.rule]), [
      ['claude-sonnet-5-5', 'escalated', 'taskKind:bugfix'],
      ['claude-opus-5-5', 'ok', 'escalation'],
    ]);
    assert.ok(result.record.reasons.includes("Sonnet 5.5's fix introduced 1 type error in greet.ts → escalated to frontier"), JSON.stringify(result.record.reasons));
    assert.equal(ledger.snapshot().session.requests, 2, 'both attempts count against the budget');
  });

  it('with the budget’s stop reached by the failed attempt, the climb asks first; refused, the failed answer is the result', async () => {
    budget = { sessionUsd: 0.001, onExceed: 'stop' }; // the first attempt costs $0.004
    fake.enqueue(ok({ text: ['return 42;'], usage }), ok({ text: ['return name;'], usage }));
    const asked: string[] = [];
    const result = done(await fix(() => 'introduced 1 type error', { confirmClimb: async (message, next) => (asked.push(`${next.tier}: ${message}`), false) }));
    assert.equal(fake.requests.length, 1, 'nothing more is sent');
    assert.equal(asked.length, 1);
    assert.match(asked[0], /^frontier: .*stopped/);
    assert.equal(result.result.text, 'return 42;');
    assert.deepEqual(result.attempts.map((r) => r.outcome), ['ok'], 'not escalated: no climb happened');
  });

  it('…and sent when the user says so', async () => {
    budget = { sessionUsd: 0.001, onExceed: 'stop' };
    fake.enqueue(ok({ text: ['return 42;'], usage }), ok({ text: ['return name;'], usage }));
    const result = done(await fix((text) => (text.includes('42') ? 'introduced 1 type error' : undefined), { confirmClimb: async () => true }));
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.equal(result.result.text, 'return name;');
  });

  it('without a way to ask, a stopped budget keeps the failed answer rather than climbing silently', async () => {
    budget = { sessionUsd: 0.001, onExceed: 'stop' };
    fake.enqueue(ok({ text: ['return 42;'], usage }), ok());
    done(await fix(() => 'introduced 1 type error'));
    assert.equal(fake.requests.length, 1);
  });

  /** Write Tests as the test gate sees it: a gated request whose answer passed the diagnostics gate. */
  const tests = (extra: Partial<RunOptions> = {}): Promise<RunResult> =>
    engine.run({ request: { surface: 'command', taskKind: 'tests', gated: true }, prompt: () => buildCommandPrompt({ kind: 'tests', context: [] }), check: async () => undefined, ...extra });

  it('a gated request’s records carry their place in the cascade: step 0, then each climb with the attempt it replaces', async () => {
    fake.enqueue(ok({ text: ['return 42;'], usage }), ok({ text: ['return name;'], usage }));
    const result = done(await engine.run({ request: { surface: 'command', taskKind: 'bugfix', gated: true }, prompt: () => buildCommandPrompt({ kind: 'bugfix', context: [] }), check: async (text) => (text.includes('42') ? 'introduced 1 type error' : undefined) }));
    const [first, climb] = result.attempts;
    assert.deepEqual(first.cascade, { step: 0 });
    assert.deepEqual(climb.cascade, { step: 1, after: { id: first.id, tier: 'balanced', costMicros: first.costMicros } });
    const plain = done(await engine.run({ request: { surface: 'command', taskKind: 'bugfix' }, prompt: () => buildCommandPrompt({ kind: 'bugfix', context: [] }) }));
    assert.equal(plain.record.cascade, undefined, 'an ungated request is not part of a cascade');
  });

  it('a climb the test gate asks for after the answer was applied is an escalation with its reason, one step above that answer', async () => {
    fake.enqueue(ok({ text: ['tests that fail'], usage }), ok({ text: ['tests that pass'], usage }));
    const first = done(await tests());
    const reason = "Sonnet 5.5's tests failed in 88 ms, exit code 1 (task “unit tests”)";
    const climb = done(await tests({ climbFrom: { decision: first.decision, record: first.record, reason } }));
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.equal(climb.record.rule, 'escalation');
    assert.equal(climb.record.override, undefined, 'not recorded as the user’s override');
    assert.ok(climb.record.reasons.includes(`${reason} → escalated to frontier`), JSON.stringify(climb.record.reasons));
    assert.deepEqual(climb.record.cascade, { step: 1, after: { id: first.record.id, tier: 'balanced', costMicros: first.record.costMicros } });
    assert.equal(climb.decision.escalations, 1, 'it counts against escalation.maxSteps');
  });

  it('a test-gate climb with no step left is not sent', async () => {
    fake.enqueue(ok({ text: ['tests'], usage }));
    const first = done(await tests());
    const top = { ...first.decision, escalations: DEFAULT_POLICY.escalation.maxSteps };
    const result = await tests({ climbFrom: { decision: top, record: first.record, reason: 'tests failed' } });
    assert.equal(result.kind, 'blocked');
    assert.equal(fake.requests.length, 1);
  });

  it('a test-gate climb past the budget’s stop asks first; declined, nothing is sent and the caller knows it was declined', async () => {
    fake.enqueue(ok({ text: ['tests that fail'], usage }), ok({ text: ['tests that pass'], usage }));
    const first = done(await tests());
    budget = { sessionUsd: 0.001, onExceed: 'stop' };
    const asked: string[] = [];
    const result = await tests({ climbFrom: { decision: first.decision, record: first.record, reason: 'tests failed' }, confirmClimb: async (message, next) => (asked.push(`${next.tier}: ${message}`), false) });
    assert.equal(result.kind, 'blocked');
    assert.equal(result.kind === 'blocked' && result.climbDeclined, true);
    assert.equal(asked.length, 1);
    assert.match(asked[0], /^frontier: .*stopped/);
    assert.equal(fake.requests.length, 1, 'the climb is not sent');
  });
});
