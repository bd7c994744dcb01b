/**
 * What a chat turn carries besides its own words: the history the model reads (a command's turn
 * with the code it asked about), the previous typed prompt the router reads to route a follow-up,
 * and the sizes the router weighs before a cheaper task leaves the conversation's tier.
 */
import type { RunOptions } from '../engine';
import { estimateTokens } from '../model/tokens';
import type { ChatTurn } from '../prompts/chatPrompt';
import type { ContextItem } from '../prompts/contextText';
import { renderContext } from '../prompts/contextText';
import { TYPICAL_ANSWER_TOKENS } from '../spend/estimate';
import type { ChatMessageView, CommandTurn, Conversation } from './conversation';

/** Context read for a turn: items already cut to budget, the files they came from, and what was left out. */
export interface AttachedContext {
  readonly items: readonly ContextItem[];
  readonly files: readonly string[];
  /** What was left out of the items, for the user (see contextNotes). */
  readonly notes: readonly string[];
  /** Set when the file is a secret file: nothing of it is in the items, and this says why. */
  readonly withheld?: string;
}

/** The history the model sees; a command's turn carries the code it asked about, so a follow-up can refer to it. */
export function toTurns(messages: readonly ChatMessageView[]): ChatTurn[] {
  return messages.flatMap((m): ChatTurn[] => {
    if (m.role === 'notice') return [];
    return [{ role: m.role, text: m.command ? `${renderContext([commandSelectionItem(m.command)], 20_000)}\n\n${m.text}` : m.text }];
  });
}

/** The code a command's turn asked about, labelled as the agent commands label a selection. */
export function commandSelectionItem(turn: CommandTurn): ContextItem {
  return { label: `selection in ${turn.path}:${turn.startLine}-${turn.endLine}`, path: turn.path, languageId: turn.languageId, text: turn.selection };
}

export function contextTokens(context: AttachedContext): number {
  return estimateTokens(context.items.map((item) => item.text).join(''));
}

/** The user's previous typed turn before `question`, which the router reads to route a follow-up. */
export function previousPromptOf(conversation: Conversation, question: ChatMessageView): { previousPrompt?: string } {
  const before = conversation.messages.slice(0, conversation.messages.indexOf(question));
  for (let i = before.length - 1; i >= 0; i--) if (before[i].role === 'user' && before[i].text.trim() !== '') return { previousPrompt: before[i].text };
  return {};
}

/**
 * What the router weighs before a new, cheaper task leaves the conversation's tier: the history a
 * model reads first (cached on the current model, re-read on another) and this request's own size.
 */
export function conversationCosts(conversation: Conversation, history: readonly ChatTurn[], prompt: ReturnType<RunOptions['prompt']>, question: string): Pick<RunOptions, 'conversationCosts'> {
  if (conversation.tier === undefined || conversation.taskKind === undefined) return {};
  const historyTokens = estimateTokens(history.map((turn) => turn.text).join('\n'));
  const total = estimateTokens(JSON.stringify(prompt.messages));
  const requestTokens = Math.max(estimateTokens(question), total - historyTokens);
  return { conversationCosts: { taskKind: conversation.taskKind, historyTokens, requestTokens, expectedOutputTokens: TYPICAL_ANSWER_TOKENS } };
}
