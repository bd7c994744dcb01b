/**
 * The window's Message Batches: submitted jobs live in workspace state (`modelRouter.batches`), so
 * a reload builds the tracker again from it and polling resumes where it stopped. Each poll asks
 * the API for the status of every batch still running; once one has ended its results are read,
 * each entry recorded in the ledger at the batch rate (once: the job remembers it was collected),
 * and the view and the status bar are told. A failure to reach the API is kept on the job, shown
 * in the view, and the next poll tries again. Until an entry is recorded, its estimate is held
 * against the budgets (SpendHolds): the real cost in the ledger then takes its place.
 */
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine';
import { describeError } from '../../core/model/errorMessages';
import type { BatchEntry, BatchJob } from '../../core/batch/batchJob';
import { heldMicros, isEnded, parseJobs, withStatus } from '../../core/batch/batchJob';
import type { BatchClient, BatchEntryResult } from '../../core/batch/batchPort';
import { resultForLedger } from '../../core/batch/batchWork';
import type { SpendHolds } from '../../core/spend/spendHolds';
import type { Log } from '../platform/log';

export const BATCHES_STATE_KEY = 'modelRouter.batches';
/** How often running batches are asked about; most end within an hour, all within 24. */
export const POLL_INTERVAL_MS = 30_000;
/** What an error message names as the failing "model". */
const BATCH_API = 'the Message Batches API';

export interface BatchTrackerDeps {
  readonly state: vscode.Memento;
  readonly client: () => Promise<BatchClient | undefined>;
  readonly engine: Engine;
  readonly log: Log;
  /** Told what the jobs' unrecorded entries are estimated to cost, after every change: held against the budgets. */
  readonly holds?: SpendHolds;
  /** Default POLL_INTERVAL_MS. */
  readonly pollIntervalMs?: number;
}

export class BatchTracker implements vscode.Disposable {
  private list: BatchJob[];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling: Promise<void> | undefined;
  /** Set by dispose: a poll still in flight then neither records nor schedules another. */
  private disposed = false;
  /** Estimates of batches being created (checked against the budget, not yet a job). */
  private reserved = 0;

  constructor(private readonly deps: BatchTrackerDeps) {
    const { jobs, dropped } = parseJobs(deps.state.get<unknown>(BATCHES_STATE_KEY));
    dropped.forEach((line) => deps.log.warn(`batches: ${line}`));
    this.list = jobs;
    if (jobs.length > 0) deps.log.info(`batches: ${jobs.length} restored from workspace state (${jobs.filter((job) => !isEnded(job)).length} still running)`);
    this.tellHolds();
    this.schedule();
  }

  /** What the jobs not yet recorded and the batches being created are estimated to cost, in micro-dollars. */
  get held(): number {
    return heldMicros(this.list) + this.reserved;
  }

