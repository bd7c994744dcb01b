// What Implement the Plan bills to a step (the step's own attempts, from the engine) and what the
// user sees when "Redo one tier up" fails after its command has returned.
import assert from 'node:assert/strict';
import { spendOf } from '../../src/core/agent/planCost';
import { redoVisibly } from '../../src/core/agent/redo';
import type { RunResult } from '../../src/core/engine';
import type { Engine } from '../../src/core/engine';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { buildCommandPrompt } from '../../src/core/prompts/commandPrompt';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { engineFor } from './helpers/engineRig';

describe('a plan step’s spend', () => {
  let fake: FakeAnthropic;
  let ledger: Ledger;
  let engine: Engine;

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
    engine = engineFor(fake, { ledger });
  });

  function done(result: RunResult) {
    if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
    return result;
  }

  it('sums the step’s own attempts, escalated ones included, and not a chat message sent meanwhile', async () => {
    const usage = { inputTokens: 1000, outputTokens: 500 };
    // The step's first answer fails its check and is asked again on frontier; meanwhile the chat asks an implement question.
    fake.enqueue(ok({ text: ['no files here'], usage, deltaDelayMs: 40 }), ok({ text: ['A chat answer.'], usage }), ok({ text: ['FILES OK'], usage }));
    const step = engine.run({
      request: { surface: 'command', taskKind: 'implement' },
      prompt: () => buildCommandPrompt({ kind: 'implement', context: [] }),
      check: (text) => (text.includes('FILES OK') ? undefined : 'no file edits'),
    });
    await fake.waitForRequests(1);
    const chat = engine.run({ request: { surface: 'chat', taskKind: 'implement', prompt: 'implement the parser' }, prompt: () => buildChatPrompt({ history: [], question: 'implement the parser' }) });
    const [stepResult, chatResult] = [done(await step), done(await chat)];
    assert.equal(ledger.snapshot().session.byTaskKind.get('implement')?.requests, 3, 'the window’s implement totals include the chat message');
    const spend = spendOf(stepResult.attempts);
    assert.equal(spend.requests, 2, `the step made two requests, not the chat’s: ${JSON.stringify(spend)}`);
    assert.deepEqual(spend.models, ['claude-sonnet-5-5', 'claude-opus-5-5'], 'the escalated attempt is the step’s too');
    const expected = stepResult.attempts.reduce((sum, record) => sum + (record.costMicros ?? 0), 0);
    assert.equal(spend.costMicros, expected);
    assert.ok(!stepResult.attempts.some((record) => record.id === chatResult.record.id), 'the chat’s record is never billed to the step');
    assert.equal(stepResult.attempts[1].id, stepResult.record.id, 'the last attempt is the final record');
  });

  it('counts an unpriced attempt as such instead of as $0', () => {
    const spend = spendOf([{ model: 'my-model', costMicros: null }, { model: 'claude-opus-5-5', costMicros: 700 }] as never);
    assert.deepEqual(spend, { requests: 2, costMicros: 700, unpricedRequests: 1, models: ['my-model', 'claude-opus-5-5'] });
  });
});

describe('Redo one tier up after its command has returned', () => {
  it('shows a failure as a message naming Redo, with secrets scrubbed, and never rejects', async () => {
    const shown: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await redoVisibly(() => Promise.reject(new Error('the file could not be written with sk-ant-secret')), (message) => shown.push(message), (text) => text.replace('sk-ant-secret', '[key]'));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(shown, ['Model Router: Redo one tier up failed: the file could not be written with [key]']);
    assert.deepEqual(unhandled, [], 'the failure must not escape as an unhandled rejection');
  });

  it('says nothing when the redo works', async () => {
    const shown: string[] = [];
    await redoVisibly(async () => 'redone', (message) => shown.push(message));
    assert.deepEqual(shown, []);
  });
});
