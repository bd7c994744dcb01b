/**
 * Code from a chat answer that the user inserts into a file. Bidirectional-override and invisible
 * characters make code read differently from what it does (the "Trojan Source" attack, CVE-2021-42574),
 * and nothing a model writes needs them in code, so they are taken out and counted.
 */

/** Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width space, word joiner, BOM. */
const HIDDEN = /[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]/g;

/** `code` without hidden characters, and how many were removed (to tell the user). */
export function insertableCode(code: string): { code: string; removed: number } {
  let removed = 0;
  const clean = code.replace(HIDDEN, () => {
    removed++;
    return '';
  });
  return { code: clean, removed };
}
