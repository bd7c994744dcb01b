/**
 * Derives bench/cascade/outcomes.csv from the published per-run table of SWE-bench Pro
 * (data/agent_runs_data.csv of nilenso/swe-bench-pro-cost-token-time-analysis, see README.md):
 * one line per task with, for each model the cascade bench uses, whether its run resolved the
 * task and how many agent turns it took. The raw table is not committed; this script makes the
 * compact file reproducible from it.
 *
 * Usage: `npm run compile-tests && node out/bench/cascade/deriveOutcomes.js PATH/TO/agent_runs_data.csv`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTCOME_MODELS, formatOutcomes } from './outcomes';
import type { ModelKey, TaskOutcomes } from './outcomes';

/** Raw `metadata.model_name` of each model the bench uses (the other eleven are left out). */
export const RAW_MODEL_NAMES: Readonly<Record<ModelKey, string>> = {
  haiku45: 'Claude 4.5 Haiku -- 10222025',
  sonnet45: 'Claude 4.5 Sonnet - 10132025',
  opus41: 'Claude Opus 4.1 - paper',
};

/** Splits CSV text into rows of fields (RFC 4180: quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('the CSV ends inside a quoted field: the file is truncated');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** The per-task outcomes of the bench's models, from the raw table's text. Throws on anything it cannot read. */
export function deriveOutcomes(rawCsv: string): TaskOutcomes[] {
  const [header, ...rows] = parseCsv(rawCsv);
  const column = (name: string): number => {
    const index = header?.indexOf(name) ?? -1;
    if (index < 0) throw new Error(`the raw CSV has no column "${name}" (header: ${header?.join(',')}); is it data/agent_runs_data.csv?`);
    return index;
  };
  const [task, model, resolved, turns] = ['metadata.instance_id', 'metadata.model_name', 'metadata.resolved', 'metadata.turns'].map(column);
  const keyOf = new Map(OUTCOME_MODELS.map((key) => [RAW_MODEL_NAMES[key], key]));
  const byTask = new Map<string, TaskOutcomes>();
  rows.forEach((fields, index) => {
    const key = keyOf.get(fields[model]);
    if (key === undefined) return;
    const line = index + 2;
    if (fields[resolved] !== 'true' && fields[resolved] !== 'false') throw new Error(`line ${line}: resolved is "${fields[resolved]}", expected true or false`);
    if (!/^\d+$/.test(fields[turns])) throw new Error(`line ${line}: turns is "${fields[turns]}", expected a whole number`);
    const entry = byTask.get(fields[task]) ?? { task: fields[task], runs: {} };
    if (entry.runs[key] !== undefined) throw new Error(`line ${line}: a second run of ${fields[model]} on ${fields[task]}`);
    byTask.set(fields[task], { ...entry, runs: { ...entry.runs, [key]: { resolved: fields[resolved] === 'true', turns: Number(fields[turns]) } } });
  });
  if (byTask.size === 0) throw new Error(`no run of ${Object.values(RAW_MODEL_NAMES).join(', ')} in the raw CSV`);
  return [...byTask.values()].sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
}

function main(): void {
  const source = process.argv[2];
  if (source === undefined) throw new Error('usage: node out/bench/cascade/deriveOutcomes.js PATH/TO/agent_runs_data.csv');
  const tasks = deriveOutcomes(readFileSync(source, 'utf8'));
  const target = join(__dirname, '..', '..', '..', 'bench', 'cascade', 'outcomes.csv');
  writeFileSync(target, formatOutcomes(tasks));
  const counts = OUTCOME_MODELS.map((key) => `${key} ${tasks.filter((t) => t.runs[key] !== undefined).length}`).join(', ');
  console.log(`${tasks.length} tasks (${counts}) written to ${target}`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    // A wrong path or file is the user's to fix: say what, without a stack trace.
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
