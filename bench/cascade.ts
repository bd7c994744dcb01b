/**
 * bench/cascade: the Haiku → Sonnet cascade replayed on published per-task SWE-bench Pro outcomes
 * (bench/cascade/outcomes.csv, derived as bench/cascade/README.md says). Every task is replayed
 * under all-Haiku, all-Sonnet, all-Opus where the data has it, the cascade with a perfect gate and
 * with gates that miss a share of failures, the oracle, and a cascade whose start is predicted from
 * the task's repository; each under legacy and current prices, with and without prompt caching.
 * Writes bench/results/cascade.json and cascade.md. Run with `npm run bench:cascade`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOutcomes } from './cascade/outcomes';
import { cascadeMarkdown, cascadeSummary } from './cascade/report';
import { rescueByRepository } from './cascade/predictStart';
import { SCENARIOS, priceTasks, runScenario } from './cascade/scenarios';
import { ranByAll } from './cascade/strategies';
import { SONNET_45_REPORT, fitTokenModel } from './cascade/tokenModel';
import { writeResult, writeResultText } from './stats';

const root = join(__dirname, '..', '..');
const OUTCOMES = join(root, 'bench', 'cascade', 'outcomes.csv');

function main(): void {
  const tasks = parseOutcomes(readFileSync(OUTCOMES, 'utf8'));
  const sonnetTurns = tasks.flatMap((task) => (task.runs.sonnet45 === undefined ? [] : [task.runs.sonnet45.turns]));
  const tokens = fitTokenModel(sonnetTurns);
  const results = SCENARIOS.map((scenario) => runScenario(tasks, tokens, scenario));
  const command = 'npm run bench:cascade';
  const rescue = rescueByRepository(ranByAll(priceTasks(tasks, tokens, SCENARIOS[0]), ['haiku45', 'sonnet45']), 'haiku45', 'sonnet45');
  const markdown = cascadeMarkdown(results, rescue, tokens, command);
  const mdPath = writeResultText('cascade.md', markdown);
  const summary = cascadeSummary(results);
  const path = writeResult('cascade', {
    command,
    source: { repository: 'nilenso/swe-bench-pro-cost-token-time-analysis', commit: 'adde7eea2c7ab014932f047d63f1b8771c9d9fd7', file: 'data/agent_runs_data.csv' },
    tasks: tasks.length,
    tokenModel: { ...tokens, fittedTo: SONNET_45_REPORT, sonnetRuns: sonnetTurns.length },
    rescueByRepository: rescue,
    results: results.map((result) => ({
      scenario: result.scenario,
      rows: result.rows,
      gapToOracle: result.gap,
      predictedStart: result.starts.map(({ seed, strongFirstRepositories, cascade, predicted, bestOrder, oracle, gapRecovered, bestOrderGapRecovered }) => ({
        seed,
        strongFirstRepositories,
        cascadeMicros: cascade.micros,
        predictedMicros: predicted.micros,
        bestOrderMicros: bestOrder.micros,
        oracleMicros: oracle.micros,
        testTasks: cascade.tasks,
        gapRecovered,
        bestOrderGapRecovered,
      })),
    })),
    summary,
  });
  console.log(markdown);
  console.log(`written to ${path} and ${mdPath}`);
}

if (require.main === module) main();
