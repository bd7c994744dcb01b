/**
 * Reads a ledger's totals the cheap way: the snapshot, then only what was written after it. A
 * missing, damaged or outdated snapshot (a file shrank or was replaced) means reading everything,
 * which is exact too, only slower. Both ways stream entries, so memory stays bounded.
 */
import type { LedgerStore } from './ledgerStore';
import { parseSnapshot, serializeSnapshot } from './ledgerSnapshot';
import type { LedgerPosition } from './ledgerSnapshot';
import { LedgerTotals } from './ledgerTotals';

/** What a read found. */
export interface LedgerRead {
  readonly totals: LedgerTotals;
  /** Where the read ended: what a snapshot of `totals` covers. */
  readonly position: LedgerPosition;
  readonly warnings: readonly string[];
  /** Bytes of ledger read (the tail after the snapshot, or everything). */
  readonly bytesRead: number;
  /** `snapshot`: the snapshot plus its tail; `full`: every entry (no usable snapshot). */
  readonly from: 'snapshot' | 'full';
}

/** Totals of everything `store` holds, for `sessionId` as the current session. */
export async function readLedger(store: LedgerStore, sessionId: string, dayOf: (date: Date) => string): Promise<LedgerRead> {
  if (store.scan === undefined) {
    const { entries, warnings } = await store.load();
    const { totals, problems } = LedgerTotals.fromHistory(entries, sessionId, dayOf);
    return { totals, position: [], warnings: [...warnings, ...problems], bytesRead: 0, from: 'full' };
  }
  const warnings: string[] = [];
  let text: string | undefined;
  try {
    text = await store.readSnapshot?.();
  } catch (error) {
    warnings.push(`the totals snapshot could not be read (${error instanceof Error ? error.message : String(error)}); reading the whole ledger`);
  }
  const parsed = text === undefined ? undefined : parseSnapshot(text);
  if (parsed?.ok === false) warnings.push(`the totals snapshot is damaged (${parsed.error}); reading the whole ledger`);
  if (parsed?.ok === true) {
    const totals = LedgerTotals.fromState(parsed.snapshot.state, sessionId, dayOf);
    const scan = await store.scan(parsed.snapshot.position, (entry) => totals.fold(entry));
    if (scan.stale === undefined) {
      return { totals, position: scan.position, warnings: [...warnings, ...scan.warnings, ...totals.problems()], bytesRead: scan.bytesRead, from: 'snapshot' };
    }
    warnings.push(`the totals snapshot no longer matches the ledger (${scan.stale}); reading the whole ledger`);
  }
  const totals = new LedgerTotals(sessionId, dayOf);
  const scan = await store.scan(undefined, (entry) => totals.fold(entry));
  return { totals, position: scan.position, warnings: [...warnings, ...scan.warnings, ...totals.problems()], bytesRead: scan.bytesRead, from: 'full' };
}

/** The snapshot of a read, as text; call before anything else changes `read.totals`. */
export function snapshotOf(read: LedgerRead): string {
  return serializeSnapshot({ position: read.position, state: read.totals.toState() });
}

/** Whether a read left enough after the snapshot (or none) that writing a new one pays. */
export function worthSnapshotting(read: LedgerRead, store: LedgerStore): boolean {
  return store.writeSnapshot !== undefined && read.position.length > 0 && (read.from === 'full' || read.bytesRead > SNAPSHOT_AFTER_BYTES);
}

/** A tail this long is read at every start until a snapshot covers it. */
export const SNAPSHOT_AFTER_BYTES = 64 * 1024;
