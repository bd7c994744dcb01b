/**
 * Messages between the extension and the chat webview. Both directions are zod discriminated
 * unions, validated on arrival; a message that fails is dropped and logged. Streaming is
 * `append` (the answer, streaming) → `delta`… → `finish`, all carrying the answer's id. Written with zod/mini
 * (functional API, tree-shakable) because the webview bundle carries them: ~20 KB of zod, not ~90.
 */
import * as z from 'zod/mini';

import { chatMessageSchema, chipSchema, errorActionSchema, feedbackSchema, tierChoiceSchema } from '../core/chat/conversation';

// The conversation's own shapes are the core's (core/chat/conversation.ts); the webview reads them from here.
export { TIER_CHOICES, chatMessageSchema, chipSchema, commandTurnSchema, conversationSchema, footerSchema } from '../core/chat/conversation';
export type { ChatMessageView, CommandTurn, ContextChip, Conversation, TierChoice } from '../core/chat/conversation';

/** Extension → webview. */
export const toChatSchema = z.discriminatedUnion('type', [
  /** The whole state after `ready`, a switch of conversation, or New Chat. */
  z.object({
    type: z.literal('state'),
    conversationId: z.string(),
    messages: z.array(chatMessageSchema),
    conversations: z.array(z.object({ id: z.string(), title: z.string(), updated: z.string() })),
    tier: tierChoiceSchema,
    demo: z.boolean(),
  }),
  /** The editor's context changed: the chips the next message would carry. */
  z.object({ type: z.literal('context'), chips: z.array(chipSchema) }),
  /** The pre-send estimate for the prompt as typed: "→ Sonnet 5.5 · balanced · est. $0.004"; empty clears it. */
  z.object({ type: z.literal('estimate'), text: z.string(), /** What the estimate counts, for its hover. */ title: z.optional(z.string()) }),
  /** A message was added to the thread (the user's, an answer starting, a tier-change notice). */
  z.object({ type: z.literal('append'), message: chatMessageSchema }),
  /** More text of a streaming answer. */
  z.object({ type: z.literal('delta'), id: z.string(), text: z.string() }),
  /** The answer finished (ok, cancelled or failed); the message as it now stands. */
  z.object({ type: z.literal('finish'), message: chatMessageSchema }),
]);

/** Webview → extension. */
export const fromChatSchema = z.discriminatedUnion('type', [
  /** The page is running and wants the state. */
  z.object({ type: z.literal('ready') }),
  /** Send the composer's text with the chosen tier and the chips still attached. */
  z.object({ type: z.literal('send'), text: z.string().check(z.minLength(1), z.maxLength(200_000)), tier: tierChoiceSchema, chips: z.array(z.string()) }),
  /** The composer changed: estimate again. */
  z.object({ type: z.literal('draft'), text: z.string().check(z.maxLength(200_000)), tier: tierChoiceSchema, chips: z.array(z.string()) }),
  /** Stop the answer that is streaming. */
  z.object({ type: z.literal('stop') }),
  /** Ask again, one tier up or down, or the same after a failure. */
  z.object({ type: z.literal('retry'), id: z.string(), direction: z.enum(['up', 'down', 'same']) }),
  z.object({ type: z.literal('feedback'), id: z.string(), value: feedbackSchema }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('switchChat'), id: z.string() }),
  /** Insert a code block's text at the active editor's cursor. */
  z.object({ type: z.literal('insert'), code: z.string().check(z.maxLength(1_000_000)) }),
  /** An error's button: the extension runs the matching command. */
  z.object({ type: z.literal('action'), action: errorActionSchema, id: z.optional(z.string()) }),
]);

export type ToChat = z.infer<typeof toChatSchema>;
export type FromChat = z.infer<typeof fromChatSchema>;
