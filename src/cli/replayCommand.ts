/**
 * `model-router replay FILE.jsonl`: what a workload costs under the policy, against sending all of
 * it to the frontier or the balanced model.
 */
import { parseArgs } from 'node:util';
import { formatUsd } from '../core/money';
import type { ReplayResult } from '../core/spend/replay';
import { parseReplayFile, replay, savedFraction } from '../core/spend/replay';
import { parsePolicy } from '../core/routing/policy';
import { MODEL_TIERS, TIERS } from '../core/routing/tiers';
import type { CliIo } from './io';
import { InputError, UsageError } from './io';
import { loadPolicy } from './policyOption';

export const REPLAY_USAGE = 'model-router replay FILE.jsonl [--policy FILE] [--fast MODEL] [--balanced MODEL] [--frontier MODEL] [--json]';

export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { policy: { type: 'string' }, fast: { type: 'string' }, balanced: { type: 'string' }, frontier: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('replay needs exactly one workload file');
  const [file] = positionals;
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { tasks, errors } = parseReplayFile(text);
  if (errors.length > 0) {
    throw new InputError(errors.map((error) => `${file}:${error.line}: ${error.message}`).join('\n'));
  }
  if (tasks.length === 0) throw new InputError(`${file} has no tasks: write one JSON object per line`);

  let policy = await loadPolicy(values.policy, io);
  const models = Object.fromEntries(MODEL_TIERS.filter((tier) => values[tier] !== undefined).map((tier) => [tier, { model: values[tier] }]));
  if (Object.keys(models).length > 0) policy = parsePolicy({ ...policy, tiers: { ...policy.tiers, ...models } }).policy;

  const result = replay(tasks, policy);
  if (values.json) io.out(JSON.stringify(toJson(result), null, 2));
  else printTable(result, io);
  return 0;
}

function toJson(result: ReplayResult): Record<string, unknown> {
  const usd = (micros: number) => micros / 1_000_000;
  return {
    requests: result.requests,
    models: result.models,
    routedUsd: usd(result.routed.micros),
    allFrontierUsd: usd(result.allFrontier.micros),
    allBalancedUsd: usd(result.allBalanced.micros),
    savingsVsFrontierUsd: usd(result.allFrontier.micros - result.routed.micros),
    savingsVsFrontier: savedFraction(result.routed.micros, result.allFrontier.micros) ?? null,
    savingsVsBalanced: savedFraction(result.routed.micros, result.allBalanced.micros) ?? null,
    byTier: Object.fromEntries(TIERS.map((tier) => [tier, { requests: result.byTier[tier].requests, usd: usd(result.byTier[tier].micros) }])),
    unpricedModels: result.unpricedModels,
  };
}

function printTable(result: ReplayResult, io: CliIo): void {
  const pct = (fraction: number | undefined) => (fraction === undefined ? 'n/a' : `${(fraction * 100).toFixed(1)}%`);
  const row = (label: string, requests: string, cost: string) => io.out(`${label.padEnd(36)}${requests.padStart(10)}  ${cost.padStart(12)}`);
  row('', 'requests', 'cost');
  row('Routed by the policy', String(result.requests), formatUsd(result.routed.micros));
  for (const tier of TIERS) {
    const slice = result.byTier[tier];
    if (slice.requests > 0) row(`  ${tier} (${result.models[tier]})`, String(slice.requests), formatUsd(slice.micros));
  }
  row(`All frontier (${result.models.frontier})`, String(result.requests), formatUsd(result.allFrontier.micros));
  row(`All balanced (${result.models.balanced})`, String(result.requests), formatUsd(result.allBalanced.micros));
  io.out('');
  io.out(`Saved against all-frontier: ${formatUsd(result.allFrontier.micros - result.routed.micros)} (${pct(savedFraction(result.routed.micros, result.allFrontier.micros))})`);
  io.out(`Saved against all-balanced: ${formatUsd(result.allBalanced.micros - result.routed.micros)} (${pct(savedFraction(result.routed.micros, result.allBalanced.micros))})`);
  if (result.unpricedModels.length > 0) io.out(`Unpriced (not in the totals): ${result.unpricedModels.join(', ')}`);
}
