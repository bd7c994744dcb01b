/**
 * The spend ledger: records every request with its usage and cost, folds in later feedback and
 * completion outcomes, and keeps running totals for this session, each day and all time (see
 * ledgerTotals.ts). Totals are updated per entry, so the status bar never waits for a re-scan.
 * Loading reads the totals snapshot and the lines after it (ledgerLoad.ts); requests recorded
 * while it runs count at once and are merged into the loaded history, so nothing waits for it.
 */
import { readLedger, snapshotOf, worthSnapshotting } from './ledgerLoad';
import type { LedgerStore } from './ledgerStore';
import { LedgerTotals } from './ledgerTotals';
import { spendRecordSchema } from './spendRecord';
import type { CompletionOutcome, CompletionOutcomeEntry, Feedback, FeedbackEntry, SpendRecord } from './spendRecord';
import { localDay } from './spendTotals';
import type { SpendSnapshot } from './spendTotals';

export type { SpendSnapshot } from './spendTotals';

/** What the caller knows about a finished request; the ledger adds id, time and session. */
export type RequestInput = Omit<SpendRecord, 'v' | 'type' | 'id' | 'time' | 'sessionId'>;

/** What a Ledger is built from: its store and session, plus injectable clock, day and id sources. */
export interface LedgerOptions {
  readonly store: LedgerStore;
  /** The id of this window's session; records with it are the "session" totals. */
  readonly sessionId: string;
  readonly clock?: () => Date;
  /** Day key of a moment; defaults to the local calendar day. Inject for deterministic tests. */
  readonly dayOf?: (date: Date) => string;
  readonly newId?: () => string;
  /** Receives an error thrown by a change listener; by default it is rethrown outside the ledger. */
  readonly onListenerError?: (error: unknown) => void;
  /** Receives problems of background work (a snapshot that could not be written); by default dropped. */
  readonly onWarning?: (message: string) => void;
  /** Write a fresh snapshot after this many entries of this window (default 500). */
  readonly checkpointEvery?: number;
}

/** Days of per-day totals a snapshot shows (the report charts 30). */
const DAYS_SHOWN = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a load found: how many requests, and what was skipped or odd. */
export interface LedgerLoadSummary {
  readonly records: number;
  readonly warnings: readonly string[];
  /** `snapshot`: the snapshot and what came after it were read; `full`: the whole ledger. */
  readonly from?: 'snapshot' | 'full';
  /** Bytes of ledger read. */
  readonly bytesRead?: number;
}

/** The spend ledger of one window (see the file comment). */
export class Ledger {
  private readonly store: LedgerStore;
  private readonly clock: () => Date;
  private readonly dayOf: (date: Date) => string;
  private readonly newId: () => string;
  private readonly onListenerError: (error: unknown) => void;
  private readonly listeners = new Set<(snapshot: SpendSnapshot) => void>();
  private readonly recordListeners = new Set<(record: SpendRecord) => void>();
  private currentSession: string;
  private totals: LedgerTotals;
  private cached: SpendSnapshot | undefined;
  private loadingPromise: Promise<LedgerLoadSummary> | undefined;
  /** Requests recorded while a load runs, merged into what it read (those it read are not counted twice). */
  private pending: SpendRecord[] | undefined;
  private readonly onWarning: (message: string) => void;
  private readonly checkpointEvery: number;
  private sinceCheckpoint = 0;
  private checkpointing: Promise<void> | undefined;

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.currentSession = options.sessionId;
    this.totals = new LedgerTotals(options.sessionId, options.dayOf ?? localDay);
    this.clock = options.clock ?? (() => new Date());
    this.dayOf = options.dayOf ?? localDay;
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.onWarning = options.onWarning ?? (() => undefined);
    this.checkpointEvery = options.checkpointEvery ?? 500;
    this.onListenerError =
      options.onListenerError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  /** The current session's id. */
  get sessionId(): string {
    return this.currentSession;
  }

