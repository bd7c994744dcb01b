/**
 * The footer under an `@router` answer in VS Code's Chat view, in markdown: who answered, why, the
 * tokens and the cost, the same facts as under an answer in Model Router's own chat panel. It is
 * recognisable, so a later turn can leave it out of the history the model sees.
 */
import type { Cost } from '../spend/pricing';
import { formatCost } from '../spend/pricing';
import type { RouteDecision } from '../routing/router';
import type { Usage } from '../model/usage';
import { formatTokens } from '../model/tokens';

/** How every footer begins: a rule, then this signature. */
export const FOOTER_MARK = '\n\n---\n**Model Router** · ';

export interface FooterFacts {
  readonly decision: Pick<RouteDecision, 'model' | 'tier' | 'rule' | 'reasons' | 'effort' | 'thinking' | 'dialReason'>;
  readonly usage: Usage;
  readonly cost: Cost;
  /** How the answer ended when it did not end well: "cancelled", "error". */
  readonly outcome?: string;
}

export function answerFooter({ decision, usage, cost, outcome }: FooterFacts): string {
  const cacheRead = usage.cacheReadTokens;
  const cacheWrite = usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
  const cache = cacheRead + cacheWrite > 0 ? ` (cache: ${formatTokens(cacheRead)} read, ${formatTokens(cacheWrite)} written)` : '';
  const ended = outcome !== undefined && outcome !== 'ok' ? ` · ${outcome}` : '';
  const line = `${escapeMarkdown(decision.model)} · ${decision.tier}${dialText(decision)} · \`${decision.rule}\` · ${formatTokens(usage.inputTokens + cacheRead + cacheWrite)} in${cache} / ${formatTokens(usage.outputTokens)} out · **${escapeMarkdown(formatCost(cost))}**${ended}`;
  const reasons = [...decision.reasons, ...(decision.dialReason ? [decision.dialReason] : [])].map((reason) => `*${escapeMarkdown(reason)}*`).join(' · ');
  return `${FOOTER_MARK}${line}  \n${reasons}\n`;
}

/** " · high effort · thinking": the dial the request was sent with, as the footers show it. */
export function dialText(decision: Pick<RouteDecision, 'effort' | 'thinking'>): string {
  const effort = decision.effort !== undefined ? ` · ${decision.effort} effort` : '';
  const thinking = decision.thinking === 'adaptive' ? ' · thinking' : decision.thinking === 'disabled' ? ' · no thinking' : '';
  return `${effort}${thinking}`;
}

/** An earlier answer without its footer, for the history. */
export function withoutFooter(text: string): string {
  const at = text.lastIndexOf(FOOTER_MARK.trimStart());
  return at < 0 ? text : text.slice(0, at).trimEnd();
}

/** Backslash-escapes what markdown would read as syntax; `$` too, which VS Code's chat may read as math. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>$])/g, '\\$1');
}
