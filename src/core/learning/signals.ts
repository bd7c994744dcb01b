/**
 * The user's own outcomes, read from the ledger: per request, every signal that says its tier was
 * too cheap, too expensive or right — a feedback button, Retry one tier up / down, Redo one tier
 * up, a Choose Tier override that moved it, a failed check that escalated it, a completion
 * accepted — and the one verdict they add up to. A "task" is a request someone asked for: a retry,
 * an escalation's second attempt or an overload fallback re-asks an earlier one and is not a task
 * of its own, and a request that failed or was cancelled got no answer to judge.
 */
import type { Feedback } from '../spend/feedback';
import type { LedgerEntry, SpendRecord } from '../spend/spendRecord';
import type { Tier } from '../routing/tiers';
import { tierAbove, tierBelow, tierRank } from '../routing/tiers';

/** What a signal says about the tier a request was routed to. */
export type Verdict = 'cheaper' | 'stronger' | 'right';

export const SIGNAL_SOURCES = ['feedback', 'retry', 'redo', 'override', 'escalation', 'completion'] as const;
/** Where a signal came from. */
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/** One signal on a request. */
export interface Signal {
  readonly source: SignalSource;
  readonly verdict: Verdict;
  /** ISO 8601: when the user or the check gave it. */
  readonly time: string;
  /** The tier it points to, when it names one (the tier a retry or an override ran on). */
  readonly tier?: Tier;
  /** The request whose action gave it (the retry's or redo's own record). */
  readonly by?: string;
}

/** A request someone asked for, with what the signals say about its tier. */
export interface Task {
  readonly record: SpendRecord;
  /** The tier the policy chose for it (before an override or a task's escalation moved it). */
  readonly routedTier: Tier;
  readonly signals: readonly Signal[];
  /** The verdict the signals add up to: the user's own feedback if any, else the latest signal. */
  readonly verdict?: Verdict;
  /** The tier that would have been right in hindsight (`routedTier` without a verdict saying otherwise). */
  readonly hindsightTier: Tier;
}

const FEEDBACK_VERDICT: Readonly<Record<Feedback, Verdict>> = { right: 'right', cheaper: 'cheaper', stronger: 'stronger' };
/** Overrides that speak about one request or one task kind; a session override is about money or mood. */
const JUDGING_SCOPES = new Set(['next', 'taskKind']);

/** The tasks among `entries` (in write order), each with its signals and verdict. */
export function tasksOf(entries: readonly LedgerEntry[]): Task[] {
  const records = new Map<string, SpendRecord>();
  const signals = new Map<string, Signal[]>();
  const add = (id: string, signal: Signal) => {
    const list = signals.get(id) ?? [];
    list.push(signal);
    signals.set(id, list);
  };
  for (const entry of entries) {
    if (entry.type === 'feedback') add(entry.id, { source: 'feedback', verdict: FEEDBACK_VERDICT[entry.feedback], time: entry.time });
    else if (entry.type === 'completionOutcome') {
      if (entry.outcome === 'accepted') add(entry.id, { source: 'completion', verdict: 'right', time: entry.time });
    } else {
      records.set(entry.id, entry);
      const retry = retrySignal(entry);
      if (retry !== undefined) add(entry.retryOf!.id, retry);
      const own = ownSignal(entry);
      if (own !== undefined) add(entry.id, own);
    }
  }
  const tasks: Task[] = [];
  for (const record of records.values()) {
    if (!isTask(record)) continue;
    const list = (signals.get(record.id) ?? []).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const routedTier = routedTierOf(record);
    const deciding = decidingSignal(list);
    tasks.push({ record, routedTier, signals: list, ...(deciding ? { verdict: deciding.verdict } : {}), hindsightTier: hindsight(routedTier, deciding) });
  }
  return tasks;
}

/** Whether a request is a task of its own (see the file comment). */
export function isTask(record: SpendRecord): boolean {
  if (record.retryOf !== undefined) return false;
  // The router's own classification request (the second opinion) is not work anyone asked for.
  if (record.surface === 'router') return false;
  if (record.outcome !== 'ok' && record.outcome !== 'escalated') return false;
  return !(record.rule === 'escalation' || record.rule === 'escalation:effort' || record.rule.startsWith('fallback:'));
}

/** The verdict a retry's record gives the request it re-asks. */
function retrySignal(record: SpendRecord): Signal | undefined {
  const link = record.retryOf;
  if (link === undefined || link.action === 'retrySame') return undefined;
  const source: SignalSource = link.action === 'redoUp' ? 'redo' : 'retry';
  return { source, verdict: link.action === 'retryDown' ? 'cheaper' : 'stronger', time: record.time, tier: record.tier, by: record.id };
}

/** A signal a request carries about itself: a failed check, an override that moved it. */
function ownSignal(record: SpendRecord): Signal | undefined {
  if (record.outcome === 'escalated') return { source: 'escalation', verdict: 'stronger', time: record.time };
  // VS Code's Chat: failures in the task's tool results raised this step above the task's tier.
  if (record.rule === 'escalation:task') return { source: 'escalation', verdict: 'stronger', time: record.time, tier: record.tier };
  const routed = record.routedTier;
  if (record.retryOf === undefined && record.override !== undefined && JUDGING_SCOPES.has(record.override.scope) && routed !== undefined && routed !== record.tier) {
    return { source: 'override', verdict: tierRank(record.tier) > tierRank(routed) ? 'stronger' : 'cheaper', time: record.time, tier: record.tier };
  }
  return undefined;
}

function routedTierOf(record: SpendRecord): Tier {
  if (record.rule === 'escalation:task') return tierBelow(record.tier) ?? record.tier;
  return record.routedTier ?? record.tier;
}

/** The signal that decides a task's verdict: the user's own word wins; otherwise the latest signal. */
export function decidingSignal(signals: readonly Signal[]): Signal | undefined {
  const feedback = signals.filter((signal) => signal.source === 'feedback');
  return feedback[feedback.length - 1] ?? signals[signals.length - 1];
}

function hindsight(routed: Tier, signal: Signal | undefined): Tier {
  if (signal === undefined || signal.verdict === 'right') return routed;
  if (signal.tier !== undefined && signal.tier !== routed) return signal.tier;
  return (signal.verdict === 'stronger' ? tierAbove(routed) : tierBelow(routed)) ?? routed;
}
