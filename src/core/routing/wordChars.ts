/**
 * What each character of a text is to the featurizers (a letter `\p{L}`, lower or upper case, a
 * number `\p{N}`, of a Chinese, Japanese or Korean script), read one code unit at a time: words are walked without a
 * regex match, and its array and strings, per word. Each character is classified once, by the
 * regexes that define the classes, and remembered, so a walk finds exactly the words the regexes
 * would (`/[\p{L}\p{N}]+/gu` and its kin).
 */
export const LETTER = 1;
export const NUMBER = 2;
/** Han, Hiragana, Katakana or Hangul: words that are not separated by spaces. */
export const CJK_SCRIPT = 4;
/** The character is a surrogate pair: two code units wide. */
export const PAIR = 8;
/** Set on every classified entry, so 0 means "not yet". */
const KNOWN = 16;
/** A lower-case letter (`\p{Ll}`) and an upper-case one (`\p{Lu}`). */
export const LOWER = 32;
export const UPPER = 64;

const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;
const IS_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const IS_LOWER = /^\p{Ll}$/u;
const IS_UPPER = /^\p{Lu}$/u;

/** One entry per code unit outside the surrogates. */
const classes = new Uint8Array(0x10000);
/** Characters beyond the first plane, classified as met (at most a few thousand kept). */
const astral = new Map<number, number>();

function classify(point: number): number {
  const char = String.fromCodePoint(point);
  return (
    KNOWN |
    (IS_LETTER.test(char) ? LETTER : 0) |
    (IS_NUMBER.test(char) ? NUMBER : 0) |
    (IS_CJK.test(char) ? CJK_SCRIPT : 0) |
    (IS_LOWER.test(char) ? LOWER : 0) |
    (IS_UPPER.test(char) ? UPPER : 0)
  );
}

/**
 * The classes (LETTER, NUMBER, CJK_SCRIPT, LOWER, UPPER, and PAIR for a surrogate pair) of the character that
 * starts at `index` of `text`; a lone surrogate is none of them, as in a `u` regex.
 */
export function classAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdfff) {
    const known = classes[code];
    return known !== 0 ? known : (classes[code] = classify(code));
  }
  if (code > 0xdbff || index + 1 >= text.length) return KNOWN;
  const low = text.charCodeAt(index + 1);
  if (low < 0xdc00 || low > 0xdfff) return KNOWN;
  const point = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  let known = astral.get(point);
  if (known === undefined) {
    known = classify(point) | PAIR;
    if (astral.size < 4096) astral.set(point, known);
  }
  return known;
}

/** The width in code units of the letter or number at `index` of `text`, or 0 when the character there is neither. */
export function wordCharWidth(text: string, index: number): number {
  const known = classAt(text, index);
  return (known & (LETTER | NUMBER)) === 0 ? 0 : (known & PAIR) !== 0 ? 2 : 1;
}

/** Whether one code unit outside the surrogates is a letter or number (a surrogate, half a character, is not). */
export function isLetterOrDigitUnit(code: number): boolean {
  if (code >= 0xd800 && code <= 0xdfff) return false;
  const known = classes[code] !== 0 ? classes[code] : (classes[code] = classify(code));
  return (known & (LETTER | NUMBER)) !== 0;
}
