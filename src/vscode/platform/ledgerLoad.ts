/**
 * Reads the spend history in the background: the extension works meanwhile (requests count at
 * once, the status bar says it is loading), and a failed read is a warning with Show Logs, never a
 * failed start. Returns the settled read, for tests; activation does not wait for it.
 */
import * as vscode from 'vscode';
import type { Ledger } from '../../core/spend/ledger';
import type { Log } from './log';

export const LEDGER_LOAD_WARNING = 'Model Router could not read the spend history; totals count only requests from now on.';

export function loadLedgerInBackground(ledger: Ledger, folder: string, log: Log, onLoaded: () => void): Promise<void> {
  const started = Date.now();
  return ledger.load().then(
    (loaded) => {
      onLoaded();
      loaded.warnings.forEach((warning) => log.warn(`ledger: ${warning}`));
      log.info(`ledger: ${loaded.records} requests from ${folder} in ${Date.now() - started} ms (${loaded.from === 'snapshot' ? 'snapshot' : 'full read'}, ${loaded.bytesRead ?? 0} bytes read)`);
    },
    (error: unknown) => {
      log.error(`ledger: the spend history could not be read from ${folder}: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showWarningMessage(LEDGER_LOAD_WARNING, 'Show Logs').then((choice) => choice === 'Show Logs' && log.show());
    },
  );
}
