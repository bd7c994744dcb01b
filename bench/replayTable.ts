/**
 * The replay benchmark's table: one row per workload and model generation, from the JSON that
 * `model-router replay --json` prints. Pure, so the unit tests check it.
 */
import { formatUsd } from '../src/core/money';

/** The fields of `model-router replay --json` the table uses. */
export interface ReplayJson {
  readonly requests: number;
  readonly models: { readonly fast: string; readonly balanced: string; readonly frontier: string };
  readonly routedUsd: number;
  readonly allFrontierUsd: number;
  readonly allBalancedUsd: number;
  readonly byTier: Record<string, { requests: number; usd: number }>;
  readonly unpricedModels: readonly string[];
}

export interface ReplayRun {
  readonly workload: string;
  /** `current` or `legacy`. */
  readonly models: string;
  readonly result: ReplayJson;
}

export interface ReplayRow {
  readonly workload: string;
  readonly models: string;
  readonly requests: number;
  readonly tiers: string;
  readonly policy: string;
  readonly allFrontier: string;
  readonly allBalanced: string;
  readonly savingsVsFrontier: string;
  readonly savingsVsBalanced: string;
}

/** The CLI's own formatting: 4 decimals under a cent, 3 under 10 cents, then 2. */
const usd = (x: number) => formatUsd(Math.round(x * 1_000_000));
const pct = (cost: number, baseline: number) => (baseline > 0 ? `${(((baseline - cost) / baseline) * 100).toFixed(1)}%` : 'n/a');

export function replayRows(runs: readonly ReplayRun[]): ReplayRow[] {
  return runs.map(({ workload, models, result }) => {
    if (result.unpricedModels.length > 0) throw new Error(`${workload} (${models}): unpriced models ${result.unpricedModels.join(', ')}`);
    return {
      workload,
      models: `${models} (${result.models.fast} · ${result.models.balanced} · ${result.models.frontier})`,
      requests: result.requests,
      tiers: ['fast', 'balanced', 'frontier'].map((tier) => result.byTier[tier]?.requests ?? 0).join(' / '),
      policy: usd(result.routedUsd),
      allFrontier: usd(result.allFrontierUsd),
      allBalanced: usd(result.allBalancedUsd),
      savingsVsFrontier: pct(result.routedUsd, result.allFrontierUsd),
      savingsVsBalanced: pct(result.routedUsd, result.allBalancedUsd),
    };
  });
}

export function savingsTable(rows: readonly ReplayRow[]): string {
  const header = '| Workload | Models (fast · balanced · frontier) | Requests | Routed fast / balanced / frontier | Policy | All frontier | All balanced | Saved vs all-frontier | Saved vs all-balanced |';
  const lines = rows.map((r) => `| ${r.workload} | ${r.models} | ${r.requests} | ${r.tiers} | ${r.policy} | ${r.allFrontier} | ${r.allBalanced} | ${r.savingsVsFrontier} | ${r.savingsVsBalanced} |`);
  return [header, '|---|---|--:|--:|--:|--:|--:|--:|--:|', ...lines].join('\n');
}
