/**
 * Turns → tokens → dollars for an agent run. The data has turns per run but no tokens; the source
 * repository's docs/report.txt gives Sonnet 4.5's means over its runs. A run's context grows by a
 * fixed amount each turn (the tool's observation and the model's previous answer), so turn t sends
 * firstPrompt + growthPerTurn·(t−1) tokens and answers outputPerTurn. firstPrompt and growthPerTurn
 * are solved so that Sonnet's turn counts in the data reproduce the report's mean input per task and
 * mean context per call; every model is priced with that one token model (the report has no other).
 * Each turn is one request priced by the project's costOf, so a price table's long-prompt band
 * applies to the turns whose context crosses it.
 */
import { costOf } from '../../src/core/spend/pricing';
import type { Usage } from '../../src/core/model/usage';

/** Sonnet 4.5's means per task in the source's docs/report.txt (616 tasks where a patch was submitted). */
export const SONNET_45_REPORT: ReportMeans = {
  meanCalls: 78,
  meanInputPerTask: 2_802_336,
  meanInputPerCall: 34_705,
  meanOutputPerTask: 17_705,
};

/** Means per task of a set of agent runs, as a report states them. */
export interface ReportMeans {
  readonly meanCalls: number;
  readonly meanInputPerTask: number;
  /** Mean over runs of input per task / calls per task: the average context of a call. */
  readonly meanInputPerCall: number;
  readonly meanOutputPerTask: number;
}

/** Tokens of one agent turn, whole numbers. */
export interface TokenModel {
  /** Context of the first turn: system prompt, tool descriptions and the issue. */
  readonly firstPrompt: number;
  /** What each turn adds to the context for the next. */
  readonly growthPerTurn: number;
  readonly outputPerTurn: number;
}

/**
 * Solves firstPrompt (c) and growthPerTurn (g) from two means over runs of n turns:
 * mean input per task = c·E[n] + g·E[n(n−1)/2], mean context per call = c + g·E[(n−1)/2].
 */
export function fitTokenModel(turns: readonly number[], report: ReportMeans = SONNET_45_REPORT): TokenModel {
  if (turns.length === 0) throw new Error('no runs to fit the token model on');
  const mean = (f: (n: number) => number): number => turns.reduce((sum, n) => sum + f(n), 0) / turns.length;
  const [a, b, d] = [mean((n) => n), mean((n) => (n * (n - 1)) / 2), mean((n) => (n - 1) / 2)];
  const determinant = a * d - b;
  const growth = (report.meanInputPerCall * a - report.meanInputPerTask) / determinant;
  const first = report.meanInputPerCall - growth * d;
  if (!(first > 0 && growth > 0)) throw new Error(`the report's means do not fit a growing context (first prompt ${first}, growth ${growth})`);
  return { firstPrompt: Math.round(first), growthPerTurn: Math.round(growth), outputPerTurn: Math.round(report.meanOutputPerTask / report.meanCalls) };
}

/**
 * Usage of turn `turn` (1-based). Without caching the whole context is uncached input. With
 * caching the first turn writes its prompt to the 5-minute cache; each later turn reads the
 * previous turn's context from the cache (0.1× input) and writes only what was added (1.25×).
 */
export function turnUsage(model: TokenModel, turn: number, caching: boolean): Usage {
  const context = model.firstPrompt + model.growthPerTurn * (turn - 1);
  const base = { outputTokens: model.outputPerTurn, cacheWrite1hTokens: 0 };
  if (!caching) return { ...base, inputTokens: context, cacheWrite5mTokens: 0, cacheReadTokens: 0 };
  if (turn === 1) return { ...base, inputTokens: 0, cacheWrite5mTokens: context, cacheReadTokens: 0 };
  return { ...base, inputTokens: 0, cacheWrite5mTokens: model.growthPerTurn, cacheReadTokens: context - model.growthPerTurn };
}

/**
 * Cost in micro-dollars of a run of n turns on `modelId`, for n = 0..maxTurns (index n), each turn
 * priced by costOf. Throws for a model the price table does not know rather than pricing it at $0.
 */
export function runCosts(model: TokenModel, modelId: string, caching: boolean, maxTurns: number): number[] {
  const costs = [0];
  for (let turn = 1; turn <= maxTurns; turn++) {
    const cost = costOf(turnUsage(model, turn, caching), modelId);
    if (cost.kind !== 'priced') throw new Error(`${modelId} has no price in src/core/spend/priceTable.ts`);
    costs.push(costs[turn - 1] + cost.micros);
  }
  return costs;
}
