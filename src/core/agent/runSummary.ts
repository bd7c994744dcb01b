/**
 * What a command says about the work once it is done: which model did it, on which tier, by
 * which rule, and what it cost — "Sonnet 5.5 · balanced · taskKind:tests — $0.0123" — and which
 * tier "Redo one tier up" would use.
 */
import { modelDisplayName } from '../spend/estimate';
import type { Cost } from '../spend/pricing';
import { formatCost } from '../spend/pricing';
import type { RouteDecision } from '../routing/router';
import type { ModelTier } from '../routing/tiers';
import { tierAbove } from '../routing/tiers';

/** One line naming the model, tier, deciding rule and cost. */
export function runHeader(decision: RouteDecision, cost?: Cost): string {
  if (decision.tier === 'automated') return `Editor command · automated · ${decision.rule} — $0`;
  const climbed = decision.escalations > 0 ? ` (escalated ${decision.escalations}×)` : '';
  const price = cost ? ` — ${formatCost(cost)}` : '';
  return `${modelDisplayName(decision.model)} · ${decision.tier} · ${decision.rule}${climbed}${price}`;
}

/** The header with the reasons that moved the tier, for a tooltip or a report's detail line. */
export function runDetail(decision: RouteDecision): string {
  return decision.reasons.join('; ');
}

/** The tier "Redo one tier up" asks for, or undefined on frontier (nothing is above it). */
export function redoTier(decision: RouteDecision): ModelTier | undefined {
  return decision.tier === 'automated' ? undefined : tierAbove(decision.tier);
}
