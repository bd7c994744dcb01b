/**
 * The spend ledger's entries and their schema. The ledger is an append-only log: one `request`
 * entry per finished, failed or cancelled request, and entries that arrive later for an existing
 * request: `feedback` (the last one wins) and, for inline completions, `completionOutcome` (the
 * furthest one wins: shown, then dismissed, then accepted). Every line read back is validated,
 * because the file is shared by every window and survives crashes and older or newer versions of
 * the extension.
 */
import * as z from 'zod';
import { TASK_KINDS } from '../routing/taskKinds';
import type { TaskKind } from '../routing/taskKinds';
import { TIERS } from '../routing/tiers';
import type { Tier } from '../routing/tiers';
import type { Usage } from '../model/usage';

import { OVERRIDE_SCOPES, SURFACES } from '../routing/request';
import type { Surface, TierOverride } from '../routing/request';

// The request's words are routing's; re-exported because the ledger's readers import them from here.
export { OVERRIDE_SCOPES, SURFACES } from '../routing/request';
export type { OverrideScope, Surface, TierOverride } from '../routing/request';

/** Where a request went when not to the Anthropic API (or the gateway at api.baseUrl). */
export const RECORD_ENDPOINTS = ['local', 'bedrock', 'vertex'] as const;
export type RecordEndpoint = (typeof RECORD_ENDPOINTS)[number];

export const OUTCOMES = ['ok', 'error', 'cancelled', 'escalated'] as const;
/** How the request ended; `escalated` means its answer failed a check and was re-run one tier up. */
export type Outcome = (typeof OUTCOMES)[number];

// In a file of its own so the chat webview can use the tuple without this file's zod.
import { FEEDBACKS } from './feedback';
import type { Feedback } from './feedback';
export { FEEDBACKS } from './feedback';
export type { Feedback } from './feedback';

export const COMPLETION_OUTCOMES = ['shown', 'dismissed', 'accepted'] as const;
/**
 * What became of an inline completion: shown in the editor, then dismissed (replaced or typed over)
 * or accepted. In this order each may follow the one before and never the reverse, so an entry that
 * would move a completion back (shown again after it was dismissed) changes nothing.
 */
export type CompletionOutcome = (typeof COMPLETION_OUTCOMES)[number];

/** Whether `next` moves a completion on from `current` (see {@link CompletionOutcome}). */
export function advancesCompletion(current: CompletionOutcome | undefined, next: CompletionOutcome): boolean {
  return current === undefined || COMPLETION_OUTCOMES.indexOf(next) > COMPLETION_OUTCOMES.indexOf(current);
}

export const RETRY_ACTIONS = ['retryUp', 'retryDown', 'retrySame', 'redoUp'] as const;
/**
 * How a request re-asks an earlier one: the chat's Retry one tier up / down / again, or an agent
 * command's Redo one tier up. Kept on the new request so the learning review can read the verdict
 * it implies about the first one (src/core/learning/signals.ts).
 */
export type RetryAction = (typeof RETRY_ACTIONS)[number];

/** The request a retry re-asks (its ledger id) and how. */
export interface RetryLink {
  readonly id: string;
  readonly action: RetryAction;
}

/**
 * A gated request's place in its verified cascade (issue 16): step 0 is the task's first attempt,
 * step n its n-th climb after a failed gate, with the attempt it replaces (its id, tier and cost),
 * so the spend report can say how often the first tier passed and what the climbs cost against
 * asking the final tier straight away, from the records alone.
 */
export interface CascadeStep {
  readonly step: number;
  readonly after?: { readonly id: string; readonly tier: Tier; readonly costMicros: number | null };
}

/**
 * A request sent in a Message Batch: the batch's id, and what the same usage costs outside a batch
 * (`costMicros` is the batch rate, half of it), so the savings of batching are read from the record.
 */
export interface BatchMark {
  readonly id: string;
  readonly standardCostMicros: number | null;
}

