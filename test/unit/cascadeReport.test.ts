// The spend report's verified-cascade table, from ledger records alone: per task kind, how often
// the first tier passed the gate, and what the cascade cost against the tier each task ended on.
import assert from 'node:assert/strict';
import { Ledger } from '../../src/core/spend/ledger';
import { LedgerTotals } from '../../src/core/spend/ledgerTotals';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { parseSnapshot, serializeSnapshot } from '../../src/core/spend/ledgerSnapshot';
import { buildSpendReport } from '../../src/core/spend/spendReport';
import { spendReportSchema } from '../../src/shared/reportProtocol';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { spendRecordSchema } from '../../src/core/spend/spendRecord';
import { request } from './spendFixtures';

describe('the spend report: the verified cascade per task kind', () => {
  let ledger: Ledger;
  beforeEach(() => {
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
  });

  /** One task's attempts, in order: tiers and costs; each after the first climbs from the one before. */
  async function task(kind: 'bugfix' | 'tests', attempts: ReadonlyArray<['fast' | 'balanced' | 'frontier', number]>): Promise<SpendRecord[]> {
    const records: SpendRecord[] = [];
    for (const [index, [tier, costMicros]] of attempts.entries()) {
      const previous = records[index - 1];
      const cascade = previous ? { step: index, after: { id: previous.id, tier: previous.tier, costMicros: previous.costMicros } } : { step: 0 };
      records.push(await ledger.record(request({ surface: 'command', taskKind: kind, tier, costMicros, outcome: index < attempts.length - 1 ? 'escalated' : 'ok', cascade })));
    }
    return records;
  }

  it('counts the tasks whose first tier passed and prices the climbs against the final tier’s answer', async () => {
    // Three bug fixes starting on fast: one passes on fast ($0.001), one climbs to balanced ($0.001 + $0.004),
    // one climbs to frontier ($0.001 + $0.004 + $0.008).
    await task('bugfix', [['fast', 1000]]);
    await task('bugfix', [['fast', 1000], ['balanced', 4000]]);
    await task('bugfix', [['fast', 1000], ['balanced', 4000], ['frontier', 8000]]);
    // A chat request and an ungated command are not part of any cascade.
    await ledger.record(request({ taskKind: 'bugfix', costMicros: 9000 }));
    await ledger.record(request({ surface: 'command', taskKind: 'bugfix', costMicros: 9000 }));
    const [row, ...others] = buildSpendReport(ledger.snapshot(), new Date()).cascade;
    assert.deepEqual(others, [], 'only kinds with gated edits');
    assert.equal(row.label, 'bug fix');
    assert.deepEqual([row.tasks, row.firstPassed, row.firstPassedPercent, row.climbs], [3, 1, 33, 3]);
    // Cascade: 1 + 5 + 13 = $0.019; straight to the final tier: 1 + 4 + 8 = $0.013.
    assert.deepEqual([row.costMicros, row.straightMicros, row.cost, row.straightCost, row.extraCost, row.ratio], [19_000, 13_000, '$0.019', '$0.013', '$0.0060', 1.46]);
  });

  it('a test-gate climb from an answer that passed the diagnostics gate counts as the first tier failing', async () => {
    // Write Tests: Sonnet's file passed the diagnostics gate (ok), its tests failed, Opus was asked.
    const [first] = await task('tests', [['balanced', 4000]]);
    await ledger.record(request({ surface: 'command', taskKind: 'tests', tier: 'frontier', costMicros: 8000, rule: 'escalation', cascade: { step: 1, after: { id: first.id, tier: 'balanced', costMicros: 4000 } } }));
    const [row] = buildSpendReport(ledger.snapshot(), new Date()).cascade;
    assert.deepEqual([row.tasks, row.firstPassed, row.straightMicros, row.costMicros], [1, 0, 8000, 12_000]);
  });

  it('a cancelled or failed attempt is no verdict of the gate and is left out', async () => {
    await ledger.record(request({ surface: 'command', taskKind: 'bugfix', outcome: 'cancelled', cascade: { step: 0 } }));
    await ledger.record(request({ surface: 'command', taskKind: 'bugfix', outcome: 'error', cascade: { step: 0 } }));
    assert.deepEqual(buildSpendReport(ledger.snapshot(), new Date()).cascade, []);
  });

  it('the rows pass the report page’s message schema, and survive the totals snapshot', async () => {
    await task('bugfix', [['fast', 1000], ['balanced', 4000]]);
    const report = buildSpendReport(ledger.snapshot(), new Date());
    const parsed = spendReportSchema.safeParse(report);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.deepEqual(parsed.data.cascade, report.cascade);
    const records: SpendRecord[] = [];
    const history = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's2' });
    records.push(await history.record(request({ surface: 'command', taskKind: 'bugfix', tier: 'fast', costMicros: 1000, outcome: 'escalated', cascade: { step: 0 } })));
    records.push(await history.record(request({ surface: 'command', taskKind: 'bugfix', costMicros: 4000, cascade: { step: 1, after: { id: records[0].id, tier: 'fast', costMicros: 1000 } } })));
    const state = LedgerTotals.fromHistory(records, 's2', (date) => date.toISOString().slice(0, 10)).totals.toState();
    const back = parseSnapshot(serializeSnapshot({ position: [], state }));
    assert.ok(back.ok, back.ok ? '' : back.error);
    assert.deepEqual(back.snapshot.state.allTime.byTaskKind.get('bugfix'), state.allTime.byTaskKind.get('bugfix'));
  });

  it('a record’s cascade field is validated when the ledger is read back', async () => {
    const [, climb] = await task('bugfix', [['fast', 1000], ['balanced', 4000]]);
    assert.deepEqual(spendRecordSchema.parse(JSON.parse(JSON.stringify(climb))).cascade, climb.cascade);
    assert.equal(spendRecordSchema.safeParse({ ...climb, cascade: { step: -1 } }).success, false);
  });
});
