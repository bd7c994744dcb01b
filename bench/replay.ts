/**
 * bench/replay: the published workloads (bench/replay/*.jsonl) priced by the shipped CLI,
 * `node dist/cli.js replay FILE --json`, under the policy against all-frontier and all-balanced,
 * at the current models and at legacy ones (the CLI's --fast/--balanced/--frontier). The session is
 * also priced task by task. Writes bench/results/replay.json and replay.md (the README's table).
 * Run with `npm run bench:replay` (needs `npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplayJson, ReplayRun } from './replayTable';
import { replayRows, savingsTable } from './replayTable';
import { SESSION } from './replay/workloads';
import { writeResult, writeResultText } from './stats';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

export const MODEL_SETS: Readonly<Record<string, readonly string[]>> = {
  current: [],
  legacy: ['--fast', 'claude-haiku-4-5', '--balanced', 'claude-sonnet-4-6', '--frontier', 'claude-opus-4-8'],
};

const WORKLOADS = [
  { name: 'A day: 1,000 requests', file: join(root, 'bench', 'replay', 'day.jsonl') },
  { name: 'A session: 4 tasks', file: join(root, 'bench', 'replay', 'session.jsonl') },
];

function replayWithCli(file: string, args: readonly string[]): ReplayJson {
  return JSON.parse(execFileSync(process.execPath, [cli, 'replay', file, '--json', ...args], { encoding: 'utf8' })) as ReplayJson;
}

function main(): void {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const runs: ReplayRun[] = [];
  for (const workload of WORKLOADS) {
    for (const [models, args] of Object.entries(MODEL_SETS)) runs.push({ workload: workload.name, models, result: replayWithCli(workload.file, args) });
  }

  // The session task by task, through the same CLI (one temporary file per task).
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  const sessionTasks: ReplayRun[] = [];
  try {
    for (const task of SESSION) {
      const file = join(dir, 'task.jsonl');
      writeFileSync(file, task.requests.map((request) => JSON.stringify(request)).join('\n'));
      for (const [models, args] of Object.entries(MODEL_SETS)) sessionTasks.push({ workload: `Session: ${task.name}`, models, result: replayWithCli(file, args) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const rows = replayRows(runs);
  const taskRows = replayRows(sessionTasks);
  const table = savingsTable(rows);
  const taskTable = savingsTable(taskRows);
  const command = 'npm run build && npm run compile-tests && node out/bench/replay.js';
  const markdown = [
    '# Replay of the published workloads',
    '',
    `Priced by \`model-router replay --json\` (dist/cli.js) with the built-in price table; reproduce with \`${command}\`.`,
    'Workloads and where their token sizes come from: bench/replay/README.md.',
    '',
    table,
    '',
    '## The session, task by task',
    '',
    taskTable,
    '',
  ].join('\n');
  const mdPath = writeResultText('replay.md', markdown);
  const summary = rows.map((r) => `${r.workload}, ${r.models.split(' ')[0]} models: ${r.policy} under the policy vs ${r.allFrontier} all-frontier (${r.savingsVsFrontier} saved) and ${r.allBalanced} all-balanced (${r.savingsVsBalanced})`);
  const path = writeResult('replay', { command, runs, sessionTasks, rows, taskRows, summary });
  console.log(table);
  console.log('');
  console.log(taskTable);
  console.log(`written to ${path} and ${mdPath}`);
}

main();
