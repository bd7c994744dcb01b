/**
 * The ledger as the extension keeps it: one JSONL file per month (`ledger-2026-12.jsonl`, the
 * month of each entry's time, UTC) in one folder shared by every window, plus the totals snapshot
 * (`ledger-snapshot.json`, ledgerSnapshot.ts). Only the current month's file is appended; older
 * months are never rewritten, so a year of use is twelve files that are read once each, when a
 * snapshot has to be rebuilt. A `ledger.jsonl` from before rotation is read as the oldest month.
 * Each file is appended and read as jsonlLedgerStore.ts describes.
 */
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LedgerPosition } from '../core/spend/ledgerSnapshot';
import type { LedgerLoad, LedgerScan, LedgerStore, ScanOptions } from '../core/spend/ledgerStore';
import type { LedgerEntry } from '../core/spend/spendRecord';
import { appendLine } from './jsonlLedgerStore';
import { isNotFound } from './ledgerLines';
import { scanFiles } from './ledgerScan';
import type { LedgerFile } from './ledgerScan';

export const SNAPSHOT_FILE = 'ledger-snapshot.json';
const LEGACY_FILE = 'ledger.jsonl';
const MONTH_FILE = /^ledger-\d{4}-\d{2}\.jsonl$/;
/** A snapshot is tens of kilobytes; anything this big is not one of ours. */
const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

/** Whether `name` is a ledger file of this store (a month, or the file from before rotation). */
export function isLedgerFileName(name: string): boolean {
  return name === LEGACY_FILE || MONTH_FILE.test(name);
}

/** The month file an entry written at `time` (ISO 8601) goes to. */
export function monthFileName(time: string | Date): string {
  return `ledger-${new Date(time).toISOString().slice(0, 7)}.jsonl`;
}

/** Ledger files in `folder`, oldest first (the legacy file sorts before every month). */
export async function ledgerFilesIn(folder: string): Promise<LedgerFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  return names
    .filter(isLedgerFileName)
    .sort((a, b) => (a === LEGACY_FILE ? -1 : b === LEGACY_FILE ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, path: path.join(folder, name) }));
}

/**
 * Whether a month file holds only entries before `since` (ms): its month (UTC, as files are named)
 * ended before it. The file from before rotation may hold anything and is always read.
 */
export function endsBefore(name: string, since: number): boolean {
  const month = /^ledger-(\d{4})-(\d{2})\.jsonl$/.exec(name);
  if (month === null) return false;
  return Date.UTC(Number(month[1]), Number(month[2]), 1) <= since;
}

/** The monthly ledger in `folder` (see the file comment). */
export class MonthlyLedgerStore implements LedgerStore {
  constructor(
    readonly folder: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The file this month's entries are appended to. */
  get currentFile(): string {
    return path.join(this.folder, monthFileName(this.clock()));
  }

  /** Every valid entry of every month, oldest first. For exports and tests; loading uses `scan`. */
  async load(): Promise<LedgerLoad> {
    const entries: LedgerEntry[] = [];
    const { warnings } = await this.scan(undefined, (entry) => entries.push(entry));
    return { entries, warnings };
  }

  async scan(from: LedgerPosition | undefined, onEntry: (entry: LedgerEntry) => void, options: ScanOptions = {}): Promise<LedgerScan> {
    const files = await ledgerFilesIn(this.folder);
    const since = options.since;
    return scanFiles(since === undefined ? files : files.filter((file) => !endsBefore(file.name, since)), from, onEntry);
  }

  append(entry: LedgerEntry): Promise<void> {
    return appendLine(path.join(this.folder, monthFileName(entry.time)), entry);
  }

  /** Deletes every month and the snapshot; the next append starts again. */
  async clear(): Promise<void> {
    for (const file of await ledgerFilesIn(this.folder)) await fs.rm(file.path, { force: true });
    await fs.rm(path.join(this.folder, SNAPSHOT_FILE), { force: true });
  }

  async readSnapshot(): Promise<string | undefined> {
    const file = path.join(this.folder, SNAPSHOT_FILE);
    try {
      const { size } = await fs.stat(file);
      if (size > MAX_SNAPSHOT_BYTES) throw new Error(`${file} is ${size} bytes, too large to be a snapshot`);
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Writes a temporary file and renames it over the snapshot: readers see the old one or the new one. */
  async writeSnapshot(text: string): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true });
    const temporary = path.join(this.folder, `${SNAPSHOT_FILE}.${randomUUID()}.tmp`);
    try {
      await fs.writeFile(temporary, text, 'utf8');
      await fs.rename(temporary, path.join(this.folder, SNAPSHOT_FILE));
    } finally {
      await fs.rm(temporary, { force: true });
    }
  }
}
