// The totals snapshot: a start reads the snapshot and the lines after it, and the status bar,
// budgets and report get exactly what a full read of every month's file gives.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Ledger } from '../../src/core/spend/ledger';
import type { SpendSnapshot } from '../../src/core/spend/ledger';
import type { LedgerStore } from '../../src/core/spend/ledgerStore';
import { MonthlyLedgerStore, SNAPSHOT_FILE } from '../../src/node/monthlyLedgerStore';
import { evaluateBudget } from '../../src/core/routing/budget';
import type { Budget } from '../../src/core/routing/budget';
import { FEEDBACKS } from '../../src/core/spend/feedback';
import { describeSpend } from '../../src/core/spend/statusBarText';
import { ManualClock, request, utcDay } from './spendFixtures';

const MINUTE = 60_000;
const NO_BUDGET: Budget = { onExceed: 'warn' };

describe('the totals snapshot beside the monthly ledger', () => {
  let folder: string;
  let clock: ManualClock;
  let ids = 0;

  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'model-router-snapshot-'));
    clock = new ManualClock(new Date('2026-11-29T10:00:00Z'));
  });
  afterEach(() => fs.rm(folder, { recursive: true, force: true }));

  const window = (sessionId: string, store: LedgerStore = new MonthlyLedgerStore(folder, clock.read)) =>
    new Ledger({ store, sessionId, clock: clock.read, dayOf: utcDay, newId: () => `${sessionId}-${++ids}`, checkpointEvery: 1_000_000 });

  /** What reading every line of every file gives, the way the ledger read before snapshots. */
  async function fullRead(sessionId: string): Promise<SpendSnapshot> {
    const files = new MonthlyLedgerStore(folder, clock.read);
    const ledger = window(sessionId, { load: () => files.load(), append: () => Promise.reject(new Error('read only')) });
    await ledger.load();
    return ledger.snapshot();
  }

  async function assertSameAsFullRead(ledger: Ledger, what: string): Promise<void> {
    const full = await fullRead(ledger.sessionId);
    const mine = ledger.snapshot();
    assert.ok(mine.allTime.requests > 0, `${what}: the history has requests`);
    assert.deepEqual(mine, full, `${what}: the totals differ from a full read of the ledger`);
  }

  /** A morning of work: chat requests with feedback, completions shown and accepted. */
  async function work(ledger: Ledger, chats: number, completions: number): Promise<string[]> {
    const chatIds: string[] = [];
    for (let i = 0; i < chats; i++) {
      const record = await ledger.record(request({ costMicros: 1_000 + i, tier: i % 3 === 0 ? 'frontier' : 'balanced' }));
      chatIds.push(record.id);
      if (i % 4 === 0) await ledger.addFeedback(record.id, FEEDBACKS[i % 8 === 0 ? 0 : 1]);
      clock.advance(MINUTE);
    }
    for (let i = 0; i < completions; i++) {
      const record = await ledger.record(request({ surface: 'completion', taskKind: 'completion', tier: 'fast', model: 'claude-haiku-5-5', costMicros: 30 + i }));
      await ledger.recordCompletionOutcome(record.id, 'shown');
      if (i % 3 === 0) await ledger.recordCompletionOutcome(record.id, 'accepted');
      clock.advance(1000);
    }
    return chatIds;
  }

  it('starts from the snapshot and the tail, counting later feedback and outcomes of requests before it as a full read does', async () => {
    const a = window('a');
    await a.load();
    const chats = await work(a, 20, 30);
    clock.advance(2 * 24 * 60 * MINUTE);
    await work(a, 10, 10);
    const first = window('a');
    const firstLoad = await first.load();
    assert.equal(firstLoad.from, 'full', 'no snapshot yet: the first start reads everything');
    const snapshotText = await fs.readFile(path.join(folder, SNAPSHOT_FILE), 'utf8');
    const coveredBytes = (await fs.stat(new MonthlyLedgerStore(folder, clock.read).currentFile)).size;
    assert.ok(snapshotText.length < 40_000, `the snapshot is kilobytes, not ${snapshotText.length} bytes`);

    // After the snapshot: feedback changed on a request two days older, a completion from before
    // it accepted, more requests.
    await a.addFeedback(chats[0], FEEDBACKS[2]);
    await a.addFeedback(chats[1], FEEDBACKS[0]);
    const late = await a.record(request({ surface: 'completion', taskKind: 'completion', tier: 'fast', model: 'claude-haiku-5-5', costMicros: 44 }));
    const second = window('a');
    await second.load();
    await a.recordCompletionOutcome(late.id, 'accepted');
    await work(a, 3, 3);

    const again = window('a');
    const loaded = await again.load();
    assert.equal(loaded.from, 'snapshot', `read from the snapshot: ${loaded.warnings.join('; ')}`);
    const ledgerBytes = (await fs.stat(new MonthlyLedgerStore(folder, clock.read).currentFile)).size;
    assert.equal(loaded.bytesRead, ledgerBytes - coveredBytes, `read ${loaded.bytesRead} of ${ledgerBytes} bytes: only what came after the snapshot`);
    await assertSameAsFullRead(again, 'snapshot plus tail');
    assert.equal(again.snapshot().allTime.feedback[FEEDBACKS[2]], 1, 'the late verdict on the oldest request counts');
    assert.equal(again.snapshot().session.requests, again.snapshot().allTime.requests, 'every request is in the resumed session');
  });

  it('counts two windows appending to the same month, each writing snapshots, as a full read does', async () => {
    const a = window('a');
    const b = window('b');
    await Promise.all([a.load(), b.load()]);
    for (let round = 0; round < 4; round++) {
      await Promise.all([work(a, 3, 5), work(b, 2, 6)]);
      await (round % 2 === 0 ? a : b).checkpoint();
    }
    for (const session of ['a', 'b']) {
      const fresh = window(session);
      const loaded = await fresh.load();
      assert.equal(loaded.from, 'snapshot');
      await assertSameAsFullRead(fresh, `window ${session}`);
    }
  });

  it('reads a last line cut off or still being written again later, and never counts it twice', async () => {
    const a = window('a');
    await a.load();
    await work(a, 4, 4);
    await window('a').load(); // writes the snapshot
    const next = JSON.stringify({ ...request({ costMicros: 5_000 }), v: 1, type: 'request', id: 'other-window-1', time: clock.now.toISOString(), sessionId: 'b' });
    const file = new MonthlyLedgerStore(folder, clock.read).currentFile;
    await fs.appendFile(file, next.slice(0, 50));
    const during = window('a');
    const duringLoad = await during.load();
    assert.match(duringLoad.warnings.join('\n'), /the last line is incomplete/);
    await assertSameAsFullRead(during, 'with half a line at the end');

    await fs.appendFile(file, `${next.slice(50)}\n`); // the other window's write completes
    const after = window('a');
    await after.load();
    assert.equal(after.snapshot().allTime.requests, during.snapshot().allTime.requests + 1, 'the completed line counts once');
    await assertSameAsFullRead(after, 'after the line was completed');
  });

  it('reads everything again when the snapshot is newer than the file, or the file was replaced', async () => {
    const a = window('a');
    await a.load();
    await work(a, 6, 6);
    await window('a').load();
    const file = new MonthlyLedgerStore(folder, clock.read).currentFile;
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    await fs.writeFile(file, `${lines.slice(0, 4).join('\n')}\n`);
    const shorter = window('a');
    const loaded = await shorter.load();
    assert.equal(loaded.from, 'full');
    assert.match(loaded.warnings.join('\n'), /no longer matches the ledger .*shorter/);
    await assertSameAsFullRead(shorter, 'after the file shrank');

    // Same length or longer, other bytes: another ledger copied over this one.
    await work(a, 8, 0);
    await window('a').load();
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace(/"id":"a-/, '"id":"x-'));
    const replaced = window('a');
    const replacedLoad = await replaced.load();
    assert.equal(replacedLoad.from, 'full', `a replaced file is read in full: ${replacedLoad.warnings.join('; ')}`);
    await assertSameAsFullRead(replaced, 'after the file was replaced');
  });

  for (const [damage, text] of [
    ['not JSON', '{"v":1,"shape":"'],
    ['valid JSON of the wrong form', '{"v":1,"position":[],"allTime":{"requests":-1}}'],
  ] as const) {
    it(`rebuilds in full from a snapshot that is ${damage}, says so, and writes a good one`, async () => {
      const a = window('a');
      await a.load();
      await work(a, 5, 5);
      await fs.writeFile(path.join(folder, SNAPSHOT_FILE), text);
      const rebuilt = window('a');
      const loaded = await rebuilt.load();
      assert.equal(loaded.from, 'full');
      assert.match(loaded.warnings.join('\n'), /totals snapshot is damaged/);
      await assertSameAsFullRead(rebuilt, 'rebuilt');
      const next = await window('a').load();
      assert.equal(next.from, 'snapshot', 'the rebuilt snapshot is used by the next start');
    });
  }

  it('treats an unreadable snapshot as a warning, not a failure', async () => {
    const a = window('a');
    await a.load();
    await work(a, 2, 2);
    await fs.mkdir(path.join(folder, SNAPSHOT_FILE));
    const ledger = window('a');
    const loaded = await ledger.load();
    assert.match(loaded.warnings.join('\n'), /could not be read/);
    assert.match(loaded.warnings.join('\n'), /could not be written/);
    await assertSameAsFullRead(ledger, 'without a readable snapshot');
  });

  it('appends each month to its own file, never touches an older month, and reads a file from before rotation first', async () => {
    const old = { ...request({ costMicros: 123 }), v: 1, type: 'request', id: 'before-rotation', time: '2026-10-01T09:00:00.000Z', sessionId: 'old' };
    await fs.writeFile(path.join(folder, 'ledger.jsonl'), `${JSON.stringify(old)}\n`);
    const a = window('a');
    await a.load();
    await work(a, 3, 0);
    const november = path.join(folder, 'ledger-2026-11.jsonl');
    const novemberText = await fs.readFile(november, 'utf8');
    clock.now = new Date('2026-12-01T08:00:00Z');
    await work(a, 2, 0);
    assert.equal(await fs.readFile(november, 'utf8'), novemberText, 'November is not written in December');
    const december = (await fs.readFile(path.join(folder, 'ledger-2026-12.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(december.filter((line) => line.includes('"type":"request"')).length, 2, 'December\'s requests are in December\'s file');
    const fresh = window('a');
    await fresh.load();
    assert.equal(fresh.snapshot().allTime.requests, 6, 'the file from before rotation, November and December');
    await assertSameAsFullRead(fresh, 'across months');
  });

  it('records while the history loads, shows that it is loading, and counts those requests once', async () => {
    const a = window('a');
    await a.load();
    await work(a, 30, 30);
    const ledger = window('a');
    const loading = ledger.load();
    assert.equal(ledger.snapshot().loading, true, 'the snapshot says the history is loading');
    const view = describeSpend(ledger.snapshot(), evaluateBudget(ledger.snapshot(), NO_BUDGET));
    assert.match(view.text, /loading/, `the status bar says so: ${view.text}`);
    const during = await ledger.record(request({ costMicros: 777 }));
    await loading;
    assert.equal(ledger.snapshot().loading, undefined, 'loaded');
    assert.doesNotMatch(describeSpend(ledger.snapshot(), evaluateBudget(ledger.snapshot(), NO_BUDGET)).text, /loading/);
    assert.equal(ledger.snapshot().allTime.requests, 61, 'the history and the request recorded during the load, once');
    assert.equal(ledger.snapshot().allTime.byModel.get('claude-sonnet-5-5')?.requests, 31);
    await assertSameAsFullRead(ledger, `after recording ${during.id} during the load`);
  });
});
