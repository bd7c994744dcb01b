/**
 * The composer's pre-send estimate: which model would answer, on which tier, and roughly what it
 * would cost — the prompt's tokens estimated per tokenizer family, plus a typical answer length.
 */
import type { PriceOverrides } from './pricing';
import { costOf, formatCost } from './pricing';
import { estimateTokens, tokenizerFamilyOf } from '../model/tokens';
import type { RouteDecision } from '../routing/router';
import { usageOf } from '../model/usage';

/** A typical chat answer; the estimate says "est." because the real length is unknown. */
export const TYPICAL_ANSWER_TOKENS = 600;

/** "claude-sonnet-5-5" → "Sonnet 5.5"; other ids are shown as they are. */
export function modelDisplayName(model: string): string {
  const match = /^claude-([a-z]+)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?$/.exec(model);
  if (!match) return model;
  const name = match[1].charAt(0).toUpperCase() + match[1].slice(1);
  return `${name} ${match[2]}${match[3] !== undefined ? `.${match[3]}` : ''}`;
}

export function estimateText(decision: RouteDecision, promptText: string, overrides?: PriceOverrides): string {
  if (decision.blocked) return `⛔ ${decision.blocked}`;
  if (decision.tier === 'automated') return `→ editor command · automated · $0`;
  const inputTokens = estimateTokens(promptText, tokenizerFamilyOf(decision.model));
  const cost = costOf(usageOf({ inputTokens, outputTokens: TYPICAL_ANSWER_TOKENS }), decision.model, { overrides });
  return `→ ${modelDisplayName(decision.model)} · ${decision.tier} · est. ${formatCost(cost)}`;
}