  /** Whether a load is under way: the totals do not have the history yet. */
  get loading(): boolean {
    return this.loadingPromise !== undefined;
  }

  /** Resolves when no load is under way, or after `maxWaitMs`, whichever comes first; never rejects. */
  async whenLoaded(maxWaitMs = Infinity): Promise<void> {
    const loading = this.loadingPromise?.catch(() => undefined);
    if (loading === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = Number.isFinite(maxWaitMs) ? new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs))) : undefined;
    await Promise.race(timeout === undefined ? [loading] : [loading, timeout]);
    if (timer !== undefined) clearTimeout(timer);
  }

  /**
   * Replaces the in-memory state with the store's history. Call once at start. Requests recorded
   * meanwhile count at once and are kept; feedback and outcomes wait for it. Returns the store's
   * warnings plus one for any feedback whose request is not in the history. Writes a fresh
   * snapshot when the part read after the old one was long.
   */
  async load(): Promise<LedgerLoadSummary> {
    const loading = this.replaceFromStore();
    this.loadingPromise = loading;
    this.changed();
    try {
      return await loading;
    } finally {
      if (this.loadingPromise === loading) {
        this.loadingPromise = undefined;
        this.changed();
      }
    }
  }

  /**
   * Records a finished, failed or cancelled request and returns it as stored. Totals and
   * listeners update before the write, because the money is spent either way; a failed write
   * rejects so the caller can log it. Input the file would reject on reload throws here instead.
   */
  async record(input: RequestInput): Promise<SpendRecord> {
    const { record, written } = await this.recordQuickly(input);
    await written;
    return record;
  }

  /**
   * Like {@link record}, but resolves once totals and listeners have the record, with the write
   * still under way in `written`, which the caller must handle. For a caller the user is waiting
   * on, so a slow disk never delays what they see.
   */
  recordQuickly(input: RequestInput): Promise<{ record: SpendRecord; written: Promise<void> }> {
    const record = spendRecordSchema.parse({
      ...input,
      v: 1,
      type: 'request',
      id: this.newId(),
      time: this.clock().toISOString(),
      sessionId: this.currentSession,
    });
    this.totals.add(record);
    this.pending?.push(record);
    this.changed();
    this.recorded(record);
    return Promise.resolve({ record, written: this.appended(this.store.append(record)) });
  }

  /** Stores the user's verdict on a request; false (nothing stored) if the request is unknown. */
  async addFeedback(id: string, feedback: Feedback): Promise<boolean> {
    await this.settled();
    const entry: FeedbackEntry = { v: 1, type: 'feedback', id, time: this.clock().toISOString(), feedback };
    if (!this.totals.canAnnotate(id, 'feedback', Date.parse(entry.time))) {
      return false;
    }
    this.totals.apply(entry);
    this.changed();
    await this.appended(this.store.append(entry));
    return true;
  }

  /**
   * Records what became of the inline completion the request `id` produced. Returns whether an
   * entry was written: false when the request is unknown or its completion is already that far
   * (shown twice, or dismissed after it was accepted), so callers may report every sighting.
   */
  async recordCompletionOutcome(id: string, outcome: CompletionOutcome): Promise<boolean> {
    await this.settled();
    const entry: CompletionOutcomeEntry = { v: 1, type: 'completionOutcome', id, time: this.clock().toISOString(), outcome };
    if (!this.totals.apply(entry)) {
      return false;
    }
    this.changed();
    await this.appended(this.store.append(entry));
    return true;
  }

  /**
   * Reads the snapshot and what came after it again (this window's entries and every other
   * window's) and writes a fresh snapshot, so the next start reads only kilobytes. Runs by itself
   * every `checkpointEvery` entries; the in-memory totals are not touched.
   */
  async checkpoint(): Promise<void> {
    const read = await readLedger(this.store, this.currentSession, this.dayOf);
    if (this.store.writeSnapshot !== undefined && read.position.length > 0) await this.store.writeSnapshot(snapshotOf(read));
  }

  /**
   * Starts a new session at zero without touching history. Records an earlier session wrote
   * under `newSessionId` stay in the day and all-time totals but are not counted again.
   */
  resetSession(newSessionId: string = this.newId()): void {
    this.currentSession = newSessionId;
    this.totals.startSession(newSessionId);
    this.changed();
  }

  /** The totals now. Cached until the next change or the next calendar day. */
  snapshot(): SpendSnapshot {
    const day = this.dayOf(this.clock());
    if (this.cached?.day !== day || this.cached.sessionId !== this.currentSession) {
      this.cached = {
        sessionId: this.currentSession,
        day,
        session: this.totals.session,
        today: this.totals.day(day),
        allTime: this.totals.allTime,
        byDay: this.totals.byDay(this.dayOf(new Date(this.clock().getTime() - DAYS_SHOWN * DAY_MS))),
        ...(this.loading ? { loading: true as const } : {}),
      };
    }
    return this.cached;
  }

  /** Calls `listener` with a fresh snapshot after every change. Dispose to stop. */
  onDidChange(listener: (snapshot: SpendSnapshot) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Calls `listener` with each request this window records, as stored, once its totals count it:
   * the one place every surface's requests pass (the OpenTelemetry export listens here). Dispose to stop.
   */
  onDidRecord(listener: (record: SpendRecord) => void): { dispose(): void } {
    this.recordListeners.add(listener);
    return { dispose: () => this.recordListeners.delete(listener) };
  }

  private recorded(record: SpendRecord): void {
    for (const listener of [...this.recordListeners]) {
      try {
        listener(record);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  private async replaceFromStore(): Promise<LedgerLoadSummary> {
    const session = this.currentSession;
    this.pending = [];
    let read;
    let snapshot: string | undefined;
    try {
      read = await readLedger(this.store, session, this.dayOf);
      // Taken before this window's new requests are merged in: the snapshot covers the files only.
      snapshot = worthSnapshotting(read, this.store) ? snapshotOf(read) : undefined;
    } finally {
      // On failure the totals stay what this window recorded; the caller reports the error.
      const pending = this.pending ?? [];
      this.pending = undefined;
      if (read !== undefined) this.adopt(read.totals, session, pending);
    }
    const warnings = [...read.warnings];
    if (snapshot !== undefined) {
      try {
        await this.store.writeSnapshot?.(snapshot);
      } catch (error) {
        warnings.push(`the totals snapshot could not be written (${error instanceof Error ? error.message : String(error)}); the next start reads the whole ledger again`);
      }
    }
    return { records: this.totals.requests, warnings, from: read.from, bytesRead: read.bytesRead };
  }

  /** Takes loaded totals, with what was recorded during the load that the load did not read. */
  private adopt(totals: LedgerTotals, loadedSession: string, pending: readonly SpendRecord[]): void {
    if (this.currentSession !== loadedSession) totals.startSession(this.currentSession);
    for (const record of pending) if (!totals.has(record.id)) totals.add(record);
    this.totals = totals;
    this.changed();
  }

  /** Waits for a load in progress; its failure is the caller of load()'s to handle, not ours. */
  private async settled(): Promise<void> {
    await this.loadingPromise?.catch(() => undefined);
  }

  /** Counts a write towards the next checkpoint, which runs in the background. */
  private async appended(write: Promise<void>): Promise<void> {
    await write;
    this.sinceCheckpoint += 1;
    if (this.sinceCheckpoint < this.checkpointEvery || this.checkpointing !== undefined || this.store.writeSnapshot === undefined) return;
    this.sinceCheckpoint = 0;
    this.checkpointing = this.checkpoint()
      .catch((error: unknown) => this.onWarning(`the totals snapshot could not be updated: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.checkpointing = undefined));
  }

  private changed(): void {
    this.cached = undefined;
    if (this.listeners.size === 0) {
      return;
    }
    const snapshot = this.snapshot();
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
