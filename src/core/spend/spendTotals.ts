/**
 * Aggregates of spend records. Totals are immutable values updated one record at a time, so the
 * ledger keeps running totals (no re-scan of history per request) and can hand a snapshot to the
 * status bar without copying or fearing later mutation.
 */
import type { TaskKind } from '../routing/taskKinds';
import { TIERS } from '../routing/tiers';
import type { Tier } from '../routing/tiers';
import { addUsage, ZERO_USAGE } from '../model/usage';
import type { Usage } from '../model/usage';
import { COMPLETION_OUTCOMES, FEEDBACKS, OUTCOMES } from './spendRecord';
import type { CompletionOutcome, Feedback, Outcome, SpendRecord } from './spendRecord';

/** Spend of one group of requests (a tier, a model, a task kind). Tokens are as the API counts them. */
export interface GroupTotals {
  readonly requests: number;
  /** Uncached input only. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  /** 5-minute and 1-hour cache writes together. */
  readonly cacheWriteTokens: number;
  /** Priced requests only. */
  readonly costMicros: number;
  readonly unpricedRequests: number;
  /** Output tokens spent thinking (part of outputTokens), and what they cost (part of costMicros). */
  readonly thinkingTokens: number;
  readonly thinkingCostMicros: number;
  /**
   * The verified cascade (records with `cascade`, finished or escalated): tasks begun (step 0), those
   * whose first tier failed a gate (step-1 climbs), all climbs, what every attempt cost, and what the
   * attempts that were kept cost (each task's last: the price of routing straight to the tier it
   * ended on). Tallied for task kinds, tiers and models; zero in whole-totals rows.
   */
  readonly cascadeTasks: number;
  readonly cascadeFirstFailed: number;
  readonly cascadeClimbs: number;
  readonly cascadeCostMicros: number;
  readonly cascadeStraightMicros: number;
}

/** Spend of a set of requests: a session, a day, all time. Money in integer micro-dollars. */
export interface Totals {
  readonly requests: number;
  readonly usage: Usage;
  /** Sum over priced requests; unpriced ones are counted in `unpricedRequests`, never as $0. */
  readonly costMicros: number;
  readonly unpricedRequests: number;
  /** What thinking cost: output tokens spent thinking, priced as output (part of `costMicros`). */
  readonly thinkingCostMicros: number;
  /** Requests whose usage is partly the client's estimate (cancelled or cut before the API reported it). */
  readonly estimatedRequests: number;
  /** What those requests cost, included in `costMicros`. */
  readonly estimatedCostMicros: number;
  /** What the same usage would have cost on the frontier model, over requests where that is priced. */
  readonly frontierCostMicros: number;
  /** Frontier cost − cost, over requests where both are priced. Negative if routing cost more. */
  readonly savingsMicros: number;
  /** The frontier cost of the requests counted in `savingsMicros`: the base of a savings percentage. */
  readonly savingsBasisMicros: number;
  /** Requests sent in a Message Batch, what they cost at the batch rate, and what the priced ones would have cost outside one (included in the totals above). */
  readonly batchRequests: number;
  readonly batchCostMicros: number;
  readonly batchStandardMicros: number;
  readonly byTier: Readonly<Record<Tier, GroupTotals>>;
  readonly byModel: ReadonlyMap<string, GroupTotals>;
  readonly byTaskKind: ReadonlyMap<TaskKind, GroupTotals>;
  readonly byOutcome: Readonly<Record<Outcome, number>>;
  /** Requests whose latest feedback is each verdict. */
  readonly feedback: Readonly<Record<Feedback, number>>;
  /**
   * Inline completions by the furthest outcome recorded: `shown` (still on screen, or the window
   * closed first), `dismissed` or `accepted`. Every one was shown, so the sum is the number shown.
   */
  readonly completionOutcomes: Readonly<Record<CompletionOutcome, number>>;
}

/** A consistent, immutable view of the totals at one moment. */
export interface SpendSnapshot {
  readonly sessionId: string;
  /** Today's day key (YYYY-MM-DD), per the ledger's `dayOf`. */
  readonly day: string;
  readonly session: Totals;
  readonly today: Totals;
  readonly allTime: Totals;
  /** Totals per day key of the last 90 days, for the spend report. */
  readonly byDay: ReadonlyMap<string, Totals>;
  /** Set while the history is still being read: the totals have only this window's new requests. */
  readonly loading?: true;
}

