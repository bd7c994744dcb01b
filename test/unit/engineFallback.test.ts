/**
 * The engine's fallback when the routed model is overloaded (HTTP 529): one tier down, once, with
 * both attempts in the ledger, and never where the floor, the user's choice or the policy says no.
 * Real SDK against the loopback fake, which can be told to overload one model only.
 */
import assert from 'node:assert/strict';
import type { RunOptions, RunResult } from '../../src/core/engine';
import { Engine } from '../../src/core/engine';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import type { Policy } from '../../src/core/routing/policy';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { interrupted, ok, overloaded, startFakeAnthropic } from '../fakes/fakeAnthropic';

describe('Engine: falling back one tier when the model is overloaded', () => {
  let fake: FakeAnthropic;
  let store: MemoryLedgerStore;
  let ledger: Ledger;
  let overrides: OverrideState;
  let policy: Policy;
  let logs: string[];
  let engine: Engine;

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    store = new MemoryLedgerStore();
    ledger = new Ledger({ store, sessionId: 's1' });
    overrides = new OverrideState();
    policy = DEFAULT_POLICY;
    logs = [];
    const client = createAnthropicClient({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, idleTimeoutMs: 2000 });
    engine = new Engine({
      policy: () => policy,
      budget: () => ({ onExceed: 'warn' }),
      prices: () => ({}),
      ledger,
      overrides,
      client: async () => client,
      log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    });
  });

  const ask = (prompt: string, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
    engine.run({ request: { surface: 'chat', prompt }, prompt: () => buildChatPrompt({ history: [], question: prompt }), ...extra });

  function done(result: RunResult) {
    if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
    return result;
  }

  async function records(): Promise<SpendRecord[]> {
    return (await store.load()).entries.filter((e): e is SpendRecord => e.type === 'request');
  }

  it('answers a frontier task from balanced when Opus is overloaded, says so, and records both attempts', async () => {
    fake.enqueueFor('claude-opus-5-5', overloaded());
    fake.enqueue(ok({ text: ['A balanced ', 'design.'], usage: { inputTokens: 300, outputTokens: 40 } }));
    const notices: string[] = [];
    const result = done(await ask('design the architecture for the ingestion pipeline', { onFallback: (_, notice) => notices.push(notice) }));
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-sonnet-5-5']);
    assert.equal(result.result.outcome, 'ok');
    assert.equal(result.result.text, 'A balanced design.');
    assert.equal(result.decision.tier, 'balanced');
    assert.equal(result.decision.rule, 'fallback:overloaded');
    assert.deepEqual(result.decision.fellBackFrom, { tier: 'frontier', model: 'claude-opus-5-5' });
    assert.match(result.decision.reasons.at(-1) ?? '', /claude-opus-5-5 was overloaded → fell back to balanced/);
    assert.deepEqual(notices, ['claude-opus-5-5 (frontier) is overloaded, so this answer comes from claude-sonnet-5-5 (balanced), one tier lower.']);
    const [overloadedAttempt, answered] = await records();
    assert.equal(overloadedAttempt.model, 'claude-opus-5-5');
    assert.equal(overloadedAttempt.outcome, 'error');
    assert.equal(overloadedAttempt.errorKind, 'overloaded');
    assert.equal(answered.model, 'claude-sonnet-5-5');
    assert.equal(answered.outcome, 'ok');
    assert.equal(answered.rule, 'fallback:overloaded');
    assert.equal(answered.usage.inputTokens, 300);
    assert.ok(logs.some((l) => l === 'warn claude-opus-5-5 is overloaded; asking claude-sonnet-5-5 (balanced) instead'), logs.join('\n'));
  });

  it('never takes security work below the frontier floor', async () => {
    fake.enqueueFor('claude-opus-5-5', overloaded());
    const result = done(await ask('security review of the oauth token refresh'));
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5'], 'nothing may be sent to a lower tier');
    assert.equal(result.result.outcome, 'error');
    assert.equal(result.result.outcome === 'error' && result.result.error.kind, 'overloaded');
    assert.equal(result.decision.floor, 'frontier');
    assert.ok(logs.some((l) => l === 'info no fallback for the overloaded claude-opus-5-5: sensitive work is never below frontier'), logs.join('\n'));
  });

  it('does not fall back when the policy turns it off', async () => {
    policy = parsePolicy({ fallback: { onOverloaded: false } }).policy;
    fake.enqueueFor('claude-opus-5-5', overloaded());
    const result = done(await ask('design the architecture for the ingestion pipeline'));
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5']);
    assert.equal(result.result.outcome, 'error');
  });

  it('does not move a tier the user chose', async () => {
    overrides.setNext('frontier');
    fake.enqueueFor('claude-opus-5-5', overloaded());
    const result = done(await ask('explain this function'));
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5']);
    assert.equal(result.result.outcome, 'error');
    assert.ok(logs.some((l) => l.includes('no fallback for the overloaded claude-opus-5-5: you chose frontier')), logs.join('\n'));
  });

  it('does not fall back once part of the answer streamed, so no answer mixes two models', async () => {
    fake.enqueue(interrupted('error', 1, { text: ['First part. ', 'never'] }));
    const result = done(await ask('design the architecture for the ingestion pipeline'));
    assert.equal(fake.requests.length, 1);
    assert.equal(result.result.text, 'First part. ');
    assert.equal(result.result.outcome === 'error' && result.result.error.kind, 'overloaded');
  });

  it('falls back only once: an overloaded fallback is reported, not stepped down again', async () => {
    fake.enqueueFor('claude-opus-5-5', overloaded());
    fake.enqueueFor('claude-sonnet-5-5', overloaded());
    const result = done(await ask('design the architecture for the ingestion pipeline'));
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-sonnet-5-5']);
    assert.equal(result.result.outcome, 'error');
    assert.equal(result.decision.model, 'claude-sonnet-5-5');
    assert.deepEqual((await records()).map((r) => `${r.model} ${r.outcome} ${r.errorKind ?? ''}`), ['claude-opus-5-5 error overloaded', 'claude-sonnet-5-5 error overloaded']);
  });

  it('does not fall back for a surface that asks not to (inline completions)', async () => {
    fake.enqueue(overloaded());
    const result = done(await ask('design the architecture for the ingestion pipeline', { fallback: false }));
    assert.equal(fake.requests.length, 1);
    assert.equal(result.result.outcome, 'error');
  });

  it('rejects a policy whose fallback is not a boolean and keeps the default', () => {
    const parsed = parsePolicy({ fallback: { onOverloaded: 'yes' } });
    assert.equal(parsed.policy.fallback.onOverloaded, true);
    assert.equal(parsed.issues[0]?.path, 'fallback.onOverloaded');
  });
});
