/**
 * The ledger's storage port. The ledger only appends and reads back, so any append-only medium
 * fits: the JSONL file every window shares (jsonlLedgerStore.ts) or memory in tests and the CLI.
 */
import { parseLedgerLine } from './spendRecord';
import type { LedgerEntry } from './spendRecord';

/** What a load produced: every valid entry in write order, and one warning per entry skipped. */
export interface LedgerLoad {
  readonly entries: readonly LedgerEntry[];
  /** Human-readable, each naming where and what is wrong ("line 7: not valid JSON …"). */
  readonly warnings: readonly string[];
}

/** Append-only storage of ledger entries. */
export interface LedgerStore {
  /** Reads every entry. A missing store is an empty ledger; a damaged entry is a warning, not a failure. */
  load(): Promise<LedgerLoad>;
  /** Appends one entry; concurrent appends, from this or another process, must not corrupt each other. */
  append(entry: LedgerEntry): Promise<void>;
  /** Deletes every entry, when the user asks to clear the history. */
  clear?(): Promise<void>;
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
    return Promise.resolve();
  }
}

