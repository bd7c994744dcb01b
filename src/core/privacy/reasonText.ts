/**
 * A decision's reasons go into the ledger, the log and the CSV export, which must never carry what
 * the user typed. A classifier rule may quote what it matched ("matched “select … from”"), and a
 * rule with a wildcard can match most of a prompt (`select api_key, secret from vault where owner
 * = 'bob@corp.com' from`). So every quoted span in a reason is cut to its keyword — at most
 * `MAX_QUOTED_WORDS` words, the first and the last when longer — and a reason to `MAX_REASON_CHARS`.
 */

export const MAX_QUOTED_WORDS = 3;
export const MAX_WORD_CHARS = 24;
export const MAX_REASON_CHARS = 160;

const QUOTED = /([“"])([^”"]*)([”"])/g;

/** `reason` with quoted text cut to a short keyword and the whole cut to MAX_REASON_CHARS. */
export function safeReason(reason: string): string {
  const cut = reason.replace(QUOTED, (_whole, open: string, inner: string, close: string) => `${open}${keyword(inner)}${close}`);
  return cut.length > MAX_REASON_CHARS ? `${cut.slice(0, MAX_REASON_CHARS - 1)}…` : cut;
}

/** The reasons of a decision as they may be stored or logged. */
export function safeReasons(reasons: readonly string[]): string[] {
  return reasons.map(safeReason);
}

function keyword(inner: string): string {
  const words = inner.trim().split(/\s+/).filter((word) => word !== '');
  const short = (word: string) => (word.length > MAX_WORD_CHARS ? `${word.slice(0, MAX_WORD_CHARS)}…` : word);
  if (words.length <= MAX_QUOTED_WORDS) return words.map(short).join(' ');
  return `${short(words[0])} … ${short(words[words.length - 1])}`;
}
