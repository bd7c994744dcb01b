/**
 * The compact per-task table the cascade bench replays (bench/cascade/outcomes.csv): for each
 * SWE-bench Pro task, whether each model's run resolved it and how many agent turns it took.
 * deriveOutcomes.ts writes it from the published raw table; this file reads and writes its format.
 */

/** The models kept from the raw table, in column order. */
export const OUTCOME_MODELS = ['haiku45', 'sonnet45', 'opus41'] as const;
export type ModelKey = (typeof OUTCOME_MODELS)[number];

/** One model's run on one task. */
export interface RunOutcome {
  readonly resolved: boolean;
  /** Agent turns (model calls) the run took. */
  readonly turns: number;
}

/** One task and the runs the data has for it (a model that did not run it has no entry). */
export interface TaskOutcomes {
  /** SWE-bench Pro instance id, e.g. instance_ansible__ansible-<commit>-v<commit>. */
  readonly task: string;
  readonly runs: Readonly<Partial<Record<ModelKey, RunOutcome>>>;
}

const HEADER = ['task', ...OUTCOME_MODELS.flatMap((key) => [`${key}_resolved`, `${key}_turns`])].join(',');
const INSTANCE = /^instance_(.+?)__(.+?)-[0-9a-f]{40}/;

/** The repository a task comes from (owner/name), read from its instance id. */
export function repositoryOf(task: string): string {
  const match = INSTANCE.exec(task);
  if (match === null) throw new Error(`task id "${task}" is not of the form instance_<owner>__<repo>-<commit>…`);
  return `${match[1]}/${match[2]}`;
}

/** The compact CSV: a header, then one line per task; a model that did not run it has two empty fields. */
export function formatOutcomes(tasks: readonly TaskOutcomes[]): string {
  const lines = tasks.map((t) =>
    [t.task, ...OUTCOME_MODELS.flatMap((key) => {
      const run = t.runs[key];
      return run === undefined ? ['', ''] : [run.resolved ? '1' : '0', String(run.turns)];
    })].join(','),
  );
  return `${[HEADER, ...lines].join('\n')}\n`;
}

/** Reads the compact CSV; throws with the line number and what is wrong on anything else. */
export function parseOutcomes(text: string): TaskOutcomes[] {
  const [header, ...lines] = text.split('\n').filter((line) => line.trim() !== '');
  if (header !== HEADER) throw new Error(`outcomes header is "${header}", expected "${HEADER}": regenerate it with deriveOutcomes.js`);
  return lines.map((line, index) => {
    const fields = line.split(',');
    if (fields.length !== 1 + 2 * OUTCOME_MODELS.length) throw new Error(`outcomes line ${index + 2} has ${fields.length} fields, expected ${1 + 2 * OUTCOME_MODELS.length}`);
    repositoryOf(fields[0]);
    const runs: Partial<Record<ModelKey, RunOutcome>> = {};
    OUTCOME_MODELS.forEach((key, i) => {
      const [resolved, turns] = [fields[1 + 2 * i], fields[2 + 2 * i]];
      if (resolved === '' && turns === '') return;
      if ((resolved !== '0' && resolved !== '1') || !/^\d+$/.test(turns)) {
        throw new Error(`outcomes line ${index + 2}: ${key} is "${resolved},${turns}", expected 0 or 1 and a whole number of turns`);
      }
      runs[key] = { resolved: resolved === '1', turns: Number(turns) };
    });
    return { task: fields[0], runs };
  });
}
