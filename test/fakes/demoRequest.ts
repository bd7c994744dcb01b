/**
 * Reads a Messages API request body the way the demo backend needs it: which command sent it (from
 * its system prompt), the context blocks the prompt carries (`<context label=… path=…>`), and the
 * user's own words with those blocks taken out — so a demo answer can be about the code without
 * ever repeating the prompt's internals.
 */
import { lastUserText } from './cannedAnswers';

/** What asked: an agent command (by its task kind), the chat, a completion, or anything else. */
export type DemoCommand =
  | 'docstring'
  | 'tests'
  | 'refactor'
  | 'bugfix'
  | 'commitMessage'
  | 'review'
  | 'security'
  | 'plan'
  | 'implement'
  | 'explain'
  | 'completion'
  | 'chat';

export interface ContextBlock {
  readonly label: string;
  readonly path?: string;
  readonly language?: string;
  readonly text: string;
}

export interface DemoRequest {
  readonly command: DemoCommand;
  /** The user's words: the chat question, or a command's "The user asks: …" instruction. */
  readonly question: string;
  readonly blocks: readonly ContextBlock[];
  /** Earlier user turns in the conversation. */
  readonly earlierTurns: number;
  /** The whole last user message, for completions (which carry a `<file>` with a hole). */
  readonly raw: string;
}

/** Each command's instruction starts its system prompt's second paragraph (core/prompts/commandPrompt.ts). */
const COMMAND_MARKERS: ReadonlyArray<[RegExp, DemoCommand]> = [
  [/Write a documentation comment/, 'docstring'],
  [/Write a thorough, runnable test file/, 'tests'],
  [/Refactor the selected code/, 'refactor'],
  [/Fix the problem described by the diagnostics/, 'bugfix'],
  [/Write a git commit message/, 'commitMessage'],
  [/Review the uncommitted changes/, 'review'],
  [/Do a security review/, 'security'],
  [/Write a step-by-step plan/, 'plan'],
  [/Carry out the given step of the plan/, 'implement'],
  [/Explain the selected code/, 'explain'],
];

function systemText(body: Record<string, unknown>): string {
  const system = body['system'];
  if (typeof system === 'string') return system;
  if (Array.isArray(system)) return system.map((block: { text?: unknown }) => (typeof block?.text === 'string' ? block.text : '')).join('\n');
  return '';
}

function unescapeAttribute(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

const CONTEXT_BLOCK = /<context ([^>]*)>\n([\s\S]*?)\n<\/context>/g;
const ATTRIBUTE = /(\w+)="([^"]*)"/g;

/** The context blocks of a prompt, in order. */
export function contextBlocks(text: string): ContextBlock[] {
  const blocks: ContextBlock[] = [];
  for (const match of text.matchAll(CONTEXT_BLOCK)) {
    const attributes = new Map([...match[1].matchAll(ATTRIBUTE)].map((a) => [a[1], unescapeAttribute(a[2])]));
    blocks.push({ label: attributes.get('label') ?? '', path: attributes.get('path'), language: attributes.get('language'), text: match[2] });
  }
  return blocks;
}

export function readDemoRequest(body: Record<string, unknown>): DemoRequest {
  const raw = lastUserText(body);
  const system = systemText(body);
  const command = raw.includes('<HOLE/>') ? 'completion' : (COMMAND_MARKERS.find(([marker]) => marker.test(system))?.[1] ?? 'chat');
  const words = raw.replace(CONTEXT_BLOCK, '').trim();
  const question = words.replace(/^[\s\S]*?The user asks: /, '').trim();
  const messages = Array.isArray(body['messages']) ? (body['messages'] as Array<{ role?: unknown }>) : [];
  const earlierTurns = Math.max(0, messages.filter((m) => m?.role === 'user').length - 1);
  return { command, question, blocks: contextBlocks(raw), earlierTurns, raw };
}

/** The first block whose label starts with `prefix` ("file ", "selection in ", "diagnostics in "). */
export function blockLabelled(request: DemoRequest, prefix: string): ContextBlock | undefined {
  return request.blocks.find((block) => block.label.startsWith(prefix));
}

/** The workspace-relative path the request is about: the selection's file, else the first file. */
export function subjectPath(request: DemoRequest): string | undefined {
  return (blockLabelled(request, 'selection in ') ?? blockLabelled(request, 'file ') ?? request.blocks.find((b) => b.path))?.path;
}

/** The last segment of a path: `src/cart.ts` → `cart.ts`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
