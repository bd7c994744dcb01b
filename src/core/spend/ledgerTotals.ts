/**
 * The ledger's running totals and the small index behind them: all time, per day, per session,
 * and one index entry per recent request (its time, day, session, latest feedback and furthest
 * completion outcome), so a later entry about a request updates the right day and session without
 * a re-scan. The Ledger owns storage, ids and listeners; this owns the arithmetic.
 *
 * A ledger lasts for years, so the index is bounded: a request can be annotated only within its
 * window (ANNOTATION_WINDOWS: an inline completion's outcome within an hour, feedback within two
 * weeks), and entries past that are pruned. Because the rule is on the entries' own times, a
 * full read and a snapshot plus its tail (ledgerSnapshot.ts) count exactly the same.
 */
import { advancesCompletion } from './spendRecord';
import type { Annotation, CompletionOutcome, Feedback, LedgerEntry, SpendRecord } from './spendRecord';
import { addRecord, changeCompletionOutcome, changeFeedback, EMPTY_TOTALS } from './spendTotals';
import type { Totals } from './spendTotals';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** How long after its request each kind of annotation still counts. */
export const ANNOTATION_WINDOWS: Readonly<Record<Annotation['type'], number>> = { completionOutcome: HOUR_MS, feedback: 14 * DAY_MS };
/** Windows' clocks and late appends may be a little out of order; entries are kept this much longer. */
const SLACK_MS = HOUR_MS;
/** Sessions idle this long (past the longest window) are dropped from the per-session totals. */
export const SESSION_HORIZON_MS = ANNOTATION_WINDOWS.feedback + SLACK_MS;
/** Days of per-day totals a snapshot keeps (the report shows 30). */
export const DAYS_KEPT = 95;
/** Beyond this many indexed requests a fold prunes the index before going on. */
const PRUNE_EVERY = 50_000;

/** One request as the index knows it. */
export interface IndexEntry {
  readonly timeMs: number;
  readonly session: string;
  /** Completions take only outcomes, within an hour; everything else takes feedback. */
  readonly completion: boolean;
  feedback?: Feedback;
  outcome?: CompletionOutcome;
}

/** Everything LedgerTotals knows, as plain values: what a snapshot stores. */
export interface LedgerTotalsState {
  readonly allTime: Totals;
  readonly days: ReadonlyMap<string, Totals>;
  readonly sessions: ReadonlyMap<string, { readonly totals: Totals; readonly lastMs: number }>;
  readonly index: ReadonlyMap<string, IndexEntry>;
  /** Annotations whose request has not been seen (yet): a later file may still bring it. */
  readonly orphans: readonly Annotation[];
  /** The latest entry time seen, ms; pruning is relative to it, never to a clock. */
  readonly newestMs: number;
}

export class LedgerTotals {
  private index = new Map<string, IndexEntry>();
  /** Ids counted in `session`, so feedback on older records never touches the session counts. */
  private inSession = new Set<string>();
  private sessionTotals: Totals = EMPTY_TOTALS;
  private allTimeTotals: Totals = EMPTY_TOTALS;
  private days = new Map<string, Totals>();
  private sessions = new Map<string, { totals: Totals; lastMs: number }>();
  private orphans = new Map<string, Annotation[]>();
  /** Ids of repeated requests (the first few, to name them) and how many there were. */
  private readonly duplicateIds: string[] = [];
  private duplicates = 0;
  private newestMs = 0;

  constructor(
    private sessionId: string,
    private readonly dayOf: (date: Date) => string,
  ) {}

  /** Totals of a whole history, in write order, with the problems found (see {@link fold}). */
  static fromHistory(entries: readonly LedgerEntry[], sessionId: string, dayOf: (date: Date) => string): { totals: LedgerTotals; problems: string[] } {
    const totals = new LedgerTotals(sessionId, dayOf);
    for (const entry of entries) totals.fold(entry);
    return { totals, problems: totals.problems() };
  }

