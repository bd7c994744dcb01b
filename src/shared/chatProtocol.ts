/**
 * Messages between the extension and the chat webview. Both directions are zod discriminated
 * unions, validated on arrival; a message that fails is dropped and logged. Streaming is
 * `started` → `delta`… → `done` or `failed`, all carrying the answer's id. Written with zod/mini
 * (functional API, tree-shakable) because the webview bundle carries them: ~20 KB of zod, not ~90.
 */
import * as z from 'zod/mini';

export const TIER_CHOICES = ['auto', 'fast', 'balanced', 'frontier'] as const;
export type TierChoice = (typeof TIER_CHOICES)[number];
const tierChoice = z.enum(TIER_CHOICES);
const feedback = z.enum(['right', 'cheaper', 'stronger']);
const action = z.enum(['setApiKey', 'openSettings', 'retry', 'showLog', 'chooseTier']);

/** The line under an answer: who answered, why, and what it cost. */
export const footerSchema = z.object({
  model: z.string(),
  tier: z.string(),
  rule: z.string(),
  reasons: z.array(z.string()),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  cost: z.string(),
});
export type Footer = z.infer<typeof footerSchema>;

/** `leftOut`: why the chip's text is not sent (a secret file), shown on the chip. */
export const chipSchema = z.object({ id: z.string(), label: z.string(), kind: z.enum(['file', 'selection']), leftOut: z.optional(z.string()) });
export type ContextChip = z.infer<typeof chipSchema>;

/**
 * A question an editor command put into the chat (Explain Selection): its task kind, which routes
 * it, and the code it is about, kept with the turn so "Retry one tier up" can ask it again, and
 * so a follow-up question in the chat carries the code in its history.
 */
export const commandTurnSchema = z.object({
  taskKind: z.enum(['explain']),
  /** The document's URI; the file is read again when the turn is retried. */
  uri: z.string(),
  /** Workspace-relative, as prompts and chips show it. */
  path: z.string(),
  languageId: z.string(),
  /** 1-based, inclusive. */
  startLine: z.number(),
  endLine: z.number(),
  selection: z.string(),
});
export type CommandTurn = z.infer<typeof commandTurnSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant', 'notice']),
  text: z.string(),
  /** What a user turn was asked about, shown under it. */
  chips: z.optional(z.array(chipSchema)),
  /** Set on a user turn an editor command started. */
  command: z.optional(commandTurnSchema),
  status: z.optional(z.enum(['streaming', 'done', 'error', 'cancelled'])),
  footer: z.optional(footerSchema),
  error: z.optional(z.object({ message: z.string(), actions: z.array(action) })),
  feedback: z.optional(feedback),
  /** The ledger record of the answer, for feedback. */
  recordId: z.optional(z.string()),
});
export type ChatMessageView = z.infer<typeof chatMessageSchema>;

/** Extension → webview. */
export const toChatSchema = z.discriminatedUnion('type', [
  /** The whole state after `ready`, a switch of conversation, or New Chat. */
  z.object({
    type: z.literal('state'),
    conversationId: z.string(),
    messages: z.array(chatMessageSchema),
    conversations: z.array(z.object({ id: z.string(), title: z.string(), updated: z.string() })),
    tier: tierChoice,
    demo: z.boolean(),
  }),
  /** The editor's context changed: the chips the next message would carry. */
  z.object({ type: z.literal('context'), chips: z.array(chipSchema) }),
  /** The pre-send estimate for the prompt as typed: "→ Sonnet 5.5 · balanced · est. $0.004". */
  z.object({ type: z.literal('estimate'), text: z.string() }),
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
  z.object({ type: z.literal('send'), text: z.string().check(z.minLength(1), z.maxLength(200_000)), tier: tierChoice, chips: z.array(z.string()) }),
  /** The composer changed: estimate again. */
  z.object({ type: z.literal('draft'), text: z.string().check(z.maxLength(200_000)), tier: tierChoice, chips: z.array(z.string()) }),
  /** Stop the answer that is streaming. */
  z.object({ type: z.literal('stop') }),
  /** Ask again, one tier up or down, or the same after a failure. */
  z.object({ type: z.literal('retry'), id: z.string(), direction: z.enum(['up', 'down', 'same']) }),
  z.object({ type: z.literal('feedback'), id: z.string(), value: feedback }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('switchChat'), id: z.string() }),
  /** Insert a code block's text at the active editor's cursor. */
  z.object({ type: z.literal('insert'), code: z.string().check(z.maxLength(1_000_000)) }),
  /** An error's button: the extension runs the matching command. */
  z.object({ type: z.literal('action'), action, id: z.optional(z.string()) }),
]);

export type ToChat = z.infer<typeof toChatSchema>;
export type FromChat = z.infer<typeof fromChatSchema>;

/** A conversation as kept in the workspace state between reloads. */
export const conversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  updated: z.string(),
  choice: tierChoice,
  /** The tier the conversation is on; it never drops by itself. */
  tier: z.optional(z.enum(['fast', 'balanced', 'frontier'])),
  messages: z.array(chatMessageSchema),
});
export type Conversation = z.infer<typeof conversationSchema>;
