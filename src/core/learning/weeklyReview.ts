/**
 * The weekly routing-efficiency review in one call, for the spend report, the status bar and
 * `model-router report --by week`: the three numbers for this week and the weeks before, where the
 * signals say routing was too cheap or too expensive, and the suggestions they support. Reads the
 * ledger's entries as stored, so the CLI can run it over exported ledgers.
 */
import type { Policy } from '../routing/policy';
import type { LedgerStore } from '../spend/ledgerStore';
import type { LedgerEntry, SpendRecord } from '../spend/spendRecord';
import { tasksOf } from './signals';
import type { Suggestion } from './suggestions';
import { suggestRouting } from './suggestions';
import type { SignalRow, WeekNumbers } from './weeklyNumbers';
import { signalRows, weeklyNumbers } from './weeklyNumbers';
import { weeksUpTo } from './weeks';

/** Weeks the review shows, this one included. */
export const REVIEW_WEEKS = 8;

export interface WeeklyReview {
  /** Oldest first; the last is this week. */
  readonly weeks: readonly WeekNumbers[];
  /** Over the weeks shown. */
  readonly byKind: readonly SignalRow[];
  readonly byFolder: readonly SignalRow[];
  readonly suggestions: readonly Suggestion[];
}

export interface ReviewOptions {
  readonly now: Date;
  readonly policy: Policy;
  /** Suggestion ids the user dismissed. */
  readonly dismissed?: ReadonlySet<string>;
  readonly weeks?: number;
}

/** The review of `entries` (in write order) as of `options.now`. */
export function buildWeeklyReview(entries: readonly LedgerEntry[], options: ReviewOptions): WeeklyReview {
  const weeks = weeksUpTo(options.now, options.weeks ?? REVIEW_WEEKS);
  const since = weeks[0].startMs;
  const recent = entries.filter((entry) => Date.parse(entry.time) >= since);
  const records = recent.filter((entry): entry is SpendRecord => entry.type === 'request');
  const tasks = tasksOf(recent);
  const rows = signalRows(tasks);
  return { weeks: weeklyNumbers(records, tasks, weeks), byKind: rows.byKind, byFolder: rows.byFolder, suggestions: suggestRouting(tasks, options.policy, options.dismissed) };
}

/**
 * The entries of the last `weeks` weeks from a store, streamed where the store can (only those
 * recent enough are kept), else loaded whole; plus the store's warnings.
 */
export async function recentEntries(store: LedgerStore, now: Date, weeks = REVIEW_WEEKS): Promise<{ entries: LedgerEntry[]; warnings: readonly string[] }> {
  const since = weeksUpTo(now, weeks)[0].startMs;
  const recent = (entry: LedgerEntry) => Date.parse(entry.time) >= since;
  if (store.scan !== undefined) {
    const entries: LedgerEntry[] = [];
    const scan = await store.scan(undefined, (entry) => {
      if (recent(entry)) entries.push(entry);
    });
    return { entries, warnings: scan.warnings };
  }
  const loaded = await store.load();
  return { entries: loaded.entries.filter(recent), warnings: loaded.warnings };
}
