/**
 * Context window and output limit per model, as the provider's model pages stated them on
 * 2026-11-22 (platform.claude.com/docs/en/models/<model>/overview). VS Code sizes its prompts
 * with these numbers, so they must be the model's own; a model the table does not know gets a
 * conservative guess and is marked as a guess, never presented as fact.
 */

export interface ModelLimits {
  /** Tokens the model accepts as input: its context window. */
  readonly maxInputTokens: number;
  /** The largest `max_tokens` the model accepts. */
  readonly maxOutputTokens: number;
  /** False when the model is not in the table and the numbers are a guess. */
  readonly known: boolean;
}

const ONE_MILLION = { maxInputTokens: 1_000_000, maxOutputTokens: 128_000 } as const;
const CLAUDE_4_5 = { maxInputTokens: 200_000, maxOutputTokens: 64_000 } as const;

const TABLE: Readonly<Record<string, { readonly maxInputTokens: number; readonly maxOutputTokens: number }>> = Object.freeze({
  'claude-haiku-5-5': ONE_MILLION,
  'claude-sonnet-5-5': ONE_MILLION,
  'claude-opus-5-5': ONE_MILLION,
  'claude-sonnet-5': ONE_MILLION,
  'claude-opus-5': ONE_MILLION,
  'claude-fable-5-1': ONE_MILLION,
  'claude-opus-4-8': ONE_MILLION,
  'claude-opus-4-6': ONE_MILLION,
  'claude-sonnet-4-6': ONE_MILLION,
  'claude-opus-4-5': CLAUDE_4_5,
  'claude-sonnet-4-5': CLAUDE_4_5,
  'claude-haiku-4-5': CLAUDE_4_5,
});

/** What an unknown model is assumed to take: the smallest window of a current Claude model. */
export const UNKNOWN_MODEL_LIMITS: ModelLimits = Object.freeze({ maxInputTokens: 200_000, maxOutputTokens: 32_000, known: false });

const DATE_SUFFIX = /-\d{8}$/;

/** Limits by exact id, then by the id without its date suffix (`claude-haiku-4-5-20251001`). */
export function modelLimits(model: string): ModelLimits {
  for (const id of [model, model.replace(DATE_SUFFIX, '')]) {
    if (Object.hasOwn(TABLE, id)) return { ...TABLE[id], known: true };
  }
  return UNKNOWN_MODEL_LIMITS;
}

/** The limits every one of `models` can honour: what a request that may go to any of them can use. */
export function commonLimits(models: readonly string[]): ModelLimits {
  const all = models.map(modelLimits);
  if (all.length === 0) return UNKNOWN_MODEL_LIMITS;
  return {
    maxInputTokens: Math.min(...all.map((limits) => limits.maxInputTokens)),
    maxOutputTokens: Math.min(...all.map((limits) => limits.maxOutputTokens)),
    known: all.every((limits) => limits.known),
  };
}
