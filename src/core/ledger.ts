/**
 * The spend ledger: records every request with its usage and cost, folds in later feedback, and
 * keeps running totals for this session, each day and all time. Totals are updated per record,
 * and only a small index (day, feedback) is kept per request, so a long history costs
 * little memory and the status bar never waits for a re-scan.
 */
import type { LedgerStore } from './ledgerStore';
import { spendRecordSchema } from './spendRecord';
import type { Feedback, FeedbackEntry, LedgerEntry, SpendRecord } from './spendRecord';
import { addRecord, changeFeedback, EMPTY_TOTALS, localDay } from './spendTotals';
import type { SpendSnapshot, Totals } from './spendTotals';

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

interface IndexEntry {
  readonly day: string;
  feedback?: Feedback;
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
  private index = new Map<string, IndexEntry>();
  /** Ids counted in `session`, so feedback on older records never touches the session counts. */
  private inSession = new Set<string>();
  private session: Totals = EMPTY_TOTALS;
  private allTime: Totals = EMPTY_TOTALS;
  private byDay = new Map<string, Totals>();
  private cached: SpendSnapshot | undefined;
  private loading: Promise<LedgerLoadSummary> | undefined;

  constructor(options: LedgerOptions) {
    this.store = options.store;
    this.currentSession = options.sessionId;
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
    await this.settled();
    const record = spendRecordSchema.parse({
      ...input,
      v: 1,
      type: 'request',
      id: this.newId(),
      time: this.clock().toISOString(),
      sessionId: this.currentSession,
    });
    this.applyRecord(record);
    this.changed();
    await this.store.append(record);
    return record;
  }

  /** Stores the user's verdict on a request; false (nothing stored) if the request is unknown. */
  async addFeedback(id: string, feedback: Feedback): Promise<boolean> {
    await this.settled();
    if (!this.index.has(id)) {
      return false;
    }
    const entry: FeedbackEntry = { v: 1, type: 'feedback', id, time: this.clock().toISOString(), feedback };
    this.applyFeedback(id, feedback);
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
    this.inSession = new Set();
    this.session = EMPTY_TOTALS;
    this.changed();
  }

  /** The totals now. Cached until the next change or the next calendar day. */
  snapshot(): SpendSnapshot {
    const day = this.dayOf(this.clock());
    if (this.cached?.day !== day || this.cached.sessionId !== this.currentSession) {
      this.cached = {
        sessionId: this.currentSession,
        day,
        session: this.session,
        today: this.byDay.get(day) ?? EMPTY_TOTALS,
        allTime: this.allTime,
        byDay: new Map(this.byDay),
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
    this.index = new Map();
    this.inSession = new Set();
    this.session = EMPTY_TOTALS;
    this.allTime = EMPTY_TOTALS;
    this.byDay = new Map();
    const orphans = new Map<string, Feedback>();
    const problems = [...warnings];
    for (const entry of entries) {
      this.fold(entry, orphans, problems);
    }
    if (orphans.size > 0) {
      problems.push(`${orphans.size} feedback entries refer to requests not in the ledger; ignored`);
    }
    this.changed();
    return { records: this.index.size, warnings: problems };
  }

  private fold(entry: LedgerEntry, orphans: Map<string, Feedback>, problems: string[]): void {
    if (entry.type === 'feedback') {
      if (this.index.has(entry.id)) {
        this.applyFeedback(entry.id, entry.feedback);
      } else {
        orphans.set(entry.id, entry.feedback); // last one wins, in case its request comes later
      }
      return;
    }
    if (this.index.has(entry.id)) {
      problems.push(`request ${entry.id} appears more than once; counted once`);
      return;
    }
    this.applyRecord(entry);
    const early = orphans.get(entry.id);
    if (early !== undefined) {
      orphans.delete(entry.id);
      this.applyFeedback(entry.id, early);
    }
  }

  private applyRecord(record: SpendRecord): void {
    const day = this.dayOf(new Date(record.time));
    this.index.set(record.id, { day });
    this.allTime = addRecord(this.allTime, record);
    this.byDay.set(day, addRecord(this.byDay.get(day) ?? EMPTY_TOTALS, record));
    if (record.sessionId === this.currentSession) {
      this.inSession.add(record.id);
      this.session = addRecord(this.session, record);
    }
  }

  private applyFeedback(id: string, feedback: Feedback): void {
    const entry = this.index.get(id);
    if (entry === undefined || entry.feedback === feedback) {
      return;
    }
    const from = entry.feedback;
    entry.feedback = feedback;
    this.allTime = changeFeedback(this.allTime, from, feedback);
    this.byDay.set(entry.day, changeFeedback(this.byDay.get(entry.day) ?? EMPTY_TOTALS, from, feedback));
    if (this.inSession.has(id)) {
      this.session = changeFeedback(this.session, from, feedback);
    }
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
