/**
 * Messages between the extension and the spend report webview. Every message is validated with
 * zod on arrival in both directions; a message that fails is dropped and logged. zod/mini, as in
 * chatProtocol.ts, keeps the webview bundle small.
 */
import * as z from 'zod/mini';

const rowSchema = z.object({
  key: z.string(),
  label: z.string(),
  requests: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  costMicros: z.number(),
  cost: z.string(),
  unpricedRequests: z.number(),
  thinkingTokens: z.number(),
  thinkingCostMicros: z.number(),
  thinkingCost: z.string(),
});

const totalsSchema = z.object({
  requests: z.number(),
  cost: z.string(),
  costMicros: z.number(),
  frontierCost: z.string(),
  savings: z.string(),
  savingsPercent: z.nullable(z.number()),
  unpricedRequests: z.number(),
  estimatedRequests: z.number(),
  estimatedCost: z.string(),
  batchRequests: z.number(),
  batchCost: z.string(),
  batchSaved: z.string(),
});

/** The verified cascade per task kind (src/core/spend/spendReport.ts#CascadeRow). */
const cascadeRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  tasks: z.number(),
  firstPassed: z.number(),
  firstPassedPercent: z.number(),
  climbs: z.number(),
  costMicros: z.number(),
  cost: z.string(),
  straightMicros: z.number(),
  straightCost: z.string(),
  extraCost: z.string(),
  ratio: z.nullable(z.number()),
});

export const spendReportSchema = z.object({
  generatedAt: z.string(),
  session: totalsSchema,
  today: totalsSchema,
  allTime: totalsSchema,
  days: z.readonly(z.array(rowSchema)),
  byTier: z.readonly(z.array(rowSchema)),
  byModel: z.readonly(z.array(rowSchema)),
  byTaskKind: z.readonly(z.array(rowSchema)),
  cascade: z.readonly(z.array(cascadeRowSchema)),
  feedback: z.readonly(z.record(z.string(), z.number())),
});

const weekSchema = z.object({
  week: z.string(),
  start: z.string(),
  requests: z.number(),
  spend: z.string(),
  unpricedRequests: z.number(),
  sessions: z.number(),
  costPerSession: z.string(),
  tasks: z.number(),
  efficientTasks: z.number(),
  hindsightEfficientTasks: z.number(),
  efficiencyRatio: z.nullable(z.number()),
  tooCheap: z.number(),
  tooExpensive: z.number(),
  right: z.number(),
});

const signalRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  tasks: z.number(),
  tooCheap: z.number(),
  tooExpensive: z.number(),
  right: z.number(),
});

const evidenceSchema = z.object({ id: z.string(), time: z.string(), tier: z.string(), model: z.string(), signal: z.string() });

const suggestionSchema = z.object({
  id: z.string(),
  text: z.string(),
  from: z.string(),
  to: z.string(),
  direction: z.enum(['stronger', 'cheaper']),
  /** Only the user's settings may take it: a folder or language rule that lowers a tier. */
  userOnly: z.optional(z.boolean()),
  evidence: z.readonly(z.array(evidenceSchema)),
});

/** The weekly routing-efficiency review (src/core/learning/weeklyReview.ts) as the page shows it. */
export const reviewMessageSchema = z.object({
  weeks: z.readonly(z.array(weekSchema)),
  byKind: z.readonly(z.array(signalRowSchema)),
  byFolder: z.readonly(z.array(signalRowSchema)),
  suggestions: z.readonly(z.array(suggestionSchema)),
  /** Apply may write the team policy file: the workspace is trusted and has a folder. */
  canApplyToTeam: z.boolean(),
});

export const SUGGESTION_ACTIONS = ['apply', 'notNow', 'never'] as const;

export type ReportRowMessage = z.infer<typeof rowSchema>;
export type CascadeRowMessage = z.infer<typeof cascadeRowSchema>;
export type ReviewMessageData = z.infer<typeof reviewMessageSchema>;
export type WeekMessage = z.infer<typeof weekSchema>;
export type SignalRowMessage = z.infer<typeof signalRowSchema>;
export type SuggestionMessage = z.infer<typeof suggestionSchema>;
export type SpendReportMessageData = z.infer<typeof spendReportSchema>;

/** Extension → webview. */
export const toReportSchema = z.discriminatedUnion('type', [
  /** The report's data, sent after `ready` and again whenever the ledger changes. */
  z.object({ type: z.literal('report'), report: spendReportSchema, demo: z.boolean() }),
  /** The outcome of an export the webview asked for, shown under the buttons. */
  z.object({ type: z.literal('exported'), message: z.string() }),
  /** The weekly review, sent after `ready` and again when the ledger, the settings or a dismissal change it. */
  z.object({ type: z.literal('review'), review: reviewMessageSchema }),
  /** What Apply, Not now or Never on a suggestion did (or why it could not), shown by the suggestions. */
  z.object({ type: z.literal('suggestionDone'), message: z.string() }),
]);

/** Webview → extension. */
export const fromReportSchema = z.discriminatedUnion('type', [
  /** The page's script is running and can receive the report. */
  z.object({ type: z.literal('ready') }),
  /** The user clicked an export button. */
  z.object({ type: z.literal('export'), format: z.enum(['csv', 'jsonl']) }),
  /** The user clicked Apply (to their settings or the team file), Not now or Never on a suggestion. */
  z.object({ type: z.literal('suggestion'), id: z.string().check(z.maxLength(200)), action: z.enum(SUGGESTION_ACTIONS), target: z.optional(z.enum(['user', 'team'])) }),
]);

export type ToReport = z.infer<typeof toReportSchema>;
export type FromReport = z.infer<typeof fromReportSchema>;
