/**
 * bench/effort: the day and session workloads (bench/replay/*.jsonl) priced under three dials, the
 * tier routing being the same for all three (the shipped router decides tier and task kind):
 *
 * - "one dial per tier": the tier's effort setting for every request (fast low, balanced medium,
 *   frontier medium: the defaults) and thinking never sent, so each model does its default (the API
 *   default is no thinking; Opus 5.5 cannot turn it off, so it thinks);
 * - "one dial per tier, matched": the one dial per tier that serves every kind of the workload as
 *   well as the per-kind dial does: each tier at the highest effort any of its requests gets from the
 *   per-kind dial, and thinking on for the whole tier when any of them thinks (what a user has to set
 *   when effort is one setting per tier and the tier's hardest work must not suffer);
 * - "per task kind": the shipped dial (src/core/routing/dial.ts): medium for routine frontier work,
 *   high for the hard kinds, no thinking for mechanical work, adaptive thinking where reasoning pays.
 *
 * The workloads' output sizes are taken at the per-kind dial (so that column is what bench:replay
 * prices) and the other dials scale from them. What effort and thinking add to billed output is not
 * published per model, so the figure is given under three token models (TOKEN_MODELS) instead of
 * one guess: high effort writes `highOverMedium` times the output of medium (the routing guide's one
 * figure, "Opus at medium matches Sonnet's best with 76% fewer output tokens", is the 4.2× case),
 * and a request that thinks adds `thinkingPerOutput` thinking tokens per visible output token
 * (billed as output). Low effort is 0.8× medium in every model: both sides use it alike on fast.
 * Writes bench/results/effort.json and effort.md (the README's table). `npm run bench:effort`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Effort } from '../src/core/model/llm';
import { capabilitiesOf } from '../src/core/model/capabilities';
import { effortRank } from '../src/core/routing/dial';
import type { ModelTier } from '../src/core/routing/tiers';
import { MODEL_TIERS } from '../src/core/routing/tiers';
import { usageOf } from '../src/core/model/usage';
import type { Policy } from '../src/core/routing/policy';
import { DEFAULT_POLICY } from '../src/core/routing/policy';
import { route } from '../src/core/routing/router';
import type { ReplayTask } from '../src/core/spend/replay';
import { parseReplayFile } from '../src/core/spend/replay';
import { costOf } from '../src/core/spend/pricing';
import { writeResult, writeResultText } from './stats';

const root = join(__dirname, '..', '..');

export interface TokenModel {
  readonly name: string;
  /** Billed output at high effort over medium. */
  readonly highOverMedium: number;
  /** Thinking tokens per visible output token when the request thinks. */
  readonly thinkingPerOutput: number;
}

export const TOKEN_MODELS: readonly TokenModel[] = [
  { name: 'mild', highOverMedium: 1.5, thinkingPerOutput: 0.5 },
  { name: 'moderate', highOverMedium: 2, thinkingPerOutput: 1.5 },
  { name: "the guide's 76%", highOverMedium: 1 / 0.24, thinkingPerOutput: 4 },
];

const EFFORT_OVER_MEDIUM = (model: TokenModel): Record<Effort, number> => ({
  low: 0.8,
  medium: 1,
  high: model.highOverMedium,
  xhigh: model.highOverMedium * 1.5,
  max: model.highOverMedium * 2,
});

export const DIALS = ['one dial per tier', 'one dial per tier, matched', 'per task kind'] as const;
export type DialName = (typeof DIALS)[number];

interface RequestDial {
  readonly effort?: Effort;
  readonly thinks: boolean;
}

interface Routed {
  readonly tier: ModelTier;
  readonly model: string;
  readonly request: RequestDial;
}

/** The shipped per-kind dial of one request, or undefined when it runs at $0 (automated). */
export function perKindDial(task: ReplayTask, policy: Policy): Routed | undefined {
  const decision = route({ surface: 'cli', taskKind: task.kind, prompt: task.prompt, signals: { files: task.files }, canAutomate: task.kind !== undefined }, policy);
  if (decision.tier === 'automated') return undefined;
  // Absent thinking is the model's default: only a model that cannot turn it off thinks.
  return { tier: decision.tier, model: decision.model, request: { effort: decision.effort, thinks: decision.thinking === 'adaptive' || (decision.thinking === undefined && defaultThinks(decision.model)) } };
}

function defaultThinks(model: string): boolean {
  const caps = capabilitiesOf(model);
  return caps.thinking.length > 0 && !caps.thinking.includes('disabled');
}

/** Each tier's one dial: its effort setting, or the highest per-kind dial among its requests. */
export function tierDials(routed: readonly Routed[], policy: Policy, matched: boolean): Map<ModelTier, RequestDial> {
  const dials = new Map<ModelTier, RequestDial>();
  for (const tier of MODEL_TIERS) {
    const model = policy.tiers[tier].model;
    const effort: Effort | undefined = capabilitiesOf(model).effort ? policy.tiers[tier].effort : undefined;
    dials.set(tier, { effort, thinks: defaultThinks(model) });
  }
  if (!matched) return dials;
  for (const { tier, request } of routed) {
    const current = dials.get(tier)!;
    const effort = request.effort && (!current.effort || effortRank(request.effort) > effortRank(current.effort)) ? request.effort : current.effort;
    dials.set(tier, { effort, thinks: current.thinks || request.thinks });
  }
  return dials;
}

