/**
 * What routing needs to know about a language model conversation: which turn is the user's request
 * (as opposed to a tool result going back to the model), the words of that request, the files
 * attached to it, the size of the context, and a key that stays the same for every step of the task.
 *
 * VS Code's agent wraps the user's words in context (`<context>`, `<attachments>`, ...,
 * `<userRequest>`); classifying the whole wrapper would route on the editor's boilerplate and on
 * words inside attached files, so the request and the attachments are read apart.
 */
import { createHash } from 'node:crypto';
import type { LmMessage } from './lmMessages';
import { estimateTokensOfChars, IMAGE_TOKENS, tokenWeightedLength } from '../model/tokens';
import { neutralizeTags } from '../prompts/contextText';

export interface TaskSignals {
  /** Stable across the steps of one conversation: a hash of its first user message. */
  readonly key: string;
  /** Index of the latest user message that carries the user's words (not only tool results). */
  readonly promptIndex: number;
  /** The user's words in that message, without the editor's wrapping. */
  readonly prompt: string;
  /** The user's words in the request before it, if any: a follow-up inherits its kind and sensitivity. */
  readonly previousPrompt?: string;
  /** Paths of the files attached to that message. */
  readonly files: readonly string[];
  /** Estimated tokens of the whole conversation. */
  readonly contextTokens: number;
  /** Whether this request only carries tool results back: a step of a task already routed. */
  readonly isToolStep: boolean;
}

export function taskSignals(conversation: readonly LmMessage[]): TaskSignals {
  const promptIndex = findLastIndex(conversation, (message) => message.role === 'user' && hasWords(message));
  const promptText = promptIndex >= 0 ? textOf(conversation[promptIndex]) : '';
  const previousIndex = promptIndex > 0 ? findLastIndex(conversation.slice(0, promptIndex), (message) => message.role === 'user' && hasWords(message)) : -1;
  const last = conversation[conversation.length - 1];
  const chars = conversation.reduce((sum, message) => sum + message.parts.reduce((n, part) => n + partChars(part), 0), 0);
  const images = conversation.reduce((sum, message) => sum + message.parts.filter((part) => part.type === 'image').length, 0);
  return {
    key: createHash('sha256').update(firstRequestText(conversation)).digest('hex').slice(0, 16),
    promptIndex,
    prompt: userRequestOf(promptText),
    ...(previousIndex >= 0 ? { previousPrompt: userRequestOf(textOf(conversation[previousIndex])) } : {}),
    files: attachedFiles(promptText),
    // The current tokenizer (the higher estimate), plus a flat cost per image.
    contextTokens: estimateTokensOfChars(chars) + images * IMAGE_TOKENS,
    isToolStep: last !== undefined && last.role === 'user' && last.parts.some((part) => part.type === 'toolResult'),
  };
}

/** The user's own words: the `<userRequest>` of an agent prompt, else the text without attachments. */
export function userRequestOf(text: string): string {
  const tagged = /<userRequest>([\s\S]*?)<\/userRequest>/i.exec(text);
  if (tagged) return tagged[1].trim();
  return text
    .replace(/<attachments>[\s\S]*?<\/attachments>/gi, '')
    .replace(/<attachment\b[\s\S]*?<\/attachment>/gi, '')
    .trim();
}

/** File paths named by `<attachment ... filePath="...">` (VS Code's agent) or `path="..."` tags. */
export function attachedFiles(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/<attachment\b[^>]*?\b(?:filePath|path)="([^"]+)"/gi)) found.add(unescapeAttribute(match[1]));
  return [...found];
}

/** An attribute value as @router writes it: `&`, `"`, `<` and `>` escaped, so a path cannot end its tag. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export interface Attachment {
  readonly path: string;
  readonly text: string;
}

/**
 * A user message with attachments in the form `taskSignals` reads back: what `@router` sends, so
 * its requests are routed on the same signals as VS Code's agent's.
 */
export function promptWithAttachments(request: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return request;
  // Neither a file's text nor the request can close its block or open another (neutralizeTags).
  const body = attachments.map((a) => `<attachment filePath="${escapeAttribute(a.path)}">\n${neutralizeTags(a.text)}\n</attachment>`).join('\n');
  return `<attachments>\n${body}\n</attachments>\n<userRequest>\n${neutralizeTags(request)}\n</userRequest>`;
}

/**
 * The text of the conversation's first request. VS Code's agent may open with a user message of
 * workspace context that every conversation in the window shares, so the first message holding a
 * `<userRequest>` wins over the first message with any words.
 */
function firstRequestText(conversation: readonly LmMessage[]): string {
  const users = conversation.filter((message) => message.role === 'user' && hasWords(message)).map(textOf);
  return users.find((text) => /<userRequest>/i.test(text)) ?? users[0] ?? '';
}

function hasWords(message: LmMessage): boolean {
  return message.parts.some((part) => part.type === 'text' && part.text.trim() !== '');
}

function textOf(message: LmMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

/** A part's length in Latin characters' worth of tokens (model/tokens.ts): a CJK character counts as a token. */
function partChars(part: LmMessage['parts'][number]): number {
  switch (part.type) {
    case 'text':
      return tokenWeightedLength(part.text);
    case 'toolResult':
      return tokenWeightedLength(part.text);
    case 'toolCall':
      return tokenWeightedLength(part.name) + tokenWeightedLength(JSON.stringify(part.input ?? null));
    case 'image':
      return 0;
  }
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
