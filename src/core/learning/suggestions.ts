/**
 * Suggested routing changes, each with its evidence and never applied by itself: when the recent
 * signals on a task kind — among its tasks that ran on the tier the policy gives that kind now —
 * point one way at least `learning.minSignals` times and make up at least `learning.share` of them,
 * the report offers to route the kind one tier up or down. Tasks that scope, the sensitive-work
 * floor or a pin sent elsewhere are not evidence about the kind's own tier, and once a change is
 * applied the old tier's evidence stops counting.
 */
import type { Policy } from '../routing/policy';
import type { TaskKind } from '../routing/taskKinds';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { ModelTier, Tier } from '../routing/tiers';
import { tierAbove, tierBelow } from '../routing/tiers';
import { decidingSignal } from './signals';
import type { Signal, SignalSource, Task, Verdict } from './signals';

/** How many of a kind's newest signalled tasks are weighed. */
export const RECENT_TASKS = 20;

/** One request behind a suggestion. */
export interface Evidence {
  readonly id: string;
  readonly time: string;
  readonly tier: Tier;
  readonly model: string;
  /** What said so: "needed stronger (your flag)", "Retry one tier up". */
  readonly signal: string;
  readonly verdict: Verdict;
}

/** A change to offer the user. */
export interface Suggestion {
  /** Stable id, `taskKinds.review=frontier`: what Dismiss remembers. */
  readonly id: string;
  readonly taskKind: TaskKind;
  readonly from: Tier;
  readonly to: ModelTier;
  readonly direction: 'stronger' | 'cheaper';
  /** Signals pointing that way, out of the signalled tasks weighed. */
  readonly count: number;
  readonly of: number;
  /** "5 of your last 6 signals on code review said it needed a stronger tier (…) → route code review to frontier?" */
  readonly text: string;
  /** The requests weighed, newest first. */
  readonly evidence: readonly Evidence[];
}

const SOURCE_TEXT: Readonly<Record<SignalSource, Readonly<Record<Verdict, string>>>> = {
  feedback: { stronger: 'your flag: needed stronger', cheaper: 'your flag: could have been cheaper', right: 'your flag: right tier' },
  retry: { stronger: 'Retry one tier up', cheaper: 'Retry one tier down', right: 'retried' },
  redo: { stronger: 'Redo one tier up', cheaper: 'redone lower', right: 'redone' },
  override: { stronger: 'your override to a stronger tier', cheaper: 'your override to a cheaper tier', right: 'your override' },
  escalation: { stronger: 'a failed check escalated it', cheaper: 'escalated', right: 'escalated' },
  completion: { stronger: 'completion', cheaper: 'completion', right: 'completion accepted' },
};

/** The suggestions the tasks support under `policy`, leaving out the dismissed ids. */
export function suggestRouting(tasks: readonly Task[], policy: Policy, dismissed: ReadonlySet<string> = new Set()): Suggestion[] {
  const byKind = new Map<TaskKind, Task[]>();
  for (const task of tasks) {
    if (task.verdict === undefined) continue;
    const kind = task.record.taskKind;
    if (task.routedTier !== baseTier(kind, policy)) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), task]);
  }
  const suggestions: Suggestion[] = [];
  for (const [kind, all] of byKind) {
    const recent = [...all].sort((a, b) => Date.parse(b.record.time) - Date.parse(a.record.time)).slice(0, RECENT_TASKS);
    const from = baseTier(kind, policy);
    for (const direction of ['stronger', 'cheaper'] as const) {
      const count = recent.filter((task) => task.verdict === direction).length;
      if (count < policy.learning.minSignals || count / recent.length < policy.learning.share) continue;
      const to = direction === 'stronger' ? tierAbove(from) : tierBelow(from);
      // The floor keeps security work on frontier whatever the kind's tier says.
      if (to === undefined || (direction === 'cheaper' && kind === 'security')) continue;
      const id = `taskKinds.${kind}=${to}`;
      if (dismissed.has(id)) continue;
      const evidence = recent.map(evidenceOf);
      suggestions.push({ id, taskKind: kind, from, to, direction, count, of: recent.length, text: sentence(kind, to, direction, count, recent), evidence });
    }
  }
  return suggestions.sort((a, b) => b.count / b.of - a.count / a.of || b.count - a.count || a.id.localeCompare(b.id));
}

/** The tier the policy gives `kind` before scope, floor and pins. */
export function baseTier(kind: TaskKind, policy: Policy): Tier {
  return policy.taskKinds[kind] ?? TASK_KIND_INFO[kind].defaultTier;
}

function sentence(kind: TaskKind, to: ModelTier, direction: 'stronger' | 'cheaper', count: number, recent: readonly Task[]): string {
  const label = TASK_KIND_INFO[kind].label;
  const said = direction === 'stronger' ? 'it needed a stronger tier' : 'it could have been cheaper';
  const sources = new Map<string, number>();
  for (const task of recent) {
    if (task.verdict !== direction) continue;
    const text = SOURCE_TEXT[decisive(task).source][direction];
    sources.set(text, (sources.get(text) ?? 0) + 1);
  }
  const detail = [...sources].sort((x, y) => y[1] - x[1]).map(([text, n]) => `${n} × ${text}`).join(', ');
  return `${count} of your last ${recent.length} signals on ${label} said ${said} (${detail}) → route ${label} to ${to}?`;
}

function evidenceOf(task: Task): Evidence {
  const signal = decisive(task);
  return { id: task.record.id, time: task.record.time, tier: task.routedTier, model: task.record.model, signal: SOURCE_TEXT[signal.source][signal.verdict], verdict: signal.verdict };
}

/** The signal that gave the task its verdict; a task with a verdict has one. */
function decisive(task: Task): Signal {
  return decidingSignal(task.signals)!;
}
