/**
 * Scans the files of a JSONL ledger from a snapshot's position: checks that each file the
 * position names is still the file it covered (no shorter, same first and last covered bytes),
 * then streams what each file has beyond it. Shared by the one-file store and the monthly one.
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import type { LedgerScan } from '../core/spend/ledgerStore';
import type { LedgerPosition, SegmentPosition } from '../core/spend/ledgerSnapshot';
import type { LedgerEntry } from '../core/spend/spendRecord';
import { isNotFound, parseFileLine, readFileLines } from './ledgerLines';

/** Beyond this many, damaged lines are summarized in one warning instead of one each. */
const MAX_WARNINGS = 20;
const FINGERPRINT_BYTES = 64;

/** One file of a ledger: its name in a position, and its path. */
export interface LedgerFile {
  readonly name: string;
  readonly path: string;
}

/** Streams `files` (oldest first) after `from`; see the file comment. */
export async function scanFiles(files: readonly LedgerFile[], from: LedgerPosition | undefined, onEntry: (entry: LedgerEntry) => void): Promise<LedgerScan> {
  const covered = new Map((from ?? []).map((segment) => [segment.name, segment]));
  for (const segment of covered.values()) {
    const file = files.find((candidate) => candidate.name === segment.name);
    const stale = file === undefined ? `${segment.name} is gone` : await staleness(file, segment);
    if (stale !== undefined) return { stale, position: [], warnings: [], bytesRead: 0 };
  }
  const warnings: string[] = [];
  let damaged = 0;
  const warn = (message: string) => {
    damaged += 1;
    if (damaged <= MAX_WARNINGS) warnings.push(message);
  };
  const position: SegmentPosition[] = [];
  let bytesRead = 0;
  for (const file of files) {
    const start = covered.get(file.name)?.offset ?? 0;
    const where = (line: number) => (start === 0 ? `${file.path} line ${line}` : `${file.path} line ${line} after byte ${start}`);
    let end = start;
    const read = await readFileLines(
      file.path,
      start,
      (line) => {
        const { entry, error } = parseFileLine(line);
        if (entry !== undefined) onEntry(entry);
        if (error !== undefined) warn(`${where(line.number)}: skipped, ${error}`);
      },
      (piece) => {
        const { entry, error } = parseFileLine(piece);
        // A whole entry without its "\n" (an older writer, another tool) counts, and the next
        // scan starts after it; a broken piece is read again next time, when it may be complete.
        if (entry !== undefined) {
          onEntry(entry);
          end = piece.end;
        }
        if (error !== undefined) warn(`${where(piece.number)}: skipped, ${error} — the last line is incomplete, probably cut off by a crash`);
      },
    );
    end = Math.max(end, read.end);
    bytesRead += read.size - start;
    if (read.size > 0) position.push({ name: file.name, offset: end, check: await fingerprint(file.path, end) });
  }
  if (damaged > MAX_WARNINGS) warnings.push(`${damaged - MAX_WARNINGS} more damaged lines skipped`);
  return { position, warnings, bytesRead };
}

/** Why `segment` no longer describes `file`, or undefined when it still does. */
async function staleness(file: LedgerFile, segment: SegmentPosition): Promise<string | undefined> {
  let size: number;
  try {
    size = (await fs.stat(file.path)).size;
  } catch (error) {
    if (isNotFound(error)) return `${file.path} is gone`;
    throw error;
  }
  if (size < segment.offset) return `${file.path} is shorter (${size} bytes) than the ${segment.offset} bytes it covers`;
  if ((await fingerprint(file.path, segment.offset)) !== segment.check) return `${file.path} is not the file it covered (its bytes differ)`;
  return undefined;
}

/** A hash of the first and the last few bytes before `offset`: enough to tell a replaced file. */
export async function fingerprint(path: string, offset: number): Promise<string> {
  const length = Math.min(FINGERPRINT_BYTES, offset);
  const head = Buffer.alloc(length);
  const tail = Buffer.alloc(length);
  const handle = await fs.open(path, 'r');
  try {
    await handle.read(head, 0, length, 0);
    await handle.read(tail, 0, length, offset - length);
  } finally {
    await handle.close();
  }
  return createHash('sha256').update(String(offset)).update(head).update(tail).digest('hex').slice(0, 24);
}