/** One request, as stored. Costs are integer micro-dollars; null means the model was unpriced. */
export interface SpendRecord {
  readonly v: 1;
  readonly type: 'request';
  readonly id: string;
  /** ISO 8601. */
  readonly time: string;
  readonly sessionId: string;
  readonly surface: Surface;
  readonly taskKind: TaskKind;
  readonly tier: Tier;
  readonly model: string;
  /** The policy rule that decided the tier. */
  readonly rule: string;
  /** Every step that changed the tier, in order. */
  readonly reasons: readonly string[];
  readonly override?: TierOverride;
  readonly usage: Usage;
  readonly costMicros: number | null;
  /** The model the savings are measured against. */
  readonly frontierModel: string;
  /** What the same usage would have cost on `frontierModel`; null when that model is unpriced. */
  readonly frontierCostMicros: number | null;
  readonly latencyMs: number;
  readonly outcome: Outcome;
  readonly errorKind?: string;
  readonly conversationId?: string;
  /**
   * Set when `usage` is partly the client's estimate (a request cancelled or cut before the API
   * reported its input, or output without its final count): the report says how much is estimated.
   */
  readonly usageEstimated?: true;
  /** The API's id of the request, to quote to support or to match a gateway's log. */
  readonly apiRequestId?: string;
  /**
   * `local`: served by the user's local server (modelRouter.local.url), priced $0 unless the user's
   * prices say otherwise; `frontierModel` is then its tier's cloud model (the savings basis).
   * `bedrock` / `vertex`: sent to Amazon Bedrock or Vertex AI (the tier's endpoint). Absent: the
   * Anthropic API or the gateway at api.baseUrl.
   */
  readonly endpoint?: RecordEndpoint;
  /** What the gateway at `api.baseUrl` said it billed (`x-litellm-response-cost`); `costMicros` stays Model Router's own estimate. */
  readonly gatewayCostMicros?: number;
  /** The developer's label (`team.developer`), set only in a JSONL export, for a team's report by developer. */
  readonly developer?: string;
  /** The effort and thinking the request was sent with (absent: none sent). */
  readonly effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max';
  readonly thinking?: 'adaptive' | 'disabled';
  /** What the output tokens spent thinking cost, priced as output; part of `costMicros`. */
  readonly thinkingCostMicros?: number;
  /** Set when this request re-asks an earlier one (Retry, Redo one tier up). */
  readonly retryOf?: RetryLink;
  /** The tier the policy chose before the user's override moved it (absent: no override, or it changed nothing). */
  readonly routedTier?: Tier;
  /** The deepest folder the request's files share, at most two levels (`src/billing`); never a file's path. */
  readonly folder?: string;
  /** The editor's language id of the file the request is about. */
  readonly languageId?: string;
  /** Set on a request a verified-cascade gate judged (agent edits with a gate). */
  readonly cascade?: CascadeStep;
  /** Set on a Message Batches request: priced at the batch rate. */
  readonly batch?: BatchMark;
}

/** A later verdict on the request `id`. */
export interface FeedbackEntry {
  readonly v: 1;
  readonly type: 'feedback';
  readonly id: string;
  readonly time: string;
  readonly feedback: Feedback;
}

/** What became of the inline completion the request `id` produced. */
export interface CompletionOutcomeEntry {
  readonly v: 1;
  readonly type: 'completionOutcome';
  readonly id: string;
  readonly time: string;
  readonly outcome: CompletionOutcome;
}

/** An entry about an earlier request. */
export type Annotation = FeedbackEntry | CompletionOutcomeEntry;

/** One line of the ledger. */
export type LedgerEntry = SpendRecord | Annotation;

const count = z.number().int().nonnegative();
const micros = z.number().int().nonnegative();
const isoTime = z.iso.datetime({ offset: true });

const usageSchema = z.object({
  inputTokens: count,
  outputTokens: count,
  cacheWrite5mTokens: count,
  cacheWrite1hTokens: count,
  cacheReadTokens: count,
  thinkingTokens: count.optional(),
});

