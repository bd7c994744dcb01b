/**
 * The hole an inline completion fills: the text before and after the cursor, cut to the prompt's
 * budgets exactly as the prompt cuts them, so one hole always means one prompt. Comparing two
 * holes tells whether the user only typed on along the line since the first was asked about,
 * which is what lets the cache and a request still in flight serve a later keystroke.
 */
import { headLines, tailLines } from '../prompts/contextText';

export interface Hole {
  /** Text before the cursor, at most the prefix budget, starting at a line when one is near. */
  readonly prefix: string;
  /** Text after the cursor, at most the suffix budget. */
  readonly suffix: string;
}

export interface HoleBudgets {
  readonly prefixChars: number;
  readonly suffixChars: number;
}

/**
 * The hole at a cursor. `before` and `after` may be longer than the budgets (the whole document)
 * or just a little longer (a slice around the cursor): the result is the same as long as the
 * slice holds one character more than each budget.
 */
export function holeAt(before: string, after: string, budgets: HoleBudgets): Hole {
  return { prefix: tailLines(before, budgets.prefixChars), suffix: headLines(after, budgets.suffixChars) };
}

/** A string key for a hole; the length keeps "ab|c" and "a|bc" apart. */
export function holeKey(hole: Hole): string {
  return `${hole.prefix.length}:${hole.prefix}${hole.suffix}`;
}

/** The current line up to the cursor. */
export function lineBefore(hole: Hole): string {
  return hole.prefix.slice(hole.prefix.lastIndexOf('\n') + 1);
}

/** The current line from the cursor on. */
export function lineAfter(hole: Hole): string {
  const end = hole.suffix.indexOf('\n');
  return end < 0 ? hole.suffix : hole.suffix.slice(0, end);
}

/** The lines after the current one, in order. */
export function linesBelow(hole: Hole): string[] {
  const end = hole.suffix.indexOf('\n');
  return end < 0 ? [] : hole.suffix.slice(end + 1).split('\n');
}

/**
 * What was typed at the cursor between hole `from` and hole `to`: the characters added to the
 * current line, with nothing after the cursor and nothing above the line changed. Undefined when
 * `to` is not `from` plus typing (a deletion, a jump, an edit elsewhere, a new line). The text
 * above the line is compared as tails, since a longer document moves where the budget cuts it.
 */
export function typedSince(from: Hole, to: Hole): string | undefined {
  if (from.suffix !== to.suffix) return undefined;
  const fromStart = from.prefix.lastIndexOf('\n') + 1;
  const toStart = to.prefix.lastIndexOf('\n') + 1;
  const fromLine = from.prefix.slice(fromStart);
  const toLine = to.prefix.slice(toStart);
  if (toLine.length < fromLine.length || !toLine.startsWith(fromLine)) return undefined;
  // Equal lengths make this an equality test; otherwise the shorter must be the longer's tail.
  const above = from.prefix.slice(0, fromStart);
  const aboveNow = to.prefix.slice(0, toStart);
  if (!above.endsWith(aboveNow) && !aboveNow.endsWith(above)) return undefined;
  return toLine.slice(fromLine.length);
}

/**
 * Whether an answer that begins with `streamed` (so far) may still match after `typed` was typed:
 * one must be a prefix of the other. An answer nothing of which has arrived may match anything.
 */
export function mayStillMatch(streamed: string, typed: string): boolean {
  return streamed.length >= typed.length ? streamed.startsWith(typed) : typed.startsWith(streamed);
}
