/**
 * Turns a model's answer into the text to insert at the hole. Models asked to fill a hole still
 * wrap code in fences, start by writing out the line they were given, or end by writing out what
 * follows the cursor; each of these would put text twice into the user's file. What repeats the
 * rest of the line is dropped only where that keeps brackets balanced: `g(x)` before `)` keeps its
 * own closer, `b)` before `)` does not. A whitespace-only answer becomes no suggestion.
 */
import { HOLE } from '../prompts/completionPrompt';
import type { CompletionContext } from './completionCheck';
import { bracketTrouble, troubleScore } from './completionCheck';
import { lineAfter, lineBefore, linesBelow } from './hole';

const OPENING_FENCE = /^\s*```[\w+#.-]*[ \t]*(\n|$)/;
const CLOSING_FENCE = /\n?[ \t]*```\s*$/;

/** The text to insert for `raw` at the context's hole; empty when nothing is worth showing. */
export function postProcess(raw: string, context: CompletionContext): string {
  let text = stripFences(raw).split(HOLE).join('');
  if (!context.multiLine) text = text.split('\n', 1)[0];
  text = dropRepeatedLineStart(text, context).trimEnd();
  text = context.multiLine ? dropRepeatedLinesBelow(text, context) : dropRepeatedRestOfLine(text, context);
  return text.trim() === '' ? '' : text;
}

/** The code inside a fenced block, or the text as it is. */
export function stripFences(text: string): string {
  if (!OPENING_FENCE.test(text)) return text;
  return text.replace(OPENING_FENCE, '').replace(CLOSING_FENCE, '');
}

/** Drops the current line's text (or its indentation) when the answer starts by repeating it. */
function dropRepeatedLineStart(text: string, context: CompletionContext): string {
  const before = lineBefore(context.hole);
  const written = before.trimStart();
  if (written.length >= 3 && text.startsWith(written)) return text.slice(written.length);
  if (written.length === 0 && before.length > 0 && text.startsWith(before)) return text.slice(before.length);
  return text;
}

/** Drops the end of a one-line answer that the rest of the line already has, e.g. `);`. */
function dropRepeatedRestOfLine(text: string, context: CompletionContext): string {
  const after = lineAfter(context.hole).trimEnd();
  if (after.trim() === '') return text;
  const score = troubleScore(bracketTrouble(text, context));
  for (let length = Math.min(text.length, after.length); length >= 1; length--) {
    const overlap = after.slice(0, length);
    // One letter in common is more likely chance than repetition.
    if (!text.endsWith(overlap) || (length === 1 && /\w/.test(overlap))) continue;
    const shorter = text.slice(0, -length);
    if (troubleScore(bracketTrouble(shorter, context)) <= score) return shorter.trimEnd() === '' ? '' : shorter;
  }
  return text;
}

/** Drops the last lines of a block answer when they are the lines that already follow it, e.g. `}`. */
function dropRepeatedLinesBelow(text: string, context: CompletionContext): string {
  const next = linesBelow(context.hole)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, 8);
  const lines = text.split('\n');
  for (let count = Math.min(lines.length, next.length); count >= 1; count--) {
    const tail = lines.slice(lines.length - count).map((line) => line.trim());
    if (tail.every((line, index) => line === next[index])) return lines.slice(0, lines.length - count).join('\n').trimEnd();
  }
  return text;
}
