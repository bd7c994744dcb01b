/**
 * What a batch will cost at most, before it is created: each request's input estimated from its
 * text with the extension's one local estimator (model/tokens.ts, as the composer's pre-send
 * estimate), its output counted at its max_tokens (the most it can be billed for), priced at the
 * batch rate (half of every token class). The confirmation shows it, and a budget set to stop
 * refuses a batch whose estimate is more than what is left of the session or daily budget, once the
 * ledger's spend and the batches already in flight (held at their estimates) are counted.
 */
import { formatUsd } from '../money';
import type { ChatMessage, TextBlock } from '../model/llm';
import { estimateTokens, formatTokens, IMAGE_TOKENS, tokenizerFamilyOf } from '../model/tokens';
import type { TokenizerFamily } from '../model/tokens';
import { usageOf } from '../model/usage';
import type { Budget, BudgetSpend, BudgetStatus } from '../routing/budget';
import { budgetLabel, evaluateBudget, leftMicros, usedText } from '../routing/budget';
import type { PriceOverrides } from '../spend/pricing';
import { costOf, microsOrNull } from '../spend/pricing';
import type { BatchKind } from './batchJob';
import type { BatchRequest } from './batchPort';

export interface RequestEstimate {
  readonly customId: string;
  readonly inputTokens: number;
  /** The request's max_tokens. */
  readonly outputTokens: number;
  /** At the batch rate; null when the model has no price. */
  readonly micros: number | null;
}

export interface BatchEstimate {
  readonly requests: readonly RequestEstimate[];
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The priced requests' estimate at the batch rate. */
  readonly micros: number;
  /** Requests whose model has no price (the ledger records them unpriced; no budget counts them). */
  readonly unpriced: number;
}

function contentTokens(content: ChatMessage['content'], family: TokenizerFamily): number {
  if (typeof content === 'string') return estimateTokens(content, family);
  return content.reduce((sum, block) => {
    if (block.type === 'text') return sum + estimateTokens(block.text, family);
    if (block.type === 'tool_result') return sum + estimateTokens(block.content, family);
    if (block.type === 'image') return sum + IMAGE_TOKENS;
    return sum + estimateTokens(JSON.stringify(block.input ?? null), family);
  }, 0);
}

/** The input tokens of one request: its system text and every message, on its model's tokenizer. */
export function requestInputTokens(request: BatchRequest['request']): number {
  const family = tokenizerFamilyOf(request.model);
  const system = request.system.reduce((sum, block: TextBlock) => sum + estimateTokens(block.text, family), 0);
  return system + request.messages.reduce((sum, message) => sum + contentTokens(message.content, family), 0);
}

/** Every request's estimate and the batch's total at the batch rate. */
export function estimateBatch(requests: readonly BatchRequest[], overrides?: PriceOverrides): BatchEstimate {
  const each = requests.map((entry): RequestEstimate => {
    const inputTokens = requestInputTokens(entry.request);
    const outputTokens = entry.request.maxTokens;
    const micros = microsOrNull(costOf(usageOf({ inputTokens, outputTokens }), entry.request.model, { overrides, batch: true }));
    return { customId: entry.customId, inputTokens, outputTokens, micros };
  });
  return {
    requests: each,
    inputTokens: each.reduce((sum, r) => sum + r.inputTokens, 0),
    outputTokens: each.reduce((sum, r) => sum + r.outputTokens, 0),
    micros: each.reduce((sum, r) => sum + (r.micros ?? 0), 0),
    unpriced: each.filter((r) => r.micros === null).length,
  };
}

/** "est. up to $0.0082 at the batch rate (½ price)", with the unpriced requests named. */
export function estimateText(estimate: BatchEstimate): string {
  const unpriced = estimate.unpriced > 0 ? ` (+${estimate.unpriced} unpriced)` : '';
  return `est. up to ${formatUsd(estimate.micros)} at the batch rate (½ price)${unpriced}`;
}

/** What the estimate counts, so a person knows how far to trust it (answers are usually far shorter than max_tokens). */
export function estimateBasis(estimate: BatchEstimate): string {
  return `~${formatTokens(estimate.inputTokens)} input tokens (estimated), at most ${formatTokens(estimate.outputTokens)} output (max_tokens)`;
}

/** The configured budgets after the ledger's spend and the held spend: "Session budget: $0.40 left of $1.00". */
export function budgetLeftText(spend: BudgetSpend, budget: Budget): string | undefined {
  const { budgets } = evaluateBudget(spend, budget);
  if (budgets.length === 0) return undefined;
  const parts = budgets.map((status) => `${budgetLabel(status.which)}: ${formatUsd(leftMicros(status))} left of ${formatUsd(status.limitMicros)}`);
  return `${parts.join(' · ')} (on exceed: ${budget.onExceed})`;
}

const FEWER: Readonly<Record<BatchKind, string>> = {
  docstrings: 'send fewer files (a smaller folder)',
  tests: 'send fewer files (a smaller folder)',
  planReview: 'review fewer steps (a shorter plan)',
};
const SETTING: Readonly<Record<BudgetStatus['which'], string>> = { session: 'modelRouter.budget.sessionUsd', daily: 'modelRouter.budget.dailyUsd' };

/**
 * Why a budget set to stop refuses the batch: its estimate is more than what is left of the session
 * or the daily budget (the tighter one is named). Undefined when it may be sent, and always under
 * warn or stepDown, which never refuse (the router already stepped its requests down).
 */
export function batchBudgetRefusal(kind: BatchKind, title: string, estimate: BatchEstimate, spend: BudgetSpend, budget: Budget): string | undefined {
  if (budget.onExceed !== 'stop' || estimate.micros === 0) return undefined;
  const over = evaluateBudget(spend, budget).budgets.filter((status) => estimate.micros > leftMicros(status));
  const tightest = over.reduce<BudgetStatus | undefined>((a, b) => (a === undefined || leftMicros(b) < leftMicros(a) ? b : a), undefined);
  if (tightest === undefined) return undefined;
  const used = tightest.heldMicros > 0 ? usedText(tightest) : `${formatUsd(tightest.spentMicros)} spent`;
  return (
    `${title} was not sent: its estimate is up to ${formatUsd(estimate.micros)} at the batch rate, more than the ${formatUsd(leftMicros(tightest))} left of your ` +
    `${budgetLabel(tightest.which).toLowerCase()} of ${formatUsd(tightest.limitMicros)} (${used}; on exceed: stop). Nothing was sent and no file was changed: ` +
    `raise ${SETTING[tightest.which]}, or ${FEWER[kind]}, and run it again.`
  );
}