  /**
   * Holds `micros` against the budgets while a batch is being created, so a second batch checked in
   * the meantime counts it; the returned function lets it go (the job, once added, holds its own).
   */
  reserve(micros: number): () => void {
    this.reserved += micros;
    this.tellHolds();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= micros;
      this.tellHolds();
    };
  }

  get jobs(): readonly BatchJob[] {
    return this.list;
  }

  job(id: string): BatchJob | undefined {
    return this.list.find((job) => job.id === id);
  }

  async add(job: BatchJob): Promise<void> {
    this.list = [job, ...this.list.filter((each) => each.id !== job.id)];
    await this.save();
    this.schedule();
  }

  async remove(id: string): Promise<void> {
    this.list = this.list.filter((job) => job.id !== id);
    await this.save();
  }

  async markReviewed(id: string, reviewed: 'applied' | 'discarded'): Promise<void> {
    await this.update(id, (job) => ({ ...job, reviewed }));
  }

  /** Asks the API about every batch that still needs it. */
  poll(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    // One poll at a time, and a poll asked for while one runs runs after it: the one in flight
    // may have read a status from before the batch ended (Refresh Batches must see the new one).
    const next = (this.polling ?? Promise.resolve())
      .then(() => this.pollAll())
      .catch((error: unknown) => this.deps.log.error(`batches: the poll failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (this.polling === next) this.polling = undefined;
        this.schedule();
      });
    this.polling = next;
    return next;
  }

  /** Asks the API to cancel a running batch; what it had finished is still collected. */
  async cancel(id: string): Promise<string | undefined> {
    const client = await this.deps.client();
    if (!client) return 'no API key is set';
    const answer = await client.cancel(id);
    if (!answer.ok) return describeError(answer.error, BATCH_API).message;
    await this.update(id, (job) => withStatus(job, answer.value));
    this.deps.log.info(`batches: ${id} canceling`);
    return undefined;
  }

  /** The ended batch's results by custom_id (read again from the API: they stay there 29 days). */
  async results(id: string): Promise<{ ok: true; results: ReadonlyMap<string, BatchEntryResult> } | { ok: false; message: string }> {
    const client = await this.deps.client();
    if (!client) return { ok: false, message: 'no API key is set' };
    const answer = await client.results(id);
    return answer.ok ? { ok: true, results: answer.value } : { ok: false, message: describeError(answer.error, BATCH_API).message };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.changed.dispose();
  }

  private async pollAll(): Promise<void> {
    const waiting = this.list.filter((job) => !isEnded(job) || !job.collected);
    if (waiting.length === 0) return;
    const client = await this.deps.client();
    if (!client) return;
    for (const job of waiting) {
      let current = job;
      if (!isEnded(current)) {
        const answer = await client.retrieve(current.id);
        if (!answer.ok) {
          const problem = describeError(answer.error, BATCH_API).message;
          this.deps.log.warn(`batches: ${current.id}: ${problem}`);
          await this.update(current.id, (each) => ({ ...each, problem }));
          continue;
        }
        current = withStatus(current, answer.value);
        await this.update(current.id, () => current);
      }
      if (this.disposed) return;
      if (isEnded(current) && !current.collected) await this.collect(client, current);
    }
  }

  /** Records every entry of an ended batch in the ledger at the batch rate, once. */
  private async collect(client: BatchClient, job: BatchJob): Promise<void> {
    const answer = await client.results(job.id);
    // A tracker replaced while its results were read (a reload) leaves the recording to the new one.
    if (this.disposed) return;
    if (!answer.ok) {
      const problem = `its results could not be read: ${describeError(answer.error, BATCH_API).message}`;
      this.deps.log.warn(`batches: ${job.id}: ${problem}`);
      await this.update(job.id, (each) => ({ ...each, problem }));
      return;
    }
    const latencyMs = Math.max(0, Date.now() - Date.parse(job.createdAt));
    const entries: BatchEntry[] = [];
    for (const entry of job.entries) {
      if (entry.result) {
        entries.push(entry);
        continue;
      }
      // Each entry is marked recorded as soon as its record is in the ledger and a disposed tracker
      // records no more, so a window closed halfway leaves the next tracker only the entries not yet
      // recorded (at most the one whose record was being written can be recorded again).
      if (this.disposed) return;
      const result = answer.value.get(entry.customId);
      const decision = { ...entry.decision, sensitive: [], escalations: 0, surface: 'command' as const };
      const files = job.kind === 'planReview' ? undefined : [entry.source];
      const recorded = await this.deps.engine.recordBatch(decision, { result: resultForLedger(result, entry.decision.model), latencyMs, batchId: job.id, ...(files ? { files } : {}) });
      const type = result?.type ?? 'errored';
      const message = result?.type === 'errored' ? result.message.slice(0, 2000) : result === undefined ? 'the batch ended without a result for this request' : undefined;
      const done: BatchEntry = { ...entry, result: { type, ...(message ? { message } : {}), costMicros: recorded.record.costMicros, standardCostMicros: recorded.standardMicros } };
      entries.push(done);
      await this.update(job.id, (each) => ({ ...each, entries: each.entries.map((other) => (other.customId === done.customId ? done : other)) }));
    }
    await this.update(job.id, (each) => ({ ...each, entries, collected: true }));
    this.deps.log.info(`batches: ${job.id} ended; ${entries.length} entries recorded at the batch rate`);
  }

  private async update(id: string, change: (job: BatchJob) => BatchJob): Promise<void> {
    this.list = this.list.map((job) => (job.id === id ? change(job) : job));
    await this.save();
  }

  private async save(): Promise<void> {
    if (this.disposed) return;
    this.tellHolds();
    await this.deps.state.update(BATCHES_STATE_KEY, this.list);
    this.changed.fire();
  }

  private tellHolds(): void {
    if (!this.disposed) this.deps.holds?.set(this.held);
  }

  /** Polls on a timer while a batch is running or uncollected; stops when none is. */
  private schedule(): void {
    if (this.disposed) return;
    const needed = this.list.some((job) => !isEnded(job) || !job.collected);
    if (needed && !this.timer) {
      this.timer = setInterval(() => void this.poll(), this.deps.pollIntervalMs ?? POLL_INTERVAL_MS);
      // The first look right away: a reload should show the batch's state now, not in 30 s.
      void this.poll();
    } else if (!needed && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
