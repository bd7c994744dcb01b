import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import { safeReason } from '../../src/core/privacy/reasonText';
import { Ledger } from '../../src/core/spend/ledger';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';

/** A ledger file on a full disk: every append fails as /dev/full does. */
class FullDiskStore extends MemoryLedgerStore {
  override async append(_entry: LedgerEntry): Promise<void> {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }
}

describe('the engine when the ledger cannot be written, and what reasons may carry', () => {
  let fake: FakeAnthropic;
  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(async () => fake.close());

  function engineOn(store: MemoryLedgerStore, logs: string[]): { engine: Engine; ledger: Ledger } {
    const ledger = new Ledger({ store, sessionId: 's1' });
    const client = createAnthropicClient({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, idleTimeoutMs: 2000 });
    const engine = new Engine({
      policy: () => DEFAULT_POLICY,
      budget: () => ({ onExceed: 'warn' }),
      prices: () => ({}),
      ledger,
      overrides: new OverrideState(),
      client: async () => client,
      log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    });
    return { engine, ledger };
  }

  it('still ends the answer when the write fails, counts the spend, and logs the failure', async () => {
    fake.reset();
    fake.enqueue(ok({ text: ['The answer.'], usage: { inputTokens: 1000, outputTokens: 500 } }));
    const logs: string[] = [];
    const { engine, ledger } = engineOn(new FullDiskStore(), logs);
    const prompt = 'explain what a closure is';
    const result = await engine.run({ request: { surface: 'chat', prompt }, prompt: () => buildChatPrompt({ history: [], question: prompt }) });
    assert.equal(result.kind, 'done', 'a failed ledger write must not turn the answer into a rejection (the chat would stay "streaming")');
    if (result.kind === 'done') assert.equal(result.result.text, 'The answer.');
    assert.ok(ledger.snapshot().session.costMicros > 0, 'the spend is still counted in this window');
    assert.ok(logs.some((line) => /^error ledger: could not write a chat request.*ENOSPC/.test(line)), `the failure must be logged:\n${logs.join('\n')}`);
  });

  it('never stores or logs more than a short keyword of the prompt in a reason', async () => {
    const leaked = "select api_key, secret from vault where owner = 'bob@corp.com' from";
    assert.equal(safeReason(`Query (matched "${leaked}")`), 'Query (matched "select … from")');
    assert.equal(safeReason('Query (matched “write tests”)'), 'Query (matched “write tests”)', 'a short keyword stays as it is');
    assert.ok(safeReason(`x ${'y'.repeat(500)}`).length <= 160);

    fake.reset();
    fake.enqueue(ok({ text: ['ok'] }));
    const logs: string[] = [];
    const store = new MemoryLedgerStore();
    const { engine } = engineOn(store, logs);
    const prompt = `${leaked} x`;
    await engine.run({ request: { surface: 'chat', prompt }, prompt: () => buildChatPrompt({ history: [], question: prompt }) });
    const stored = JSON.stringify((await store.load()).entries);
    for (const secret of ['api_key', 'bob@corp.com', 'vault']) {
      assert.ok(!stored.includes(secret), `the ledger must not carry prompt text (${secret}): ${stored}`);
      assert.ok(!logs.join('\n').includes(secret), `the log must not carry prompt text (${secret}): ${logs.join('\n')}`);
    }
  });
});
