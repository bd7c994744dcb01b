/**
 * The ledger's storage port. The ledger only appends and reads back, so any append-only medium
 * fits: the JSONL file every window shares (jsonlLedgerStore.ts) or memory in tests and the CLI.
 */
import type { LedgerPosition } from './ledgerSnapshot';
import { parseLedgerLine } from './spendRecord';
import type { LedgerEntry } from './spendRecord';

/** What a load produced: every valid entry in write order, and one warning per entry skipped. */
export interface LedgerLoad {
  readonly entries: readonly LedgerEntry[];
  /** Human-readable, each naming where and what is wrong ("line 7: not valid JSON …"). */
  readonly warnings: readonly string[];
}

/** What a scan read: where it ended, what it skipped, how much it read. */
export interface LedgerScan {
  /** Why `from` no longer fits the store (a file shrank, was replaced or removed); nothing was read. */
  readonly stale?: string;
  /** Where the next scan starts: after the last complete line of each file. */
  readonly position: LedgerPosition;
  readonly warnings: readonly string[];
  readonly bytesRead: number;
}

/** What a scan may skip. */
export interface ScanOptions {
  /**
   * Entries before this time (ms) are not wanted: a store may skip files that hold only older ones
   * (the weekly review reads eight weeks, not a year). The caller still filters what it receives, and
   * passes the same `since` to every scan from the position it got, so skipped files stay skipped.
   */
  readonly since?: number;
}

/** Append-only storage of ledger entries. */
export interface LedgerStore {
  /** Reads every entry. A missing store is an empty ledger; a damaged entry is a warning, not a failure. */
  load(): Promise<LedgerLoad>;
  /** Appends one entry; concurrent appends, from this or another process, must not corrupt each other. */
  append(entry: LedgerEntry): Promise<void>;
  /** Deletes every entry, when the user asks to clear the history. */
  clear?(): Promise<void>;
  /**
   * Streams the entries after `from` (a snapshot's position; undefined: from the start) in write
   * order, without holding them: what the ledger uses to load. A store without it is loaded whole.
   */
  scan?(from: LedgerPosition | undefined, onEntry: (entry: LedgerEntry) => void, options?: ScanOptions): Promise<LedgerScan>;
  /** The totals snapshot's text (ledgerSnapshot.ts), undefined when there is none. */
  readSnapshot?(): Promise<string | undefined>;
  /** Replaces the snapshot in one step, so a reader never sees half of it. */
  writeSnapshot?(text: string): Promise<void>;
}

/**
 * A store in memory, for tests and one-shot CLI runs. Entries go through JSON and the same
 * validation as the file store, so a test cannot pass with an entry the file would reject.
 */
export class MemoryLedgerStore implements LedgerStore {
  private readonly lines: string[] = [];

  /** @param initialLines raw lines to start with, e.g. a damaged one to test recovery. */
  constructor(initialLines: readonly string[] = []) {
    this.lines.push(...initialLines);
  }

  /** Number of lines stored, damaged ones included. */
  get size(): number {
    return this.lines.length;
  }

  load(): Promise<LedgerLoad> {
    const entries: LedgerEntry[] = [];
    const warnings: string[] = [];
    this.lines.forEach((line, index) => {
      const parsed = parseLedgerLine(line);
      if (parsed.ok) {
        entries.push(parsed.entry);
      } else {
        warnings.push(`entry ${index + 1}: ${parsed.error}`);
      }
    });
    return Promise.resolve({ entries, warnings });
  }

  append(entry: LedgerEntry): Promise<void> {
    this.lines.push(JSON.stringify(entry));
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.lines.length = 0;
    this.snapshotText = undefined;
    return Promise.resolve();
  }

  /** The snapshot written last, as text; tests may damage it. */
  snapshotText: string | undefined;

  /** Lines after `from` (its offset counts lines); a position past the end is stale. */
  scan(from: LedgerPosition | undefined, onEntry: (entry: LedgerEntry) => void): Promise<LedgerScan> {
    const start = from?.find((segment) => segment.name === 'memory')?.offset ?? 0;
    if (start > this.lines.length) return Promise.resolve({ stale: `it covers ${start} entries, the store has ${this.lines.length}`, position: [], warnings: [], bytesRead: 0 });
    const warnings: string[] = [];
    let bytesRead = 0;
    this.lines.slice(start).forEach((line, index) => {
      bytesRead += line.length + 1;
      const parsed = parseLedgerLine(line);
      if (parsed.ok) onEntry(parsed.entry);
      else warnings.push(`entry ${start + index + 1}: ${parsed.error}`);
    });
    return Promise.resolve({ position: [{ name: 'memory', offset: this.lines.length, check: '' }], warnings, bytesRead });
  }

  readSnapshot(): Promise<string | undefined> {
    return Promise.resolve(this.snapshotText);
  }

  writeSnapshot(text: string): Promise<void> {
    this.snapshotText = text;
    return Promise.resolve();
  }
}

