/**
 * The replay arithmetic of the cascade bench, on priced runs: what each strategy resolves and
 * pays, task by task. Pure functions, so a unit test checks them on a tiny synthetic table.
 *
 * A gate that misses a share m of failures is replayed in expectation rather than by drawing which
 * failures it misses: each failed first attempt is escalated with weight 1 − m (a missed failure is
 * accepted as is, so the task stays unresolved). Resolved counts can therefore be fractional.
 */

/** One model's run on one task, priced. */
export interface PricedRun {
  readonly resolved: boolean;
  readonly micros: number;
}

/** A task with the priced runs of the models that ran it, by model key. */
export interface PricedTask {
  readonly task: string;
  readonly repository: string;
  readonly runs: Readonly<Record<string, PricedRun | undefined>>;
}

/** What a strategy did on one task, or on many (then summed). */
export interface Outcome {
  readonly tasks: number;
  /** Tasks resolved (expected, so possibly fractional under a leaky gate). */
  readonly resolved: number;
  readonly micros: number;
}

/** A strategy decides, task by task, what it resolves and pays. */
export type Strategy = (task: PricedTask) => Outcome;

function runOf(task: PricedTask, model: string): PricedRun {
  const run = task.runs[model];
  if (run === undefined) throw new Error(`${task.task} has no run of ${model}: replay only the tasks every model of the strategy ran`);
  return run;
}

/** Every task to one model. */
export function single(model: string): Strategy {
  return (task) => {
    const run = runOf(task, model);
    return { tasks: 1, resolved: run.resolved ? 1 : 0, micros: run.micros };
  };
}

/**
 * `first`, and on a failure the gate catches, `second` as well: the failed attempt is paid too. The
 * gate never rejects a success (the project's tests pass on a resolved task); it misses `missShare`
 * of the failures.
 */
export function cascade(first: string, second: string, missShare = 0): Strategy {
  if (!(missShare >= 0 && missShare <= 1)) throw new Error(`the gate's missed share must be between 0 and 1, got ${missShare}`);
  return (task) => {
    const a = runOf(task, first);
    if (a.resolved) return { tasks: 1, resolved: 1, micros: a.micros };
    const b = runOf(task, second);
    const escalated = 1 - missShare;
    return { tasks: 1, resolved: escalated * (b.resolved ? 1 : 0), micros: a.micros + escalated * b.micros };
  };
}

/**
 * Knows each outcome in advance: pays the cheapest run among `models` that resolved the task; when
 * none did, the cheapest run, because finding out that a task is out of reach still takes one attempt.
 */
export function oracle(models: readonly string[]): Strategy {
  return (task) => {
    const runs = models.map((model) => runOf(task, model));
    const resolving = runs.filter((run) => run.resolved);
    const pool = resolving.length > 0 ? resolving : runs;
    return { tasks: 1, resolved: resolving.length > 0 ? 1 : 0, micros: Math.min(...pool.map((run) => run.micros)) };
  };
}

/** A cascade whose order is chosen per task (by what is known before running it). */
export function cascadeBy(order: (task: PricedTask) => readonly [string, string], missShare = 0): Strategy {
  return (task) => {
    const [first, second] = order(task);
    return cascade(first, second, missShare)(task);
  };
}

/** The strategy over many tasks, summed. */
export function replay(tasks: readonly PricedTask[], strategy: Strategy): Outcome {
  return tasks.map(strategy).reduce((sum, o) => ({ tasks: sum.tasks + o.tasks, resolved: sum.resolved + o.resolved, micros: sum.micros + o.micros }), { tasks: 0, resolved: 0, micros: 0 });
}

/** The tasks every one of `models` ran. */
export function ranByAll(tasks: readonly PricedTask[], models: readonly string[]): PricedTask[] {
  return tasks.filter((task) => models.every((model) => task.runs[model] !== undefined));
}
