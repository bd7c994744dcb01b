// What the ledger keeps for the learning review, written by the real engine and chat session
// against the fake API: a retry linked to the answer it re-asks, the tier the policy chose before
// an override moved it, the folder of the request's files (never a path) and its language.
import assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chat/chatSession';
import type { Conversation } from '../../src/core/chat/conversation';
import type { Engine } from '../../src/core/engine';
import { tasksOf } from '../../src/core/learning/signals';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import { engineFor } from './helpers/engineRig';

describe('learning: what the engine records for the review', () => {
  let fake: FakeAnthropic;
  let store: MemoryLedgerStore;
  let ledger: Ledger;
  let engine: Engine;

  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  beforeEach(() => {
    fake.reset();
    store = new MemoryLedgerStore();
    ledger = new Ledger({ store, sessionId: 's1' });
    engine = engineFor(fake, { ledger });
  });

  const stored = async (): Promise<SpendRecord[]> => (await store.load()).entries.filter((e): e is SpendRecord => e.type === 'request');

  it('an override that moved the tier keeps the routed tier; files give a folder and the language, not a path', async () => {
    fake.enqueue(ok({ text: ['Tests.'] }), ok({ text: ['Same tier.'] }));
    const request = { surface: 'command' as const, taskKind: 'tests' as const, signals: { files: ['src/reports/invoice.ts', 'src/reports/pdf/render.ts'], languageId: 'typescript' } };
    await engine.run({ request, prompt: () => buildChatPrompt({ history: [], question: 'tests' }), override: { tier: 'frontier', scope: 'next' } });
    await engine.run({ request, prompt: () => buildChatPrompt({ history: [], question: 'tests' }), override: { tier: 'balanced', scope: 'next' } });
    const [moved, same] = await stored();
    assert.deepEqual([moved.tier, moved.routedTier, moved.folder, moved.languageId], ['frontier', 'balanced', 'src/reports', 'typescript'], 'the override moved tests from balanced to frontier');
    assert.equal(same.routedTier, undefined, 'an override that chose the routed tier changed nothing and says nothing');
    assert.doesNotMatch(JSON.stringify(await store.load()), /invoice|render\.ts/, 'no file name reaches the ledger');
    assert.equal(tasksOf((await store.load()).entries)[0].verdict, 'stronger', 'the review reads the move up as needed-stronger');
  });

  it('the chat’s Retry one tier up is linked to the answer it re-asks', async () => {
    fake.enqueue(ok({ text: ['It splits on commas.'] }), ok({ text: ['Better.'] }));
    const conversations: Conversation[] = [];
    let next = 0;
    const session = new ChatSession({
      run: (options) => engine.run(options),
      attached: () => ({ items: [], files: [], notes: [] }),
      commandContext: async () => ({ items: [], files: [], notes: [] }),
      secretPatterns: () => [],
      addFeedback: async (id, value) => void (await ledger.addFeedback(id, value)),
      store: {
        list: () => conversations,
        get: (id) => conversations.find((c) => c.id === id),
        create: () => {
          const conversation: Conversation = { id: 'c1', title: 'New chat', updated: '', choice: 'auto', messages: [] };
          conversations.push(conversation);
          return conversation;
        },
        save: async () => undefined,
      },
      show: () => undefined,
      newId: () => `m${++next}`,
    });
    await session.send('explain what parse does', 'auto', []);
    const first = session.current.messages.find((m) => m.role === 'assistant')!;
    await session.retry(first.id, 'up');
    const [asked, retried] = await stored();
    assert.deepEqual(retried.retryOf, { id: asked.id, action: 'retryUp' }, 'the retry’s record names the answer it re-asks');
    const [task] = tasksOf((await store.load()).entries);
    assert.deepEqual([task.record.id, task.verdict, task.hindsightTier], [asked.id, 'stronger', retried.tier], 'the first answer is judged needed-stronger; the retry is not a task of its own');
  });
});
