/**
 * Which characters are letters or digits (`[\p{L}\p{N}]`), read one code unit at a time: the
 * featurizers walk words without a regex match, and its array and strings, per word. Each
 * character is classified once by that same regex and remembered, so the walk finds exactly the
 * words `/[\p{L}\p{N}]+/gu` would.
 */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** 0 not yet classified, 1 neither, 2 a letter or digit; one entry per code unit outside the surrogates. */
const classes = new Uint8Array(0x10000);
/** Characters beyond the first plane (a surrogate pair), classified as met (at most a few thousand kept). */
const astral = new Map<number, boolean>();

function classify(code: number): number {
  return LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 2 : 1;
}

/** Whether one code unit outside the surrogates is a letter or digit (a surrogate, half a character, is not). */
export function isLetterOrDigitUnit(code: number): boolean {
  if (code >= 0xd800 && code <= 0xdfff) return false;
  let cls = classes[code];
  if (cls === 0) cls = classes[code] = classify(code);
  return cls === 2;
}

/**
 * The width in code units of the letter or digit at `index` of `text` (2 for a surrogate pair),
 * or 0 when the character there is neither (a lone surrogate is neither, as in a `u` regex).
 */
export function wordCharWidth(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 0xd800 || code > 0xdfff) {
    let cls = classes[code];
    if (cls === 0) cls = classes[code] = classify(code);
    return cls === 2 ? 1 : 0;
  }
  if (code > 0xdbff || index + 1 >= text.length) return 0;
  const low = text.charCodeAt(index + 1);
  if (low < 0xdc00 || low > 0xdfff) return 0;
  const point = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  let letter = astral.get(point);
  if (letter === undefined) {
    letter = LETTER_OR_DIGIT.test(String.fromCodePoint(point));
    if (astral.size < 4096) astral.set(point, letter);
  }
  return letter ? 2 : 0;
}
