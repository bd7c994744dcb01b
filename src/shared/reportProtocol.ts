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
  feedback: z.readonly(z.record(z.string(), z.number())),
});

export type ReportRowMessage = z.infer<typeof rowSchema>;
export type SpendReportMessageData = z.infer<typeof spendReportSchema>;

/** Extension → webview. */
export const toReportSchema = z.discriminatedUnion('type', [
  /** The report's data, sent after `ready` and again whenever the ledger changes. */
  z.object({ type: z.literal('report'), report: spendReportSchema, demo: z.boolean() }),
  /** The outcome of an export the webview asked for, shown under the buttons. */
  z.object({ type: z.literal('exported'), message: z.string() }),
]);

/** Webview → extension. */
export const fromReportSchema = z.discriminatedUnion('type', [
  /** The page's script is running and can receive the report. */
  z.object({ type: z.literal('ready') }),
  /** The user clicked an export button. */
  z.object({ type: z.literal('export'), format: z.enum(['csv', 'jsonl']) }),
]);

export type ToReport = z.infer<typeof toReportSchema>;
export type FromReport = z.infer<typeof fromReportSchema>;
