/**
 * `npm run bench`: runs every benchmark of BENCHES one after another (each its own process, as
 * `npm run bench:<name>` runs it), then writes bench/results/SUMMARY.md from their results: each
 * bench's `summary` lines, the machine, the date and the commands that reproduce them.
 * Adding a benchmark is one line in BENCHES; its result should carry `summary: string[]`.
 * `node out/bench/run.js --only route,replay` runs some of them (the summary keeps the others'
 * last results).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeResultText } from './stats';

export interface BenchEntry {
  /** bench/<name>.ts, results in bench/results/<name>.json, `npm run bench:<name>`. */
  readonly name: string;
  readonly what: string;
  /** Starts VS Code: run under `flock /tmp/it.lock`, one VS Code at a time on the machine. */
  readonly vscode?: boolean;
  /** Node flags the bench needs (`--expose-gc` to measure the heap after a full collection). */
  readonly nodeArgs?: readonly string[];
}

export const BENCHES: readonly BenchEntry[] = [
  { name: 'route', what: 'Routing latency' },
  { name: 'routing', what: 'Routing quality on the held-out corpus split' },
  { name: 'completions', what: 'Inline completions: overhead, requests per keystroke, cancelled billing' },
  { name: 'chat', what: 'Chat webview rendering' },
  { name: 'activation', what: 'Activation time in the real VS Code', vscode: true },
  { name: 'bundles', what: 'Bundle sizes' },
  { name: 'replay', what: 'Cost replay of the published workloads' },
  { name: 'effort', what: 'Effort and thinking per task kind against one dial per tier, on the replay workloads' },
  { name: 'cascade', what: 'The Haiku → Sonnet cascade on published SWE-bench Pro outcomes' },
  { name: 'cascadeGate', what: 'The verified cascade through the engine, gate outcomes scripted at four pass rates' },
  { name: 'load', what: 'Load: 500 completion triggers in 10 s', nodeArgs: ['--expose-gc'] },
  { name: 'ledger', what: 'A ledger that lasts for years: 1M requests, model-router report and the extension start' },
  { name: 'learning', what: 'Routing that learns from a simulated user’s flags: agreement and cost after 0, 50, 200 and 1,000 interactions' },
];

const root = join(__dirname, '..', '..');
const resultsDir = join(root, 'bench', 'results');

function hasFlock(): boolean {
  return spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0;
}

function runOne(entry: BenchEntry): { ok: boolean; seconds: number } {
  const script = join(__dirname, `${entry.name}.js`);
  const node = [process.execPath, ...(entry.nodeArgs ?? []), script];
  const [command, ...args] = entry.vscode && hasFlock() ? ['flock', '/tmp/it.lock', ...node] : node;
  console.log(`\n=== bench:${entry.name} — ${entry.what} ===`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return { ok: run.status === 0, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

interface Result {
  date?: string;
  machine?: { node?: string; cpus?: number; cpu?: string; platform?: string };
  summary?: string[];
}

function readResult(name: string): Result | undefined {
  const path = join(resultsDir, `${name}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Result) : undefined;
}

export function summaryMarkdown(runs: ReadonlyMap<string, { ok: boolean; seconds: number }>, now = new Date()): string {
  const cpu = cpus();
  const lines = [
    '# Benchmark summary',
    '',
    `Written by \`npm run bench\` on ${now.toISOString()}.`,
    `Machine: ${cpu.length} cores (${cpu[0]?.model?.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 1024 ** 3)} GB RAM, ${process.platform}, Node ${process.version}.`,
    'Reproduce all: `npm run bench` (build, compile, then every benchmark below; the VS Code one holds /tmp/it.lock).',
    'Timings are noisy on a shared machine; the JSON next to this file holds every sample summary.',
    '',
  ];
  for (const entry of BENCHES) {
    const result = readResult(entry.name);
    const run = runs.get(entry.name);
    lines.push(`## ${entry.what} (\`npm run bench:${entry.name}\`)`, '');
    if (run && !run.ok) lines.push(`**Failed in this run** (${run.seconds} s); the figures below, if any, are from an earlier run.`, '');
    if (!result) {
      lines.push('No result yet.', '');
      continue;
    }
    const when = result.date ? `${result.date}${result.machine ? `, Node ${result.machine.node}, ${result.machine.cpus} cores` : ''}` : 'unknown date';
    lines.push(...(result.summary ?? ['(this result has no summary lines)']).map((line) => `- ${line}`));
    lines.push('', `Result: bench/results/${entry.name}.json (${when}${run ? `; took ${run.seconds} s` : ''}).`, '');
    if (entry.name === 'replay' && existsSync(join(resultsDir, 'replay.md'))) {
      // The README's table, as the replay bench wrote it (without its own heading).
      lines.push(readFileSync(join(resultsDir, 'replay.md'), 'utf8').replace(/^# .*\n/, '').replace(/^## /gm, '### ').trim(), '');
    }
  }
  return lines.join('\n');
}

function main(): void {
  const onlyArgument = process.argv.indexOf('--only');
  const only = onlyArgument > 0 ? process.argv[onlyArgument + 1].split(',') : undefined;
  const unknown = (only ?? []).filter((name) => !BENCHES.some((entry) => entry.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHES.map((entry) => entry.name).join(', ')}`);
  const runs = new Map<string, { ok: boolean; seconds: number }>();
  for (const entry of BENCHES.filter((e) => only === undefined || only.includes(e.name))) runs.set(entry.name, runOne(entry));
  const path = writeResultText('SUMMARY.md', summaryMarkdown(runs));
  console.log('\n=== Benchmarks ===');
  for (const [name, run] of runs) console.log(`${run.ok ? 'OK  ' : 'FAIL'}  ${name}  (${run.seconds} s)`);
  console.log(`summary: ${path}`);
  if ([...runs.values()].some((run) => !run.ok)) process.exitCode = 1;
}

if (require.main === module) main();
