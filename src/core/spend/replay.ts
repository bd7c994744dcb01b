/**
 * Replaying a workload: each task is routed by the policy and priced on the routed model, on the
 * frontier model and on the balanced model, so a team can see what the policy would have saved.
 * Pure: the CLI reads the file and prints; the benchmarks reuse it.
 */
import * as z from 'zod';
import type { Policy } from '../routing/policy';
import type { Cost, PriceOverrides } from './pricing';
import { costOf } from './pricing';
import { route } from '../routing/router';
import { TASK_KINDS } from '../routing/taskKinds';
import type { Tier } from '../routing/tiers';
import { TIERS } from '../routing/tiers';
import { usageOf } from '../model/usage';

export const replayTaskSchema = z
  .strictObject({
    prompt: z.string().optional(),
    kind: z.enum(TASK_KINDS).optional(),
    files: z.array(z.string()).optional(),
    input: z.number().int().min(0),
    output: z.number().int().min(0),
    cacheRead: z.number().int().min(0).optional(),
    cacheWrite: z.number().int().min(0).optional(),
    count: z.number().int().min(1).optional(),
  })
  .refine((task) => task.prompt !== undefined || task.kind !== undefined, { message: 'needs a "prompt" or a "kind"' });

export type ReplayTask = z.output<typeof replayTaskSchema>;

export interface ReplayLineError {
  readonly line: number;
  readonly message: string;
}

/** Parses JSONL; blank lines and lines starting with `//` are skipped. Errors name the line. */
export function parseReplayFile(text: string): { tasks: ReplayTask[]; errors: ReplayLineError[] } {
  const tasks: ReplayTask[] = [];
  const errors: ReplayLineError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors.push({ line: index + 1, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    const parsed = replayTaskSchema.safeParse(value);
    if (parsed.success) tasks.push(parsed.data);
    else errors.push({ line: index + 1, message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ') });
  });
  return { tasks, errors };
}

export interface CostSum {
  micros: number;
  /** Requests whose model has no known price; their cost is not in `micros`. */
  unpricedRequests: number;
}

export interface ReplayResult {
  readonly requests: number;
  readonly routed: CostSum;
  readonly allFrontier: CostSum;
  readonly allBalanced: CostSum;
  readonly byTier: Record<Tier, { requests: number; micros: number }>;
  readonly models: Record<Tier, string>;
  readonly unpricedModels: string[];
}

export function replay(tasks: readonly ReplayTask[], policy: Policy, overrides?: PriceOverrides): ReplayResult {
  const sum = (): CostSum => ({ micros: 0, unpricedRequests: 0 });
  const routed = sum();
  const allFrontier = sum();
  const allBalanced = sum();
  const byTier = Object.fromEntries(TIERS.map((tier) => [tier, { requests: 0, micros: 0 }])) as Record<Tier, { requests: number; micros: number }>;
  const unpriced = new Set<string>();
  let requests = 0;

  const add = (target: CostSum, cost: Cost, count: number): number => {
    if (cost.kind === 'unpriced') {
      target.unpricedRequests += count;
      unpriced.add(cost.model);
      return 0;
    }
    target.micros += cost.micros * count;
    return cost.micros * count;
  };

  for (const task of tasks) {
    const count = task.count ?? 1;
    // A declared kind stands for an editor command, which can run VS Code's own command ($0).
    const decision = route({ surface: 'cli', taskKind: task.kind, prompt: task.prompt, signals: { files: task.files }, canAutomate: task.kind !== undefined }, policy);
    const usage = usageOf({ inputTokens: task.input, outputTokens: task.output, cacheReadTokens: task.cacheRead ?? 0, cacheWrite5mTokens: task.cacheWrite ?? 0 });
    requests += count;
    byTier[decision.tier].requests += count;
    const routedCost: Cost = decision.tier === 'automated' ? { kind: 'priced', micros: 0 } : costOf(usage, decision.model, { overrides });
    byTier[decision.tier].micros += add(routed, routedCost, count);
    add(allFrontier, costOf(usage, policy.tiers.frontier.model, { overrides }), count);
    add(allBalanced, costOf(usage, policy.tiers.balanced.model, { overrides }), count);
  }

  const models = { automated: 'vscode-command', fast: policy.tiers.fast.model, balanced: policy.tiers.balanced.model, frontier: policy.tiers.frontier.model };
  return { requests, routed, allFrontier, allBalanced, byTier, models, unpricedModels: [...unpriced] };
}

/** Fraction saved against a baseline, or undefined when the baseline is zero. */
export function savedFraction(cost: number, baseline: number): number | undefined {
  return baseline > 0 ? (baseline - cost) / baseline : undefined;
}
