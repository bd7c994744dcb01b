/**
 * Reads a JSONL ledger file from a byte offset in chunks, so a ledger of any size costs a chunk of
 * memory and the event loop runs between chunks (the extension host is shared with every other
 * extension). Reports each complete line with its byte range; the piece after the last "\n" is
 * reported separately, since it may be a write still under way in another window or a line a
 * crash cut off.
 */
import { promises as fs } from 'fs';
import { parseLedgerLine } from '../core/spend/spendRecord';
import type { LedgerEntry } from '../core/spend/spendRecord';

const CHUNK_BYTES = 256 * 1024;
/** A line longer than this is no entry the extension wrote: it is skipped without being kept whole. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/** One line of a file: its text (undefined when it was too long to keep), number and where it ends. */
export interface FileLine {
  readonly text: string | undefined;
  /** 1-based, counted from `from`. */
  readonly number: number;
  /** Byte offset just after the line's "\n" (or after the last byte, for the unterminated piece). */
  readonly end: number;
}

/** What a read covered. */
export interface FileRead {
  /** Offset after the last complete line: where the next read starts. */
  readonly end: number;
  /** The file's size when the read finished. */
  readonly size: number;
}

/**
 * Calls `onLine` for each complete line from `from` to the end, then `onPiece` for any bytes after
 * the last "\n". A missing file reads as empty.
 */
export async function readFileLines(
  file: string,
  from: number,
  onLine: (line: FileLine) => void,
  onPiece?: (line: FileLine) => void,
): Promise<FileRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if (isNotFound(error)) return { end: 0, size: 0 };
    throw error;
  }
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let position = from;
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let tooLong = false;
    let number = 0;
    let end = from;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      let start = 0;
      for (let newline = buffer.indexOf(NEWLINE, 0); newline !== -1 && newline < bytesRead; newline = buffer.indexOf(NEWLINE, start)) {
        number += 1;
        end = position + newline + 1;
        const text = tooLong ? undefined : joinText(carry, buffer.subarray(start, newline));
        onLine({ text, number, end });
        carry = [];
        carryBytes = 0;
        tooLong = false;
        start = newline + 1;
      }
      if (start < bytesRead && !tooLong) {
        carryBytes += bytesRead - start;
        if (carryBytes > MAX_LINE_BYTES) {
          tooLong = true;
          carry = [];
        } else carry.push(Buffer.from(buffer.subarray(start, bytesRead)));
      }
      position += bytesRead;
    }
    if (position > end && onPiece !== undefined) onPiece({ text: tooLong ? undefined : joinText(carry, Buffer.alloc(0)), number: number + 1, end: position });
    return { end, size: position };
  } finally {
    await handle.close();
  }
}

/** What parsing a line gave: an entry, nothing (a blank line), or what is wrong with it. */
export function parseFileLine(line: FileLine): { entry?: LedgerEntry; error?: string } {
  if (line.text === undefined) return { error: `longer than ${MAX_LINE_BYTES / 1024 / 1024} MB, not an entry` };
  if (line.text.trim() === '') return {};
  const parsed = parseLedgerLine(line.text);
  return parsed.ok ? { entry: parsed.entry } : { error: parsed.error };
}

function joinText(carry: readonly Buffer[], last: Buffer): string {
  return carry.length === 0 ? last.toString('utf8') : Buffer.concat([...carry, last]).toString('utf8');
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