/** Billed output per visible output token under `request`'s dial, relative to medium effort without thinking. */
export function outputFactor(request: RequestDial, model: TokenModel): number {
  return (request.effort ? EFFORT_OVER_MEDIUM(model)[request.effort] : 1) * (1 + (request.thinks ? model.thinkingPerOutput : 0));
}

/**
 * Billed output under `request`'s dial of a task the workload sized at `sizedAt` (the per-kind
 * dial: bench:replay prices the same files at the shipped dial, so that column matches it).
 */
export function billedOutput(output: number, request: RequestDial, sizedAt: RequestDial, model: TokenModel): number {
  return Math.round((output * outputFactor(request, model)) / outputFactor(sizedAt, model));
}

export interface DialCost {
  readonly dial: DialName;
  readonly micros: number;
  readonly thinkingRequests: number;
  readonly highRequests: number;
}

export function priceWorkload(tasks: readonly ReplayTask[], model: TokenModel, policy: Policy = DEFAULT_POLICY): DialCost[] {
  const perKind = tasks.map((task) => perKindDial(task, policy));
  const present = perKind.filter((routed): routed is Routed => routed !== undefined);
  const perTier = { 'one dial per tier': tierDials(present, policy, false), 'one dial per tier, matched': tierDials(present, policy, true) };
  return DIALS.map((dial) => {
    let micros = 0;
    let thinkingRequests = 0;
    let highRequests = 0;
    tasks.forEach((task, index) => {
      const routed = perKind[index];
      if (!routed) return;
      const count = task.count ?? 1;
      const request = dial === 'per task kind' ? routed.request : perTier[dial].get(routed.tier)!;
      const usage = usageOf({ inputTokens: task.input, outputTokens: billedOutput(task.output, request, routed.request, model), cacheReadTokens: task.cacheRead ?? 0, cacheWrite5mTokens: task.cacheWrite ?? 0 });
      const cost = costOf(usage, routed.model);
      if (cost.kind === 'priced') micros += cost.micros * count;
      if (request.thinks) thinkingRequests += count;
      if (request.effort === 'high') highRequests += count;
    });
    return { dial, micros, thinkingRequests, highRequests };
  });
}

const WORKLOADS = [
  { name: 'A day: 1,000 requests', file: join(root, 'bench', 'replay', 'day.jsonl') },
  { name: 'A session: 4 tasks', file: join(root, 'bench', 'replay', 'session.jsonl') },
];

const dollars = (micros: number) => `$${(micros / 1e6).toFixed(2)}`;
const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;

function main(): void {
  const rows: Record<string, unknown>[] = [];
  const lines = ['| Workload | Token model (high ÷ medium, thinking per output token) | One dial per tier (defaults) | One dial per tier, matched to its hardest kind | Per task kind | Per kind vs matched | Per kind vs defaults |', '|---|---|--:|--:|--:|--:|--:|'];
  for (const workload of WORKLOADS) {
    const { tasks, errors } = parseReplayFile(readFileSync(workload.file, 'utf8'));
    if (errors.length > 0) throw new Error(`${workload.file}: ${errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
    for (const model of TOKEN_MODELS) {
      const costs = priceWorkload(tasks, model);
      const [flat, matched, perKind] = costs.map((c) => c.micros);
      rows.push({ workload: workload.name, tokenModel: model, costs });
      lines.push(`| ${workload.name} | ${model.name} (${model.highOverMedium.toFixed(1)}×, ${model.thinkingPerOutput}) | ${dollars(flat)} | ${dollars(matched)} | ${dollars(perKind)} | ${percent(perKind / matched - 1)} | ${percent(perKind / flat - 1)} |`);
    }
  }
  const command = 'npm run bench:effort';
  const table = lines.join('\n');
  const markdown = ['# Effort and thinking per task kind, against one dial per tier', '', `Same routing for all three columns; reproduce with \`${command}\`. How the token models are built: bench/effort.ts.`, '', table, ''].join('\n');
  const mdPath = writeResultText('effort.md', markdown);
  const summary = rows.map((row) => {
    const costs = row.costs as DialCost[];
    const model = row.tokenModel as TokenModel;
    return `${String(row.workload)}, ${model.name} token model: per kind ${dollars(costs[2].micros)} vs ${dollars(costs[1].micros)} one dial per tier matched to its hardest kind, ${dollars(costs[0].micros)} one dial at the defaults`;
  });
  const path = writeResult('effort', { command, rows, summary });
  console.log(table);
  console.log(`written to ${path} and ${mdPath}`);
}

if (require.main === module) main();
