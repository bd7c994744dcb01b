/**
 * Bulk work at half price: one Message Batch per command run (Add Docstrings to a Folder, Write
 * Tests for a Folder, Review the Plan as a Batch), kept as a `BatchJob` in workspace state so a
 * window reload finds it and polling resumes. A job holds what is needed to collect its results
 * later without the editor that started it: each entry's custom_id, the file it read and the file
 * its answer writes (workspace-relative), and the router's decision when it was submitted.
 * Everything read back from workspace state is validated; a job that does not parse is dropped
 * and named, never half-used.
 */
import * as z from 'zod';
import { formatUsd } from '../money';
import { TASK_KINDS } from '../routing/taskKinds';
import type { TaskKind } from '../routing/taskKinds';
import { MODEL_TIERS } from '../routing/tiers';
import type { ModelTier } from '../routing/tiers';
import type { BatchCounts, BatchProcessing, BatchStatus } from './batchPort';
import { BATCH_STATUSES } from './batchPort';

export const BATCH_KINDS = ['docstrings', 'tests', 'planReview'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** Each kind's words and the task kind its requests are routed as. */
export const BATCH_KIND_INFO: Readonly<Record<BatchKind, { readonly label: string; readonly taskKind: TaskKind }>> = {
  docstrings: { label: 'Docstrings', taskKind: 'docstring' },
  tests: { label: 'Tests', taskKind: 'tests' },
  planReview: { label: 'Plan review', taskKind: 'validation' },
};

export const ENTRY_RESULTS = ['succeeded', 'errored', 'canceled', 'expired'] as const;
export type EntryResultType = (typeof ENTRY_RESULTS)[number];

/** The router's decision for one request, as the ledger needs it once the batch ends. */
export interface EntryDecision {
  readonly tier: ModelTier;
  readonly model: string;
  readonly taskKind: TaskKind;
  readonly rule: string;
  readonly reasons: readonly string[];
}

export interface BatchEntry {
  readonly customId: string;
  /** What the request read: a workspace-relative file, or a plan step's title. */
  readonly source: string;
  /** The workspace-relative file its answer writes (docstrings: the source; tests: the test file; a review: the review document). */
  readonly target: string;
  readonly decision: EntryDecision;
  /**
   * What the request was estimated to cost at most when it was sent (batch rate, output at its
   * max_tokens; null: unpriced): held against the budgets until its real cost is recorded. Absent
   * on jobs stored before estimates were kept.
   */
  readonly estimateMicros?: number | null;
  /** Set once the batch ended and the entry was recorded in the ledger. */
  readonly result?: {
    readonly type: EntryResultType;
    /** An errored entry's error, in the API's words. */
    readonly message?: string;
    readonly costMicros: number | null;
    readonly standardCostMicros: number | null;
  };
}

export interface BatchJob {
  readonly v: 1;
  /** The API's batch id. */
  readonly id: string;
  readonly kind: BatchKind;
  /** "Docstrings for src/util (4 files)". */
  readonly title: string;
  /** The workspace folder's URI the entries' paths are relative to. */
  readonly folder: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly processing: BatchProcessing;
  readonly counts: BatchCounts;
  readonly entries: readonly BatchEntry[];
  /** Files of the folder that were not sent, and why (secret, excluded, too large). */
  readonly skipped: readonly string[];
  /** Set once the results were collected into the ledger. */
  readonly collected?: boolean;
  /** What the user did with the preview. */
  readonly reviewed?: 'applied' | 'discarded';
  /** The last failure talking to the API about this batch (shown in the view; polling goes on). */
  readonly problem?: string;
}

const count = z.number().int().nonnegative();
const micros = count.nullable();

const entrySchema = z.object({
  customId: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  source: z.string().min(1).max(1000),
  target: z.string().min(1).max(1000),
  decision: z.object({ tier: z.enum(MODEL_TIERS), model: z.string().min(1), taskKind: z.enum(TASK_KINDS), rule: z.string(), reasons: z.array(z.string()) }),
  estimateMicros: micros.optional(),
  result: z.object({ type: z.enum(ENTRY_RESULTS), message: z.string().max(2000).optional(), costMicros: micros, standardCostMicros: micros }).optional(),
});

const jobSchema = z.object({
  v: z.literal(1),
  id: z.string().min(1).max(200),
  kind: z.enum(BATCH_KINDS),
  title: z.string().max(500),
  folder: z.string().min(1),
  createdAt: z.string(),
  expiresAt: z.string(),
  processing: z.enum(BATCH_STATUSES),
  counts: z.object({ processing: count, succeeded: count, errored: count, canceled: count, expired: count }),
  entries: z.array(entrySchema).min(1),
  skipped: z.array(z.string()),
  collected: z.boolean().optional(),
  reviewed: z.enum(['applied', 'discarded']).optional(),
  problem: z.string().max(2000).optional(),
});

/** The jobs stored in workspace state, and a line for each stored value that was not a job. */
export function parseJobs(value: unknown): { jobs: BatchJob[]; dropped: string[] } {
  if (value === undefined) return { jobs: [], dropped: [] };
  if (!Array.isArray(value)) return { jobs: [], dropped: ['the stored batches are not a list; they were dropped'] };
  const jobs: BatchJob[] = [];
  const dropped: string[] = [];
  for (const [index, item] of value.entries()) {
    const parsed = jobSchema.safeParse(item);
    if (parsed.success) jobs.push(parsed.data as BatchJob);
    else dropped.push(`stored batch ${index + 1}: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'invalid'}; dropped`);
  }
  return { jobs, dropped };
}

/** The job with the API's latest status. */
export function withStatus(job: BatchJob, status: BatchStatus): BatchJob {
  const { problem: _problem, ...rest } = job;
  return { ...rest, processing: status.processing, counts: status.counts, expiresAt: status.expiresAt };
}

/** Done: every request has a result. */
export function isEnded(job: BatchJob): boolean {
  return job.processing === 'ended';
}

/** What the batch's recorded entries cost at the batch rate, what they would have cost outside one, and the difference. */
export function jobCost(job: BatchJob): { readonly micros: number; readonly standardMicros: number; readonly savedMicros: number; readonly unpriced: number } {
  let total = 0;
  let standard = 0;
  let unpriced = 0;
  for (const entry of job.entries) {
    if (!entry.result) continue;
    if (entry.result.costMicros === null || entry.result.standardCostMicros === null) unpriced += 1;
    else {
      total += entry.result.costMicros;
      standard += entry.result.standardCostMicros;
    }
  }
  return { micros: total, standardMicros: standard, savedMicros: standard - total, unpriced };
}

/**
 * What the jobs' entries not yet recorded in the ledger are estimated to cost: held against the
 * budgets (spend/spendHolds.ts) until each entry's real cost is recorded at collection.
 */
export function heldMicros(jobs: readonly BatchJob[]): number {
  let held = 0;
  for (const job of jobs) {
    if (job.collected) continue;
    for (const entry of job.entries) if (!entry.result) held += entry.estimateMicros ?? 0;
  }
  return held;
}

/** "est. up to $0.0082 (½ price) until its real cost is recorded": a sent batch's estimate, until collected. */
export function heldText(job: BatchJob): string | undefined {
  if (job.collected) return undefined;
  const held = heldMicros([job]);
  const estimated = job.entries.some((entry) => !entry.result && typeof entry.estimateMicros === 'number');
  return estimated ? `est. up to ${formatUsd(held)} (½ price) until its real cost is recorded` : undefined;
}

/** "3 of 4 done" while running; "ended: 3 succeeded, 1 errored" after. */
export function progressText(job: BatchJob): string {
  const { counts } = job;
  const total = job.entries.length;
  if (job.processing === 'in_progress') return `running: ${total - counts.processing} of ${total} done`;
  if (job.processing === 'canceling') return 'canceling…';
  const parts = (['succeeded', 'errored', 'canceled', 'expired'] as const).filter((type) => counts[type] > 0).map((type) => `${counts[type]} ${type}`);
  return `ended: ${parts.join(', ') || 'no results'}`;
}

/** "$0.0021 at the batch rate (½ price), saved $0.0021": once the entries are recorded. */
export function costText(job: BatchJob): string | undefined {
  if (!job.collected) return undefined;
  const cost = jobCost(job);
  const unpriced = cost.unpriced > 0 ? ` (+${cost.unpriced} unpriced)` : '';
  return `${formatUsd(cost.micros)} at the batch rate (½ price), saved ${formatUsd(cost.savedMicros)}${unpriced}`;
}

/** The status bar's words for every job that is not yet reviewed; undefined when there is none. */
export function statusBarText(jobs: readonly BatchJob[]): { readonly text: string; readonly tooltip: string } | undefined {
  // An ended batch with nothing that succeeded (canceled, expired, all errored) has nothing to review; the view still lists it.
  const open = jobs.filter((job) => job.reviewed === undefined && !(isEnded(job) && job.counts.succeeded === 0));
  if (open.length === 0) return undefined;
  const running = open.filter((job) => !isEnded(job));
  const ready = open.filter((job) => isEnded(job));
  const done = running.reduce((sum, job) => sum + job.entries.length - job.counts.processing, 0);
  const total = running.reduce((sum, job) => sum + job.entries.length, 0);
  const saved = ready.reduce((sum, job) => sum + jobCost(job).savedMicros, 0);
  const parts = [
    ...(running.length > 0 ? [`${running.length} running (${done}/${total})`] : []),
    ...(ready.length > 0 ? [`${ready.length} ready to review, saved ${formatUsd(saved)}`] : []),
  ];
  const tooltip = open.map((job) => `${job.title}: ${progressText(job)}${costText(job) ? ` · ${costText(job)}` : ''}`).join('\n');
  return { text: `$(layers) Batch: ${parts.join(' · ')}`, tooltip: `${tooltip}\nClick to open the Batches view.` };
}
