import assert from 'node:assert/strict';
import { Ledger } from '../../src/core/spend/ledger';
import type { SpendSnapshot } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { LedgerLoad, LedgerStore } from '../../src/core/spend/ledgerStore';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { usageOf } from '../../src/core/model/usage';
import { ManualClock, request, testLedger } from './spendFixtures';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Ledger', () => {
  it('stores a complete record with id, time and session', async () => {
    const { ledger, store } = testLedger();
    const record = await ledger.record(request());
    assert.equal(record.id, 'r1');
    assert.equal(record.time, '2026-11-20T10:00:00.000Z');
    assert.equal(record.sessionId, 'session-1');
    assert.equal(record.v, 1);
    assert.equal(record.type, 'request');
    const { entries } = await store.load();
    assert.deepEqual(entries, [record], 'the stored entry should be the returned record');
  });

  it('adds up session cost, usage and savings against the frontier model', async () => {
    const { ledger } = testLedger();
    await ledger.record(request());
    await ledger.record(request({ tier: 'fast', model: 'claude-haiku-5-5', taskKind: 'completion', costMicros: 150, frontierCostMicros: 6_000 }));
    const session = ledger.snapshot().session;
    assert.equal(session.requests, 2);
    assert.equal(session.costMicros, 7_150, 'session cost should be $0.007 + $0.00015');
    assert.equal(session.frontierCostMicros, 20_000);
    assert.equal(session.savingsMicros, 12_850, 'savings = frontier cost − actual cost');
    assert.equal(session.usage.inputTokens, 2_000);
    assert.equal(session.usage.outputTokens, 1_000);
    assert.equal(session.byTier.fast.costMicros, 150);
    assert.equal(session.byTier.balanced.requests, 1);
    assert.equal(session.byTier.frontier.requests, 0);
    assert.equal(session.byModel.get('claude-haiku-5-5')?.requests, 1);
    assert.equal(session.byTaskKind.get('completion')?.costMicros, 150);
    assert.equal(session.byOutcome.ok, 2);
  });

  it('counts unpriced requests apart instead of as $0, and leaves them out of savings', async () => {
    const { ledger } = testLedger();
    await ledger.record(request());
    await ledger.record(request({ model: 'my-proxy', costMicros: null, frontierCostMicros: 14_000 }));
    await ledger.record(request({ frontierModel: 'mystery', frontierCostMicros: null }));
    const session = ledger.snapshot().session;
    assert.equal(session.unpricedRequests, 1);
    assert.equal(session.costMicros, 14_000, 'only the two priced requests are in the cost');
    assert.equal(session.savingsMicros, 7_000, 'only the request with both prices counts toward savings');
    assert.equal(session.savingsBasisMicros, 14_000);
    assert.equal(session.byModel.get('my-proxy')?.unpricedRequests, 1);
  });

  it('keeps separate totals per day and moves "today" at midnight', async () => {
    const clock = new ManualClock(new Date('2026-11-20T23:59:00Z'));
    const { ledger } = testLedger({ clock });
    await ledger.record(request());
    clock.advance(2 * 60 * 1000);
    assert.equal(ledger.snapshot().today.requests, 0, 'a new day should start at zero');
    assert.equal(ledger.snapshot().session.requests, 1, 'the session goes on across midnight');
    await ledger.record(request({ costMicros: 1_000 }));
    const snapshot = ledger.snapshot();
    assert.equal(snapshot.day, '2026-11-21');
    assert.equal(snapshot.today.costMicros, 1_000);
    assert.deepEqual([...snapshot.byDay.keys()], ['2026-11-20', '2026-11-21']);
    assert.equal(snapshot.byDay.get('2026-11-20')?.costMicros, 7_000);
    assert.equal(snapshot.allTime.costMicros, 8_000);
  });

  it('loads history: earlier sessions count for the day and all time, not for this session', async () => {
    const store = new MemoryLedgerStore();
    const clock = new ManualClock(new Date('2026-11-19T09:00:00Z'));
    const yesterday = testLedger({ store, clock, sessionId: 'old', idPrefix: 'old-' });
    await yesterday.ledger.record(request());
    clock.advance(DAY_MS);
    await yesterday.ledger.record(request());
    const { ledger } = testLedger({ store, clock, sessionId: 'new' });
    const summary = await ledger.load();
    assert.deepEqual({ records: summary.records, warnings: summary.warnings }, { records: 2, warnings: [] });
    await ledger.record(request({ costMicros: 1 }));
    const snapshot = ledger.snapshot();
    assert.equal(snapshot.session.requests, 1, 'only this session’s record is in the session');
    assert.equal(snapshot.today.requests, 2);
    assert.equal(snapshot.allTime.requests, 3);
  });

  it('folds feedback in, last one wins, also after a reload', async () => {
    const { ledger, store, clock } = testLedger();
    const first = await ledger.record(request());
    await ledger.record(request());
    assert.equal(await ledger.addFeedback(first.id, 'cheaper'), true);
    assert.equal(await ledger.addFeedback(first.id, 'stronger'), true);
    assert.deepEqual(ledger.snapshot().session.feedback, { right: 0, cheaper: 0, stronger: 1 });
    assert.equal(await ledger.addFeedback('no-such-request', 'right'), false, 'feedback on an unknown request is refused');

    const reloaded = testLedger({ store, clock });
    await reloaded.ledger.load();
    assert.deepEqual(reloaded.ledger.snapshot().session.feedback, { right: 0, cheaper: 0, stronger: 1 });
    assert.deepEqual(reloaded.ledger.snapshot().today.feedback, { right: 0, cheaper: 0, stronger: 1 });
  });

  it('warns about feedback whose request is missing and about duplicated requests', async () => {
    const record = { ...request(), v: 1, type: 'request', id: 'a', time: '2026-11-20T09:00:00Z', sessionId: 's' };
    const orphan = { v: 1, type: 'feedback', id: 'gone', time: '2026-11-20T09:00:00Z', feedback: 'right' };
    const store = new MemoryLedgerStore([record, record, orphan].map((entry) => JSON.stringify(entry)));
    const { ledger } = testLedger({ store });
    const { records, warnings } = await ledger.load();
    assert.equal(records, 1);
    assert.equal(ledger.snapshot().allTime.requests, 1, 'a duplicated line must not double the spend');
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings.join('\n'), /request a appears more than once/);
    assert.match(warnings.join('\n'), /1 feedback entries refer to requests not in the ledger/);
  });

  it('starts a new session at zero without losing history', async () => {
    const { ledger } = testLedger();
    const old = await ledger.record(request());
    ledger.resetSession('session-2');
    assert.equal(ledger.sessionId, 'session-2');
    assert.equal(ledger.snapshot().session.requests, 0);
    assert.equal(ledger.snapshot().today.requests, 1);
    await ledger.addFeedback(old.id, 'right');
    assert.deepEqual(ledger.snapshot().session.feedback, { right: 0, cheaper: 0, stronger: 0 }, 'feedback on an old record is not session feedback');
    assert.equal(ledger.snapshot().today.feedback.right, 1);
    const next = await ledger.record(request());
    assert.equal(next.sessionId, 'session-2');
    assert.equal(ledger.snapshot().session.requests, 1);
  });

  it('tells subscribers after each change and stops when disposed', async () => {
    const { ledger } = testLedger();
    const seen: SpendSnapshot[] = [];
    const subscription = ledger.onDidChange((snapshot) => seen.push(snapshot));
    await ledger.record(request());
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.session.costMicros, 7_000, 'the listener should see the new spend');
    subscription.dispose();
    await ledger.record(request());
    assert.equal(seen.length, 1, 'a disposed listener must not be called');
  });

  it('keeps recording when a listener throws', async () => {
    const errors: unknown[] = [];
    const store = new MemoryLedgerStore();
    const ledger = new Ledger({ store, sessionId: 's', onListenerError: (error) => errors.push(error) });
    ledger.onDidChange(() => {
      throw new Error('status bar broke');
    });
    await ledger.record(request());
    assert.equal(store.size, 1, 'the record must still be stored');
    assert.equal(errors.length, 1);
  });

  it('gives snapshots that do not change afterwards', async () => {
    const { ledger } = testLedger();
    await ledger.record(request());
    const before = ledger.snapshot();
    assert.equal(ledger.snapshot(), before, 'an unchanged ledger should return the cached snapshot');
    await ledger.record(request());
    assert.equal(before.session.requests, 1, 'an earlier snapshot must not see later records');
    assert.equal(before.byDay.get('2026-11-20')?.requests, 1);
    assert.equal(ledger.snapshot().session.requests, 2);
  });

  it('refuses a record the file would reject on reload, leaving totals alone', async () => {
    const { ledger, store } = testLedger();
    await assert.rejects(ledger.record(request({ costMicros: -5 })), /costMicros/);
    await assert.rejects(ledger.record(request({ usage: usageOf({ inputTokens: 1.5 }) })), /inputTokens/);
    assert.equal(ledger.snapshot().session.requests, 0);
    assert.equal((await store.load()).entries.length, 0);
  });

  it('waits for a load in progress before recording, so neither is lost', async () => {
    const history = new MemoryLedgerStore();
    await testLedger({ store: history, sessionId: 'old', idPrefix: 'old-' }).ledger.record(request());
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: LedgerStore = {
      load: async (): Promise<LedgerLoad> => {
        await gate;
        return history.load();
      },
      append: (entry: LedgerEntry) => history.append(entry),
    };
    const { ledger } = testLedger({ store: slow });
    const loading = ledger.load();
    const recording = ledger.record(request());
    release();
    await Promise.all([loading, recording]);
    assert.equal(ledger.snapshot().allTime.requests, 2, 'history and the new record should both count');
    assert.equal(ledger.snapshot().session.requests, 1);
  });
});
