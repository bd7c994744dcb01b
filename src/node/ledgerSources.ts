/**
 * The files a report reads, from what was named on the command line: a ledger file (a month, the
 * file from before rotation, a JSONL export), or a folder (the extension's ledger folder: its month
 * files; any other folder, e.g. a team's exports: every `.jsonl` in it). The same file named twice,
 * or a copy of it (the same size and bytes at both ends), is read once, so overlapping arguments
 * never count a request twice. Files are then streamed line by line (ledgerLines.ts): memory is a
 * chunk, whatever their size.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LedgerEntry } from '../core/spend/spendRecord';
import { isNotFound, parseFileLine, readFileLines } from './ledgerLines';
import { fingerprint } from './ledgerScan';
import { isLedgerFileName } from './monthlyLedgerStore';

/** A file to read, and why it was chosen. */
export interface LedgerSource {
  readonly path: string;
  /** The argument it came from (the file itself, or its folder). */
  readonly from: string;
}

/** A file left out, and why (a copy of another one). */
export interface SkippedSource {
  readonly path: string;
  readonly reason: string;
}

/** Something named that cannot be read: the message says what and what to do. */
export class LedgerSourceError extends Error {}

/** The files `names` stand for, oldest month first within a folder, each once. */
export async function ledgerSources(names: readonly string[]): Promise<{ sources: LedgerSource[]; skipped: SkippedSource[] }> {
  const found: LedgerSource[] = [];
  for (const name of names) {
    let stat;
    try {
      stat = await fs.stat(name);
    } catch (error) {
      if (isNotFound(error)) throw new LedgerSourceError(`--ledger ${name}: no such file or folder`);
      throw new LedgerSourceError(`--ledger ${name}: cannot be read (${(error as Error).message})`);
    }
    if (stat.isDirectory()) {
      const files = await filesOfFolder(name);
      if (files.length === 0) throw new LedgerSourceError(`--ledger ${name}: the folder has no ledger files (ledger-YYYY-MM.jsonl, ledger.jsonl or other .jsonl files)`);
      found.push(...files.map((file) => ({ path: file, from: name })));
    } else if (stat.isFile()) {
      if (/\.csv$/i.test(name)) throw new LedgerSourceError(`--ledger ${name}: a CSV export has lost the ledger's detail; export the ledger as JSONL (Spend Report → Export JSONL) or name the ledger folder`);
      found.push({ path: name, from: name });
    } else throw new LedgerSourceError(`--ledger ${name}: not a file or a folder`);
  }
  return withoutCopies(found);
}

async function filesOfFolder(folder: string): Promise<string[]> {
  const names = (await fs.readdir(folder)).filter((name) => name.toLowerCase().endsWith('.jsonl'));
  const ledgerNames = names.filter(isLedgerFileName);
  // The extension's folder: its months (and the file from before rotation, the oldest), in order.
  const chosen = ledgerNames.length > 0 ? ledgerNames.sort((a, b) => (a === 'ledger.jsonl' ? -1 : b === 'ledger.jsonl' ? 1 : a.localeCompare(b))) : names.sort();
  const files: string[] = [];
  for (const name of chosen) {
    const file = path.join(folder, name);
    if ((await fs.stat(file)).isFile()) files.push(file);
  }
  return files;
}

async function withoutCopies(found: readonly LedgerSource[]): Promise<{ sources: LedgerSource[]; skipped: SkippedSource[] }> {
  const seen = new Map<string, string>();
  const sources: LedgerSource[] = [];
  const skipped: SkippedSource[] = [];
  for (const source of found) {
    const real = await fs.realpath(source.path);
    const { size } = await fs.stat(real);
    const identity = size === 0 ? `empty:${real}` : `${size}:${await fingerprint(real, size)}`;
    const earlier = seen.get(real) ?? seen.get(identity);
    if (earlier !== undefined) {
      skipped.push({ path: source.path, reason: earlier === source.path ? 'named more than once' : `the same file as ${earlier}` });
      continue;
    }
    seen.set(real, source.path);
    seen.set(identity, source.path);
    sources.push(source);
  }
  return { sources, skipped };
}

/** What reading one file found. */
export interface SourceRead {
  readonly entries: number;
  readonly damaged: number;
  /** The first damaged line's problem, to quote. */
  readonly firstProblem?: string;
}

/** Streams every entry of `file`; a damaged line is counted and reported, never fatal. */
export async function readLedgerSource(file: string, onEntry: (entry: LedgerEntry) => void, onDamaged: (where: string, problem: string) => void): Promise<SourceRead> {
  let entries = 0;
  let damaged = 0;
  let firstProblem: string | undefined;
  const take = (line: { text: string | undefined; number: number; end: number }, cut: boolean) => {
    const { entry, error } = parseFileLine(line);
    if (entry !== undefined) {
      entries += 1;
      onEntry(entry);
    }
    if (error !== undefined) {
      damaged += 1;
      const problem = cut ? `${error} (the last line, probably cut off)` : error;
      firstProblem ??= `line ${line.number}: ${problem}`;
      onDamaged(`${file} line ${line.number}`, problem);
    }
  };
  await readFileLines(
    file,
    0,
    (line) => take(line, false),
    (piece) => take(piece, true),
  );
  return { entries, damaged, ...(firstProblem === undefined ? {} : { firstProblem }) };
}
