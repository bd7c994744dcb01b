/**
 * Suggested routing changes, each with its evidence and never applied by itself: when the recent
 * signals on a task kind — among its tasks that ran on the tier the policy gives that kind now —
 * point one way at least `learning.minSignals` times and make up at least `learning.share` of them,
 * the report offers to route the kind one tier up or down. Tasks that scope, the sensitive-work
 * floor or a pin sent elsewhere are not evidence about the kind's own tier, and once a change is
 * applied the old tier's evidence stops counting. The same for a kind in one folder or one language,
 * which offers a rule (`policy.rules`) for that folder or language instead.
 */
import type { Policy } from '../routing/policy';
import type { TaskKind } from '../routing/taskKinds';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { ModelTier, Tier } from '../routing/tiers';
import { tierAbove, tierBelow } from '../routing/tiers';
import { ruledTier, ruleScopeText } from '../routing/scopedRules';
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

/** Where a folder or language suggestion applies: one folder of the workspace, or one language. */
export type SuggestionScope = { readonly folder: string } | { readonly languageId: string };

/** A change to offer the user. */
export interface Suggestion {
  /** Stable id, `taskKinds.review=frontier` or `rules.refactor@src/billing/**=frontier`: what Dismiss remembers. */
  readonly id: string;
  readonly taskKind: TaskKind;
  /** Set for a rule in one folder or language (`policy.rules`); absent for the kind everywhere (`policy.taskKinds`). */
  readonly scope?: SuggestionScope;
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

/** A file name no glob names by itself: a rule covers a folder when it matches any file in it. */
const ANY_FILE = '\u0001';

/** The rule a scoped suggestion writes: `src/billing/**`, or the language. */
export function suggestedRule(kind: TaskKind, scope: SuggestionScope): { taskKind: TaskKind; paths?: string[]; languages?: string[] } {
  return 'folder' in scope ? { taskKind: kind, paths: [`${scope.folder}/**`] } : { taskKind: kind, languages: [scope.languageId] };
}

/** Tasks weighed together: a kind everywhere, or a kind in one folder or language, on the tier the policy gives them there. */
interface Group {
  readonly kind: TaskKind;
  readonly scope?: SuggestionScope;
  readonly from: Tier;
  readonly tasks: Task[];
}

/**
 * The suggestions the tasks support under `policy`, leaving out the dismissed ids: for a kind
 * everywhere (`learning.minSignals`, `learning.share`), and for a kind in one folder or language
 * (`learning.scopedMinSignals`, `learning.scopedShare`). A folder's suggestion is offered at the
 * deepest folder (of the two levels the ledger keeps) whose signals agree, and not when the kind's
 * own suggestion already says the same; a language's, not when a folder's already does.
 */
export function suggestRouting(tasks: readonly Task[], policy: Policy, dismissed: ReadonlySet<string> = new Set()): Suggestion[] {
  const groups = new Map<string, Group>();
  const add = (key: string, kind: TaskKind, scope: SuggestionScope | undefined, from: Tier, task: Task) => {
    if (task.routedTier !== from) return;
    const group = groups.get(key) ?? { kind, ...(scope ? { scope } : {}), from, tasks: [] };
    group.tasks.push(task);
    groups.set(key, group);
  };
  for (const task of tasks) {
    if (task.verdict === undefined) continue;
    const kind = task.record.taskKind;
    const base = baseTier(kind, policy);
    const languageId = task.record.languageId;
    // Only tasks on the tier the policy gives them now, where they were: evidence on a tier a rule has since changed stops counting.
    const here = ruledTier(policy.rules, kind, { files: task.record.folder === undefined ? [] : [`${task.record.folder}/${ANY_FILE}`], ...(languageId !== undefined ? { languageId } : {}) }, base);
    if (task.routedTier !== here) continue;
    add(`kind:${kind}`, kind, undefined, base, task);
    const parts = task.record.folder?.split('/') ?? [];
    for (let depth = 1; depth <= parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      add(`folder:${kind}:${folder}`, kind, { folder }, ruledTier(policy.rules, kind, { files: [`${folder}/${ANY_FILE}`] }, base), task);
    }
    if (languageId !== undefined) add(`language:${kind}:${languageId}`, kind, { languageId }, ruledTier(policy.rules, kind, { files: [], languageId }, base), task);
  }
  const all = [...groups.values()].flatMap((group) => offers(group, policy));
  // A deeper folder that agrees replaces its parent even when dismissed (Never on src/billing must not
  // bring up src); the kind's own change, or a folder's, stands in for a narrower one only while offered.
  const offered = all.filter((suggestion) => !dismissed.has(suggestion.id));
  const same = (a: Suggestion, b: Suggestion) => a.taskKind === b.taskKind && a.to === b.to;
  const kept = offered.filter((suggestion) => {
    const scope = suggestion.scope;
    if (scope === undefined) return true;
    if (offered.some((other) => other.scope === undefined && same(other, suggestion))) return false;
    if ('folder' in scope) return !all.some((other) => other.scope !== undefined && 'folder' in other.scope && same(other, suggestion) && other.scope.folder.startsWith(`${scope.folder}/`));
    return !offered.some((other) => other.scope !== undefined && 'folder' in other.scope && same(other, suggestion));
  });
  return kept.sort((a, b) => b.count / b.of - a.count / a.of || b.count - a.count || a.id.localeCompare(b.id));
}

/** The changes one group's recent signals support. */
function offers(group: Group, policy: Policy): Suggestion[] {
  const { kind, scope, from } = group;
  const recent = [...group.tasks].sort((a, b) => Date.parse(b.record.time) - Date.parse(a.record.time)).slice(0, RECENT_TASKS);
  const minSignals = scope === undefined ? policy.learning.minSignals : policy.learning.scopedMinSignals;
  const share = scope === undefined ? policy.learning.share : policy.learning.scopedShare;
  const found: Suggestion[] = [];
  for (const direction of ['stronger', 'cheaper'] as const) {
    const count = recent.filter((task) => task.verdict === direction).length;
    if (count < minSignals || count / recent.length < share) continue;
    const to = direction === 'stronger' ? tierAbove(from) : tierBelow(from);
    // The floor keeps security work on frontier whatever the kind's tier says.
    if (to === undefined || (direction === 'cheaper' && kind === 'security')) continue;
    const id = scope === undefined ? `taskKinds.${kind}=${to}` : 'folder' in scope ? `rules.${kind}@${scope.folder}/**=${to}` : `rules.${kind}@language:${scope.languageId}=${to}`;
    found.push({ id, taskKind: kind, ...(scope ? { scope } : {}), from, to, direction, count, of: recent.length, text: sentence(kind, scope, to, direction, count, recent), evidence: recent.map(evidenceOf) });
  }
  return found;
}

/** The tier the policy gives `kind` before folder and language rules, scope, floor and pins. */
export function baseTier(kind: TaskKind, policy: Policy): Tier {
  return policy.taskKinds[kind] ?? TASK_KIND_INFO[kind].defaultTier;
}

function sentence(kind: TaskKind, scope: SuggestionScope | undefined, to: ModelTier, direction: 'stronger' | 'cheaper', count: number, recent: readonly Task[]): string {
  const label = TASK_KIND_INFO[kind].label;
  const said = direction === 'stronger' ? 'it needed a stronger tier' : 'it could have been cheaper';
  const sources = new Map<string, number>();
  for (const task of recent) {
    if (task.verdict !== direction) continue;
    const text = SOURCE_TEXT[decisive(task).source][direction];
    sources.set(text, (sources.get(text) ?? 0) + 1);
  }
  const detail = [...sources].sort((x, y) => y[1] - x[1]).map(([text, n]) => `${n} × ${text}`).join(', ');
  const on = scope === undefined ? label : 'folder' in scope ? `${label} in ${scope.folder}/` : `${label} in ${scope.languageId} files`;
  const target = scope === undefined ? label : ruleScopeText(suggestedRule(kind, scope));
  return `${count} of your last ${recent.length} signals on ${on} said ${said} (${detail}) → route ${target} to ${to}?`;
}

function evidenceOf(task: Task): Evidence {
  const signal = decisive(task);
  return { id: task.record.id, time: task.record.time, tier: task.routedTier, model: task.record.model, signal: SOURCE_TEXT[signal.source][signal.verdict], verdict: signal.verdict };
}

/** The signal that gave the task its verdict; a task with a verdict has one. */
function decisive(task: Task): Signal {
  return decidingSignal(task.signals)!;
}
