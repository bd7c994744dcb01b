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

/**
 * The same tier on its model on the Anthropic API (`cloudModel`), after the local server refused the
 * connection or did not start answering in time, before anything streamed; undefined for any other
 * result. The tier, and so the floor and every rule, stays as routed; only the endpoint changes.
 */
export function fallBackFromLocal(decision: RouteDecision, policy: Policy, result: LlmResult, cloudModel: string): RouteDecision | undefined {
  if (result.outcome !== 'error' || result.error.localServer === undefined) return undefined;
  if (result.error.kind !== 'network' && result.error.kind !== 'timeout') return undefined;
  if (result.error.midStream || result.text !== '' || decision.tier === 'automated') return undefined;
  const tier = decision.tier;
  // movedTo reads the tier's model from the policy, where a local tier has the local model.
  const onCloud = { ...policy, tiers: { ...policy.tiers, [tier]: { ...policy.tiers[tier], model: cloudModel } } };
  return {
    ...movedTo(decision, onCloud, tier, LOCAL_DOWN_RULE, `the local server did not answer → fell back to ${cloudModel}`),
    fellBackFrom: { tier, model: decision.model },
  };
}

/** The rule of a request that left the local server for the cloud. */
export const LOCAL_DOWN_RULE = 'fallback:localDown';

/** What a surface shows above or under an answer that came from the fallback tier. */
export function fallbackNotice(decision: RouteDecision, localServer?: string): string | undefined {
  const from = decision.fellBackFrom;
  if (from === undefined) return undefined;
  if (decision.rule === LOCAL_DOWN_RULE || decision.reasons.some((reason) => reason.startsWith('the local server did not answer'))) {
    const server = localServer === undefined ? 'The local server' : `The local server at ${localServer}`;
    return `${server} did not answer, so this answer comes from ${decision.model} (${decision.tier}, in the cloud) instead. Start the server to go back to ${from.model}.`;
  }
  return `${from.model} (${from.tier}) is overloaded, so this answer comes from ${decision.model} (${decision.tier}), one tier lower.`;
}
