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

/** Characters per token of Latin-script text and code on the classic tokenizer; the current one makes 30% more tokens of them. */
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
 * more tokens on the current one. Good for estimates and routing signals, never for billing. Only
 * for a caller that has nothing but a count: one that has the text uses {@link estimateTokens}
 * (or sums {@link tokenWeightedLength}), which counts Chinese, Japanese and Korean as they are.
 */
export function estimateTokensOfChars(chars: number, family: TokenizerFamily = 'current'): number {
  return family === 'classic' ? Math.ceil(chars / CLASSIC_CHARS_PER_TOKEN) : Math.ceil((chars * 13) / (10 * CLASSIC_CHARS_PER_TOKEN));
}

/**
 * Tokens for a text: Chinese, Japanese and Korean characters (ideographs, kana, hangul, CJK
 * punctuation and fullwidth forms) at about one token each on the classic tokenizer, the rest at
 * ~4 characters per token; 30% more tokens on the current tokenizer. Those scripts are counted
 * apart because at 4 characters a token their prompts would be estimated at a quarter of their size.
 */
export function estimateTokens(text: string, family: TokenizerFamily = 'current'): number {
  return estimateTokensOfChars(tokenWeightedLength(text), family);
}

/**
 * The length of `text` in characters of Latin text worth the same tokens: a CJK character counts
 * as 4 (a token on its own), any other UTF-16 unit as 1. Sum it over the pieces of a request and
 * give the sum to {@link estimateTokensOfChars}, so English text is estimated as before to the
 * token. One pass with `charCodeAt`, no allocation: the composer runs it on every keystroke.
 */
export function tokenWeightedLength(text: string): number {
  let wide = 0;
  let surrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Everything below U+1100 (ASCII, Latin, Greek, Cyrillic, Arabic, Hebrew, Indic) is the common case.
    if (code < 0x1100) continue;
    if (isWide(code)) {
      wide++;
    } else if (code >= 0xd840 && code <= 0xd8bf && i + 1 < text.length) {
      // A high surrogate of U+20000-U+3FFFF (CJK ideograph extensions B-H): the pair is one character.
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        wide++;
        surrogates++;
        i++;
      }
    }
  }
  // The surrogate pairs counted as wide are 2 units of `text.length` but one wide character.
  return text.length - wide - surrogates + wide * CLASSIC_CHARS_PER_TOKEN;
}

/** A BMP code unit of a CJK script: hangul jamo, CJK radicals to ideographs (kana, bopomofo, punctuation), hangul syllables, compatibility ideographs and forms, fullwidth forms. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xa960 && code <= 0xa97f) ||
    (code >= 0xac00 && code <= 0xd7ff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}

/** 950 → "950", 12,345 → "12.3k", 2,000,000 → "2M": the one way a token count is shown. */
export function formatTokens(count: number): string {
  if (count < 1000) {
    return String(count);
  }
  const [value, unit] = count < 999_950 ? [count / 1000, 'k'] : [count / 1_000_000, 'M'];
  return `${value.toFixed(1).replace(/\.0$/, '')}${unit}`;
}
