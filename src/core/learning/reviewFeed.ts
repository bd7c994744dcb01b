/**
 * Keeps the weekly review's entries up to date with the ledger store, as outputFeed.ts does for the
 * estimate: the whole store once, then only what was appended each time the ledger changes (by
 * this window or another). Only the month files that can hold the review's weeks are read and only
 * their entries held, so a year of history costs two or three months' files at start and eight
 * weeks of lines in memory; a store without scan is loaded whole each time.
 */
import type { LedgerPosition } from '../spend/ledgerSnapshot';
import type { LedgerStore } from '../spend/ledgerStore';
import type { LedgerEntry } from '../spend/spendRecord';
import { REVIEW_WEEKS } from './weeklyReview';
import { weeksUpTo } from './weeks';

export class ReviewFeed {
  private entries: LedgerEntry[] = [];
  private position: LedgerPosition | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private warnings: readonly string[] = [];

  constructor(
    private readonly store: LedgerStore,
    private readonly now: () => Date = () => new Date(),
    private readonly weeks = REVIEW_WEEKS,
  ) {}

  /** Reads what the store gained since the last read (at most one read at a time; a call during one reads once more after it). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.readOnce();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** The entries of the review's weeks as of now, in write order, and the store's warnings. */
  current(): { entries: readonly LedgerEntry[]; warnings: readonly string[] } {
    const since = this.since();
    if (this.entries.length > 0 && Date.parse(this.entries[0].time) < since) this.entries = this.entries.filter((entry) => Date.parse(entry.time) >= since);
    return { entries: this.entries, warnings: this.warnings };
  }

  private since(): number {
    return weeksUpTo(this.now(), this.weeks)[0].startMs;
  }

  private async readOnce(): Promise<void> {
    const since = this.since();
    const keep = (target: LedgerEntry[]) => (entry: LedgerEntry) => {
      if (Date.parse(entry.time) >= since) target.push(entry);
    };
    if (this.store.scan === undefined) {
      const loaded = await this.store.load();
      this.entries = loaded.entries.filter((entry) => Date.parse(entry.time) >= since);
      this.warnings = loaded.warnings;
      return;
    }
    const fresh: LedgerEntry[] = [];
    // Month files that end before the first week shown are skipped: a year of history is not read.
    // The window moves on with time, never back, so what a scan skipped stays out of later ones.
    const scan = await this.store.scan(this.position, keep(this.position === undefined ? fresh : this.entries), { since });
    if (scan.stale !== undefined) {
      // A file was replaced or cut (history cleared, another window rotated it): read it all again.
      const again: LedgerEntry[] = [];
      const full = await this.store.scan(undefined, keep(again), { since });
      this.entries = again;
      this.position = full.position;
      this.warnings = full.warnings;
      return;
    }
    if (this.position === undefined) {
      this.entries = fresh;
      this.warnings = scan.warnings;
    } else if (scan.warnings.length > 0) this.warnings = [...this.warnings, ...scan.warnings];
    this.position = scan.position;
  }
}
