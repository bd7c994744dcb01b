/**
 * A bracket scanner good enough to judge a completion, and no parser: it keeps the stack of open
 * brackets and skips string literals and the comments of the file's language. A string ends at its
 * quote or at the end of the line, so a stray apostrophe ("don't" in a comment, a Rust lifetime)
 * hides the brackets of one line at most.
 */

const CLOSER_OF: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const OPENER_OF: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

/** How a language writes comments, as far as brackets care. */
export interface CommentStyle {
  readonly line: readonly string[];
  readonly block?: readonly [string, string];
}

const C_STYLE: CommentStyle = { line: ['//'], block: ['/*', '*/'] };
const HASH_STYLE: CommentStyle = { line: ['#'] };
const DASH_STYLE: CommentStyle = { line: ['--'], block: ['/*', '*/'] };
const HASH_LANGUAGES = new Set(['python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'dockerfile', 'makefile', 'powershell', 'elixir', 'coffeescript', 'julia', 'nim', 'crystal', 'graphql', 'dotenv', 'properties', 'ini']);
const DASH_LANGUAGES = new Set(['sql', 'lua', 'haskell', 'elm', 'ada', 'plsql']);

export function commentStyleOf(languageId: string): CommentStyle {
  if (HASH_LANGUAGES.has(languageId)) return HASH_STYLE;
  if (DASH_LANGUAGES.has(languageId)) return DASH_STYLE;
  return C_STYLE;
}

/** Where a scan stopped: the open brackets (innermost last) and whether it is inside a literal or comment. */
export interface ScanState {
  readonly stack: readonly string[];
  readonly quote?: string;
  readonly inBlockComment?: boolean;
}

export const START: ScanState = { stack: [] };

export interface ScanResult {
  readonly state: ScanState;
  /** Closers with nothing open to close. */
  readonly underflow: number;
  /** Closers of another kind than the innermost open bracket, e.g. `]` for `(`. */
  readonly mismatched: number;
  /** The smallest depth the stack reached: brackets above it at the end were opened by this text. */
  readonly lowest: number;
}

/**
 * Scans `text` from `from`. Leniently (for a budget-cut prefix, whose openers may be cut off) a
 * closer with nothing open is ignored and a mismatched closer closes up to its own kind, if open.
 */
export function scanBrackets(text: string, style: CommentStyle, from: ScanState = START, lenient = false): ScanResult {
  const stack = [...from.stack];
  let quote = from.quote;
  let inBlock = from.inBlockComment === true;
  let underflow = 0;
  let mismatched = 0;
  let lowest = stack.length;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') {
      quote = undefined;
      continue;
    }
    if (inBlock) {
      if (style.block && text.startsWith(style.block[1], i)) {
        inBlock = false;
        i += style.block[1].length - 1;
      }
      continue;
    }
    if (quote !== undefined) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      quote = char;
      continue;
    }
    if (style.line.some((marker) => text.startsWith(marker, i))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
      continue;
    }
    if (style.block && text.startsWith(style.block[0], i)) {
      inBlock = true;
      i += style.block[0].length - 1;
      continue;
    }
    if (CLOSER_OF[char] !== undefined) {
      stack.push(char);
      continue;
    }
    const opener = OPENER_OF[char];
    if (opener === undefined) continue;
    if (stack.length === 0) {
      if (!lenient) underflow++;
    } else if (stack[stack.length - 1] === opener) {
      stack.pop();
    } else if (lenient) {
      const at = stack.lastIndexOf(opener);
      if (at >= 0) stack.length = at;
    } else {
      mismatched++;
      stack.pop();
    }
    lowest = Math.min(lowest, stack.length);
  }
  return { state: { stack, ...(quote !== undefined ? { quote } : {}), ...(inBlock ? { inBlockComment: true } : {}) }, underflow, mismatched, lowest };
}

/** Whether text ends with an opening bracket, i.e. goes on in the next line. */
export function endsWithOpener(text: string): boolean {
  const last = text.trimEnd().slice(-1);
  return CLOSER_OF[last] !== undefined;
}
