/**
 * Escalation after a failed local check: one tier up, at most `policy.escalation.maxSteps` times
 * per request, never past frontier. Nothing here ever moves a request down; only the user does.
 */
import { dialFor, effortAbove, effortRank } from './dial';
import type { Policy } from './policy';
import type { RouteDecision } from './router';
import type { ModelTier } from './tiers';
import { tierAbove } from './tiers';

/**
 * The decision one step up with the failed check as its reason, or undefined when no step is left.
 * Below frontier a step is one tier up; on frontier, where no tier is left, a request below high
 * effort gets high (the cheap step: routine frontier work runs at medium); xhigh and max stay the
 * user's to choose.
 */
export function escalate(decision: RouteDecision, policy: Policy, failedCheck: string): RouteDecision | undefined {
  if (decision.escalations >= policy.escalation.maxSteps) return undefined;
  if (decision.tier === 'automated') return undefined;
  const next = tierAbove(decision.tier);
  if (next === undefined) return raiseEffort(decision, policy, failedCheck);
  return { ...movedTo(decision, policy, next, 'escalation', `${failedCheck} → escalated to ${next}`), escalations: decision.escalations + 1 };
}

function raiseEffort(decision: RouteDecision, policy: Policy, failedCheck: string): RouteDecision | undefined {
  if (decision.effort === undefined || effortRank(decision.effort) >= effortRank('high')) return undefined;
  const effort = effortAbove(decision.effort);
  if (effort === undefined) return undefined;
  const dial = dialFor(decision.taskKind, decision.tier as ModelTier, decision.model, policy, { effort, surface: decision.surface });
  if (dial.effort !== effort) return undefined;
  return {
    ...decision,
    effort,
    ...(dial.thinking !== undefined ? { thinking: dial.thinking } : {}),
    rule: 'escalation:effort',
    reasons: [...decision.reasons, `${failedCheck} → ${effort} effort on ${decision.tier}`],
    dialReason: dial.reason,
    escalations: decision.escalations + 1,
  };
}

/** `decision` moved to `tier` after it was routed (escalation, fallback): that tier's model and dial, `rule`, and `reason` added. */
export function movedTo(decision: RouteDecision, policy: Policy, tier: ModelTier, rule: string, reason: string): RouteDecision {
  const settings = policy.tiers[tier];
  const dial = dialFor(decision.taskKind, tier, settings.model, policy, { effort: decision.effortOverride?.effort, surface: decision.surface });
  const { effort: _effort, thinking: _thinking, ...rest } = decision;
  return {
    ...rest,
    tier,
    model: settings.model,
    ...(dial.effort !== undefined ? { effort: dial.effort } : {}),
    ...(dial.thinking !== undefined ? { thinking: dial.thinking } : {}),
    rule,
    reasons: [...decision.reasons, reason],
    dialReason: dial.reason,
  };
}
