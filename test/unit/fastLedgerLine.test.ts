import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastLedgerEntry } from '../../src/core/spend/fastLedgerLine';
import { parseLedgerEntry } from '../../src/core/spend/spendRecord';
import { parseFileLine, readFileLines } from '../../src/node/ledgerLines';
import type { FileLine } from '../../src/node/ledgerLines';
import { readLedgerSource } from '../../src/node/ledgerSources';

/** A request line as the engine writes it, every optional field present. */
const REQUEST = {
  v: 1,
  type: 'request',
  id: 'r-1',
  time: '2026-11-30T18:00:00.000Z',
  sessionId: 's-1',
  surface: 'chat',
  taskKind: 'explain',
  tier: 'balanced',
  model: 'claude-sonnet-5-5',
  rule: 'taskKind',
  reasons: ['Explain (learned, 92% sure)'],
  override: { tier: 'frontier', scope: 'next' },
  usage: { inputTokens: 1200, outputTokens: 300, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 800, thinkingTokens: 0 },
  costMicros: 8100,
  frontierModel: 'claude-opus-5-5',
  frontierCostMicros: 40500,
  latencyMs: 812.5,
  outcome: 'ok',
  errorKind: 'overloaded',
  conversationId: 'c-1',
  usageEstimated: true,
  apiRequestId: 'req_1',
  endpoint: 'local',
  gatewayCostMicros: 8000,
  developer: 'ada',
  effort: 'medium',
  thinking: 'adaptive',
  thinkingCostMicros: 0,
  retryOf: { id: 'r-0', action: 'retryUp' },
  routedTier: 'fast',
  folder: 'api',
  languageId: 'typescript',
};
const FEEDBACK = { v: 1, type: 'feedback', id: 'r-1', time: '2026-11-30T18:01:00.000Z', feedback: 'cheaper' };
const OUTCOME = { v: 1, type: 'completionOutcome', id: 'r-2', time: '2026-11-30T18:02:00.000Z', outcome: 'accepted' };

/** Values a damaged, older, newer or hostile line may hold in any field. */
const ODD_VALUES: unknown[] = [
  null,
  undefined,
  '',
  'x',
  'x'.repeat(201),
  0,
  -1,
  1.5,
  2 ** 53,
  1e308,
  true,
  [],
  ['a', 1],
  {},
  { tier: 'fast' },
  '2026-02-29T00:00:00.000Z',
  '2028-02-29T23:59:59.999Z',
  '1900-02-29T00:00:00.000Z',
  '2000-02-29T00:00:00.000Z',
  '2026-04-31T00:00:00.000Z',
  '2026-13-01T00:00:00.000Z',
  '2026-11-30T18:60:00.000Z',
  '2026-11-30T18:00:00.00Z',
  '2026-11-30 18:00:00.000Z',
  '2026-11-30T18:00:00.000z',
  '２026-11-30T18:00:00.000Z',
  '2026-11-30T18:00:00Z',
  '2026-11-30T18:00:00.000+01:00',
  '2026-11-30T24:00:00.000Z',
  'fast',
  'local',
  'next',
  'retryUp',
  'accepted',
  'cheaper',
];

function variants(base: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [base];
  const keys = Object.keys(base);
  for (const key of keys) {
    const { [key]: _left, ...without } = base;
    out.push(without);
    for (const value of ODD_VALUES) out.push({ ...base, [key]: value });
    const nested = base[key];
    if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
      for (const inner of Object.keys(nested)) for (const value of ODD_VALUES) out.push({ ...base, [key]: { ...nested, [inner]: value } });
      out.push({ ...base, [key]: { ...nested, extra: 1 } });
    }
  }
  out.push({ ...base, extra: 'a newer field' }, JSON.parse(`{"__proto__":{"polluted":1},${JSON.stringify(base).slice(1)}`) as Record<string, unknown>);
  return out;
}

