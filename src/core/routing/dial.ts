/**
 * The dial inside a tier: effort and thinking are routing decisions of their own, chosen per task
 * kind rather than one setting per tier (shared/routing-guide.md, "Effort and thinking"). Opus at
 * medium effort matches Sonnet's best with far fewer output tokens, so routine frontier work runs at
 * the tier's effort (medium by default) and only the hard kinds at high; `max` comes only from an
 * override, a policy or an escalation. Thinking is billed as output and hurts simple tasks, so
 * mechanical kinds ask for none, and kinds where reasoning pays let the model think (adaptive).
 * What a model cannot take is left out (src/core/model/capabilities.ts).
 */
import type { Effort } from '../model/llm';
import type { ModelCapabilities, ThinkingParam } from '../model/capabilities';
import { capabilitiesOf } from '../model/capabilities';
import type { Policy, Thinking } from './policy';
import type { Surface } from './request';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import type { ModelTier } from './tiers';

export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const satisfies readonly Effort[];

/** Frontier kinds that need the stronger dial: architecture, security, concurrency, hard debugging… */
export const DEFAULT_FRONTIER_EFFORT: Readonly<Partial<Record<TaskKind, Effort>>> = {
  architecture: 'high',
  apiDesign: 'high',
  concurrency: 'high',
  security: 'high',
  debug: 'high',
  migration: 'high',
  deepAudit: 'high',
  research: 'high',
  performance: 'high',
  multiFileRefactor: 'high',
};

/** Thinking per kind; kinds not listed send no thinking parameter (the model's own default). */
export const DEFAULT_THINKING: Readonly<Partial<Record<TaskKind, Thinking>>> = {
  completion: 'off',
  commitMessage: 'off',
  docstring: 'off',
  rename: 'off',
  format: 'off',
  imports: 'off',
  preflight: 'off',
  smokeTest: 'off',
  runChecks: 'off',
  naming: 'off',
  trivialFix: 'off',
  explore: 'off',
  classify: 'off',
  summarize: 'off',
  config: 'off',
  boilerplate: 'off',
  docs: 'off',
  review: 'adaptive',
  bugfix: 'adaptive',
  plan: 'adaptive',
  research: 'adaptive',
  validation: 'adaptive',
  deepAudit: 'adaptive',
  architecture: 'adaptive',
  apiDesign: 'adaptive',
  debug: 'adaptive',
  concurrency: 'adaptive',
  performance: 'adaptive',
  security: 'adaptive',
  migration: 'adaptive',
  multiFileRefactor: 'adaptive',
};

export interface Dial {
  /** Sent as `output_config.effort`; absent when the model does not take it. */
  readonly effort?: Effort;
  /** Sent as `thinking`; absent leaves it to the model. */
  readonly thinking?: ThinkingParam;
  /** In words, for the decision's reasons: "Security review on frontier: high effort, thinking on". */
  readonly reason: string;
}

export interface DialOptions {
  readonly surface?: Surface;
  /** An effort chosen by the user (Choose Tier) or by escalation, above the table. */
  readonly effort?: Effort;
}

export function effortRank(effort: Effort): number {
  return EFFORTS.indexOf(effort);
}

/** The effort and thinking of `taskKind` on `tier`'s `model` under `policy`. */
export function dialFor(taskKind: TaskKind, tier: ModelTier, model: string, policy: Policy, options: DialOptions = {}): Dial {
  const caps = capabilitiesOf(model);
  const tableEffort = tier === 'frontier' ? (policy.dial.frontierEffort[taskKind] ?? DEFAULT_FRONTIER_EFFORT[taskKind]) : undefined;
  const wanted = options.effort ?? tableEffort ?? policy.tiers[tier].effort;
  const effort = caps.effort ? wanted : undefined;
  const thinking = thinkingFor(taskKind, caps, policy, options.surface);
  const label = TASK_KIND_INFO[taskKind].label;
  const parts = [effort !== undefined ? `${effort} effort` : `no effort setting (${model} does not take one)`, thinking.words];
  return { ...(effort !== undefined ? { effort } : {}), ...(thinking.param ? { thinking: thinking.param } : {}), reason: `${capitalize(label)} on ${tier}: ${parts.join(', ')}` };
}

function thinkingFor(taskKind: TaskKind, caps: ModelCapabilities, policy: Policy, surface: Surface | undefined): { param?: ThinkingParam; words: string } {
  // VS Code's Chat runs tool steps that do not carry thinking blocks back yet: leave it to the model.
  if (surface === 'languageModel') return { words: 'thinking left to the model' };
  const mode = policy.dial.thinking[taskKind] ?? DEFAULT_THINKING[taskKind];
  if (mode === undefined) return { words: 'thinking left to the model' };
  if (mode === 'adaptive') return caps.thinking.includes('adaptive') ? { param: 'adaptive', words: 'thinking on' } : { words: 'no thinking setting for this model' };
  if (caps.thinking.includes('disabled')) return { param: 'disabled', words: 'no thinking' };
  return { words: caps.thinking.length > 0 ? 'thinking cannot be turned off on this model' : 'no thinking setting for this model' };
}

/** The next effort up, or undefined at max. */
export function effortAbove(effort: Effort): Effort | undefined {
  return EFFORTS[effortRank(effort) + 1];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