  /** Totals restored from a snapshot's state, for `sessionId` as the current session. */
  static fromState(state: LedgerTotalsState, sessionId: string, dayOf: (date: Date) => string): LedgerTotals {
    const totals = new LedgerTotals(sessionId, dayOf);
    totals.allTimeTotals = state.allTime;
    totals.days = new Map(state.days);
    totals.sessions = new Map([...state.sessions].map(([id, session]) => [id, { ...session }]));
    totals.index = new Map([...state.index].map(([id, entry]) => [id, { ...entry }]));
    for (const orphan of state.orphans) totals.holdOrphan(orphan);
    totals.newestMs = state.newestMs;
    totals.sessionTotals = state.sessions.get(sessionId)?.totals ?? EMPTY_TOTALS;
    for (const [id, entry] of totals.index) if (entry.session === sessionId) totals.inSession.add(id);
    return totals;
  }

  /**
   * Folds one entry read from the store, in write order. An entry about a request that comes
   * before the request (another file, another window) is held back and applied once it appears;
   * a repeated request is counted once.
   */
  fold(entry: LedgerEntry): void {
    if (entry.type !== 'request') {
      if (this.index.has(entry.id)) this.apply(entry);
      else this.holdOrphan(entry);
      return;
    }
    if (this.index.has(entry.id)) {
      this.duplicates += 1;
      if (this.duplicateIds.length < 5) this.duplicateIds.push(entry.id);
      return;
    }
    this.add(entry);
    const held = this.orphans.get(entry.id);
    if (held !== undefined) {
      this.orphans.delete(entry.id);
      held.forEach((annotation) => this.apply(annotation)); // in order: feedback's last one still wins
    }
    if (this.index.size % PRUNE_EVERY === 0) this.prune();
  }

  /** What a fold found odd: repeated requests, annotations of requests never seen. */
  problems(): string[] {
    const problems = this.duplicateIds.map((id) => `request ${id} appears more than once; counted once`);
    if (this.duplicates > this.duplicateIds.length) problems.push(`${this.duplicates - this.duplicateIds.length} more requests appear more than once; each counted once`);
    const orphaned = [...this.orphans.values()].flat();
    for (const [type, what] of [['feedback', 'feedback'], ['completionOutcome', 'completion outcome']] as const) {
      const requests = new Set(orphaned.filter((entry) => entry.type === type).map((entry) => entry.id)).size;
      if (requests > 0) problems.push(`${requests} ${what} entries refer to requests not in the ledger; ignored`);
    }
    return problems;
  }

  get session(): Totals {
    return this.sessionTotals;
  }

  get allTime(): Totals {
    return this.allTimeTotals;
  }

  /** A copy of the totals per day key, from `since` (a day key) on when given. */
  byDay(since?: string): Map<string, Totals> {
    return new Map([...this.days].filter(([day]) => since === undefined || day >= since));
  }

  day(key: string): Totals {
    return this.days.get(key) ?? EMPTY_TOTALS;
  }

  /** Number of requests counted. */
  get requests(): number {
    return this.allTimeTotals.requests;
  }

  /** Whether the request `id` is in the index (recent enough to be annotated). */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Whether the request `id` can still take an annotation of `type` written at `atMs`. */
  canAnnotate(id: string, type: Annotation['type'], atMs: number): boolean {
    const entry = this.index.get(id);
    return entry !== undefined && atMs - entry.timeMs <= windowOf(type, entry);
  }

  add(record: SpendRecord): void {
    const timeMs = Date.parse(record.time);
    const day = this.dayOf(new Date(timeMs));
    this.newestMs = Math.max(this.newestMs, timeMs);
    this.index.set(record.id, { timeMs, session: record.sessionId, completion: record.surface === 'completion' });
    this.allTimeTotals = addRecord(this.allTimeTotals, record);
    this.days.set(day, addRecord(this.day(day), record));
    const session = this.sessions.get(record.sessionId);
    this.sessions.set(record.sessionId, { totals: addRecord(session?.totals ?? EMPTY_TOTALS, record), lastMs: Math.max(session?.lastMs ?? 0, timeMs) });
    if (record.sessionId === this.sessionId) {
      this.inSession.add(record.id);
      this.sessionTotals = addRecord(this.sessionTotals, record);
    }
  }

