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

const FENCE = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\n`]*?)[ \t]*\n([\s\S]*?)\n?^\1\2[ \t]*$/gm;

/** Every fenced block of `text`, in order. */
export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (const match of text.matchAll(FENCE)) blocks.push({ info: match[3], code: match[4] });
  return blocks;
}

/** The code of the first fenced block, or undefined when the answer has none. */
export function firstFencedCode(text: string): string | undefined {
  return fencedBlocks(text)[0]?.code;
}

/** The answer without its fenced blocks: the prose a command shows next to an applied edit. */
export function proseOf(text: string): string {
  return text.replace(FENCE, '').replace(/\n{3,}/g, '\n\n').trim();
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