/** Totals of no requests. */
export const EMPTY_GROUP: GroupTotals = Object.freeze({
  requests: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costMicros: 0,
  unpricedRequests: 0,
  thinkingTokens: 0,
  thinkingCostMicros: 0,
  cascadeTasks: 0,
  cascadeFirstFailed: 0,
  cascadeClimbs: 0,
  cascadeCostMicros: 0,
  cascadeStraightMicros: 0,
});

/** Totals of no requests; the starting point of every aggregate. */
export const EMPTY_TOTALS: Totals = Object.freeze({
  requests: 0,
  usage: ZERO_USAGE,
  costMicros: 0,
  unpricedRequests: 0,
  thinkingCostMicros: 0,
  estimatedRequests: 0,
  estimatedCostMicros: 0,
  frontierCostMicros: 0,
  savingsMicros: 0,
  savingsBasisMicros: 0,
  batchRequests: 0,
  batchCostMicros: 0,
  batchStandardMicros: 0,
  byTier: Object.freeze(recordOf(TIERS, EMPTY_GROUP)),
  byModel: new Map<string, GroupTotals>(),
  byTaskKind: new Map<TaskKind, GroupTotals>(),
  byOutcome: Object.freeze(recordOf(OUTCOMES, 0)),
  feedback: Object.freeze(recordOf(FEEDBACKS, 0)),
  completionOutcomes: Object.freeze(recordOf(COMPLETION_OUTCOMES, 0)),
});

/** `totals` with one more request. Feedback is applied separately with {@link changeFeedback}. */
export function addRecord(totals: Totals, record: SpendRecord): Totals {
  const bothPriced = record.costMicros !== null && record.frontierCostMicros !== null;
  const savings = bothPriced ? (record.frontierCostMicros ?? 0) - (record.costMicros ?? 0) : 0;
  return {
    requests: totals.requests + 1,
    usage: addUsage(totals.usage, record.usage),
    costMicros: totals.costMicros + (record.costMicros ?? 0),
    unpricedRequests: totals.unpricedRequests + (record.costMicros === null ? 1 : 0),
    thinkingCostMicros: totals.thinkingCostMicros + (record.thinkingCostMicros ?? 0),
    estimatedRequests: totals.estimatedRequests + (record.usageEstimated ? 1 : 0),
    estimatedCostMicros: totals.estimatedCostMicros + (record.usageEstimated ? (record.costMicros ?? 0) : 0),
    frontierCostMicros: totals.frontierCostMicros + (record.frontierCostMicros ?? 0),
    savingsMicros: totals.savingsMicros + savings,
    savingsBasisMicros: totals.savingsBasisMicros + (bothPriced ? (record.frontierCostMicros ?? 0) : 0),
    batchRequests: totals.batchRequests + (record.batch ? 1 : 0),
    // Only where both prices are known, so the difference is what batching saved.
    batchCostMicros: totals.batchCostMicros + (record.batch && record.costMicros !== null && record.batch.standardCostMicros !== null ? record.costMicros : 0),
    batchStandardMicros: totals.batchStandardMicros + (record.batch && record.costMicros !== null && record.batch.standardCostMicros !== null ? record.batch.standardCostMicros : 0),
    byTier: { ...totals.byTier, [record.tier]: addToGroup(totals.byTier[record.tier], record) },
    byModel: withGroup(totals.byModel, record.model, record),
    byTaskKind: withGroup(totals.byTaskKind, record.taskKind, record),
    byOutcome: { ...totals.byOutcome, [record.outcome]: totals.byOutcome[record.outcome] + 1 },
    feedback: totals.feedback,
    completionOutcomes: totals.completionOutcomes,
  };
}

/** `totals` after one request's feedback changed from `from` to `to` (either may be absent). */
export function changeFeedback(totals: Totals, from: Feedback | undefined, to: Feedback | undefined): Totals {
  if (from === to) {
    return totals;
  }
  const feedback = { ...totals.feedback };
  if (from !== undefined) {
    feedback[from] -= 1;
  }
  if (to !== undefined) {
    feedback[to] += 1;
  }
  return { ...totals, feedback };
}