  /** Applies a later entry; false when its request is unknown, out of its window, or it changes nothing. */
  apply(annotation: Annotation): boolean {
    const atMs = Date.parse(annotation.time);
    if (!this.canAnnotate(annotation.id, annotation.type, atMs)) return false;
    this.newestMs = Math.max(this.newestMs, atMs);
    return annotation.type === 'feedback' ? this.applyFeedback(annotation.id, annotation.feedback) : this.applyCompletionOutcome(annotation.id, annotation.outcome);
  }

  /** Starts a new session at zero; records already counted under `sessionId` are not counted again. */
  startSession(sessionId: string): void {
    this.sessionId = sessionId;
    this.inSession = new Set();
    this.sessionTotals = EMPTY_TOTALS;
  }

  /** The state a snapshot stores, pruned to what can still change or be shown. */
  toState(): LedgerTotalsState {
    this.prune();
    const firstDay = this.dayOf(new Date(this.newestMs - DAYS_KEPT * DAY_MS));
    return {
      allTime: this.allTimeTotals,
      days: this.byDay(firstDay),
      sessions: new Map([...this.sessions].map(([id, session]) => [id, { ...session }])),
      index: new Map([...this.index].map(([id, entry]) => [id, { ...entry }])),
      orphans: [...this.orphans.values()].flat(),
      newestMs: this.newestMs,
    };
  }

  /** Drops index entries, sessions and orphans no later entry can change (relative to the newest entry). */
  prune(): void {
    const now = this.newestMs;
    for (const [id, entry] of this.index) {
      if (now - entry.timeMs > (entry.completion ? ANNOTATION_WINDOWS.completionOutcome : ANNOTATION_WINDOWS.feedback) + SLACK_MS) {
        this.index.delete(id);
        this.inSession.delete(id);
      }
    }
    for (const [id, session] of this.sessions) if (now - session.lastMs > SESSION_HORIZON_MS) this.sessions.delete(id);
    for (const [id, held] of this.orphans) {
      const kept = held.filter((annotation) => now - Date.parse(annotation.time) <= SESSION_HORIZON_MS);
      if (kept.length === 0) this.orphans.delete(id);
      else this.orphans.set(id, kept);
    }
  }

  private holdOrphan(annotation: Annotation): void {
    this.orphans.set(annotation.id, [...(this.orphans.get(annotation.id) ?? []), annotation]);
  }

  private applyFeedback(id: string, feedback: Feedback): boolean {
    const entry = this.index.get(id);
    if (entry === undefined || entry.feedback === feedback) return false;
    const from = entry.feedback;
    entry.feedback = feedback;
    this.change(id, entry, (totals) => changeFeedback(totals, from, feedback));
    return true;
  }

  private applyCompletionOutcome(id: string, outcome: CompletionOutcome): boolean {
    const entry = this.index.get(id);
    if (entry === undefined || !advancesCompletion(entry.outcome, outcome)) return false;
    const from = entry.outcome;
    entry.outcome = outcome;
    this.change(id, entry, (totals) => changeCompletionOutcome(totals, from, outcome));
    return true;
  }

  /** Applies a change of one request's annotations to every total that counts the request. */
  private change(id: string, entry: IndexEntry, change: (totals: Totals) => Totals): void {
    const day = this.dayOf(new Date(entry.timeMs));
    this.allTimeTotals = change(this.allTimeTotals);
    this.days.set(day, change(this.day(day)));
    const session = this.sessions.get(entry.session);
    if (session !== undefined) session.totals = change(session.totals);
    if (this.inSession.has(id)) this.sessionTotals = change(this.sessionTotals);
  }
}

/** How long after a request an annotation of `type` still counts. */
function windowOf(type: Annotation['type'], entry: IndexEntry): number {
  return entry.completion ? Math.min(ANNOTATION_WINDOWS.completionOutcome, ANNOTATION_WINDOWS[type]) : ANNOTATION_WINDOWS[type];
}
