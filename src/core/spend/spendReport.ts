/**
 * The spend report's data, computed from a ledger snapshot: totals, the last 30 days, and the
 * breakdowns by tier, model and task kind with savings against all-frontier. Plain JSON, so the
 * extension can post it to the report webview as is.
 */
import { formatUsd } from '../money';
import type { GroupTotals, SpendSnapshot, Totals } from './spendTotals';
import { EMPTY_GROUP, groupOfTotals, localDay, savingsFraction } from './spendTotals';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import { TIERS } from '../routing/tiers';

export interface ReportRow {
  readonly key: string;
  readonly label: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly costMicros: number;
  readonly cost: string;
  readonly unpricedRequests: number;
  /** Output tokens spent thinking and what they cost (part of the row's tokens and cost). */
  readonly thinkingTokens: number;
  readonly thinkingCostMicros: number;
  readonly thinkingCost: string;
}

export interface ReportTotals {
  readonly requests: number;
  readonly cost: string;
  readonly costMicros: number;
  readonly frontierCost: string;
  readonly savings: string;
  /** Whole percent saved against all-frontier, or null with nothing to compare. */
  readonly savingsPercent: number | null;
  readonly unpricedRequests: number;
  /** Requests whose usage is partly estimated, and what they cost (part of `cost`). */
  readonly estimatedRequests: number;
  readonly estimatedCost: string;
  /** Requests sent in a Message Batch, their cost at the batch rate (part of `cost`), and what batching saved against the standard rate. */
  readonly batchRequests: number;
  readonly batchCost: string;
  readonly batchSaved: string;
}

/**
 * The verified cascade for one task kind: how often the first tier's answer passed the editor's
 * checks, and what the cascade cost against asking the tier each task ended on straight away
 * (the kept answers' own cost, without the failed attempts before them).
 */
export interface CascadeRow {
  readonly key: string;
  readonly label: string;
  readonly tasks: number;
  readonly firstPassed: number;
  /** Whole percent of tasks whose first tier passed. */
  readonly firstPassedPercent: number;
  readonly climbs: number;
  readonly costMicros: number;
  readonly cost: string;
  readonly straightMicros: number;
  readonly straightCost: string;
  /** What the failed attempts added: cost − straight. */
  readonly extraCost: string;
  /** cost ÷ straight, two decimals; null when straight is $0. */
  readonly ratio: number | null;
}

export interface SpendReportData {
  readonly generatedAt: string;
  readonly session: ReportTotals;
  readonly today: ReportTotals;
  readonly allTime: ReportTotals;
  /** Oldest first, every day of the window present (zero days included) so the chart has no gaps. */
  readonly days: readonly ReportRow[];
  readonly byTier: readonly ReportRow[];
  readonly byModel: readonly ReportRow[];
  readonly byTaskKind: readonly ReportRow[];
  /** Task kinds with gated agent edits, most tasks first. */
  readonly cascade: readonly CascadeRow[];
  readonly feedback: Readonly<Record<string, number>>;
}


export function buildSpendReport(snapshot: SpendSnapshot, now: Date, days = 30): SpendReportData {
  const dayRows: ReportRow[] = [];
  for (let offset = days - 1; offset >= 0; offset--) {
    const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() - offset);
    const key = localDay(date);
    const totals = snapshot.byDay.get(key);
    dayRows.push(row(key, key.slice(5), totals ? groupOfTotals(totals) : EMPTY_GROUP));
  }
  const all = snapshot.allTime;
  return {
    generatedAt: now.toISOString(),
    session: totalsOf(snapshot.session),
    today: totalsOf(snapshot.today),
    allTime: totalsOf(all),
    days: dayRows,
    byTier: TIERS.map((tier) => row(tier, tier, all.byTier[tier])).filter((r) => r.requests > 0),
    byModel: sortByCost([...all.byModel].map(([model, group]) => row(model, model, group))),
    byTaskKind: sortByCost([...all.byTaskKind].map(([kind, group]) => row(kind, TASK_KIND_INFO[kind].label, group))),
    cascade: cascadeRows(all),
    feedback: { ...all.feedback },
  };
}

/** The cascade table: one row per task kind that had gated edits. */
export function cascadeRows(all: Totals): CascadeRow[] {
  return [...all.byTaskKind]
    .filter(([, group]) => group.cascadeTasks > 0)
    .map(([kind, group]) => {
      const firstPassed = Math.max(0, group.cascadeTasks - group.cascadeFirstFailed);
      return {
        key: kind,
        label: TASK_KIND_INFO[kind].label,
        tasks: group.cascadeTasks,
        firstPassed,
        firstPassedPercent: Math.round((firstPassed / group.cascadeTasks) * 100),
        climbs: group.cascadeClimbs,
        costMicros: group.cascadeCostMicros,
        cost: formatUsd(group.cascadeCostMicros),
        straightMicros: group.cascadeStraightMicros,
        straightCost: formatUsd(group.cascadeStraightMicros),
        extraCost: formatUsd(group.cascadeCostMicros - group.cascadeStraightMicros),
        ratio: group.cascadeStraightMicros > 0 ? Math.round((group.cascadeCostMicros / group.cascadeStraightMicros) * 100) / 100 : null,
      };
    })
    .sort((a, b) => b.tasks - a.tasks || b.costMicros - a.costMicros);
}

function totalsOf(totals: Totals): ReportTotals {
  const fraction = savingsFraction(totals);
  return {
    requests: totals.requests,
    cost: formatUsd(totals.costMicros),
    costMicros: totals.costMicros,
    frontierCost: formatUsd(totals.frontierCostMicros),
    savings: formatUsd(totals.savingsMicros),
    savingsPercent: fraction === undefined ? null : Math.round(fraction * 100),
    unpricedRequests: totals.unpricedRequests,
    estimatedRequests: totals.estimatedRequests,
    estimatedCost: formatUsd(totals.estimatedCostMicros),
    batchRequests: totals.batchRequests,
    batchCost: formatUsd(totals.batchCostMicros),
    batchSaved: formatUsd(totals.batchStandardMicros - totals.batchCostMicros),
  };
}

function row(key: string, label: string, group: GroupTotals): ReportRow {
  return { key, label, ...group, cost: formatUsd(group.costMicros), thinkingCost: formatUsd(group.thinkingCostMicros) };
}

function sortByCost(rows: ReportRow[]): ReportRow[] {
  return rows.sort((a, b) => b.costMicros - a.costMicros || b.requests - a.requests);
}
