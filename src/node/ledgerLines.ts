/**
 * Reads a JSONL ledger file from a byte offset in chunks, so a ledger of any size costs a chunk of
 * memory and the event loop runs between chunks (the extension host is shared with every other
 * extension). Reports each complete line with its byte range; the piece after the last "\n" is
 * reported separately, since it may be a write still under way in another window or a line a
 * crash cut off.
 */
import { promises as fs } from 'fs';
import { fastLedgerEntry } from '../core/spend/fastLedgerLine';
import { parseLedgerEntry, parseLedgerLine } from '../core/spend/spendRecord';
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
    // Two buffers: the next chunk is read (on libuv's thread pool) while this one's lines are handled.
    let buffer = Buffer.alloc(CHUNK_BYTES);
    let spare = Buffer.alloc(CHUNK_BYTES);
    let position = from;
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let tooLong = false;
    let number = 0;
    let end = from;
    let { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
    while (bytesRead > 0) {
      const next = handle.read(spare, 0, CHUNK_BYTES, position + bytesRead);
      try {
        let start = 0;
        const first = buffer.indexOf(NEWLINE, 0);
        if (first !== -1 && first < bytesRead) {
          // The line begun in an earlier chunk, then every other complete line of this chunk from one
          // decoded string ("\n" never occurs inside a UTF-8 sequence), so no line costs a Buffer.
          number += 1;
          end = position + first + 1;
          onLine({ text: tooLong ? undefined : joinText(carry, buffer.subarray(0, first)), number, end });
          carry = [];
          carryBytes = 0;
          tooLong = false;
          start = first + 1;
          const last = buffer.lastIndexOf(NEWLINE, bytesRead - 1);
          if (last > first) {
            const text = buffer.toString('utf8', start, last + 1);
            let from = 0;
            for (let newline = buffer.indexOf(NEWLINE, start); newline !== -1 && newline <= last; newline = buffer.indexOf(NEWLINE, newline + 1)) {
              const to = text.indexOf('\n', from);
              number += 1;
              end = position + newline + 1;
              onLine({ text: text.slice(from, to), number, end });
              from = to + 1;
            }
            start = last + 1;
          }
        }
        if (start < bytesRead && !tooLong) {
          carryBytes += bytesRead - start;
          if (carryBytes > MAX_LINE_BYTES) {
            tooLong = true;
            carry = [];
          } else carry.push(Buffer.from(buffer.subarray(start, bytesRead)));
        }
      } catch (error) {
        // The read under way must settle before the file is closed.
        await next.catch(() => undefined);
        throw error;
      }
      position += bytesRead;
      [buffer, spare] = [spare, buffer];
      ({ bytesRead } = await next);
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
  // A line the extension wrote starts with "{"; only another one can be blank.
  if (line.text.charCodeAt(0) !== 0x7b && line.text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    const parsed = parseLedgerLine(line.text);
    return parsed.ok ? { entry: parsed.entry } : { error: parsed.error };
  }
  // Almost every line is one the extension wrote: proved valid without zod; the rest get the schema's words.
  const entry = fastLedgerEntry(value);
  if (entry !== undefined) return { entry };
  const parsed = parseLedgerEntry(value);
  return parsed.ok ? { entry: parsed.entry } : { error: parsed.error };
}

function joinText(carry: readonly Buffer[], last: Buffer): string {
  return carry.length === 0 ? last.toString('utf8') : Buffer.concat([...carry, last]).toString('utf8');
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