describe('the ledger’s fast line check', () => {
  it('takes the lines the extension writes without the schema, as the schema would return them', () => {
    for (const line of [REQUEST, FEEDBACK, OUTCOME]) {
      const fast = fastLedgerEntry(JSON.parse(JSON.stringify(line)));
      assert.ok(fast, `${line.type} should take the fast path`);
      const slow = parseLedgerEntry(line);
      assert.ok(slow.ok);
      assert.deepEqual(fast, slow.entry);
    }
  });

  it('never accepts a line the schema rejects or would change, over about 1,300 varied lines', () => {
    let fastOnes = 0;
    let all = 0;
    for (const base of [REQUEST, FEEDBACK, OUTCOME]) {
      for (const variant of variants(base)) {
        const value = JSON.parse(JSON.stringify(variant)) as unknown;
        all += 1;
        const fast = fastLedgerEntry(value);
        if (fast === undefined) continue;
        fastOnes += 1;
        const slow = parseLedgerEntry(value);
        assert.ok(slow.ok, `the fast check took a line the schema rejects (${slow.ok ? '' : slow.error}): ${JSON.stringify(variant)}`);
        assert.deepEqual(fast, slow.entry, `the schema would change ${JSON.stringify(variant)}`);
      }
    }
    assert.ok(all > 1000, `${all} lines`);
    assert.ok(fastOnes > 100, `the fast path took only ${fastOnes} lines`);
  });

  it('a damaged line is still skipped with the schema’s words', () => {
    const bad = JSON.stringify({ ...REQUEST, usage: { ...REQUEST.usage, outputTokens: 'many' } });
    assert.match(parseFileLine({ text: bad, number: 7, end: 0 }).error ?? '', /^invalid request entry: usage\.outputTokens: /);
    assert.match(parseFileLine({ text: '{"v":1,', number: 8, end: 0 }).error ?? '', /^not valid JSON/);
    assert.deepEqual(parseFileLine({ text: '  ', number: 9, end: 0 }), {});
  });
});

describe('reading ledger lines in chunks', () => {
  it('gives every line, its number and byte end across chunk boundaries and multi-byte characters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-lines-'));
    try {
      const file = join(dir, 'ledger.jsonl');
      // Lines of varied length with 2-, 3- and 4-byte characters, so some fall across the 256 KB
      // chunks, between runs of ASCII-only lines long enough for whole chunks of them (each chunk is
      // read while the one before it is handled).
      const ascii = (from: number) => Array.from({ length: 3000 }, (_, i) => `{"i":${from + i},"text":"${'a'.repeat(((from + i) * 37) % 300)}"}`);
      const mixed = Array.from({ length: 3000 }, (_, i) => `{"i":${3000 + i},"text":"${'é€😀'.repeat(i % 97)}${'a'.repeat((i * 37) % 300)}"}`);
      const lines = [...ascii(0), ...mixed, ...ascii(6000)];
      const text = `${lines.join('\n')}\npiece-é`;
      writeFileSync(file, text);
      const seen: FileLine[] = [];
      let piece: FileLine | undefined;
      const read = await readFileLines(file, 0, (line) => seen.push(line), (last) => (piece = last));
      assert.deepEqual(
        seen.map((line) => line.text),
        lines,
      );
      let offset = 0;
      seen.forEach((line, i) => {
        offset += Buffer.byteLength(lines[i]) + 1;
        assert.equal(line.number, i + 1);
        assert.equal(line.end, offset, `line ${i + 1} ends at byte ${offset}`);
      });
      assert.equal(piece?.text, 'piece-é');
      assert.deepEqual(read, { end: offset, size: Buffer.byteLength(text) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a report source keeps every good line and names each bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-lines-'));
    try {
      const file = join(dir, 'export.jsonl');
      writeFileSync(file, [JSON.stringify(REQUEST), 'garbage', JSON.stringify({ ...REQUEST, id: 'r-3', newer: true }), JSON.stringify({ ...FEEDBACK, feedback: 'meh' }), JSON.stringify(OUTCOME)].join('\n'));
      const ids: string[] = [];
      const damaged: string[] = [];
      const read = await readLedgerSource(
        file,
        (entry) => ids.push(entry.id),
        (where) => damaged.push(where),
      );
      assert.deepEqual(ids, ['r-1', 'r-3', 'r-2'], 'a newer field is dropped, the line kept');
      assert.deepEqual(damaged, [`${file} line 2`, `${file} line 4`]);
      assert.equal(read.entries, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
