import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonlLedgerStore } from '../../src/node/jsonlLedgerStore';
import type { FeedbackEntry, SpendRecord } from '../../src/core/spend/spendRecord';
import { request, testLedger } from './spendFixtures';

/** A stored request line as the ledger writes it. */
function entry(id: string, overrides: Partial<SpendRecord> = {}): SpendRecord {
  return { ...request(), v: 1, type: 'request', id, time: '2026-11-20T10:00:00.000Z', sessionId: 's', ...overrides };
}

const line = (value: unknown): string => JSON.stringify(value);

describe('JsonlLedgerStore', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'model-router-ledger-'));
    file = path.join(dir, 'nested', 'deeper', 'spend.jsonl');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads a missing file as an empty ledger', async () => {
    assert.deepEqual(await new JsonlLedgerStore(file).load(), { entries: [], warnings: [] });
  });

  it('creates missing directories and reads back what it appended, one line per entry', async () => {
    const store = new JsonlLedgerStore(file);
    const feedback: FeedbackEntry = { v: 1, type: 'feedback', id: 'a', time: '2026-11-20T10:01:00.000Z', feedback: 'cheaper' };
    await store.append(entry('a'));
    await store.append(feedback);
    const text = await fs.readFile(file, 'utf8');
    assert.equal(text.split('\n').length, 3, `expected two lines and a final newline, got ${JSON.stringify(text)}`);
    assert.deepEqual(await store.load(), { entries: [entry('a'), feedback], warnings: [] });
  });

  it('recovers every intact record from a file with a cut middle line and a cut last line', async () => {
    const cutMiddle = line(entry('b')).slice(0, 40);
    const cutLast = line(entry('e')).slice(0, 75);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, [line(entry('a')), cutMiddle, line(entry('c')), line(entry('d')), cutLast].join('\n'));

    const store = new JsonlLedgerStore(file);
    const first = await store.load();
    assert.deepEqual(first.entries.map((e) => e.id), ['a', 'c', 'd'], 'every intact record should load');
    assert.equal(first.warnings.length, 2, first.warnings.join('\n'));
    assert.match(first.warnings[0] ?? '', /line 2: skipped, not valid JSON/);
    assert.match(first.warnings[1] ?? '', /line 5: skipped, not valid JSON .* the last line is incomplete/);

    await store.append(entry('f'));
    const after = await store.load();
    assert.deepEqual(after.entries.map((e) => e.id), ['a', 'c', 'd', 'f'], 'the new record must not be glued to the cut line');
    assert.deepEqual(after.entries.at(-1), entry('f'));
    assert.equal(after.warnings.length, 2, after.warnings.join('\n'));
    assert.match(after.warnings[1] ?? '', /line 5: skipped/);
    assert.doesNotMatch(after.warnings[1] ?? '', /last line/, 'line 5 is no longer the last line');
  });

  it('keeps 400 records intact when two writers append 200 each at the same time', async () => {
    const one = new JsonlLedgerStore(file);
    const two = new JsonlLedgerStore(file);
    const ids = Array.from({ length: 200 }, (_, i) => i);
    // Long reasons make each line several kilobytes, so interleaving would show.
    const reasons = ['x'.repeat(3000)];
    await Promise.all([
      ...ids.map((i) => one.append(entry(`one-${i}`, { reasons }))),
      ...ids.map((i) => two.append(entry(`two-${i}`, { reasons }))),
    ]);
    const { entries, warnings } = await new JsonlLedgerStore(file).load();
    assert.deepEqual(warnings, [], 'no line should be damaged');
    assert.equal(entries.length, 400);
    assert.equal(new Set(entries.map((e) => e.id)).size, 400, 'every record should be present exactly once');
  });

  it('skips a corrupt JSON line and names it', async () => {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${line(entry('a'))}\n{"v":1,"type":"request",,}\n${line(entry('c'))}\n`);
    const { entries, warnings } = await new JsonlLedgerStore(file).load();
    assert.deepEqual(entries.map((e) => e.id), ['a', 'c']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /spend\.jsonl line 2: skipped, not valid JSON/);
  });

  it('skips a line that fails the schema and says which field is wrong', async () => {
    const badCost = { ...entry('b'), costMicros: 'cheap' };
    const badTier = { ...entry('c'), tier: 'ultra' };
    const future = { ...entry('d'), v: 2 };
    const unknown = { v: 1, type: 'comment', text: 'hi' };
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, [entry('a'), badCost, badTier, future, unknown].map(line).join('\n') + '\n');
    const { entries, warnings } = await new JsonlLedgerStore(file).load();
    assert.deepEqual(entries.map((e) => e.id), ['a']);
    assert.equal(warnings.length, 4, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /line 2: skipped, invalid request entry: costMicros/);
    assert.match(warnings[1] ?? '', /line 3: skipped, invalid request entry: tier/);
    assert.match(warnings[2] ?? '', /line 4: skipped, invalid request entry: v/);
    assert.match(warnings[3] ?? '', /line 5: skipped, unknown entry type "comment"/);
  });

  it('ignores blank lines and caps the warnings of a badly damaged file', async () => {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const garbage = Array.from({ length: 25 }, () => 'garbage');
    await fs.writeFile(file, ['', line(entry('a')), '   ', ...garbage, ''].join('\n'));
    const { entries, warnings } = await new JsonlLedgerStore(file).load();
    assert.equal(entries.length, 1);
    assert.equal(warnings.length, 21, 'twenty named lines and one summary');
    assert.match(warnings[20] ?? '', /5 more damaged lines skipped/);
  });

  it('clears the history', async () => {
    const store = new JsonlLedgerStore(file);
    await store.append(entry('a'));
    await store.clear();
    assert.deepEqual(await store.load(), { entries: [], warnings: [] });
    await store.clear();
  });

  it('gives a reloaded ledger the same totals and feedback', async () => {
    const { ledger, clock } = testLedger({ store: new JsonlLedgerStore(file) });
    const first = await ledger.record(request());
    await ledger.record(request({ tier: 'frontier', model: 'claude-opus-5-5', costMicros: 14_000 }));
    await ledger.addFeedback(first.id, 'cheaper');
    const reloaded = testLedger({ store: new JsonlLedgerStore(file), clock }).ledger;
    const { records, warnings } = await reloaded.load();
    assert.deepEqual({ records, warnings }, { records: 2, warnings: [] });
    assert.deepEqual(reloaded.snapshot().session, ledger.snapshot().session);
  });
});