/** Schema of a request line. Unknown fields are dropped, so a newer extension's extras do not fail. */
export const spendRecordSchema: z.ZodType<SpendRecord> = z.object({
  v: z.literal(1),
  type: z.literal('request'),
  id: z.string().min(1),
  time: isoTime,
  sessionId: z.string(),
  surface: z.enum(SURFACES),
  taskKind: z.enum(TASK_KINDS),
  tier: z.enum(TIERS),
  model: z.string(),
  rule: z.string(),
  reasons: z.array(z.string()),
  override: z.object({ tier: z.enum(TIERS), scope: z.enum(OVERRIDE_SCOPES) }).optional(),
  usage: usageSchema,
  costMicros: micros.nullable(),
  frontierModel: z.string(),
  frontierCostMicros: micros.nullable(),
  latencyMs: z.number().nonnegative(),
  outcome: z.enum(OUTCOMES),
  errorKind: z.string().optional(),
  conversationId: z.string().optional(),
  usageEstimated: z.literal(true).optional(),
  apiRequestId: z.string().max(200).optional(),
  endpoint: z.enum(RECORD_ENDPOINTS).optional(),
  gatewayCostMicros: micros.optional(),
  developer: z.string().max(64).optional(),
  effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional(),
  thinking: z.enum(['adaptive', 'disabled']).optional(),
  thinkingCostMicros: micros.optional(),
  retryOf: z.object({ id: z.string().min(1), action: z.enum(RETRY_ACTIONS) }).optional(),
  routedTier: z.enum(TIERS).optional(),
  folder: z.string().max(200).optional(),
  languageId: z.string().max(100).optional(),
  cascade: z
    .object({
      step: z.number().int().min(0).max(20),
      after: z.object({ id: z.string().min(1), tier: z.enum(TIERS), costMicros: micros.nullable() }).optional(),
    })
    .optional(),
  batch: z.object({ id: z.string().min(1).max(200), standardCostMicros: micros.nullable() }).optional(),
});

/** Schema of a feedback line. */
export const feedbackEntrySchema: z.ZodType<FeedbackEntry> = z.object({
  v: z.literal(1),
  type: z.literal('feedback'),
  id: z.string().min(1),
  time: isoTime,
  feedback: z.enum(FEEDBACKS),
});

/** Schema of a completion outcome line. */
export const completionOutcomeEntrySchema: z.ZodType<CompletionOutcomeEntry> = z.object({
  v: z.literal(1),
  type: z.literal('completionOutcome'),
  id: z.string().min(1),
  time: isoTime,
  outcome: z.enum(COMPLETION_OUTCOMES),
});

const ENTRY_SCHEMAS: Readonly<Record<LedgerEntry['type'], z.ZodType<LedgerEntry>>> = {
  request: spendRecordSchema,
  feedback: feedbackEntrySchema,
  completionOutcome: completionOutcomeEntrySchema,
};

/**
 * Validates one parsed ledger line. The error names the field paths at fault so a warning can
 * say what is wrong ("usage.outputTokens: expected number").
 */
export function parseLedgerEntry(value: unknown): { ok: true; entry: LedgerEntry } | { ok: false; error: string } {
  const type = typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(ENTRY_SCHEMAS, type)) {
    return { ok: false, error: `unknown entry type ${JSON.stringify(type) ?? 'undefined'}` };
  }
  const result = ENTRY_SCHEMAS[type as LedgerEntry['type']].safeParse(value);
  if (result.success) {
    return { ok: true, entry: result.data };
  }
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(entry)'}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (+${result.error.issues.length - 3} more)` : '';
  return { ok: false, error: `invalid ${type} entry: ${problems.join('; ')}${more}` };
}

/** Parses and validates one line of the JSONL ledger; the error says what is wrong with it. */
export function parseLedgerLine(line: string): { ok: true; entry: LedgerEntry } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return parseLedgerEntry(value);
}
