import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlLedgerStore } from '../../src/node/jsonlLedgerStore';
import { ledgerToCsv } from '../../src/core/spend/ledgerExport';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { parseLedgerLine } from '../../src/core/spend/spendRecord';
import { acceptanceRate } from '../../src/core/spend/spendTotals';
import { request, testLedger } from './spendFixtures';

const completion = () => request({ surface: 'completion', taskKind: 'completion', tier: 'fast', model: 'claude-haiku-5-5', rule: 'taskKind:completion', costMicros: 200, frontierCostMicros: 8_000 });

describe('completion outcomes in the ledger', () => {
  it('counts a completion by its furthest outcome: shown, then dismissed or accepted', async () => {
    const { ledger, store } = testLedger();
    const first = await ledger.record(completion());
    const second = await ledger.record(completion());
    assert.equal(await ledger.recordCompletionOutcome(first.id, 'shown'), true);
    assert.equal(await ledger.recordCompletionOutcome(second.id, 'shown'), true);
    assert.deepEqual(ledger.snapshot().session.completionOutcomes, { shown: 2, dismissed: 0, accepted: 0 });
    assert.equal(await ledger.recordCompletionOutcome(first.id, 'accepted'), true);
    assert.equal(await ledger.recordCompletionOutcome(second.id, 'dismissed'), true);
    const totals = ledger.snapshot().session;
    assert.deepEqual(totals.completionOutcomes, { shown: 0, dismissed: 1, accepted: 1 });
    assert.equal(acceptanceRate(totals), 0.5, 'one of two completions shown was accepted');
    assert.deepEqual(ledger.snapshot().today.completionOutcomes, totals.completionOutcomes, 'the day counts them too');
    assert.equal((await store.load()).entries.length, 6, 'two requests and four outcomes are stored');
  });

  it('writes nothing for an outcome that would move a completion back or repeat itself', async () => {
    const { ledger, store } = testLedger();
    const record = await ledger.record(completion());
    await ledger.recordCompletionOutcome(record.id, 'shown');
    assert.equal(await ledger.recordCompletionOutcome(record.id, 'shown'), false, 'shown twice is one sighting');
    await ledger.recordCompletionOutcome(record.id, 'dismissed');
    assert.equal(await ledger.recordCompletionOutcome(record.id, 'shown'), false, 'shown again after dismissal changes nothing');
    assert.equal(await ledger.recordCompletionOutcome(record.id, 'accepted'), true, 'a cached suggestion may be accepted later');
    assert.equal(await ledger.recordCompletionOutcome(record.id, 'dismissed'), false, 'an accepted completion stays accepted');
    assert.equal((await store.load()).entries.length, 4);
    assert.deepEqual(ledger.snapshot().session.completionOutcomes, { shown: 0, dismissed: 0, accepted: 1 });
  });

  it('refuses an outcome for a request it does not know', async () => {
    const { ledger, store } = testLedger();
    assert.equal(await ledger.recordCompletionOutcome('nope', 'accepted'), false);
    assert.equal((await store.load()).entries.length, 0);
  });

  it('gives the same totals after a reload, whatever the order of the lines', async () => {
    const store = new MemoryLedgerStore();
    const { ledger } = testLedger({ store });
    const record = await ledger.record(completion());
    await ledger.recordCompletionOutcome(record.id, 'shown');
    await ledger.recordCompletionOutcome(record.id, 'accepted');
    const lines = (await store.load()).entries.map((entry) => JSON.stringify(entry));
    // Another window's outcome line may land before the request line it refers to.
    const reordered = new MemoryLedgerStore([lines[2], lines[1], lines[0]]);
    for (const source of [store, reordered]) {
      const reloaded = testLedger({ store: source });
      const summary = await reloaded.ledger.load();
      assert.deepEqual(summary.warnings, []);
      assert.deepEqual(reloaded.ledger.snapshot().session.completionOutcomes, { shown: 0, dismissed: 0, accepted: 1 });
    }
  });

  it('skips a damaged outcome line and warns about outcomes whose request is missing', async () => {
    const record = { ...completion(), v: 1, type: 'request', id: 'a', time: '2026-11-20T09:00:00Z', sessionId: 'session-1' };
    const lines = [
      JSON.stringify(record),
      JSON.stringify({ v: 1, type: 'completionOutcome', id: 'a', time: '2026-11-20T09:00:01Z', outcome: 'shown' }),
      JSON.stringify({ v: 1, type: 'completionOutcome', id: 'a', time: '2026-11-20T09:00:02Z', outcome: 'loved' }),
      JSON.stringify({ v: 1, type: 'completionOutcome', id: 'gone', time: '2026-11-20T09:00:03Z', outcome: 'accepted' }),
      '{"v":1,"type":"completionOutc',
    ];
    const { ledger } = testLedger({ store: new MemoryLedgerStore(lines) });
    const { records, warnings } = await ledger.load();
    assert.equal(records, 1);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings[0], /entry 3: invalid completionOutcome entry: outcome/);
    assert.match(warnings[1], /entry 5: not valid JSON/);
    assert.match(warnings[2], /1 completion outcome entries refer to requests not in the ledger/);
    assert.deepEqual(ledger.snapshot().allTime.completionOutcomes, { shown: 1, dismissed: 0, accepted: 0 }, 'the good outcome still counts');
    assert.equal(ledger.snapshot().allTime.costMicros, 200, 'the request is untouched');
  });

  it('survives the JSONL file and shows up in the CSV export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-outcomes-'));
    try {
      const store = new JsonlLedgerStore(join(dir, 'ledger.jsonl'));
      const { ledger } = testLedger({ store });
      const record = await ledger.record(completion());
      await ledger.recordCompletionOutcome(record.id, 'shown');
      await ledger.recordCompletionOutcome(record.id, 'accepted');
      const text = readFileSync(store.filePath, 'utf8');
      const outcomeLine = text.trim().split('\n')[2];
      assert.deepEqual(parseLedgerLine(outcomeLine), { ok: true, entry: { v: 1, type: 'completionOutcome', id: record.id, time: '2026-11-20T10:00:00.000Z', outcome: 'accepted' } });
      const csv = ledgerToCsv((await store.load()).entries).split('\r\n');
      const header = csv[0].split(',');
      assert.equal(csv[1].split(',')[header.indexOf('completion')], 'accepted', `CSV row: ${csv[1]}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
