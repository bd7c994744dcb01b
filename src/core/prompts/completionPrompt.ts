/**
 * The hole-filler prompt for inline completions. Anthropic has no fill-in-the-middle endpoint, so
 * the file is sent with a marked hole and the model is told to answer with the hole's text only.
 * The instructions never change and come first, marked for prompt caching; the prefix and suffix
 * are cut to budgets; a stop sequence and a small max_tokens keep the answer short.
 */
import type { ChatMessage, TextBlock } from '../model/llm';
import { headLines, looksBinary, tailLines } from './contextText';

export const HOLE = '<HOLE/>';

export interface CompletionInput {
  readonly path: string;
  readonly languageId: string;
  /** All text before the cursor. */
  readonly prefix: string;
  /** All text after the cursor. */
  readonly suffix: string;
  readonly prefixChars?: number;
  readonly suffixChars?: number;
}

export interface CompletionPrompt {
  readonly system: readonly TextBlock[];
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly stopSequences: readonly string[];
  readonly multiLine: boolean;
  /** The prefix and suffix actually sent, for caching and post-processing. */
  readonly prefix: string;
  readonly suffix: string;
}

export const DEFAULT_PREFIX_CHARS = 6000;
export const DEFAULT_SUFFIX_CHARS = 2000;

const SYSTEM = [
  'You are a code completion engine inside an editor. The user sends a source file with one hole marked ' + HOLE + '.',
  'Reply with exactly the text that belongs at the hole and nothing else: no explanation, no code fences, no quotes,',
  'and never repeat text that is already before or after the hole. Match the file\'s indentation, style and language.',
  'If nothing useful belongs there, reply with an empty message.',
].join(' ');

/** Openers after which an empty line asks for a whole block rather than the rest of a line. */
const BLOCK_OPENER = /(\{|\(|\[|:|=>|\bthen|\bdo|\bbegin)\s*$/;

/**
 * The cursor opens an empty block when the current line is blank up to the cursor and empty after
 * it, the line above ends with an opener, and nothing but a closer or a blank follows.
 */
export function opensEmptyBlock(prefix: string, suffix: string): boolean {
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const before = prefix.slice(lineStart);
  const after = suffix.split('\n', 1)[0];
  if (after.trim() !== '') return false;
  const previousLine = prefix.slice(prefix.lastIndexOf('\n', lineStart - 2) + 1, Math.max(0, lineStart - 1));
  const openerLine = before.trim() === '' ? previousLine : before;
  if (!BLOCK_OPENER.test(openerLine.trimEnd())) return false;
  // The block is empty when what follows is its closer or code at the opener's level or less.
  const next = suffix.split('\n').slice(1).find((line) => line.trim() !== '');
  return next === undefined || /^\s*([}\])]|(end|fi|done)\b)/.test(next) || indentOf(next) <= indentOf(openerLine);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The block's tag: `file`, or `file-2`, `file-3`… when the code itself holds that tag (a Qt resource
 * file's `<file>`, say), so the code cannot close its block early and is sent as it is, unescaped.
 */
export function blockTag(code: string): string {
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? 'file' : `file-${n}`;
    if (!new RegExp(`</?\\s*${name}(?![\\w-])`, 'i').test(code)) return name;
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function buildCompletionPrompt(input: CompletionInput): CompletionPrompt | undefined {
  if (looksBinary(input.prefix) || looksBinary(input.suffix)) return undefined;
  const prefix = tailLines(input.prefix, input.prefixChars ?? DEFAULT_PREFIX_CHARS);
  const suffix = headLines(input.suffix, input.suffixChars ?? DEFAULT_SUFFIX_CHARS);
  const multiLine = opensEmptyBlock(input.prefix, input.suffix);
  const ask = multiLine
    ? 'Fill the hole with the body of the block that opens just before it: complete statements, at most 12 lines.'
    : 'Fill the hole with the rest of the current line only.';
  const tag = blockTag(prefix + suffix);
  const file = `<${tag} path="${escapeAttribute(input.path)}" language="${escapeAttribute(input.languageId)}">\n${prefix}${HOLE}${suffix}\n</${tag}>\n\n${ask}`;
  return {
    system: [{ type: 'text', text: SYSTEM, cache: '5m' }],
    messages: [{ role: 'user', content: file }],
    maxTokens: multiLine ? 256 : 64,
    stopSequences: multiLine ? ['\n\n\n', `</${tag}>`] : ['\n', `</${tag}>`],
    multiLine,
    prefix,
    suffix,
  };
}
