// The ledger file as two VS Code windows share it: separate processes appending through the real
// JsonlLedgerStore, after a crash left its last line cut in half.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { JsonlLedgerStore } from '../../src/node/jsonlLedgerStore';
import { Ledger } from '../../src/core/spend/ledger';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { request } from './spendFixtures';

const run = promisify(execFile);
const WINDOW = path.join(__dirname, 'helpers', 'ledgerWindow.js');
const PER_WINDOW = 300;

function stored(id: string, costMicros: number): SpendRecord {
  return { ...request({ costMicros }), v: 1, type: 'request', id, time: '2026-11-20T10:00:00.000Z', sessionId: 'earlier' };
}

describe('the ledger shared by two windows, after a crash', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'model-router-windows-'));
    file = path.join(dir, 'ledger.jsonl');
    // Two good records, then a record cut off mid-line by a crash: no final newline.
    const cut = JSON.stringify(stored('cut', 999_999)).slice(0, 120);
    await fs.writeFile(file, `${JSON.stringify(stored('good-1', 7_000))}\n${JSON.stringify(stored('good-2', 3_000))}\n${cut}`);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('starts with the good records, warns once about the cut line, and appends on a line of its own', async () => {
    const ledger = new Ledger({ store: new JsonlLedgerStore(file), sessionId: 'now' });
    const loaded = await ledger.load();
    assert.equal(loaded.records, 2, 'both good records are kept');
    assert.equal(loaded.warnings.length, 1, `one warning: ${loaded.warnings.join('\n')}`);
    assert.match(loaded.warnings[0], /line 3: skipped, .*the last line is incomplete/);
    assert.equal(ledger.snapshot().allTime.costMicros, 10_000, 'the cut record costs nothing it did not record');

    const added = await ledger.record(request({ costMicros: 5_000 }));
    const again = new Ledger({ store: new JsonlLedgerStore(file), sessionId: 'next' });
    const reloaded = await again.load();
    assert.equal(reloaded.records, 3, 'the new record is not glued onto the cut line');
    assert.equal(reloaded.warnings.length, 1, 'still only the cut line is reported');
    assert.equal(again.snapshot().allTime.costMicros, 15_000);
    assert.ok((await fs.readFile(file, 'utf8')).endsWith(`${JSON.stringify(added)}\n`), 'the new record is the last line, whole');
  });

  it('loses and mixes nothing when two processes append 300 records each at the same moment', async function () {
    this.timeout(30_000);
    const startAt = String(Date.now() + 2000);
    const windows = await Promise.all(['window-a', 'window-b'].map((session) => run(process.execPath, [WINDOW, file, session, String(PER_WINDOW), startAt])));
    for (const { stdout } of windows) {
      const { loaded } = JSON.parse(stdout) as { loaded: { records: number; warnings: string[] } };
      assert.equal(loaded.records, 2, 'each window starts with the good records');
      assert.equal(loaded.warnings.length, 1, 'and one warning about the cut line');
    }

    const { entries, warnings } = await new JsonlLedgerStore(file).load();
    assert.equal(warnings.length, 1, `only the crash's line is damaged: ${warnings.join('\n')}`);
    assert.match(warnings[0], /line 3: skipped/);
    const records = entries.filter((entry): entry is SpendRecord => entry.type === 'request');
    assert.equal(records.length, 2 + 2 * PER_WINDOW, 'no record is lost');
    assert.equal(new Set(records.map((record) => record.id)).size, records.length, 'no record is written twice');
    const order = records.map((record) => record.sessionId).filter((session) => session !== 'earlier');
    const switches = order.filter((session, i) => i > 0 && session !== order[i - 1]).length;
    assert.ok(switches >= 2, `the windows took turns only ${switches} times: they did not write at the same time, so this run proves nothing`);
    for (const session of ['window-a', 'window-b']) {
      const mine = records.filter((record) => record.sessionId === session);
      assert.equal(mine.length, PER_WINDOW, `${session} has all its records`);
      for (const record of mine) assert.match(record.reasons[0], new RegExp(`^${session} request \\d+ \\.+$`), 'a line holds one record, not pieces of two');
    }
    const expectedMicros = 10_000 + 2 * Array.from({ length: PER_WINDOW }, (_, i) => 15 + i).reduce((a, b) => a + b, 0);
    const totals = new Ledger({ store: new JsonlLedgerStore(file), sessionId: 'after' });
    await totals.load();
    assert.equal(totals.snapshot().allTime.costMicros, expectedMicros, 'the totals are exactly what both windows recorded');
  });
});
