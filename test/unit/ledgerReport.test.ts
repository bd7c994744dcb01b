// `model-router report`: one or more ledgers (the extension's monthly folder, rotated files, several
// developers' exports) streamed into totals and rows; the totals are the extension's own.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/cli';
import { reportCommand } from '../../src/cli/reportCommand';
import { Ledger } from '../../src/core/spend/ledger';
import { LedgerReportBuilder, parseSince } from '../../src/core/spend/ledgerReport';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { MonthlyLedgerStore } from '../../src/node/monthlyLedgerStore';
import { request, utcDay } from './spendFixtures';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), readFile: (file) => fs.readFile(file, 'utf8') });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let ids = 0;
function record(time: string, overrides: Partial<SpendRecord> = {}): SpendRecord {
  return { v: 1, type: 'request', id: `r${++ids}`, time, sessionId: 's1', ...request(), ...overrides } as SpendRecord;
}
const jsonl = (entries: readonly object[]) => entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n';

describe('model-router report', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'model-router-report-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  /** The extension's ledger folder: a ledger.jsonl from before rotation and two months after it. */
  async function extensionFolder(): Promise<string> {
    const folder = path.join(dir, 'globalStorage');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'ledger.jsonl'), jsonl([record('2026-09-30T12:00:00Z', { costMicros: 5_000 }), record('2026-10-01T12:00:00Z', { costMicros: null, model: 'my-model' })]));
    const october = [record('2026-10-15T12:00:00Z', { tier: 'fast', model: 'claude-haiku-5-5', costMicros: 100, surface: 'completion', taskKind: 'completion' })];
    await fs.writeFile(path.join(folder, 'ledger-2026-10.jsonl'), jsonl([...october, { v: 1, type: 'feedback', id: october[0].id, time: '2026-10-15T12:01:00Z', feedback: 'right' }]));
    await fs.writeFile(path.join(folder, 'ledger-2026-11.jsonl'), jsonl([record('2026-11-02T12:00:00Z', { tier: 'frontier', model: 'claude-opus-5-5', costMicros: 20_000, outcome: 'error' }), record('2026-11-03T12:00:00Z')]));
    await fs.writeFile(path.join(folder, 'ledger-snapshot.json'), '{"not":"an entry"}');
    return folder;
  }

  it('reports a whole ledger folder, the file from before rotation included, with the totals the extension shows', async () => {
    const folder = await extensionFolder();
    const run = await cli(['report', '--ledger', folder, '--json']);
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out);
    const ledger = new Ledger({ store: new MonthlyLedgerStore(folder), sessionId: 'other', dayOf: utcDay });
    await ledger.load();
    const allTime = ledger.snapshot().allTime;
    assert.equal(report.requests, allTime.requests, 'requests differ from the extension’s all-time total');
    assert.equal(report.requests, 5);
    assert.equal(report.costUsd, allTime.costMicros / 1_000_000, 'cost differs from the extension’s all-time total');
    assert.equal(report.costUsd, 0.0321);
    assert.equal(report.unpricedRequests, 1);
    assert.equal(report.savingsUsd, allTime.savingsMicros / 1_000_000);
    assert.equal(report.errors, 1);
    assert.deepEqual(report.files.map((file: { path: string }) => path.basename(file.path)), ['ledger.jsonl', 'ledger-2026-10.jsonl', 'ledger-2026-11.jsonl'], 'oldest first, the snapshot is no ledger file');
    assert.equal(report.first, '2026-09-30T12:00:00.000Z');
    assert.equal(report.last, '2026-11-03T12:00:00.000Z');
    assert.equal(run.err, '', 'nothing to warn about');
  });

  it('groups by each of day, week, tier, model, task kind and surface, the rows adding up to the total', async () => {
    const folder = await extensionFolder();
    const expected: Record<string, string[]> = {
      day: ['2026-09-30', '2026-10-01', '2026-10-15', '2026-11-02', '2026-11-03'],
      week: ['2026-W40', '2026-W42', '2026-W45'],
      tier: ['frontier', 'balanced', 'fast'],
      model: ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'my-model'],
      taskKind: ['tests', 'completion'],
      surface: ['chat', 'completion'],
    };
    for (const [by, keys] of Object.entries(expected)) {
      const run = await cli(['report', '--ledger', folder, '--by', by, '--json']);
      assert.equal(run.code, 0, run.err);
      const report = JSON.parse(run.out);
      assert.deepEqual(report.rows.map((row: { key: string }) => row.key), keys, `--by ${by}: rows (by time for day and week, else by cost)`);
      const sum = (field: string) => report.rows.reduce((total: number, row: Record<string, number>) => total + row[field], 0);
      assert.equal(sum('requests'), report.requests, `--by ${by}: requests add up`);
      assert.ok(Math.abs(sum('costUsd') - report.costUsd) < 1e-9, `--by ${by}: cost adds up`);
    }
  });

  it('prints a table with the total, the rows and what is not in the cost', async () => {
    const run = await cli(['report', '--ledger', await extensionFolder(), '--by', 'tier']);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    assert.match(lines[0], /^5 requests from 3 ledger files, 2026-09-30 to 2026-11-03$/);
    assert.match(lines[1], /^tier +requests +cost +vs frontier +share$/);
    assert.match(lines[2], /^frontier +1 +\$0\.020/);
    assert.match(run.out, /\ntotal +5 +\$0\.032/);
    assert.match(run.out, /1 requests were on unpriced models: counted, not in the cost/);
    assert.match(run.out, /1 failed and 0 cancelled requests are included/);
  });

  it('counts only requests since a day, a time or a number of days back', async () => {
    const folder = await extensionFolder();
    const sinceDay = JSON.parse((await cli(['report', '--ledger', folder, '--since', '2026-10-15', '--json'])).out);
    assert.equal(sinceDay.requests, 3);
    assert.equal(sinceDay.beforeSince, 2);
    const sinceTime = JSON.parse((await cli(['report', '--ledger', folder, '--since', '2026-11-02T13:00:00Z', '--json'])).out);
    assert.equal(sinceTime.requests, 1);
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: () => undefined, readFile: () => Promise.reject(new Error('unused')) };
    assert.equal(await reportCommand(['--ledger', folder, '--since', '30d', '--json'], io, () => new Date('2026-11-20T12:00:00Z')), 0);
    assert.equal(JSON.parse(out.join('\n')).requests, 2, '30 days back from 20 November is 21 October: the two November requests');
  });

  it('adds several developers’ exports, and reads a file named twice or copied only once', async () => {
    const alice = path.join(dir, 'alice.jsonl');
    const bob = path.join(dir, 'bob.jsonl');
    await fs.writeFile(alice, jsonl([record('2026-11-01T12:00:00Z', { costMicros: 1_000 }), record('2026-11-02T12:00:00Z', { costMicros: 2_000 })]));
    await fs.writeFile(bob, jsonl([record('2026-11-01T12:00:00Z', { costMicros: 4_000 })]));
    await fs.mkdir(path.join(dir, 'team'));
    await fs.copyFile(alice, path.join(dir, 'team', 'alice-copy.jsonl'));
    const run = await cli(['report', '--ledger', alice, '--ledger', bob, '--ledger', alice, '--ledger', path.join(dir, 'team'), '--json']);
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out);
    assert.equal(report.requests, 3);
    assert.equal(report.costUsd, 0.007);
    assert.match(run.err, /alice\.jsonl is left out: named more than once/);
    assert.match(run.err, /alice-copy\.jsonl is left out: the same file as .*alice\.jsonl/);
    const folder = JSON.parse((await cli(['report', '--ledger', dir, '--json'])).out);
    assert.equal(folder.requests, 3, 'a folder of exports: every .jsonl in it');
  });

  it('skips a damaged line with a warning naming the file and line, and counts the rest', async () => {
    const file = path.join(dir, 'ledger-2026-11.jsonl');
    await fs.writeFile(file, `${JSON.stringify(record('2026-11-01T12:00:00Z'))}\n{"v":1,"type":"request","id":"x"}\nnot json\n${JSON.stringify(record('2026-11-02T12:00:00Z'))}\n{"v":1,"ty`);
    const run = await cli(['report', '--ledger', file, '--json']);
    assert.equal(run.code, 0, run.err);
    assert.equal(JSON.parse(run.out).requests, 2);
    assert.equal(JSON.parse(run.out).damagedLines, 3);
    assert.match(run.err, /ledger-2026-11\.jsonl line 2: skipped, invalid request entry: time/);
    assert.match(run.err, /line 3: skipped, not valid JSON/);
    assert.match(run.err, /line 5: skipped, .*the last line, probably cut off/);
  });

  it('refuses what is not a ledger, naming the file and what to do', async () => {
    const notes = path.join(dir, 'notes.jsonl');
    await fs.writeFile(notes, '{"hello":1}\n{"hello":2}\n');
    const notLedger = await cli(['report', '--ledger', notes]);
    assert.equal(notLedger.code, 1);
    assert.match(notLedger.err, /notes\.jsonl is not a ledger: none of its 2 lines is a ledger entry \(line 1: unknown entry type/);
    const csv = path.join(dir, 'spend.csv');
    await fs.writeFile(csv, 'time,cost\n');
    const fromCsv = await cli(['report', '--ledger', csv]);
    assert.equal(fromCsv.code, 1);
    assert.match(fromCsv.err, /spend\.csv: a CSV export has lost the ledger's detail; export the ledger as JSONL/);
    const missing = await cli(['report', '--ledger', path.join(dir, 'nope.jsonl')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /--ledger .*nope\.jsonl: no such file or folder/);
    await fs.mkdir(path.join(dir, 'empty'));
    const empty = await cli(['report', '--ledger', path.join(dir, 'empty')]);
    assert.equal(empty.code, 1);
    assert.match(empty.err, /the folder has no ledger files/);
  });

  it('rejects bad arguments with a message naming the problem and exit code 2', async () => {
    const folder = await extensionFolder();
    const cases: [string[], RegExp][] = [
      [[], /--ledger is required/],
      [['--ledger', folder, '--by', 'person'], /--by takes day, week, tier, model, taskKind, surface, developer, not "person"/],
      [['--ledger', folder, '--since', 'last tuesday'], /--since takes a day \(2026-11-01\), a time with its zone .* or a number of days back \(30d\), not "last tuesday"/],
      [['--ledger', folder, '--since', '2026-02-30'], /--since 2026-02-30 is not a calendar day/],
      [['--ledger', folder, 'extra.jsonl'], /unexpected argument "extra\.jsonl": name each ledger with --ledger/],
      [['--ledger', folder, '--frobnicate'], /Unknown option '--frobnicate'/],
      [['--ledger'], /--ledger.*argument missing/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(['report', ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: exit code (${run.err})`);
      assert.match(run.err, message, args.join(' '));
      assert.match(run.err, /model-router report --ledger FILE\|FOLDER/, 'the usage follows');
    }
  });
});

describe('the report’s folding', () => {
  it('keeps one row per group, not the entries, and ignores annotations for cost', () => {
    const builder = new LedgerReportBuilder({ by: 'model' });
    for (let i = 0; i < 10_000; i++) builder.add(record(new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), { model: i % 2 ? 'a' : 'b', costMicros: 1 }), { file: 'x' });
    builder.add({ v: 1, type: 'feedback', id: 'r1', time: '2026-01-02T00:00:00Z', feedback: 'right' }, { file: 'x' });
    const report = builder.report();
    assert.equal(report.total.requests, 10_000);
    assert.equal(report.total.costMicros, 10_000);
    assert.equal(report.rows.length, 2);
    assert.equal(report.annotations, 1);
  });

  it('reads --since forms and says which it takes', () => {
    const now = new Date(2026, 10, 20, 15, 30);
    assert.deepEqual(parseSince('7d', now), { ok: true, ms: new Date(2026, 10, 13).getTime() });
    assert.deepEqual(parseSince('2026-11-01', now), { ok: true, ms: new Date(2026, 10, 1).getTime() });
    assert.deepEqual(parseSince('2026-11-01T09:00:00+01:00', now), { ok: true, ms: Date.UTC(2026, 10, 1, 8) });
    assert.equal(parseSince('2026-11-01T09:00:00', now).ok, false, 'a time without its zone is ambiguous');
    assert.equal(parseSince('yesterday', now).ok, false);
  });
});
