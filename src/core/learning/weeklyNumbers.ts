/**
 * The routing guide's weekly measurement, three numbers per ISO week: total spend, average cost
 * per session, and the routing-efficiency ratio — the share of tasks the router sent to an
 * efficient tier (any tier below frontier) against the share that would have gone there in
 * hindsight, from the user's own signals (signals.ts). 1.00 is routing that matched hindsight;
 * above 1, too much went to cheap tiers (work that needed stronger); below 1, too much went to
 * frontier. Plus, per task kind and per folder, where the signals say routing was too cheap or too
 * expensive. Plain JSON, so it can be posted to a webview or printed by the CLI.
 */
import { formatUsd } from '../money';
import type { SpendRecord } from '../spend/spendRecord';
import type { TaskKind } from '../routing/taskKinds';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { Tier } from '../routing/tiers';
import type { Task } from './signals';
import type { Week } from './weeks';
import { weekOf } from './weeks';

/** One week's numbers. */
export interface WeekNumbers {
  readonly week: string;
  /** The Monday it starts on (local). */
  readonly start: string;
  readonly requests: number;
  readonly spendMicros: number;
  readonly spend: string;
  /** Requests on unpriced models, not in `spend`. */
  readonly unpricedRequests: number;
  readonly sessions: number;
  /** Spend over sessions with a request that week; 0 without sessions. */
  readonly costPerSessionMicros: number;
  readonly costPerSession: string;
  readonly tasks: number;
  /** Tasks the router sent below frontier. */
  readonly efficientTasks: number;
  /** Tasks whose hindsight tier is below frontier. */
  readonly hindsightEfficientTasks: number;
  /** `efficientTasks / hindsightEfficientTasks`, two decimals; null with nothing to compare. */
  readonly efficiencyRatio: number | null;
  /** Tasks whose signals say: needed stronger (too cheap), could have been cheaper, right. */
  readonly tooCheap: number;
  readonly tooExpensive: number;
  readonly right: number;
}

/** Where the signals of one group (a task kind, or a task kind in a folder) point. */
export interface SignalRow {
  readonly key: string;
  readonly label: string;
  readonly taskKind: TaskKind;
  readonly folder?: string;
  readonly tasks: number;
  readonly tooCheap: number;
  readonly tooExpensive: number;
  readonly right: number;
}

const isEfficient = (tier: Tier) => tier !== 'frontier';

/** The numbers of each of `weeks` (oldest first), every week present even without requests. */
export function weeklyNumbers(records: readonly SpendRecord[], tasks: readonly Task[], weeks: readonly Week[]): WeekNumbers[] {
  return weeks.map((week) => {
    const inWeek = (record: SpendRecord) => weekOf(new Date(record.time)).key === week.key;
    const spent = records.filter(inWeek);
    const done = tasks.filter((task) => inWeek(task.record));
    const spendMicros = spent.reduce((sum, record) => sum + (record.costMicros ?? 0), 0);
    const sessions = new Set(spent.map((record) => record.sessionId)).size;
    const costPerSessionMicros = sessions === 0 ? 0 : Math.round(spendMicros / sessions);
    const efficientTasks = done.filter((task) => isEfficient(task.routedTier)).length;
    const hindsightEfficientTasks = done.filter((task) => isEfficient(task.hindsightTier)).length;
    return {
      week: week.key,
      start: week.start,
      requests: spent.length,
      spendMicros,
      spend: formatUsd(spendMicros),
      unpricedRequests: spent.filter((record) => record.costMicros === null).length,
      sessions,
      costPerSessionMicros,
      costPerSession: formatUsd(costPerSessionMicros),
      tasks: done.length,
      efficientTasks,
      hindsightEfficientTasks,
      efficiencyRatio: hindsightEfficientTasks === 0 ? null : Math.round((efficientTasks / hindsightEfficientTasks) * 100) / 100,
      ...verdictCounts(done),
    };
  });
}

/**
 * Per task kind, and per task kind in a folder, the groups where at least one signal said the
 * routing was too cheap or too expensive; most flagged first.
 */
export function signalRows(tasks: readonly Task[]): { byKind: SignalRow[]; byFolder: SignalRow[] } {
  const groups = new Map<string, { row: Omit<SignalRow, 'tasks' | 'tooCheap' | 'tooExpensive' | 'right'>; tasks: Task[] }>();
  const add = (key: string, row: Omit<SignalRow, 'tasks' | 'tooCheap' | 'tooExpensive' | 'right'>, task: Task) => {
    const group = groups.get(key) ?? { row, tasks: [] };
    group.tasks.push(task);
    groups.set(key, group);
  };
  for (const task of tasks) {
    const kind = task.record.taskKind;
    const label = TASK_KIND_INFO[kind].label;
    add(`kind:${kind}`, { key: kind, label, taskKind: kind }, task);
    const folder = task.record.folder;
    if (folder !== undefined) add(`folder:${kind}:${folder}`, { key: `${kind} ${folder}`, label: `${label} in ${folder}`, taskKind: kind, folder }, task);
  }
  const rows = [...groups.values()]
    .map(({ row, tasks: grouped }): SignalRow => ({ ...row, tasks: grouped.length, ...verdictCounts(grouped) }))
    .filter((row) => row.tooCheap + row.tooExpensive > 0)
    .sort((a, b) => b.tooCheap + b.tooExpensive - (a.tooCheap + a.tooExpensive) || a.key.localeCompare(b.key));
  return { byKind: rows.filter((row) => row.folder === undefined), byFolder: rows.filter((row) => row.folder !== undefined) };
}

function verdictCounts(tasks: readonly Task[]): { tooCheap: number; tooExpensive: number; right: number } {
  return {
    tooCheap: tasks.filter((task) => task.verdict === 'stronger').length,
    tooExpensive: tasks.filter((task) => task.verdict === 'cheaper').length,
    right: tasks.filter((task) => task.verdict === 'right').length,
  };
}
