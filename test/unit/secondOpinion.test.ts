import assert from 'node:assert/strict';
import type { RunResult } from '../../src/core/engine';
import type { Engine } from '../../src/core/engine';
import { tasksOf } from '../../src/core/learning/signals';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import { kindFromAnswer, SECOND_OPINION_RULE } from '../../src/core/routing/secondOpinion';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { interrupted, ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { withLearnedRouter } from './helpers/routerModel';
import { clientFor, engineFor } from './helpers/engineRig';

/** Short chat requests the shipped model may be unsure of; the tests use the first it is. */
const CANDIDATES = ['what about the parser?', 'can you look at the cart thing', 'the total is off sometimes', 'hmm, the parser', 'what about it?', 'and the cart?'];

describe('the second opinion (modelRouter.routing.askFastTierWhenUnsure)', () => {
  withLearnedRouter();
  let fake: FakeAnthropic;
  let ledger: Ledger;
  let store: MemoryLedgerStore;
  let enabled: boolean;
  let engine: Engine;
  let unsure: string;

  before(async () => {
    fake = await startFakeAnthropic();
    const found = CANDIDATES.find((prompt) => {
      const decision = route({ surface: 'chat', prompt, canAutomate: true }, DEFAULT_POLICY);
      return decision.classification?.learned?.unsure === true && decision.floor === undefined;
    });
    assert.ok(found, 'one of the candidate prompts leaves the shipped model unsure (add one if a new model is surer of them all)');
    unsure = found;
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    store = new MemoryLedgerStore();
    ledger = new Ledger({ store, sessionId: 's1' });
    enabled = true;
    const client = clientFor(fake, 10_000);
    engine = engineFor(fake, { ledger, client: async () => client, askFastTierWhenUnsure: () => enabled });
  });

  const ask = (prompt: string, surface: 'chat' | 'completion' = 'chat'): Promise<RunResult> =>
    engine.run({ request: { surface, prompt, ...(surface === 'completion' ? { taskKind: 'completion' as const } : {}) }, prompt: () => buildChatPrompt({ history: [], question: prompt }) });

  function done(result: RunResult) {
    if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
    return result;
  }

  const entries = async () => (await store.load()).entries;
  const records = async (): Promise<SpendRecord[]> => (await entries()).filter((entry): entry is SpendRecord => entry.type === 'request');

  it('asks the fast tier which kind an unsure request is, routes by its answer, and records the question as its own row on surface router', async () => {
    fake.enqueue(ok({ text: ['refactor'], usage: { inputTokens: 400, outputTokens: 2 } }), ok({ text: ['Here is the refactor.'], usage: { inputTokens: 1000, outputTokens: 200 } }));
    const result = done(await ask(unsure));
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[0].model, 'claude-haiku-5-5', 'the classification goes to the fast tier');
    assert.match(JSON.stringify(fake.requests[0].body.system), /classify a developer's request/);
    assert.equal(result.decision.taskKind, 'refactor');
    assert.equal(fake.requests[1].model, 'claude-sonnet-5-5', 'a refactor is balanced work');
    assert.match(result.decision.reasons[0], /^Second opinion: the local classifier was unsure, \d+% sure of .+; the fast tier \(claude-haiku-5-5\) read it as refactor$/);
    const rows = await records();
    assert.deepEqual(rows.map((row) => [row.surface, row.tier, row.rule]), [['router', 'fast', SECOND_OPINION_RULE], ['chat', 'balanced', 'taskKind:refactor']]);
    assert.ok((rows[0].costMicros ?? 0) > 0, 'the classification has its own cost');
    assert.equal(ledger.snapshot().today.costMicros, (rows[0].costMicros ?? 0) + (rows[1].costMicros ?? 0), "today's spend counts both");
    assert.deepEqual(result.attempts.map((attempt) => attempt.surface), ['router', 'chat'], 'what this run spent includes the question');
    assert.deepEqual(tasksOf(await entries()).map((task) => task.record.surface), ['chat'], 'the weekly review counts only the request the user asked');
  });

  it('falls back to the local decision when the fast tier does not answer in time, and says so', async function () {
    this.timeout(15_000);
    const local = route({ surface: 'chat', prompt: unsure, canAutomate: false }, DEFAULT_POLICY);
    fake.enqueue(interrupted('stall', 0, { text: ['never'] }), ok({ text: ['The local answer.'] }));
    const result = done(await ask(unsure));
    assert.equal(result.decision.taskKind, local.taskKind, 'the local kind stands');
    assert.equal(result.decision.tier, local.tier);
    assert.equal(fake.requests[1].model, local.model);
    assert.ok(result.decision.reasons.includes('Second opinion: no answer within 1.5 s from the fast tier; the local decision stands'), result.decision.reasons.join('; '));
    const rows = await records();
    assert.deepEqual(rows.map((row) => [row.surface, row.outcome]), [['router', 'cancelled'], ['chat', 'ok']]);
  });

  it('an answer naming no kind leaves the local decision', async () => {
    fake.enqueue(ok({ text: ['I think this is about parsing.'] }), ok({ text: ['Answer.'] }));
    const result = done(await ask(unsure));
    assert.ok(result.decision.reasons.includes('Second opinion: the answer named no task kind from the fast tier; the local decision stands'), result.decision.reasons.join('; '));
    assert.equal((await records()).length, 2);
  });

  it('asks nothing when off, for completions, for a sure request or for sensitive work', async () => {
    enabled = false;
    fake.enqueue(ok({ text: ['a'] }));
    done(await ask(unsure));
    enabled = true;
    fake.enqueue(ok({ text: ['b'] }));
    done(await ask(unsure, 'completion'));
    fake.enqueue(ok({ text: ['c'] }));
    done(await ask('write unit tests for the date parser in src/date.ts'));
    fake.enqueue(ok({ text: ['d'] }));
    const sensitive = done(await ask('hmm, the password hashing in auth/login.ts?'));
    assert.equal(sensitive.decision.floor, 'frontier');
    assert.equal(fake.requests.length, 4, 'one request each, no classification');
    assert.ok((await records()).every((row) => row.surface !== 'router'));
  });

  it('reads the kind from the first word of the answer', () => {
    assert.equal(kindFromAnswer('refactor'), 'refactor');
    assert.equal(kindFromAnswer(' Security.'), 'security');
    assert.equal(kindFromAnswer('commitMessage'), 'commitMessage');
    assert.equal(kindFromAnswer('completion'), undefined, 'completions are never a chat kind');
    assert.equal(kindFromAnswer('the refactor'), undefined);
  });
});
