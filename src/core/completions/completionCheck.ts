/**
 * The local check of a completion, run before it is shown: cheap, and only as sure as a bracket
 * count can be. A completion fails when it closes brackets that are not open or of another kind,
 * leaves open what it opened (unless the line goes on below, or the rest of the line closes it),
 * closes what the rest of the line already closes, or only repeats the next line. The engine
 * asks a failed completion again one tier up where the policy allows, else it is dropped.
 */
import type { CommentStyle, ScanState } from './bracketScan';
import { commentStyleOf, endsWithOpener, scanBrackets } from './bracketScan';
import type { Hole } from './hole';
import { lineAfter, linesBelow } from './hole';

/** What the check knows of where the completion goes. */
export interface CompletionContext {
  readonly hole: Hole;
  readonly languageId: string;
  /** Whether the answer may span lines (the cursor opens an empty block). */
  readonly multiLine: boolean;
}

/** The bracket problems a completion would cause where it goes. */
export interface BracketTrouble {
  readonly underflow: number;
  readonly mismatched: number;
  /** Brackets the completion opens and nothing closes. */
  readonly leftOpen: number;
  /** Closers in the rest of the line that the completion leaves with nothing to close. */
  readonly doubleClosed: number;
}

/** The scan state at the cursor, per hole: the check and post-processing ask for it repeatedly. */
const seeds = new WeakMap<Hole, { style: CommentStyle; state: ScanState; restTrouble: number; restDepth: number }>();

function seedOf(context: CompletionContext) {
  let seed = seeds.get(context.hole);
  if (seed === undefined) {
    const style = commentStyleOf(context.languageId);
    const state = scanBrackets(context.hole.prefix, style, undefined, true).state;
    const rest = scanBrackets(lineAfter(context.hole), style, state);
    seed = { style, state, restTrouble: rest.underflow + rest.mismatched, restDepth: rest.state.stack.length };
    seeds.set(context.hole, seed);
  }
  return seed;
}

export function bracketTrouble(text: string, context: CompletionContext): BracketTrouble {
  const seed = seedOf(context);
  const own = scanBrackets(text, seed.style, seed.state);
  // The brackets the completion opened sit on the stack above the lowest depth it reached.
  let leftOpen = own.state.stack.length - own.lowest;
  let doubleClosed = 0;
  if (!context.multiLine) {
    const rest = scanBrackets(lineAfter(context.hole), seed.style, own.state);
    doubleClosed = Math.max(0, rest.underflow + rest.mismatched - seed.restTrouble);
    // Left open: the line ends deeper than it would without the completion, unless the
    // completion ends with an opener and so goes on in the next line.
    leftOpen = endsWithOpener(text) ? 0 : Math.max(0, rest.state.stack.length - seed.restDepth);
  }
  return { underflow: own.underflow, mismatched: own.mismatched, leftOpen, doubleClosed };
}

/** How bad the trouble is, to compare two versions of a completion. */
export function troubleScore(trouble: BracketTrouble): number {
  return trouble.underflow + trouble.mismatched + trouble.leftOpen + trouble.doubleClosed;
}

/** Why a (post-processed) completion fails the local check, or undefined when it passes. */
export function checkCompletion(text: string, context: CompletionContext): string | undefined {
  if (text.trim() === '') return undefined;
  const trouble = bracketTrouble(text, context);
  if (trouble.mismatched > 0) return 'Completion closes a bracket of another kind';
  if (trouble.underflow > 0) return 'Completion closes brackets that are not open';
  if (trouble.doubleClosed > 0) return 'Completion closes a bracket the rest of the line already closes';
  if (trouble.leftOpen > 0) return 'Completion leaves a bracket open';
  const next = linesBelow(context.hole).find((line) => line.trim() !== '');
  const answer = text.trim();
  if (next !== undefined && answer.length >= 4 && answer === next.trim()) return 'Completion repeats the next line';
  return undefined;
}
