/**
 * Keeps an OutputHistory up to date with the ledger store: the whole history once at start, then
 * only what was appended each time the ledger changes — by this window or by another, since every
 * window shares the file. Reading goes through the store's scan, which holds no entries, so a long
 * ledger costs one pass at start and a few lines after each answer.
 */
import type { LedgerPosition } from './ledgerSnapshot';
import type { LedgerStore } from './ledgerStore';
import { OutputHistory } from './estimate';

export interface OutputFeed {
  readonly history: OutputHistory;
  /** Resolves when the first pass over the store ended. */
  readonly ready: Promise<void>;
  dispose(): void;
}

/**
 * Follows `store`, scanning again whenever `onDidChange` fires (at most one scan at a time; a
 * change during a scan scans once more after it). A store without scan gives the typical lengths.
 */
export function followLedger(store: LedgerStore, onDidChange: (listener: () => void) => { dispose(): void }, onError: (error: unknown) => void): OutputFeed {
  let history = new OutputHistory();
  let position: LedgerPosition | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const scanOnce = async (): Promise<void> => {
    if (!store.scan) return;
    const next = new OutputHistory();
    const target = position === undefined ? next : history;
    const scan = await store.scan(position, (entry) => target.add(entry));
    if (scan.stale !== undefined) {
      // The file was replaced or cut: read it again from the start rather than count twice.
      position = undefined;
      history = new OutputHistory();
      const fresh = await store.scan(undefined, (entry) => history.add(entry));
      position = fresh.position;
      return;
    }
    if (position === undefined) history = next;
    position = scan.position;
  };
  const scan = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await scanOnce();
        } while (again);
      } catch (error) {
        onError(error);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const ready = scan();
  const subscription = onDidChange(() => void scan());
  return {
    get history() {
      return history;
    },
    ready,
    dispose: () => subscription.dispose(),
  };
}
