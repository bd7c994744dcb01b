/**
 * The ledger as a JSONL file shared by every VS Code window and the CLI. It must survive a crash
 * mid-write and two windows writing at once, without a lock:
 *
 * - Each entry is written by one append call on a handle opened with O_APPEND, so the kernel puts
 *   the whole line at the end of the file as one write; two processes appending concurrently never
 *   interleave within a line (true for local files on Linux, macOS and Windows; network file
 *   systems may not honour O_APPEND, which is why a damaged line is survivable below).
 * - A crash can still leave a last line without its "\n". Before appending, the writer checks the
 *   last byte and starts with "\n" if it is missing, so the new entry is never glued onto the
 *   broken line. Two writers may both add that "\n"; the blank line that results is skipped.
 * - On load, a line that is not JSON or fails the schema is skipped with a warning naming its line
 *   number and the problem; it costs no other entry. The file is read in chunks (ledgerLines.ts).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LedgerPosition } from '../core/spend/ledgerSnapshot';
import type { LedgerLoad, LedgerScan, LedgerStore } from '../core/spend/ledgerStore';
import type { LedgerEntry } from '../core/spend/spendRecord';
import { scanFiles } from './ledgerScan';

const NEWLINE = 0x0a;

/** A ledger stored as one JSON entry per line in `filePath`. Directories are created on first append. */
export class JsonlLedgerStore implements LedgerStore {
  constructor(readonly filePath: string) {}

  /** Every valid entry in file order; a missing file is an empty ledger. Read in chunks, never whole. */
  async load(): Promise<LedgerLoad> {
    const entries: LedgerEntry[] = [];
    const { warnings } = await this.scan(undefined, (entry) => entries.push(entry));
    return { entries, warnings };
  }

  /** Streams the entries after `from` (see LedgerStore.scan). */
  scan(from: LedgerPosition | undefined, onEntry: (entry: LedgerEntry) => void): Promise<LedgerScan> {
    return scanFiles([{ name: path.basename(this.filePath), path: this.filePath }], from, onEntry);
  }

  /** Appends one entry as one line. */
  append(entry: LedgerEntry): Promise<void> {
    return appendLine(this.filePath, entry);
  }

  /** Deletes the file; the next append starts a new one. */
  async clear(): Promise<void> {
    await fs.rm(this.filePath, { force: true });
  }
}

/** Appends `entry` as one line of `filePath` (see the file comment). */
export async function appendLine(filePath: string, entry: LedgerEntry): Promise<void> {
  const line = `${JSON.stringify(entry)}\n`;
  await fs.mkdir(path.dirname(filePath), { recursive: true });
  // 'a+' = O_APPEND | O_CREAT, readable so the last byte can be checked on the same handle.
  const handle = await fs.open(filePath, 'a+');
  try {
    const { size } = await handle.stat();
    let separator = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      separator = last[0] === NEWLINE ? '' : '\n';
    }
    // One appendFile call: a single write(2) for anything under Node's 512 KiB chunk, far above
    // the size of an entry, so the line lands whole at the end of the file.
    await handle.appendFile(separator + line, 'utf8');
  } finally {
    await handle.close();
  }
}
