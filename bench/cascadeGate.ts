/**
 * bench/cascadeGate: the verified cascade (issue 16) replayed through the real engine, escalation,
 * budget and price table, with the diagnostics gate's verdicts scripted at several pass rates. Each
 * of 1,000 tasks per task kind has one seeded draw per attempt (fast, balanced, frontier, frontier at
 * high effort); a draw below the tier's pass rate passes the gate. Strategies, on the same draws:
 * - `gate`: routed as today (bug fix and tests on balanced, docstring on fast), climbing on failure;
 * - `cascade`: `cascade.startLower` for the kind (one tier lower; fast stays fast), climbing on failure;
 * - `direct`: the one request each task would have cost on the tier the cascade ended on (the oracle);
 * - `frontier`: every task once on frontier, failures left as they are.
 * Tokens: 4,000 in and 800 out per answer, a retry 400 more in (the errors). Effort does not change
 * tokens here. Writes bench/results/cascadeGate.json. Run with `npm run bench:cascadeGate`.
 */
import { Engine } from '../src/core/engine';
import type { LlmClient, LlmResult } from '../src/core/model/llm';
import { buildCommandPrompt } from '../src/core/prompts/commandPrompt';
import { OverrideState } from '../src/core/routing/overrides';
import { parsePolicy } from '../src/core/routing/policy';
import type { GatedTaskKind } from '../src/core/routing/taskKinds';
import type { ModelTier } from '../src/core/routing/tiers';
import { Ledger } from '../src/core/spend/ledger';
import { MemoryLedgerStore } from '../src/core/spend/ledgerStore';
import { costOf, microsOrNull } from '../src/core/spend/pricing';
import { formatUsd } from '../src/core/money';
import { machine, seededRandom, writeResult } from './stats';

const TASKS = 1000;
const INPUT = 4000;
const OUTPUT = 800;
const RETRY_EXTRA_INPUT = 400;
const KINDS: readonly GatedTaskKind[] = ['bugfix', 'tests', 'docstring'];

/** Gate pass rates per tier; the scenario is named by the cheapest tier's rate. */
const PASS_RATES: ReadonlyArray<{ readonly name: string; readonly rates: Readonly<Record<ModelTier, number>> }> = [
  { name: 'cheap tier passes 30%', rates: { fast: 0.3, balanced: 0.6, frontier: 0.9 } },
  { name: 'cheap tier passes 50%', rates: { fast: 0.5, balanced: 0.75, frontier: 0.92 } },
  { name: 'cheap tier passes 70%', rates: { fast: 0.7, balanced: 0.85, frontier: 0.95 } },
  { name: 'cheap tier passes 90%', rates: { fast: 0.9, balanced: 0.95, frontier: 0.98 } },
];

/** The attempt keys a task's draws are made for: the frontier's second try is at high effort. */
type Attempt = ModelTier | 'frontierHigh';

function drawsFor(seed: number): Array<Record<Attempt, number>> {
  const random = seededRandom(seed);
  return Array.from({ length: TASKS }, () => ({ fast: random(), balanced: random(), frontier: random(), frontierHigh: random() }));
}

/** A client that answers at once with the token model; the gate decides what the answer was worth. */
function scriptedClient(): LlmClient & { retry: boolean } {
  const client = {
    retry: false,
    stream: (): Promise<LlmResult> => {
      const usage = { inputTokens: INPUT + (client.retry ? RETRY_EXTRA_INPUT : 0), outputTokens: OUTPUT, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };
      client.retry = true;
      return Promise.resolve({ outcome: 'ok', usage, stopReason: 'end_turn', model: 'scripted', text: '```ts\nanswer\n```' });
    },
    countTokens: () => Promise.resolve(INPUT),
  };
  return client;
}

interface TaskRun {
  readonly costMicros: number;
  readonly finalTier: ModelTier;
  readonly attempts: number;
  readonly passed: boolean;
  readonly firstPassed: boolean;
}

