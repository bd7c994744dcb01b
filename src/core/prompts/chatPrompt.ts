/**
 * Chat requests: a fixed system prompt, then the conversation, then the new question with its
 * context. The system prompt and everything up to the last answer are the stable prefix, marked
 * for prompt caching, so each turn on the same model pays for the history only once.
 */
import type { ChatMessage, ContentBlock, TextBlock } from '../model/llm';
import type { ContextItem } from './contextText';
import { renderContext } from './contextText';

export interface ChatTurn {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

export interface ChatInput {
  /** Earlier turns, oldest first; answers that failed part-way may be included as they stood. */
  readonly history: readonly ChatTurn[];
  readonly question: string;
  readonly context?: readonly ContextItem[];
  readonly contextBudgetChars?: number;
  readonly maxTokens?: number;
}

export const CHAT_SYSTEM = [
  'You are a senior software engineer helping a developer inside VS Code.',
  'Answer in GitHub-flavoured Markdown. Put code in fenced blocks with a language tag.',
  'Be direct and concrete; prefer a short correct answer to a long one. When the question is about',
  'code in the provided context, refer to it by file and line. If something is ambiguous, say what you assumed.',
].join(' ');

export const DEFAULT_CHAT_CONTEXT_CHARS = 60_000;

export function buildChatPrompt(input: ChatInput): { system: readonly TextBlock[]; messages: readonly ChatMessage[]; maxTokens: number } {
  const messages: ChatMessage[] = mergeRoles(input.history).map((turn, index, all) => ({
    role: turn.role,
    // The last turn of the history closes the stable prefix.
    content: index === all.length - 1 ? [{ type: 'text', text: turn.text, cache: '5m' } satisfies ContentBlock] : turn.text,
  }));
  const context = input.context ?? [];
  const question =
    context.length === 0
      ? input.question
      : `${renderContext(context, input.contextBudgetChars ?? DEFAULT_CHAT_CONTEXT_CHARS)}\n\n${input.question}`;
  if (messages.length > 0 && messages[messages.length - 1].role === 'user') {
    // The API needs alternating roles; an unanswered question (a failed request) gets a stand-in answer.
    messages.push({ role: 'assistant', content: '(no answer)' });
  }
  messages.push({ role: 'user', content: question });
  return { system: [{ type: 'text', text: CHAT_SYSTEM, cache: '5m' }], messages, maxTokens: input.maxTokens ?? 8192 };
}

/** Joins consecutive turns of the same role and drops empty ones, which the API rejects. */
function mergeRoles(history: readonly ChatTurn[]): ChatTurn[] {
  const merged: ChatTurn[] = [];
  for (const turn of history) {
    if (turn.text.trim() === '') continue;
    const last = merged[merged.length - 1];
    if (last?.role === turn.role) merged[merged.length - 1] = { role: turn.role, text: `${last.text}\n\n${turn.text}` };
    else merged.push(turn);
  }
  while (merged.length > 0 && merged[0].role === 'assistant') merged.shift();
  return merged;
}