/** `totals` after one completion's outcome moved from `from` (absent: none yet) to `to`. */
export function changeCompletionOutcome(totals: Totals, from: CompletionOutcome | undefined, to: CompletionOutcome): Totals {
  if (from === to) {
    return totals;
  }
  const completionOutcomes = { ...totals.completionOutcomes };
  if (from !== undefined) {
    completionOutcomes[from] -= 1;
  }
  completionOutcomes[to] += 1;
  return { ...totals, completionOutcomes };
}

/** Accepted completions as a fraction of those shown, or undefined when none was shown. */
export function acceptanceRate(totals: Totals): number | undefined {
  const { shown, dismissed, accepted } = totals.completionOutcomes;
  const all = shown + dismissed + accepted;
  return all > 0 ? accepted / all : undefined;
}

/** Savings as a fraction of the comparable frontier cost, or undefined when nothing is comparable. */
export function savingsFraction(totals: Totals): number | undefined {
  return totals.savingsBasisMicros > 0 ? totals.savingsMicros / totals.savingsBasisMicros : undefined;
}

/** The local calendar day of `date` as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function addToGroup(group: GroupTotals, record: SpendRecord): GroupTotals {
  // A cancelled or failed attempt is not a verdict of the gate: the cascade's tally leaves it out.
  const cascade = record.cascade && (record.outcome === 'ok' || record.outcome === 'escalated') ? record.cascade : undefined;
  const cost = record.costMicros ?? 0;
  return {
    requests: group.requests + 1,
    inputTokens: group.inputTokens + record.usage.inputTokens,
    outputTokens: group.outputTokens + record.usage.outputTokens,
    cacheReadTokens: group.cacheReadTokens + record.usage.cacheReadTokens,
    cacheWriteTokens: group.cacheWriteTokens + record.usage.cacheWrite5mTokens + record.usage.cacheWrite1hTokens,
    costMicros: group.costMicros + (record.costMicros ?? 0),
    unpricedRequests: group.unpricedRequests + (record.costMicros === null ? 1 : 0),
    thinkingTokens: group.thinkingTokens + (record.usage.thinkingTokens ?? 0),
    thinkingCostMicros: group.thinkingCostMicros + (record.thinkingCostMicros ?? 0),
    cascadeTasks: group.cascadeTasks + (cascade?.step === 0 ? 1 : 0),
    cascadeFirstFailed: group.cascadeFirstFailed + (cascade?.step === 1 ? 1 : 0),
    cascadeClimbs: group.cascadeClimbs + (cascade && cascade.step > 0 ? 1 : 0),
    cascadeCostMicros: group.cascadeCostMicros + (cascade ? cost : 0),
    // The attempt a climb replaces is no longer the task's last: its cost leaves the straight price.
    cascadeStraightMicros: group.cascadeStraightMicros + (cascade ? cost - (cascade.after?.costMicros ?? 0) : 0),
  };
}

function withGroup<K>(groups: ReadonlyMap<K, GroupTotals>, key: K, record: SpendRecord): ReadonlyMap<K, GroupTotals> {
  const next = new Map(groups);
  next.set(key, addToGroup(groups.get(key) ?? EMPTY_GROUP, record));
  return next;
}

function recordOf<K extends string, V>(keys: readonly K[], value: V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value])) as Record<K, V>;
}

/** A whole Totals seen as one group: the "all tiers" row of a table. */
export function groupOfTotals(totals: Totals): GroupTotals {
  return {
    requests: totals.requests,
    inputTokens: totals.usage.inputTokens,
    outputTokens: totals.usage.outputTokens,
    cacheReadTokens: totals.usage.cacheReadTokens,
    cacheWriteTokens: totals.usage.cacheWrite5mTokens + totals.usage.cacheWrite1hTokens,
    costMicros: totals.costMicros,
    unpricedRequests: totals.unpricedRequests,
    thinkingTokens: totals.usage.thinkingTokens ?? 0,
    thinkingCostMicros: totals.thinkingCostMicros,
    cascadeTasks: 0,
    cascadeFirstFailed: 0,
    cascadeClimbs: 0,
    cascadeCostMicros: 0,
    cascadeStraightMicros: 0,
  };
}
