/**
 * The cascade bench's pricing scenarios and strategies, computed from the per-task outcomes: each
 * run's turns priced through the token model and the project's price table, then every strategy
 * replayed over the tasks its models all ran.
 */
import type { ModelKey, TaskOutcomes } from './outcomes';
import { OUTCOME_MODELS, repositoryOf } from './outcomes';
import type { StartJudgement } from './predictStart';
import { gapByKind, judgeStart } from './predictStart';
import type { Outcome, PricedTask, Strategy } from './strategies';
import { cascade, oracle, ranByAll, replay, single } from './strategies';
import type { TokenModel } from './tokenModel';
import { runCosts } from './tokenModel';

/** Which price-table id each data model is billed as, and whether turns use prompt caching. */
export interface Scenario {
  readonly name: string;
  readonly caching: boolean;
  readonly modelIds: Readonly<Record<ModelKey, string>>;
}

// The table has no Opus 4.1 price: its runs are billed as the legacy Opus id, the 4.5 generation's price.
const LEGACY = { haiku45: 'claude-haiku-4-5', sonnet45: 'claude-sonnet-4-5', opus41: 'claude-opus-4-5' } as const;
const CURRENT = { haiku45: 'claude-haiku-5-5', sonnet45: 'claude-sonnet-5-5', opus41: 'claude-opus-5-5' } as const;

export const SCENARIOS: readonly Scenario[] = [
  { name: 'legacy 4.5 prices, prompt caching', caching: true, modelIds: LEGACY },
  { name: 'legacy 4.5 prices, no caching', caching: false, modelIds: LEGACY },
  { name: 'current 5.5 prices, prompt caching', caching: true, modelIds: CURRENT },
  { name: 'current 5.5 prices, no caching', caching: false, modelIds: CURRENT },
];

/** Shares of failures the leaky gates miss. */
export const MISS_SHARES = [0.1, 0.25, 0.5] as const;
/** Seeds of the train/test splits the predicted start is judged on; the first is the headline. */
export const SPLIT_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** One strategy's replay, with the ratios the tables show. */
export interface StrategyRow extends Outcome {
  readonly strategy: string;
  /** Total cost against all-Sonnet and the oracle on the same tasks. */
  readonly vsSonnet: number;
  readonly vsOracle: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly rows: readonly StrategyRow[];
  /** The cascade's excess over the oracle by kind of task, micro-dollars. */
  readonly gap: ReturnType<typeof gapByKind>;
  readonly starts: readonly StartJudgement[];
}

/** Every task's runs priced under `scenario`. */
export function priceTasks(tasks: readonly TaskOutcomes[], tokens: TokenModel, scenario: Scenario): PricedTask[] {
  const maxTurns = Math.max(...tasks.flatMap((t) => Object.values(t.runs).map((run) => run.turns)));
  const costs = new Map(OUTCOME_MODELS.map((key) => [key, runCosts(tokens, scenario.modelIds[key], scenario.caching, maxTurns)]));
  return tasks.map((t) => {
    const runs: Record<string, { resolved: boolean; micros: number }> = {};
    for (const key of OUTCOME_MODELS) {
      const run = t.runs[key];
      if (run !== undefined) runs[key] = { resolved: run.resolved, micros: costs.get(key)?.[run.turns] ?? NaN };
    }
    return { task: t.task, repository: repositoryOf(t.task), runs };
  });
}

function row(strategy: string, tasks: readonly PricedTask[], play: Strategy): StrategyRow {
  const outcome = replay(tasks, play);
  const sonnet = replay(tasks, single('sonnet45')).micros;
  const best = replay(tasks, oracle(['haiku45', 'sonnet45'])).micros;
  return { strategy, ...outcome, vsSonnet: outcome.micros / sonnet, vsOracle: outcome.micros / best };
}

/** All strategies under one scenario. */
export function runScenario(tasks: readonly TaskOutcomes[], tokens: TokenModel, scenario: Scenario): ScenarioResult {
  const priced = priceTasks(tasks, tokens, scenario);
  const both = ranByAll(priced, ['haiku45', 'sonnet45']);
  const withOpus = ranByAll(priced, ['haiku45', 'sonnet45', 'opus41']);
  const rows = [
    row('all-Haiku', both, single('haiku45')),
    row('all-Sonnet', both, single('sonnet45')),
    row('cascade Haiku → Sonnet, perfect gate', both, cascade('haiku45', 'sonnet45')),
    ...MISS_SHARES.map((miss) => row(`cascade, gate misses ${miss * 100}% of failures`, both, cascade('haiku45', 'sonnet45', miss))),
    row('oracle (cheapest run that resolved it)', both, oracle(['haiku45', 'sonnet45'])),
    row(`all-Opus 4.1 (the ${withOpus.length} tasks it ran, ~50-turn budget; ratios on those tasks)`, withOpus, single('opus41')),
  ];
  const starts = SPLIT_SEEDS.map((seed) => judgeStart(both, 'haiku45', 'sonnet45', seed));
  return { scenario, rows, gap: gapByKind(both, 'haiku45', 'sonnet45'), starts };
}
