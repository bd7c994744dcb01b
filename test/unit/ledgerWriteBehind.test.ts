import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import type { RunOptions } from '../../src/core/engine';
import { Ledger } from '../../src/core/spend/ledger';
import type { LedgerStore } from '../../src/core/spend/ledgerStore';
import type { LlmClient } from '../../src/core/model/llm';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { usageOf } from '../../src/core/model/usage';
import { request } from './spendFixtures';

/** A store whose appends wait until the test lets them finish, or fail. */
function gatedStore() {
  let release: (error?: Error) => void = () => undefined;
  const gate = new Promise<void>((resolve, reject) => (release = (error) => (error ? reject(error) : resolve())));
  const store: LedgerStore = { load: async () => ({ entries: [], warnings: [] }), append: () => gate };
  return { store, release };
}

const client: LlmClient = {
  stream: async () => ({ outcome: 'ok', usage: usageOf({ inputTokens: 2000, outputTokens: 10 }), stopReason: 'end_turn', model: 'claude-haiku-5-5', text: 'items.length;' }),
  countTokens: async () => 0,
};

const completion: RunOptions = {
  request: { surface: 'completion', taskKind: 'completion' },
  prompt: () => ({ system: [], messages: [{ role: 'user', content: 'x' }], maxTokens: 64 }),
};

describe('recording without waiting for the disk', () => {
  it('counts a request at once and finishes the write later', async () => {
    const { store, release } = gatedStore();
    const ledger = new Ledger({ store, sessionId: 's' });
    const { record, written } = await ledger.recordQuickly(request());
    assert.equal(ledger.snapshot().session.requests, 1, 'the totals have it before the write');
    let done = false;
    void written.then(() => (done = true));
    await Promise.resolve();
    assert.equal(done, false, 'the write is still under way');
    release();
    await written;
    assert.equal(record.type, 'request');
  });

  it('gives a completion its answer while the ledger still writes, and logs a failed write', async () => {
    const { store, release } = gatedStore();
    const ledger = new Ledger({ store, sessionId: 's' });
    const errors: string[] = [];
    const log = { info: () => undefined, warn: () => undefined, error: (message: string) => errors.push(message) };
    const engine = new Engine({ policy: () => DEFAULT_POLICY, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), ledger, overrides: new OverrideState(), client: async () => client, log });
    const result = await engine.run({ ...completion, recordInBackground: true });
    assert.equal(result.kind === 'done' && result.result.text, 'items.length;', 'the answer must not wait for the disk');
    assert.equal(ledger.snapshot().session.byTaskKind.get('completion')?.requests, 1);
    release(new Error('disk full'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(errors, ['ledger: could not write a completion request: disk full']);
  });

  it('makes every other surface wait for the write, as before', async () => {
    const { store, release } = gatedStore();
    const ledger = new Ledger({ store, sessionId: 's' });
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const engine = new Engine({ policy: () => DEFAULT_POLICY, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), ledger, overrides: new OverrideState(), client: async () => client, log });
    let finished = false;
    const running = engine.run({ ...completion, request: { surface: 'chat', prompt: 'explain this' } }).then(() => (finished = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(finished, false, 'chat waits until the request is on disk');
    release();
    await running;
  });
});
