/**
 * The cascade bench's tables (bench/results/cascade.md, copied into the README) and the summary
 * lines `npm run bench` puts in SUMMARY.md.
 */
import { formatUsd } from '../../src/core/money';
import type { RepositoryRescue } from './predictStart';
import type { ScenarioResult, StrategyRow } from './scenarios';
import type { TokenModel } from './tokenModel';

const percent = (share: number, digits = 1): string => `${(share * 100).toFixed(digits)}%`;
const times = (ratio: number): string => `${ratio.toFixed(2)}×`;

function strategyLine(row: StrategyRow): string {
  const perResolved = row.resolved > 0 ? formatUsd(row.micros / row.resolved) : '—';
  return `| ${row.strategy} | ${row.tasks} | ${percent(row.resolved / row.tasks)} | ${formatUsd(row.micros)} | ${perResolved} | ${times(row.vsSonnet)} | ${times(row.vsOracle)} |`;
}

/** Mean, min and max of the share of the gap recovered over the seeds. */
export function recoveredSpread(result: ScenarioResult): { mean: number; min: number; max: number; ceiling: number } {
  const shares = result.starts.map((judgement) => judgement.gapRecovered);
  const ceilings = result.starts.map((judgement) => judgement.bestOrderGapRecovered);
  return {
    mean: shares.reduce((sum, x) => sum + x, 0) / shares.length,
    min: Math.min(...shares),
    max: Math.max(...shares),
    ceiling: ceilings.reduce((sum, x) => sum + x, 0) / ceilings.length,
  };
}

/** The markdown tables: strategies per scenario, the predicted start, where the gap lies. */
export function cascadeMarkdown(results: readonly ScenarioResult[], rescue: readonly RepositoryRescue[], tokens: TokenModel, command: string): string {
  const lines = [
    '# The cascade on SWE-bench Pro outcomes',
    '',
    `Per-task outcomes of Claude 4.5 Haiku and Claude 4.5 Sonnet (bench/cascade/README.md), priced per turn by the project's costOf; reproduce with \`${command}\`.`,
    `Token model: turn t sends ${tokens.firstPrompt.toLocaleString('en-US')} + ${tokens.growthPerTurn}·(t−1) tokens and answers ${tokens.outputPerTurn}.`,
    '',
  ];
  for (const result of results) {
    lines.push(`## ${result.scenario.name}`, '', '| strategy | tasks | resolved | total cost | per resolved task | × all-Sonnet | × oracle |', '|---|--:|--:|--:|--:|--:|--:|');
    lines.push(...result.rows.map(strategyLine), '');
  }
  lines.push(
    '## Cascade start by predicted difficulty (per repository, learned on a seeded half, judged on the other)',
    '',
    '| prices | cascade | predicted start | best order, knowing outcomes | oracle | gap recovered, seed 1 | 20 seeds: mean (min–max) | best order: mean | repositories started on Sonnet, seed 1 |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|',
  );
  for (const result of results) {
    const [first] = result.starts;
    const spread = recoveredSpread(result);
    lines.push(
      `| ${result.scenario.name} | ${formatUsd(first.cascade.micros)} | ${formatUsd(first.predicted.micros)} | ${formatUsd(first.bestOrder.micros)} | ${formatUsd(first.oracle.micros)} | ${percent(first.gapRecovered)} | ${percent(spread.mean)} (${percent(spread.min)}–${percent(spread.max)}) | ${percent(spread.ceiling)} | ${first.strongFirstRepositories.join(', ') || 'none'} |`,
    );
  }
  lines.push('', '## What escalation buys, by repository (the only pre-run signal in the data)', '', '| repository | tasks | Haiku resolved | Sonnet resolved | Haiku failures | rescued by Sonnet |', '|---|--:|--:|--:|--:|--:|');
  for (const r of rescue) {
    lines.push(`| ${r.repository} | ${r.tasks} | ${percent(r.cheapResolved / r.tasks, 0)} | ${percent(r.strongResolved / r.tasks, 0)} | ${r.cheapFailures} | ${r.rescued} (${percent(r.rescued / r.cheapFailures, 0)}) |`);
  }
  lines.push('', '## Where the cascade pays more than the oracle (all 729 tasks, perfect gate)', '', '| prices | gap | neither model resolved it | only Sonnet did (the failed Haiku attempt) | Haiku did, Sonnet would have been cheaper |', '|---|--:|--:|--:|--:|');
  for (const { scenario, gap } of results) {
    const total = gap.neither + gap.strongOnly + gap.cheapResolved;
    lines.push(`| ${scenario.name} | ${formatUsd(total)} | ${percent(gap.neither / total)} | ${percent(gap.strongOnly / total)} | ${percent(gap.cheapResolved / total)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line per scenario for SUMMARY.md. */
export function cascadeSummary(results: readonly ScenarioResult[]): string[] {
  return results.map((result) => {
    const [haiku, sonnet, perfect] = result.rows;
    const oracle = result.rows.find((row) => row.strategy.startsWith('oracle'));
    const half = result.rows.find((row) => row.strategy.includes('50%'));
    const spread = recoveredSpread(result);
    return (
      `${result.scenario.name}: cascade Haiku → Sonnet resolves ${percent(perfect.resolved / perfect.tasks)} of ${perfect.tasks} tasks (Sonnet ${percent(sonnet.resolved / sonnet.tasks)}, Haiku ${percent(haiku.resolved / haiku.tasks)}) ` +
      `at ${times(perfect.vsSonnet)} Sonnet's cost (${formatUsd(perfect.micros)}); oracle ${times(oracle?.vsSonnet ?? NaN)}; a gate missing half the failures ${percent((half?.resolved ?? NaN) / perfect.tasks)} at ${times(half?.vsSonnet ?? NaN)}; ` +
      `starting by repository recovers ${percent(spread.mean)} of the gap to the oracle (any start order at most ${percent(spread.ceiling)})`
    );
  });
}
