/**
 * The built-in price table: dated data, not logic. Figures are USD per million tokens exactly as the
 * provider's pricing pages stated them in 2026-11, so a reviewer can compare this file line by line
 * with the source. pricing.ts turns them into integer micro-dollars before any arithmetic.
 */
import * as z from 'zod';

/** Month the built-in prices were taken from the provider's pricing pages. */
export const PRICES_AS_OF = '2026-11';

/** USD per million tokens for each class of token the Messages API bills. */
export interface TokenPrices {
  /** Uncached input (`input_tokens`). */
  readonly input: number;
  /** Cache writes with the default 5-minute lifetime. */
  readonly cacheWrite5m: number;
  /** Cache writes with the 1-hour lifetime. */
  readonly cacheWrite1h: number;
  readonly cacheRead: number;
  /** Output, thinking included. */
  readonly output: number;
}

/** A model's prices; a few models charge a whole request at a higher band once its prompt is long. */
export interface ModelPrice extends TokenPrices {
  /**
   * When the request's prompt (input + cache writes + cache reads) is strictly above `aboveTokens`,
   * every token of that request — output included — is charged at `prices` instead.
   */
  readonly longPrompt?: {
    readonly aboveTokens: number;
    readonly prices: TokenPrices;
  };
}

const HAIKU_5_5: ModelPrice = {
  input: 0.1,
  cacheWrite5m: 0.125,
  cacheWrite1h: 0.2,
  cacheRead: 0.01,
  output: 0.5,
  longPrompt: {
    aboveTokens: 100_000,
    prices: { input: 0.5, cacheWrite5m: 0.625, cacheWrite1h: 1, cacheRead: 0.05, output: 2.5 },
  },
};

// Sonnet 5.5's cache read dropped from 0.20 to 0.10 on 2026-10-07; Sonnet 5 kept 0.20.
const SONNET_5_5: ModelPrice = { input: 2, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.1, output: 10 };
const SONNET_5: ModelPrice = { input: 2, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2, output: 10 };
const OPUS_5_5: ModelPrice = { input: 4, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2, output: 20 };
const OPUS_LEGACY: ModelPrice = { input: 5, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5, output: 25 };
const SONNET_4: ModelPrice = { input: 3, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3, output: 15 };
const HAIKU_4_5: ModelPrice = { input: 1, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1, output: 5 };
const FABLE_MYTHOS_5_1: ModelPrice = { input: 10, cacheWrite5m: 12.5, cacheWrite1h: 20, cacheRead: 0.25, output: 50 };

/**
 * Prices by undated model id. Dated aliases (claude-haiku-4-5-20251001) resolve by stripping the
 * date. claude-fable-5-2, claude-mythos-5-2, claude-fable-5 and claude-mythos-5 exist in the SDK's
 * types but have no published price in the source, so they are deliberately absent: guessing would
 * show a confident wrong number, and an absent id is reported as "unpriced" instead.
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'claude-haiku-5-5': HAIKU_5_5,
  'claude-sonnet-5-5': SONNET_5_5,
  'claude-sonnet-5': SONNET_5,
  'claude-opus-5-5': OPUS_5_5,
  'claude-opus-5': OPUS_LEGACY,
  'claude-opus-4-8': OPUS_LEGACY,
  'claude-opus-4-7': OPUS_LEGACY,
  'claude-opus-4-6': OPUS_LEGACY,
  'claude-opus-4-5': OPUS_LEGACY,
  'claude-sonnet-4-6': SONNET_4,
  'claude-sonnet-4-5': SONNET_4,
  'claude-haiku-4-5': HAIKU_4_5,
  'claude-fable-5-1': FABLE_MYTHOS_5_1,
  'claude-mythos-5-1': FABLE_MYTHOS_5_1,
});

const usdPerMTok = z.number().finite().nonnegative();
const tokenPricesSchema = z.object({
  input: usdPerMTok,
  cacheWrite5m: usdPerMTok,
  cacheWrite1h: usdPerMTok,
  cacheRead: usdPerMTok,
  output: usdPerMTok,
});

/** Validates one user-supplied price (settings, CLI flags); the settings schema reuses it. */
export const modelPriceSchema: z.ZodType<ModelPrice> = tokenPricesSchema.extend({
  longPrompt: z.object({ aboveTokens: z.number().int().nonnegative(), prices: tokenPricesSchema }).optional(),
});
