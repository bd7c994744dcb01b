/**
 * Falling back when the routed model is overloaded: one tier down, once per request, where the
 * policy allows it. Never below the sensitive-work floor (security work stays on frontier), never
 * for a tier the user chose, and only before anything streamed, so no answer is ever spliced from
 * two models. The opposite of escalation, which only ever moves up after a failed check.
 */
import { movedTo } from './escalation';
import type { LlmResult } from '../model/llm';
import type { Policy } from './policy';
import type { RouteDecision } from './router';
import { tierBelow, tierRank } from './tiers';

/** Why a request that met an overloaded model was not moved down, or undefined when it may be. */
export function whyNoFallback(decision: RouteDecision, policy: Policy): string | undefined {
  if (!policy.fallback.onOverloaded) return 'policy.fallback.onOverloaded is off';
  if (decision.tier === 'automated') return 'no model was asked';
  if (decision.fellBackFrom !== undefined) return 'it already fell back once';
  if (decision.override !== undefined) return `you chose ${decision.tier}`;
  const below = tierBelow(decision.tier);
  if (below === undefined) return `nothing is below ${decision.tier}`;
  if (decision.floor !== undefined && tierRank(below) < tierRank(decision.floor)) return `sensitive work is never below ${decision.floor}`;
  return undefined;
}

/** The decision one tier down after `result` met an overloaded model, or undefined when none applies. */
export function fallBackOnOverload(decision: RouteDecision, policy: Policy, result: LlmResult): RouteDecision | undefined {
  if (result.outcome !== 'error' || result.error.kind !== 'overloaded') return undefined;
  // Something already streamed to the user: a second model would splice its answer onto it.
  if (result.error.midStream || result.text !== '') return undefined;
  if (whyNoFallback(decision, policy) !== undefined || decision.tier === 'automated') return undefined;
  const next = tierBelow(decision.tier)!;
  return {
    ...movedTo(decision, policy, next, 'fallback:overloaded', `${decision.model} was overloaded → fell back to ${next}`),
    fellBackFrom: { tier: decision.tier, model: decision.model },
  };
}

/** What a surface shows above or under an answer that came from the fallback tier. */
export function fallbackNotice(decision: RouteDecision): string | undefined {
  const from = decision.fellBackFrom;
  if (from === undefined) return undefined;
  return `${from.model} (${from.tier}) is overloaded, so this answer comes from ${decision.model} (${decision.tier}), one tier lower.`;
}
