import assert from 'node:assert/strict';
import type { Budget } from '../../src/core/routing/budget';
import type { RunOptions, RunResult } from '../../src/core/engine';
import { Engine } from '../../src/core/engine';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import type { Policy } from '../../src/core/routing/policy';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { interrupted, ok, overloaded, startFakeAnthropic } from '../fakes/fakeAnthropic';

describe('Engine against the fake API', () => {
  let fake: FakeAnthropic;
  let ledger: Ledger;
  let overrides: OverrideState;
  let policy: Policy;
  let budget: Budget;
  let hasKey: boolean;
  let logs: string[];
  let engine: Engine;

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    overrides = new OverrideState();
    policy = DEFAULT_POLICY;
    budget = { onExceed: 'warn' };
    hasKey = true;
    logs = [];
    const client = createAnthropicClient({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, idleTimeoutMs: 2000 });
    engine = new Engine({
      policy: () => policy,
      budget: () => budget,
      prices: () => ({}),
      ledger,
      overrides,
      client: async () => (hasKey ? client : undefined),
      log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    });
  });

  const ask = (prompt: string, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
    engine.run({ request: { surface: 'chat', prompt }, prompt: () => buildChatPrompt({ history: [], question: prompt }), ...extra });

  function done(result: RunResult) {
    if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
    return result;
  }

  it('sends the routed tier’s model and records the cost with the savings against frontier', async () => {
    fake.enqueue(ok({ text: ['Here are ', 'the tests.'], usage: { inputTokens: 1000, outputTokens: 500 } }));
    const result = done(await ask('write tests for the parser'));
    assert.equal(fake.requests[0].model, 'claude-sonnet-5-5');
    assert.equal(result.result.text, 'Here are the tests.');
    // 1000 × $2 + 500 × $10 per MTok = $0.007; on Opus 5.5: 1000 × 4 + 500 × 20 = $0.014
    assert.equal(result.record.costMicros, 7000);
    assert.equal(result.record.frontierCostMicros, 14000);
    assert.equal(ledger.snapshot().session.costMicros, 7000);
    assert.equal(ledger.snapshot().session.savingsMicros, 7000);
    assert.ok(logs.some((line) => /route chat: tests → balanced \(claude-sonnet-5-5\)/.test(line)), logs.join('\n'));
  });

  it('a “next request” override applies once, a session override until cleared', async () => {
    overrides.setNext('frontier');
    fake.enqueue(ok(), ok(), ok(), ok());
    const first = done(await ask('summarize this'));
    assert.equal(first.record.override?.scope, 'next');
    await ask('summarize this');
    overrides.setSession('fast');
    await ask('design the architecture');
    overrides.clear();
    await ask('design the architecture');
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-haiku-5-5', 'claude-haiku-5-5', 'claude-opus-5-5']);
  });

  it('escalates one tier when the local check fails, and records both attempts', async () => {
    fake.enqueue(ok({ text: ['foo(('] }), ok({ text: ['foo()'] }));
    const escalations: string[] = [];
    const result = done(
      await engine.run({
        request: { surface: 'completion', taskKind: 'completion' },
        prompt: () => ({ system: [], messages: [{ role: 'user', content: 'x' }], maxTokens: 64 }),
        check: (text) => (text.split('(').length === text.split(')').length ? undefined : 'Unbalanced brackets'),
        onEscalate: (decision, why) => escalations.push(`${decision.tier}: ${why}`),
      }),
    );
    assert.deepEqual(fake.requests.map((r) => r.model), ['claude-haiku-5-5', 'claude-sonnet-5-5']);
    assert.equal(result.result.text, 'foo()');
    assert.deepEqual(escalations, ['balanced: Unbalanced brackets']);
    assert.equal(ledger.snapshot().session.requests, 2);
    assert.equal(ledger.snapshot().session.byOutcome.escalated, 1);
  });

  it('keeps the partial answer and the usage of a stream that breaks', async () => {
    fake.enqueue(interrupted('error', 2, { text: ['one ', 'two ', 'three'] }));
    const result = done(await ask('explain this'));
    assert.equal(result.result.outcome, 'error');
    assert.equal(result.result.text, 'one two ');
    assert.equal(result.record.outcome, 'error');
    assert.equal(result.record.errorKind, 'overloaded');
    assert.ok(result.record.usage.inputTokens > 0, 'the usage billed before the break must be in the ledger');
  });

  it('a cancelled request is recorded as cancelled, not as an error', async () => {
    fake.enqueue(ok({ text: Array.from({ length: 50 }, () => 'word '), deltaDelayMs: 20 }));
    const controller = new AbortController();
    const pending = ask('explain this', { signal: controller.signal, onDelta: () => controller.abort() });
    const result = done(await pending);
    assert.equal(result.record.outcome, 'cancelled');
    await fake.waitForRequests(1);
    assert.equal(fake.requests[0].completed, false);
  });

  it('asks for a key instead of failing when there is none', async () => {
    hasKey = false;
    const result = await ask('explain this');
    assert.equal(result.kind, 'noKey');
    assert.equal(fake.requests.length, 0);
    assert.equal(ledger.snapshot().session.requests, 0);
  });

  it('stops at a spent budget set to stop, unless the user sends anyway', async () => {
    budget = { sessionUsd: 0.000001, onExceed: 'stop' };
    fake.enqueue(ok({ usage: { inputTokens: 1000, outputTokens: 100 } }), ok());
    done(await ask('write tests'));
    const blocked = await ask('write more tests');
    assert.equal(blocked.kind, 'blocked');
    assert.equal(fake.requests.length, 1);
    done(await ask('write more tests', { ignoreBudgetStop: true }));
    assert.equal(fake.requests.length, 2);
  });

  it('the automated tier sends nothing and records $0', async () => {
    policy = parsePolicy({}).policy;
    const result = await engine.run({ request: { surface: 'command', taskKind: 'format', canAutomate: true }, prompt: () => assert.fail('no prompt for an editor command') });
    assert.equal(result.kind, 'automated');
    await engine.recordAutomated(result.decision, 12, 'command');
    assert.equal(fake.requests.length, 0);
    assert.equal(ledger.snapshot().session.byTier.automated.requests, 1);
    assert.equal(ledger.snapshot().session.costMicros, 0);
  });

  it('logs an overloaded model as a warning with the provider’s message', async () => {
    fake.enqueue(overloaded());
    const result = done(await ask('explain this', { fallback: false }));
    assert.equal(result.result.outcome, 'error');
    assert.ok(logs.some((line) => line.startsWith('warn error claude-sonnet-5-5') && /overloaded/i.test(line)), logs.join('\n'));
  });
});
