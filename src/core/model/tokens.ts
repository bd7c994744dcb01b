/**
 * Tokens without a network call: the one local estimator (the composer's estimate, the context
 * size the router sees, VS Code's token counts, the fallback when the API cannot count) and the
 * one way a count is written on every surface ("12.3k").
 */

/**
 * Which tokenizer a model uses: Claude 4.7+ and 5.x use a newer one that yields ~30% more tokens
 * for the same text than the classic tokenizer of Haiku 4.5 and earlier.
 */
export type TokenizerFamily = 'classic' | 'current';

/** Characters per token on the classic tokenizer; the current one makes 30% more tokens of them. */
const CLASSIC_CHARS_PER_TOKEN = 4;
/** An image's flat share of a prompt when only characters can be counted. */
export const IMAGE_TOKENS = 1_600;

const DATE_SUFFIX = /-\d{8}$/;

/** The tokenizer family of a model id; an id we cannot read is assumed current (the higher estimate). */
export function tokenizerFamilyOf(model: string): TokenizerFamily {
  const match = /(?:^|-)(\d{1,2})(?:-(\d{1,2}))?(?=-|$)/.exec(model.replace(DATE_SUFFIX, ''));
  if (match === null) {
    return 'current';
  }
  const major = Number(match[1]);
  const minor = match[2] === undefined ? 0 : Number(match[2]);
  return major < 4 || (major === 4 && minor < 7) ? 'classic' : 'current';
}

/**
 * Tokens for `chars` characters of text: ~4 characters per token on the classic tokenizer, 30%
 * more tokens on the current one. Good for estimates and routing signals, never for billing.
 */
export function estimateTokensOfChars(chars: number, family: TokenizerFamily = 'current'): number {
  return family === 'classic' ? Math.ceil(chars / CLASSIC_CHARS_PER_TOKEN) : Math.ceil((chars * 13) / (10 * CLASSIC_CHARS_PER_TOKEN));
}

/** {@link estimateTokensOfChars} for a text. */
export function estimateTokens(text: string, family: TokenizerFamily = 'current'): number {
  return estimateTokensOfChars(text.length, family);
}

/** 950 → "950", 12,345 → "12.3k", 2,000,000 → "2M": the one way a token count is shown. */
export function formatTokens(count: number): string {
  if (count < 1000) {
    return String(count);
  }
  const [value, unit] = count < 999_950 ? [count / 1000, 'k'] : [count / 1_000_000, 'M'];
  return `${value.toFixed(1).replace(/\.0$/, '')}${unit}`;
}
