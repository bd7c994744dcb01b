/**
 * A conversation as VS Code's language model API hands it over (text, images, tool calls and tool
 * results in role-tagged messages), in editor-free form, and its mapping onto the LLM port. The
 * Messages API is stricter than VS Code: roles must alternate, the first turn is the user's, every
 * tool_use needs its tool_result at the start of the next user turn, and empty text is refused.
 * The mapping repairs what it must and says nothing is lost that the model needs.
 */
import type { ChatMessage, ContentBlock, ImageBlock, TextBlock } from '../model/llm';
import { NOTICE_PREFIX } from '../chat/tierNotice';

export type LmRole = 'system' | 'user' | 'assistant';

export type LmPart =
  | { readonly type: 'text'; readonly text: string }
  /** `data` is base64. */
  | { readonly type: 'image'; readonly mimeType: string; readonly data: string }
  | { readonly type: 'toolCall'; readonly callId: string; readonly name: string; readonly input: unknown }
  | { readonly type: 'toolResult'; readonly callId: string; readonly text: string; readonly isError: boolean };

export interface LmMessage {
  readonly role: LmRole;
  readonly parts: readonly LmPart[];
}

const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface PortConversation {
  readonly system: readonly TextBlock[];
  readonly messages: readonly ChatMessage[];
}

/**
 * Maps the conversation onto the port. System messages become the system prompt (`fallbackSystem`
 * when there are none); the system prompt and the end of the conversation are marked for caching,
 * so each step of a tool loop reads the previous steps from the cache.
 */
export function toPortConversation(conversation: readonly LmMessage[], fallbackSystem: string): PortConversation {
  const systemText = conversation
    .filter((message) => message.role === 'system')
    .flatMap((message) => message.parts.map((part) => (part.type === 'text' ? part.text : '')))
    .filter((text) => text.trim() !== '')
    .join('\n\n');
  const system: TextBlock[] = [{ type: 'text', text: systemText === '' ? fallbackSystem : systemText, cache: '5m' }];

  const turns: Array<{ role: 'user' | 'assistant'; blocks: ContentBlock[] }> = [];
  for (const message of conversation) {
    if (message.role === 'system') continue;
    const blocks = message.parts.flatMap((part) => blocksOf(part, message.role as 'user' | 'assistant'));
    if (blocks.length === 0) continue;
    const last = turns[turns.length - 1];
    if (last?.role === message.role) last.blocks.push(...blocks);
    else turns.push({ role: message.role, blocks });
  }
  while (turns.length > 0 && turns[0].role === 'assistant') turns.shift();
  pairToolResults(turns);
  markCacheEnd(turns);
  const messages: ChatMessage[] = turns.map((turn) => ({ role: turn.role, content: turn.blocks }));
  return { system, messages: messages.length > 0 ? messages : [{ role: 'user', content: '(empty message)' }] };
}

function blocksOf(part: LmPart, role: 'user' | 'assistant'): ContentBlock[] {
  switch (part.type) {
    case 'text': {
      const text = role === 'assistant' ? withoutNotices(part.text) : part.text;
      return text.trim() === '' ? [] : [{ type: 'text', text }];
    }
    case 'image':
      if (role !== 'user') return [];
      if (!IMAGE_TYPES.has(part.mimeType)) return [{ type: 'text', text: `[an image of type ${part.mimeType} was left out: the model cannot read it]` }];
      return [{ type: 'image', mediaType: part.mimeType as ImageBlock['mediaType'], data: part.data }];
    case 'toolCall':
      if (role !== 'assistant') return [];
      return [{ type: 'tool_use', id: part.callId, name: part.name, input: isObject(part.input) ? part.input : {} }];
    case 'toolResult':
      if (role !== 'user') return [];
      return [{ type: 'tool_result', toolUseId: part.callId, content: part.text === '' ? '(no output)' : part.text, ...(part.isError ? { isError: true } : {}) }];
  }
}

/** Removes Model Router's own notice lines from an earlier answer. */
export function withoutNotices(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.replace(/^[^A-Za-z]*/, '').startsWith(NOTICE_PREFIX))
    .join('\n');
}

/**
 * Every tool_use gets its tool_result first thing in the next user turn: a missing one (a call the
 * editor never ran) is answered "not run"; a result without its call becomes plain text.
 */
function pairToolResults(turns: Array<{ role: 'user' | 'assistant'; blocks: ContentBlock[] }>): void {
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i];
    if (turn.role !== 'user') continue;
    const previous = turns[i - 1];
    const calls = previous?.role === 'assistant' ? previous.blocks.filter((block) => block.type === 'tool_use').map((block) => block.id) : [];
    const results = turn.blocks.filter((block) => block.type === 'tool_result' && calls.includes(block.toolUseId));
    const rest = turn.blocks
      .filter((block) => !results.includes(block))
      .map((block): ContentBlock => (block.type === 'tool_result' ? { type: 'text', text: `Result of tool call ${block.toolUseId}: ${block.content}` } : block));
    const answered = new Set(results.map((block) => (block.type === 'tool_result' ? block.toolUseId : '')));
    const missing = calls.filter((id) => !answered.has(id)).map((id): ContentBlock => ({ type: 'tool_result', toolUseId: id, content: 'The tool was not run.', isError: true }));
    turn.blocks = [...results, ...missing, ...rest];
  }
  const last = turns[turns.length - 1];
  if (last?.role === 'assistant' && last.blocks.some((block) => block.type === 'tool_use')) {
    turns.push({ role: 'user', blocks: [] });
    pairToolResults(turns);
  }
}

/** Marks the last text or tool result of the conversation as the end of the cached prefix. */
function markCacheEnd(turns: Array<{ blocks: ContentBlock[] }>): void {
  const blocks = turns[turns.length - 1]?.blocks ?? [];
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i];
    if (block.type === 'text' || block.type === 'tool_result') {
      blocks[i] = { ...block, cache: '5m' };
      return;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
