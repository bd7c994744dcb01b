/**
 * The ledger's running totals and the small index behind them: one entry per request (its day,
 * its latest feedback, its completion's furthest outcome), so a long history costs little memory
 * and a later entry about a request updates the right day and session without a re-scan. The
 * Ledger owns storage, ids and listeners; this owns the arithmetic.
 */
import { advancesCompletion } from './spendRecord';
import type { Annotation, CompletionOutcome, Feedback, LedgerEntry, SpendRecord } from './spendRecord';
import { addRecord, changeCompletionOutcome, changeFeedback, EMPTY_TOTALS } from './spendTotals';
import type { Totals } from './spendTotals';

interface IndexEntry {
  readonly day: string;
  feedback?: Feedback;
  completion?: CompletionOutcome;
}

export class LedgerTotals {
  private readonly index = new Map<string, IndexEntry>();
  /** Ids counted in `session`, so feedback on older records never touches the session counts. */
  private inSession = new Set<string>();
  private sessionTotals: Totals = EMPTY_TOTALS;
  private allTimeTotals: Totals = EMPTY_TOTALS;
  private readonly days = new Map<string, Totals>();

  constructor(
    private sessionId: string,
    private readonly dayOf: (date: Date) => string,
  ) {}

  /**
   * Totals of a whole history, in write order. An entry about a request that comes before the
   * request is held back and applied once it appears; what is left over, and repeated requests,
   * are reported as problems.
   */
  static fromHistory(entries: readonly LedgerEntry[], sessionId: string, dayOf: (date: Date) => string): { totals: LedgerTotals; problems: string[] } {
    const totals = new LedgerTotals(sessionId, dayOf);
    const orphans = new Map<string, Annotation[]>();
    const problems: string[] = [];
    for (const entry of entries) {
      if (entry.type !== 'request') {
        if (totals.index.has(entry.id)) totals.apply(entry);
        else orphans.set(entry.id, [...(orphans.get(entry.id) ?? []), entry]); // in order: feedback's last one still wins
        continue;
      }
      if (totals.index.has(entry.id)) {
        problems.push(`request ${entry.id} appears more than once; counted once`);
        continue;
      }
      totals.add(entry);
      orphans.get(entry.id)?.forEach((annotation) => totals.apply(annotation));
      orphans.delete(entry.id);
    }
    const orphaned = [...orphans.values()].flat();
    for (const [type, what] of [['feedback', 'feedback'], ['completionOutcome', 'completion outcome']] as const) {
      const requests = new Set(orphaned.filter((entry) => entry.type === type).map((entry) => entry.id)).size;
      if (requests > 0) problems.push(`${requests} ${what} entries refer to requests not in the ledger; ignored`);
    }
    return { totals, problems };
  }

  get session(): Totals {
    return this.sessionTotals;
  }

  get allTime(): Totals {
    return this.allTimeTotals;
  }

  /** A copy of the totals per day key. */
  byDay(): Map<string, Totals> {
    return new Map(this.days);
  }

  day(key: string): Totals {
    return this.days.get(key) ?? EMPTY_TOTALS;
  }

  /** Number of distinct requests counted. */
  get requests(): number {
    return this.index.size;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  add(record: SpendRecord): void {
    const day = this.dayOf(new Date(record.time));
    this.index.set(record.id, { day });
    this.allTimeTotals = addRecord(this.allTimeTotals, record);
    this.days.set(day, addRecord(this.day(day), record));
    if (record.sessionId === this.sessionId) {
      this.inSession.add(record.id);
      this.sessionTotals = addRecord(this.sessionTotals, record);
    }
  }

  /** Applies a later entry; false when its request is unknown or it changes nothing. */
  apply(entry: Annotation): boolean {
    return entry.type === 'feedback' ? this.applyFeedback(entry.id, entry.feedback) : this.applyCompletionOutcome(entry.id, entry.outcome);
  }

  /** Starts a new session at zero; records already counted under `sessionId` are not counted again. */
  startSession(sessionId: string): void {
    this.sessionId = sessionId;
    this.inSession = new Set();
    this.sessionTotals = EMPTY_TOTALS;
  }

  private applyFeedback(id: string, feedback: Feedback): boolean {
    const entry = this.index.get(id);
    if (entry === undefined || entry.feedback === feedback) return false;
    const from = entry.feedback;
    entry.feedback = feedback;
    this.change(id, entry.day, (totals) => changeFeedback(totals, from, feedback));
    return true;
  }

  private applyCompletionOutcome(id: string, outcome: CompletionOutcome): boolean {
    const entry = this.index.get(id);
    if (entry === undefined || !advancesCompletion(entry.completion, outcome)) return false;
    const from = entry.completion;
    entry.completion = outcome;
    this.change(id, entry.day, (totals) => changeCompletionOutcome(totals, from, outcome));
    return true;
  }

  /** Applies a change of one request's annotations to every total that counts the request. */
  private change(id: string, day: string, change: (totals: Totals) => Totals): void {
    this.allTimeTotals = change(this.allTimeTotals);
    this.days.set(day, change(this.day(day)));
    if (this.inSession.has(id)) this.sessionTotals = change(this.sessionTotals);
  }
}
