/**
 * A chat conversation and its messages, as the chat session keeps them, the webview shows them and
 * the workspace state stores them between reloads. One schema for all three: the protocol
 * (src/shared/chatProtocol.ts) carries these, and every enum is built from the core's own tuples
 * (tiers, feedback, error actions), so a value the core adds is a value the webview accepts.
 * Written with zod/mini because the webview bundle carries it.
 */
import * as z from 'zod/mini';
import { ERROR_ACTIONS } from '../model/errorMessages';
import { TASK_KINDS } from '../routing/taskKinds';
import { MODEL_TIERS, TIERS } from '../routing/tiers';
import { FEEDBACKS } from '../spend/feedback';

/** The composer's tier selector: Auto, or one model tier for the whole conversation. */
export const TIER_CHOICES = ['auto', ...MODEL_TIERS] as const;
export type TierChoice = (typeof TIER_CHOICES)[number];

export const tierChoiceSchema = z.enum(TIER_CHOICES);
export const feedbackSchema = z.enum(FEEDBACKS);
export const errorActionSchema = z.enum(ERROR_ACTIONS);

/** The line under an answer: who answered, why, and what it cost. */
export const footerSchema = z.object({
  model: z.string(),
  tier: z.enum(TIERS),
  rule: z.string(),
  reasons: z.array(z.string()),
  /** The dial the answer was asked with (absent on answers saved before it existed, or not sent). */
  effort: z.optional(z.string()),
  thinking: z.optional(z.enum(['adaptive', 'disabled'])),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  cost: z.string(),
});

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
  /** The document's URI, to tell whether the file has become a secret file since. */
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
  error: z.optional(z.object({ message: z.string(), actions: z.array(errorActionSchema) })),
  feedback: z.optional(feedbackSchema),
  /** The ledger record of the answer, for feedback. */
  recordId: z.optional(z.string()),
});
export type ChatMessageView = z.infer<typeof chatMessageSchema>;

/** A conversation as kept in the workspace state between reloads. */
export const conversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  updated: z.string(),
  choice: tierChoiceSchema,
  /** The tier the conversation is on; it never drops by itself. */
  tier: z.optional(z.enum(MODEL_TIERS)),
  /** The task kind that set the conversation's tier: a new task of another, cheaper kind may go back down. */
  taskKind: z.optional(z.enum(TASK_KINDS)),
  messages: z.array(chatMessageSchema),
});
export type Conversation = z.infer<typeof conversationSchema>;
