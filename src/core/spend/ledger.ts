/**
 * The spend ledger: records every request with its usage and cost, folds in later feedback and
 * completion outcomes, and keeps running totals for this session, each day and all time (see
 * ledgerTotals.ts). Totals are updated per entry, so the status bar never waits for a re-scan.
 */
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
}

/** What a load found: how many requests, and what was skipped or odd. */
export interface LedgerLoadSummary {
  readonly records: number;
  readonly warnings: readonly string[];
}

/** The spend ledger of one window (see the file comment). */
export class Ledger {
  private readonly store: LedgerStore;
  private readonly clock: () => Date;
  private readonly dayOf: (date: Date) => string;
  private readonly newId: () => string;
  private readonly onListenerError: (error: unknown) => void;
  private readonly listeners = new Set<(snapshot: SpendSnapshot) => void>();
  private currentSession: string;
  private totals: LedgerTotals;
  private cached: SpendSnapshot | undefined;
  private loading: Promise<LedgerLoadSummary> | undefined;

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.currentSession = options.sessionId;
    this.totals = new LedgerTotals(options.sessionId, options.dayOf ?? localDay);
    this.clock = options.clock ?? (() => new Date());
    this.dayOf = options.dayOf ?? localDay;
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
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

  /**
   * Replaces the in-memory state with the store's history. Call once at start; `record` waits for
   * a load in progress so nothing recorded meanwhile is lost. Returns the store's warnings plus
   * one for any feedback whose request is not in the history.
   */
  async load(): Promise<LedgerLoadSummary> {
    const loading = this.replaceFromStore();
    this.loading = loading;
    try {
      return await loading;
    } finally {
      if (this.loading === loading) {
        this.loading = undefined;
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
  async recordQuickly(input: RequestInput): Promise<{ record: SpendRecord; written: Promise<void> }> {
    await this.settled();
    const record = spendRecordSchema.parse({
      ...input,
      v: 1,
      type: 'request',
      id: this.newId(),
      time: this.clock().toISOString(),
      sessionId: this.currentSession,
    });
    this.totals.add(record);
    this.changed();
    return { record, written: this.store.append(record) };
  }

  /** Stores the user's verdict on a request; false (nothing stored) if the request is unknown. */
  async addFeedback(id: string, feedback: Feedback): Promise<boolean> {
    await this.settled();
    if (!this.totals.has(id)) {
      return false;
    }
    const entry: FeedbackEntry = { v: 1, type: 'feedback', id, time: this.clock().toISOString(), feedback };
    this.totals.apply(entry);
    this.changed();
    await this.store.append(entry);
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
    await this.store.append(entry);
    return true;
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
        byDay: this.totals.byDay(),
      };
    }
    return this.cached;
  }

  /** Calls `listener` with a fresh snapshot after every change. Dispose to stop. */
  onDidChange(listener: (snapshot: SpendSnapshot) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async replaceFromStore(): Promise<LedgerLoadSummary> {
    const { entries, warnings } = await this.store.load();
    const { totals, problems } = LedgerTotals.fromHistory(entries, this.currentSession, this.dayOf);
    this.totals = totals;
    this.changed();
    return { records: totals.requests, warnings: [...warnings, ...problems] };
  }

  /** Waits for a load in progress; its failure is the caller of load()'s to handle, not ours. */
  private async settled(): Promise<void> {
    await this.loading?.catch(() => undefined);
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
