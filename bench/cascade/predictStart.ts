/**
 * "Cascade start by predicted difficulty": choose, before running a task, which tier to try first,
 * from what is known beforehand. The data holds one such fact, the task's repository (which fixes
 * its language), so the rule is learned per repository on a seeded half of the tasks and judged on
 * the other half. Both orders escalate through a perfect gate, so they resolve the same tasks and
 * the comparison is in dollars alone: how much of the cascade's gap to the oracle the rule recovers.
 */
import { seededRandom } from '../stats';
import type { Outcome, PricedTask } from './strategies';
import { cascade, cascadeBy, oracle, replay } from './strategies';

/** A seeded half of the tasks to learn on, the other half to judge on. */
export function splitTasks(tasks: readonly PricedTask[], seed: number): { train: PricedTask[]; test: PricedTask[] } {
  const random = seededRandom(seed);
  const shuffled = tasks.map((task) => ({ task, key: random() })).sort((a, b) => a.key - b.key).map((entry) => entry.task);
  const half = Math.floor(shuffled.length / 2);
  return { train: shuffled.slice(0, half), test: shuffled.slice(half) };
}

/**
 * Per repository, the order (cheap first or strong first) that cost less on the training tasks; a
 * repository the training half did not see starts cheap, the default cascade.
 */
export function learnStartByRepository(train: readonly PricedTask[], cheap: string, strong: string): (task: PricedTask) => readonly [string, string] {
  const strongFirst = new Set<string>();
  for (const repository of new Set(train.map((task) => task.repository))) {
    const tasks = train.filter((task) => task.repository === repository);
    if (replay(tasks, cascade(strong, cheap)).micros < replay(tasks, cascade(cheap, strong)).micros) strongFirst.add(repository);
  }
  return (task) => (strongFirst.has(task.repository) ? [strong, cheap] : [cheap, strong]);
}

/** Where the cascade (cheap → strong, perfect gate) pays more than the oracle, in micro-dollars. */
export interface GapByKind {
  /** Only the strong model resolved it: the failed cheap attempt. */
  readonly strongOnly: number;
  /** Neither did: the cascade paid both attempts, the oracle the cheaper one. */
  readonly neither: number;
  /** The cheap model resolved it but a resolving strong run would have been cheaper. */
  readonly cheapResolved: number;
}

/** The cascade's excess over the oracle, split by what happened on the task. */
export function gapByKind(tasks: readonly PricedTask[], cheap: string, strong: string): GapByKind {
  const gap = { strongOnly: 0, neither: 0, cheapResolved: 0 };
  for (const task of tasks) {
    const excess = cascade(cheap, strong)(task).micros - oracle([cheap, strong])(task).micros;
    if (task.runs[cheap]?.resolved) gap.cheapResolved += excess;
    else if (task.runs[strong]?.resolved) gap.strongOnly += excess;
    else gap.neither += excess;
  }
  return gap;
}

/** The predicted start judged on the held-out half against the plain cascade and the oracle. */
export interface StartJudgement {
  readonly seed: number;
  readonly strongFirstRepositories: readonly string[];
  readonly cascade: Outcome;
  readonly predicted: Outcome;
  /** Knowing each task's outcomes, the better of the two orders: the most any start rule could do. */
  readonly bestOrder: Outcome;
  readonly oracle: Outcome;
  /** (cascade − predicted) / (cascade − oracle): the share of the gap the rule recovers (negative: it costs more). */
  readonly gapRecovered: number;
  /** The same for the best order: the ceiling of any start rule. */
  readonly bestOrderGapRecovered: number;
}

/** Learns the start on one seeded half and judges it on the other. */
export function judgeStart(tasks: readonly PricedTask[], cheap: string, strong: string, seed: number): StartJudgement {
  const { train, test } = splitTasks(tasks, seed);
  const order = learnStartByRepository(train, cheap, strong);
  const repositories = [...new Set(tasks.map((task) => task.repository))].sort();
  const plain = replay(test, cascade(cheap, strong));
  const predicted = replay(test, cascadeBy(order));
  const bestOrder = replay(test, (task) => {
    const [a, b] = [cascade(cheap, strong)(task), cascade(strong, cheap)(task)];
    return a.micros <= b.micros ? a : b;
  });
  const best = replay(test, oracle([cheap, strong]));
  const gap = plain.micros - best.micros;
  return {
    seed,
    strongFirstRepositories: repositories.filter((repository) => order({ task: '', repository, runs: {} })[0] === strong),
    cascade: plain,
    predicted,
    bestOrder,
    oracle: best,
    gapRecovered: gap > 0 ? (plain.micros - predicted.micros) / gap : 0,
    bestOrderGapRecovered: gap > 0 ? (plain.micros - bestOrder.micros) / gap : 0,
  };
}

/** How often the strong model rescued the cheap one's failures, per repository (price-independent). */
export interface RepositoryRescue {
  readonly repository: string;
  readonly tasks: number;
  readonly cheapResolved: number;
  readonly strongResolved: number;
  readonly cheapFailures: number;
  /** Cheap failures the strong model resolved: what an escalation buys. */
  readonly rescued: number;
}

/** Per repository, what escalating buys: the signal a start or escalation rule by repository could use. */
export function rescueByRepository(tasks: readonly PricedTask[], cheap: string, strong: string): RepositoryRescue[] {
  const repositories = [...new Set(tasks.map((task) => task.repository))].sort();
  return repositories.map((repository) => {
    const own = tasks.filter((task) => task.repository === repository);
    const failures = own.filter((task) => !task.runs[cheap]?.resolved);
    return {
      repository,
      tasks: own.length,
      cheapResolved: own.length - failures.length,
      strongResolved: own.filter((task) => task.runs[strong]?.resolved).length,
      cheapFailures: failures.length,
      rescued: failures.filter((task) => task.runs[strong]?.resolved).length,
    };
  });
}
