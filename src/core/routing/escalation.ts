/**
 * Escalation after a failed local check: one tier up, at most `policy.escalation.maxSteps` times
 * per request, never past frontier. Nothing here ever moves a request down; only the user does.
 */
import type { Policy } from './policy';
import type { RouteDecision } from './router';
import type { ModelTier } from './tiers';
import { tierAbove } from './tiers';

/** The decision one tier up with the failed check as its reason, or undefined when no step is left. */
export function escalate(decision: RouteDecision, policy: Policy, failedCheck: string): RouteDecision | undefined {
  if (decision.escalations >= policy.escalation.maxSteps) return undefined;
  if (decision.tier === 'automated') return undefined;
  const next = tierAbove(decision.tier);
  if (next === undefined) return undefined;
  return { ...movedTo(decision, policy, next, 'escalation', `${failedCheck} → escalated to ${next}`), escalations: decision.escalations + 1 };
}

/** `decision` moved to `tier` after it was routed (escalation, fallback): that tier's model, `rule`, and `reason` added. */
export function movedTo(decision: RouteDecision, policy: Policy, tier: ModelTier, rule: string, reason: string): RouteDecision {
  const settings = policy.tiers[tier];
  return { ...decision, tier, model: settings.model, effort: settings.effort, rule, reasons: [...decision.reasons, reason] };
}
