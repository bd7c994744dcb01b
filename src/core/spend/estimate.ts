/**
 * The composer's pre-send estimate: which model would answer, on which tier, and roughly what it
 * would cost — the prompt's tokens estimated per tokenizer family, plus the answer length this
 * user's own ledger shows for that task kind and tier (the median of its last answers), or a
 * typical length until there are enough of them.
 */
import type { PriceOverrides } from './pricing';
import { costOf, formatCost } from './pricing';
import { estimateTokens, tokenizerFamilyOf } from '../model/tokens';
import type { RouteDecision } from '../routing/router';
import { usageOf } from '../model/usage';
import type { LedgerEntry } from './spendRecord';

/** A typical chat answer, until the ledger has enough of the user's own; the estimate says "est.". */
export const TYPICAL_ANSWER_TOKENS = 600;
/**
 * Thinking a request with adaptive thinking typically adds to its answer, billed as output, until the
 * ledger has the user's own answers of that kind and tier (their output tokens include thinking).
 */
export const TYPICAL_THINKING_TOKENS = 800;
/** Answers of one task kind and tier needed before their median replaces the typical length. */
export const LEARN_AFTER = 5;
/** How many recent answers per task kind and tier the median is taken over. */
export const LEARN_WINDOW = 20;

/** Where the expected answer length came from, so the estimate can say so. */
export interface ExpectedOutput {
  readonly tokens: number;
  /** How many of the user's answers it is the median of; 0: the typical length. */
  readonly samples: number;
}

/**
 * The last answers' output tokens per task kind and tier, from the ledger's ok requests: what
 * the user's own questions get as answers. Failed, cancelled and escalated attempts say little
 * about the answer length, and completions are a surface of their own, so they are left out.
 */
export class OutputHistory {
  private readonly recent = new Map<string, number[]>();

  /** Folds in a ledger entry; anything but an ok chat or command request is ignored. */
  add(entry: LedgerEntry): void {
    if (entry.type !== 'request' || entry.outcome !== 'ok' || entry.surface === 'completion' || entry.tier === 'automated') return;
    if (entry.usageEstimated) return;
    const key = `${entry.taskKind}/${entry.tier}`;
    const list = this.recent.get(key) ?? [];
    list.push(entry.usage.outputTokens);
    if (list.length > LEARN_WINDOW) list.shift();
    this.recent.set(key, list);
  }

  /** The median of the last answers of `kind` on `tier` once there are LEARN_AFTER, else the typical length. */
  expected(kind: string, tier: string): ExpectedOutput {
    const list = this.recent.get(`${kind}/${tier}`) ?? [];
    if (list.length < LEARN_AFTER) return { tokens: TYPICAL_ANSWER_TOKENS, samples: 0 };
    return { tokens: median(list), samples: list.length };
  }
}

/** The middle value (the mean of the two middle ones for an even count), rounded to a token. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
}

/** "claude-sonnet-5-5" → "Sonnet 5.5"; other ids are shown as they are. */
export function modelDisplayName(model: string): string {
  const match = /^claude-([a-z]+)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?$/.exec(model);
  if (!match) return model;
  const name = match[1].charAt(0).toUpperCase() + match[1].slice(1);
  return `${name} ${match[2]}${match[3] !== undefined ? `.${match[3]}` : ''}`;
}

/**
 * "→ Sonnet 5.5 · balanced · est. $0.0041". `expected` is the answer length to count (from
 * OutputHistory); without it, the typical length.
 */
export function estimateText(decision: RouteDecision, promptText: string, overrides?: PriceOverrides, expected?: ExpectedOutput): string {
  if (decision.blocked) return `⛔ ${decision.blocked}`;
  if (decision.tier === 'automated') return `→ editor command · automated · $0`;
  const inputTokens = estimateTokens(promptText, tokenizerFamilyOf(decision.model));
  const learned = (expected?.samples ?? 0) > 0;
  const thinking = decision.thinking === 'adaptive' && !learned ? TYPICAL_THINKING_TOKENS : 0;
  const outputTokens = (expected?.tokens ?? TYPICAL_ANSWER_TOKENS) + thinking;
  const cost = costOf(usageOf({ inputTokens, outputTokens }), decision.model, { overrides });
  return `→ ${modelDisplayName(decision.model)} · ${decision.tier} · est. ${formatCost(cost)}`;
}

/** The hover of the estimate: what it counts, so a person knows how far to trust it. */
export function estimateBasis(expected: ExpectedOutput, thinking?: RouteDecision['thinking']): string {
  if (expected.samples > 0) {
    return `Counts the prompt and a ${expected.tokens}-token answer: the median of your last ${expected.samples} answers of this kind on this tier${thinking === 'adaptive' ? ', thinking included' : ''}.`;
  }
  const withThinking = thinking === 'adaptive' ? ` plus about ${TYPICAL_THINKING_TOKENS} tokens of thinking (billed as output)` : '';
  return `Counts the prompt and a typical ${expected.tokens}-token answer${withThinking}; after ${LEARN_AFTER} answers of this kind on this tier it uses their median.`;
}
