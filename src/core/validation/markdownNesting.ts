/**
 * Model answers are untrusted Markdown, and marked's lexer recurses once per level of nesting: about
 * 2,000 nested `>` (2 KB of text) overflow the webview's stack, and a 400-deep list takes most of a
 * second. No answer needs more than a few levels, so deeper nesting is flattened before lexing:
 * quote markers beyond `MAX_QUOTE_DEPTH` are dropped and list items indented beyond
 * `MAX_LIST_INDENT` columns are pulled back to it. Fenced code is left exactly as written.
 */

export const MAX_QUOTE_DEPTH = 16;
/** Columns of indentation a list item keeps: about 16 levels of nesting. */
export const MAX_LIST_INDENT = 64;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTES = /^(?: {0,3}>)+/;
const LIST_ITEM = /^([ \t]+)((?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))/;

/** `text` with quote and list nesting capped; unchanged when nothing is nested that deep. */
export function capMarkdownNesting(text: string): string {
  let fence: string | undefined;
  let changed = false;
  const lines = text.split('\n').map((line) => {
    const opening = FENCE.exec(line);
    if (fence !== undefined) {
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = undefined;
      return line;
    }
    if (opening) {
      fence = opening[1];
      return line;
    }
    let result = line;
    const quotes = QUOTES.exec(result);
    if (quotes && (quotes[0].match(/>/g) ?? []).length > MAX_QUOTE_DEPTH) {
      result = `${'>'.repeat(MAX_QUOTE_DEPTH)} ${result.slice(quotes[0].length).trimStart()}`;
    }
    const item = LIST_ITEM.exec(result);
    if (item && item[1].replace(/\t/g, '    ').length > MAX_LIST_INDENT) {
      result = ' '.repeat(MAX_LIST_INDENT) + result.slice(item[1].length);
    }
    if (result !== line) changed = true;
    return result;
  });
  return changed ? lines.join('\n') : text;
}