async function runTasks(kind: GatedTaskKind, rates: Record<ModelTier, number>, draws: ReadonlyArray<Record<Attempt, number>>, startLower: boolean): Promise<TaskRun[]> {
  const policy = parsePolicy({ cascade: { startLower: startLower ? [kind] : [] } }).policy;
  const ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 'bench' });
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const runs: TaskRun[] = [];
  for (const draw of draws) {
    const client = scriptedClient();
    const engine = new Engine({ policy: () => policy, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), ledger, overrides: new OverrideState(), client: () => Promise.resolve(client), log: silent });
    let lastPassed = false;
    let firstPassed: boolean | undefined;
    let frontierTries = 0;
    const result = await engine.run({
      request: { surface: 'command', taskKind: kind, gated: true },
      prompt: () => buildCommandPrompt({ kind, context: [] }),
      check: (_text, decision) => {
        const tier = decision.tier as ModelTier;
        const attempt: Attempt = tier === 'frontier' && frontierTries++ > 0 ? 'frontierHigh' : tier;
        lastPassed = draw[attempt] < rates[tier];
        firstPassed ??= lastPassed;
        return Promise.resolve(lastPassed ? undefined : `introduced 1 type error (scripted, ${attempt})`);
      },
    });
    if (result.kind !== 'done') throw new Error(`bench task not finished: ${result.kind}`);
    const costMicros = result.attempts.reduce((sum, record) => sum + (record.costMicros ?? 0), 0);
    runs.push({ costMicros, finalTier: result.decision.tier as ModelTier, attempts: result.attempts.length, passed: lastPassed, firstPassed: firstPassed ?? false });
  }
  return runs;
}

function oneRequestMicros(tier: ModelTier, policy = parsePolicy({}).policy): number {
  return microsOrNull(costOf({ inputTokens: INPUT, outputTokens: OUTPUT, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 }, policy.tiers[tier].model, {})) ?? 0;
}

const per100 = (micros: number) => Math.round((micros / TASKS) * 100);
const share = (count: number) => Math.round((count / TASKS) * 1000) / 10;

async function main(): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  const summary: string[] = [];
  let seed = 16;
  for (const scenario of PASS_RATES) {
    for (const kind of KINDS) {
      const draws = drawsFor(seed++);
      const gate = await runTasks(kind, scenario.rates, draws, false);
      const cascade = await runTasks(kind, scenario.rates, draws, true);
      const direct = cascade.reduce((sum, run) => sum + oneRequestMicros(run.finalTier), 0);
      const frontier = oneRequestMicros('frontier') * TASKS;
      const frontierFailed = draws.filter((draw) => draw.frontier >= scenario.rates.frontier).length;
      const sum = (runs: TaskRun[]) => runs.reduce((total, run) => total + run.costMicros, 0);
      const row = {
        scenario: scenario.name,
        rates: scenario.rates,
        kind,
        per100TasksMicros: { gate: per100(sum(gate)), cascade: per100(sum(cascade)), direct: per100(direct), frontier: per100(frontier) },
        cascadeFirstTierPassedPct: share(cascade.filter((run) => run.firstPassed).length),
        cascadeNeedsReviewPct: share(cascade.filter((run) => !run.passed).length),
        gateNeedsReviewPct: share(gate.filter((run) => !run.passed).length),
        frontierFailedPct: share(frontierFailed),
        cascadeAttemptsMean: Math.round((cascade.reduce((total, run) => total + run.attempts, 0) / TASKS) * 100) / 100,
        cascadeOverDirect: Math.round((sum(cascade) / direct) * 100) / 100,
        cascadeOverFrontier: Math.round((sum(cascade) / frontier) * 100) / 100,
      };
      rows.push(row);
      const m = row.per100TasksMicros;
      summary.push(
        `${scenario.name}, ${kind}: per 100 tasks cascade ${formatUsd(m.cascade)} (first tier passed ${row.cascadeFirstTierPassedPct}%, needs review ${row.cascadeNeedsReviewPct}%), gate from the routed tier ${formatUsd(m.gate)}, straight to the final tier ${formatUsd(m.direct)} (×${row.cascadeOverDirect}), all-frontier ${formatUsd(m.frontier)} (×${row.cascadeOverFrontier}, ${row.frontierFailedPct}% failing unchecked)`,
      );
    }
  }
  const path = writeResult('cascadeGate', { command: 'npm run bench:cascadeGate', tasksPerRow: TASKS, tokens: { input: INPUT, output: OUTPUT, retryExtraInput: RETRY_EXTRA_INPUT }, rows, summary, machine: machine() });
  summary.forEach((line) => console.log(line));
  console.log(`wrote ${path}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
