/**
 * bench/ledger: a ledger that lasts for years. Writes a year of heavy use, 1,000,000 requests
 * (60% inline completions, most with their shown/accepted outcome, chat and command requests with
 * some feedback) as the extension stores it: one file per month plus a `ledger.jsonl` from before
 * rotation, then measures
 *   - `model-router report --ledger FOLDER --by day --json` (dist/cli.js, as shipped): wall time
 *     and peak RSS (/usr/bin/time), median of 3 runs; targets < 10 s and < 300 MB;
 *   - the extension's start (Ledger.load on the MonthlyLedgerStore, as activation calls it, each
 *     sample a fresh Node process): once without a snapshot (the first start after an upgrade, in
 *     the background), then with the snapshot and a tail of new requests, against an empty ledger
 *     folder: the two should be equal within noise. Also the longest the event loop was held.
 * Run with `npm run bench:ledger` (`-- --requests N` for another size). The ledger is written to a
 * temporary folder and deleted afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Ledger } from '../src/core/spend/ledger';
import type { LedgerEntry, SpendRecord } from '../src/core/spend/spendRecord';
import { MonthlyLedgerStore, monthFileName, SNAPSHOT_FILE } from '../src/node/monthlyLedgerStore';
import { seededRandom, summarize, writeResult } from './stats';

const root = join(__dirname, '..', '..');
const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const REQUESTS = Number(argument('--requests') ?? 1_000_000);
const CLI_RUNS = 3;
const LOAD_SAMPLES = 9;
/** Requests written after the snapshot before a measured start: a morning's work in several windows. */
const TAIL_REQUESTS = 100;
const END = Date.parse('2026-11-30T18:00:00Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;

const MODELS = { fast: 'claude-haiku-5-5', balanced: 'claude-sonnet-5-5', frontier: 'claude-opus-5-5' } as const;
const CHAT_KINDS = [
  ['explain', 'balanced'],
  ['tests', 'balanced'],
  ['bugfix', 'balanced'],
  ['refactor', 'balanced'],
  ['commitMessage', 'fast'],
  ['docs', 'fast'],
  ['architecture', 'frontier'],
  ['security', 'frontier'],
  ['debug', 'frontier'],
] as const;

/** One request as the engine records it, with realistic sizes (about 500 bytes a line). */
function requestAt(random: () => number, index: number, timeMs: number): SpendRecord {
  const completion = random() < 0.6;
  const [taskKind, tier] = completion ? (['completion', 'fast'] as const) : CHAT_KINDS[Math.floor(random() * CHAT_KINDS.length)];
  const input = completion ? 1500 + Math.floor(random() * 2000) : 4000 + Math.floor(random() * 30_000);
  const output = completion ? 10 + Math.floor(random() * 60) : 200 + Math.floor(random() * 1500);
  const rate = { fast: [1, 5], balanced: [3, 15], frontier: [15, 75] }[tier];
  const cost = Math.round(input * rate[0] + output * rate[1]);
  return {
    v: 1,
    type: 'request',
    id: `bench-${index.toString(36)}-${Math.floor(random() * 1e9).toString(36)}`,
    time: new Date(timeMs).toISOString(),
    sessionId: `session-${Math.floor(timeMs / (8 * 3600 * 1000)).toString(36)}`,
    surface: completion ? 'completion' : random() < 0.8 ? 'chat' : 'command',
    taskKind,
    tier,
    model: MODELS[tier],
    rule: `taskKind:${taskKind}`,
    reasons: [completion ? 'Inline completion → fast' : `${taskKind} → ${tier}`, 'No scope rule applied'],
    usage: { inputTokens: input, outputTokens: output, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: completion ? 0 : Math.floor(random() * 20_000) },
    costMicros: cost,
    frontierModel: MODELS.frontier,
    frontierCostMicros: Math.round(input * 15 + output * 75),
    latencyMs: completion ? 200 + Math.floor(random() * 400) : 2000 + Math.floor(random() * 20_000),
    outcome: random() < 0.01 ? 'cancelled' : 'ok',
    ...(completion ? {} : { conversationId: `conv-${Math.floor(index / 6).toString(36)}`, folder: 'src/billing', languageId: 'typescript' }),
    apiRequestId: `req_${Math.floor(random() * 1e15).toString(36)}`,
  } as SpendRecord;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Writes `count` requests over the year before END into `folder`; returns lines and bytes. */
async function generate(folder: string, count: number): Promise<{ lines: number; bytes: number; files: number }> {
  const random = seededRandom(14);
  const streams = new Map<string, WriteStream>();
  const ended: Promise<unknown>[] = [];
  const end = (stream: WriteStream) => ended.push(new Promise((resolve) => stream.end(resolve)));
  let lines = 0;
  const start = END - YEAR_MS;
  for (let index = 0; index < count; index++) {
    const timeMs = start + Math.floor((index / count) * YEAR_MS);
    const record = requestAt(random, index, timeMs);
    // The oldest two months are in ledger.jsonl, as an install from before rotation left them.
    const name = timeMs < start + YEAR_MS / 6 ? 'ledger.jsonl' : monthFileName(record.time);
    let stream = streams.get(name);
    if (stream === undefined) {
      streams.forEach(end);
      streams.clear();
      stream = createWriteStream(join(folder, name), { flags: 'a' });
      streams.set(name, stream);
    }
    const later: LedgerEntry[] = [];
    const after = new Date(timeMs + 1500).toISOString();
    if (record.surface === 'completion' && random() < 0.7) later.push({ v: 1, type: 'completionOutcome', id: record.id, time: after, outcome: random() < 0.3 ? 'accepted' : 'shown' });
    if (record.surface !== 'completion' && random() < 0.05) later.push({ v: 1, type: 'feedback', id: record.id, time: after, feedback: 'right' });
    await write(stream, [record, ...later].map((entry) => JSON.stringify(entry)).join('\n') + '\n');
    lines += 1 + later.length;
  }
  streams.forEach(end);
  await Promise.all(ended);
  const files = readdirSync(folder);
  return { lines, bytes: files.reduce((sum, name) => sum + statSync(join(folder, name)).size, 0), files: files.length };
}

/** `model-router report` as a user runs it: wall time and peak RSS from /usr/bin/time. */
function timeReport(folder: string): { seconds: number; peakRssMb: number; requests: number; costUsd: number } {
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, join(root, 'dist', 'cli.js'), 'report', '--ledger', folder, '--by', 'day', '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`model-router report failed (${run.status}): ${run.stderr}`);
  const timing = /TIME ([\d.]+) (\d+)/.exec(run.stderr);
  if (!timing) throw new Error(`no timing from /usr/bin/time: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { requests: number; costUsd: number };
  return { seconds: Number(timing[1]), peakRssMb: Math.round(Number(timing[2]) / 1024), requests: report.requests, costUsd: report.costUsd };
}

interface LoadSample {
  ms: number;
  from: string;
  records: number;
  bytesRead: number;
  /** Longest the event loop was held during the load. */
  maxBlockMs: number;
  rssMb: number;
}

/** One extension start in a fresh process (this file with `--load FOLDER`). */
function loadInChild(folder: string): LoadSample {
  const run = spawnSync(process.execPath, [__filename, '--load', folder], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`load failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as LoadSample;
}

/** The child: loads the ledger the way activation does and prints what it took. */
async function childLoad(folder: string): Promise<void> {
  const ledger = new Ledger({ store: new MonthlyLedgerStore(folder), sessionId: 'bench-window' });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  delay.enable();
  const started = performance.now();
  const loaded = await ledger.load();
  const ms = performance.now() - started;
  delay.disable();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const sample: LoadSample = { ms: Math.round(ms * 100) / 100, from: loaded.from ?? 'full', records: loaded.records, bytesRead: loaded.bytesRead ?? 0, maxBlockMs: Math.round(delay.max / 1e5) / 10, rssMb: Math.round(peakRss / 1024 / 1024) };
  process.stdout.write(JSON.stringify(sample));
}

async function appendTail(folder: string, count: number): Promise<void> {
  const random = seededRandom(99);
  const store = new MonthlyLedgerStore(folder);
  for (let i = 0; i < count; i++) await store.append(requestAt(random, REQUESTS + i, END + i * 60_000));
}

/** Alternates the two folders so drift in the machine's load hits both alike. */
function compareStarts(full: string, empty: string): { withLedger: LoadSample[]; empty: LoadSample[] } {
  const withLedger: LoadSample[] = [];
  const none: LoadSample[] = [];
  for (let i = 0; i < LOAD_SAMPLES; i++) {
    withLedger.push(loadInChild(full));
    none.push(loadInChild(empty));
  }
  return { withLedger, empty: none };
}

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'bench-ledger-'));
  const full = join(base, 'globalStorage');
  const empty = join(base, 'empty');
  execFileSync('mkdir', ['-p', full, empty]);
  try {
    const generateStarted = Date.now();
    const written = await generate(full, REQUESTS);
    console.log(`wrote ${REQUESTS} requests (${written.lines} lines, ${(written.bytes / 1e6).toFixed(0)} MB in ${written.files} files) in ${((Date.now() - generateStarted) / 1000).toFixed(1)} s`);

    const reports = Array.from({ length: CLI_RUNS }, () => timeReport(full));
    reports.forEach((run, i) => console.log(`report run ${i + 1}: ${run.seconds} s, peak RSS ${run.peakRssMb} MB, ${run.requests} requests, $${run.costUsd.toFixed(2)}`));
    if (reports.some((run) => run.requests !== REQUESTS)) throw new Error(`the report counted ${reports[0].requests} requests, not ${REQUESTS}`);

    const firstStart = loadInChild(full);
    console.log(`first start without a snapshot: ${firstStart.ms} ms, ${(firstStart.bytesRead / 1e6).toFixed(0)} MB read, event loop held at most ${firstStart.maxBlockMs} ms, peak RSS ${firstStart.rssMb} MB`);
    const snapshotBytes = statSync(join(full, SNAPSHOT_FILE)).size;
    await appendTail(full, TAIL_REQUESTS);
    const starts = compareStarts(full, empty);
    if (starts.withLedger.some((sample) => sample.from !== 'snapshot' || sample.records !== REQUESTS + TAIL_REQUESTS)) throw new Error(`a start did not come from the snapshot: ${JSON.stringify(starts.withLedger[0])}`);
    const withLedger = summarize(starts.withLedger.map((sample) => sample.ms));
    const withoutLedger = summarize(starts.empty.map((sample) => sample.ms));
    const tailBytes = starts.withLedger[0].bytesRead;

    const cli = { seconds: summarize(reports.map((run) => run.seconds)), peakRssMb: Math.max(...reports.map((run) => run.peakRssMb)) };
    const summary = [
      `model-router report over 1 year, ${REQUESTS.toLocaleString('en-US')} requests (${(written.bytes / 1e6).toFixed(0)} MB in ${written.files} monthly files), --by day --json: ${cli.seconds.p50} s (median of ${CLI_RUNS}), peak RSS ${cli.peakRssMb} MB (targets: < 10 s, < 300 MB)`,
      `extension start with that ledger, snapshot (${(snapshotBytes / 1024).toFixed(0)} KB) + ${TAIL_REQUESTS} new requests (${(tailBytes / 1024).toFixed(0)} KB read): Ledger.load ${withLedger.p50} ms median against ${withoutLedger.p50} ms with an empty ledger (${LOAD_SAMPLES} fresh processes each, alternating; max ${withLedger.max} vs ${withoutLedger.max} ms)`,
      `first start after an upgrade (no snapshot yet, in the background): ${(firstStart.ms / 1000).toFixed(1)} s reading ${(firstStart.bytesRead / 1e6).toFixed(0)} MB in chunks, the event loop held at most ${firstStart.maxBlockMs} ms at a time, peak RSS ${firstStart.rssMb} MB; it writes the snapshot the next starts use`,
    ];
    const path = writeResult('ledger', {
      requests: REQUESTS,
      ledger: { lines: written.lines, bytes: written.bytes, files: written.files, snapshotBytes },
      cliReport: { command: 'node dist/cli.js report --ledger FOLDER --by day --json', runs: reports, seconds: cli.seconds, peakRssMb: cli.peakRssMb, targets: { seconds: 10, peakRssMb: 300 } },
      firstStart,
      starts: { tailRequests: TAIL_REQUESTS, tailBytes, withLedgerMs: withLedger, emptyMs: withoutLedger, samples: starts },
      summary,
    });
    summary.forEach((line) => console.log(line));
    console.log(`written to ${path}`);
  } finally {
    if (process.env.BENCH_KEEP === undefined) rmSync(base, { recursive: true, force: true });
    else console.log(`kept ${base}`);
  }
}

const loadFolder = argument('--load');
(loadFolder === undefined ? main() : childLoad(loadFolder)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
