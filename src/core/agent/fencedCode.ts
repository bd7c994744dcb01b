/**
 * Reading code out of a model's answer. Commands ask for fenced code blocks; these helpers find
 * them (``` or ~~~ fences, with an optional info string such as a language or a file path) and
 * judge cheaply whether an edit answer is usable before it touches the user's files.
 */

export interface FencedBlock {
  /** The info string after the opening fence: a language (`ts`) or, for Implement, a file path. */
  readonly info: string;
  readonly code: string;
}

/**
 * A line that opens a fence: indent, three or more backticks or tildes, an info string without
 * backticks, a newline. A line that could close one: indent, the fence alone. `^` and `$` are
 * JavaScript's multiline anchors (a CR ends a line too), as in the reading these replace:
 * `/^([ \t]*)(`{3,}|~{3,})[ \t]*([^\n`]*?)[ \t]*\n([\s\S]*?)\n?^\1\2[ \t]*$/gm`, which took
 * quadratic time on unclosed fences (80 KB of them: 6 s on the extension host).
 */
const OPENER = /^([ \t]*)(`{3,}|~{3,})([^\n`]*)\n/gm;
const CLOSER = /^([ \t]*)(`{3,}|~{3,})[ \t]*$/gm;

interface FencedSpan extends FencedBlock {
  readonly start: number;
  readonly end: number;
}

/**
 * The fenced blocks of `text` with where each starts and ends, in linear time: every line that
 * could close a fence is listed once, by its indent and fence, so an opener with no closer after
 * it is passed over at once instead of being searched to the end of the text. A block ends at the
 * first line after it with exactly its indent and fence; a tilde fence with no such line may end
 * at a shorter one (its info then starts with the extra tildes), as a backtracking match would.
 */
function fencedSpans(text: string): FencedSpan[] {
  const closers = new Map<string, { starts: number[]; ends: number[]; next: number }>();
  for (const match of text.matchAll(CLOSER)) {
    const key = `${match[1]}\0${match[2]}`;
    const list = closers.get(key) ?? { starts: [], ends: [], next: 0 };
    closers.set(key, list);
    list.starts.push(match.index);
    list.ends.push(match.index + match[0].length);
  }
  // Openers are read in order, so each list's cursor only moves forward.
  const firstCloser = (key: string, from: number): { start: number; end: number } | undefined => {
    const list = closers.get(key);
    if (!list) return undefined;
    while (list.next < list.starts.length && list.starts[list.next] < from) list.next++;
    return list.next < list.starts.length ? { start: list.starts[list.next], end: list.ends[list.next] } : undefined;
  };
  const spans: FencedSpan[] = [];
  const opener = new RegExp(OPENER.source, 'gm');
  for (let match = opener.exec(text); match !== null; match = opener.exec(text)) {
    const [whole, indent, fence, rest] = match;
    const contentStart = match.index + whole.length;
    let closed: { length: number; start: number; end: number } | undefined;
    for (let length = fence.length; length >= (fence[0] === '~' ? 3 : fence.length) && !closed; length--) {
      const at = firstCloser(`${indent}\0${fence[0].repeat(length)}`, contentStart);
      if (at) closed = { length, ...at };
    }
    if (!closed) {
      opener.lastIndex = match.index + 1;
      continue;
    }
    const code = text.slice(contentStart, closed.start);
    const info = (fence.slice(closed.length) + rest).replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
    spans.push({ info, code: code.endsWith('\n') ? code.slice(0, -1) : code, start: match.index, end: closed.end });
    opener.lastIndex = closed.end;
  }
  return spans;
}

/** Every fenced block of `text`, in order. */
export function fencedBlocks(text: string): FencedBlock[] {
  return fencedSpans(text).map(({ info, code }) => ({ info, code }));
}

/** The code of the first fenced block, or undefined when the answer has none. */
export function firstFencedCode(text: string): string | undefined {
  return fencedBlocks(text)[0]?.code;
}

/** The answer without its fenced blocks: the prose a command shows next to an applied edit. */
export function proseOf(text: string): string {
  let prose = '';
  let from = 0;
  for (const span of fencedSpans(text)) {
    prose += text.slice(from, span.start);
    from = span.end;
  }
  return (prose + text.slice(from)).replace(/\n{3,}/g, '\n\n').trim();
}

const PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

/**
 * Whether brackets balance outside strings and comments (C-like and Python-like syntax): the
 * cheap "does it parse" check. Returns the first problem in words, or undefined when balanced.
 */
export function bracketProblem(code: string): string | undefined {
  const stack: string[] = [];
  let index = 0;
  while (index < code.length) {
    const char = code[index];
    const next = code[index + 1];
    if (char === '/' && next === '/') index = skipTo(code, index, '\n');
    else if (char === '#' && (index === 0 || code[index - 1] === '\n' || /\s/.test(code[index - 1]))) index = skipTo(code, index, '\n');
    else if (char === '/' && next === '*') index = skipTo(code, index + 2, '*/') + 1;
    else if (char === '"' || char === "'" || char === '`') index = skipString(code, index, char);
    else if (char === '(' || char === '[' || char === '{') stack.push(char);
    else if (char in PAIRS) {
      if (stack.pop() !== PAIRS[char]) return `an unmatched “${char}” at offset ${index}`;
    }
    index += 1;
  }
  return stack.length > 0 ? `${stack.length} unclosed bracket${stack.length === 1 ? '' : 's'} (“${stack[stack.length - 1]}”)` : undefined;
}

function skipTo(code: string, from: number, end: string): number {
  const found = code.indexOf(end, from);
  return found < 0 ? code.length : found;
}

function skipString(code: string, from: number, quote: string): number {
  let index = from + 1;
  while (index < code.length && code[index] !== quote) {
    if (code[index] === '\\') index += 1;
    else if (code[index] === '\n' && quote !== '`') return index;
    index += 1;
  }
  return index;
}

/**
 * The local check for commands that apply code: the answer must hold a fenced block whose
 * brackets balance. A failure names the problem so the ledger and log say why it escalated.
 */
export function editAnswerProblem(answer: string): string | undefined {
  const code = firstFencedCode(answer);
  if (code === undefined) return 'the answer has no code block to apply';
  if (code.trim() === '') return 'the answer’s code block is empty';
  const problem = bracketProblem(code);
  return problem ? `the edited code does not parse: ${problem}` : undefined;
}
