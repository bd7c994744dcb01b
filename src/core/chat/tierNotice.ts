/**
 * The line that says a conversation changed tier, worded once for both surfaces: Model Router's
 * own chat and VS Code's Chat (the language model provider and `@router`), so the same event reads
 * the same wherever it happens: "↑ Model Router: balanced → frontier (why)".
 */
import type { RouteDecision } from '../routing/router';
import type { Tier } from '../routing/tiers';
import { tierRank } from '../routing/tiers';

/** Lines Model Router adds to an answer start with this; they are dropped from the history sent back. */
export const NOTICE_PREFIX = 'Model Router:';

/**
 * The notice for a move from `from` to the decision's tier; `escalatedAfter` names the failure
 * when a failed check moved it up. The reason shown is the last step that changed the tier.
 */
export function tierChangeNotice(from: Tier, decision: Pick<RouteDecision, 'tier' | 'reasons' | 'rule'>, escalatedAfter?: string): string {
  const up = tierRank(decision.tier) > tierRank(from);
  const arrow = up ? '↑' : '↓';
  if (up && escalatedAfter !== undefined) return `${arrow} ${NOTICE_PREFIX} escalated to ${decision.tier} after ${escalatedAfter}`;
  const why = decision.reasons[decision.reasons.length - 1] ?? decision.rule;
  return `${arrow} ${NOTICE_PREFIX} ${from} → ${decision.tier} (${why})`;
}
