// Ends every run of the main suite (a root-level `after`, so a --grep run is scanned too): every
// log, ledger, export, piece of persisted state and message the suite produced is searched for the
// API keys the tests used, and a hit fails the run naming where it is. The scanner itself is proved
// to fail on a planted key by test/unit/secretScan.test.ts.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { JsonlLedgerStore } from '../../../src/node/jsonlLedgerStore';
import { ledgerToCsv, ledgerToJsonl } from '../../../src/core/spend/ledgerExport';
import { FAKE_API_KEY } from '../../fakes/fakeAnthropic';
import { log } from '../support/log';
import { KEYS_USED, routerApi } from '../support/router';
import type { ScanSource } from '../support/secretScan';
import { describeHits, filesUnder, findSecrets } from '../support/secretScan';
import { ui, uiAvailable } from '../support/ui';

async function uiText(what: string, read: () => Promise<string>): Promise<ScanSource[]> {
  try {
    return [{ where: what, text: await read() }];
  } catch {
    return [];
  }
}

after('scan everything the suite wrote for the API keys it used', async function () {
  this.timeout(60_000);
  const api = await routerApi();
  const keys = [...new Set([...KEYS_USED, FAKE_API_KEY])];
  const artifacts = process.env.INTEGRATION_ARTIFACTS_DIR;
  const ledgerFolder = dirname(api.ledgerPath);
  const { entries } = await new JsonlLedgerStore(api.ledgerPath).load();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const sources: ScanSource[] = [
    // The window's log session: the Model Router output channel's file, the extension host's log, every other log.
    ...filesUnder(join(api.logFolder, '..')),
    // workbench.log, browser-console.log, server.log and anything else the launcher wrote so far.
    ...(artifacts ? filesUnder(artifacts).filter((source) => !source.where.endsWith('.png')) : []),
    // The ledger, and whatever else the extension keeps in its global storage.
    ...filesUnder(ledgerFolder),
    { where: 'the spend export as CSV', text: ledgerToCsv(entries) },
    { where: 'the spend export as JSONL', text: ledgerToJsonl(entries) },
    // Exports or other files the tests left in the workspace.
    ...(folder ? filesUnder(folder).filter((source) => !source.where.includes(`${join(folder, '.git')}`)) : []),
    { where: 'workspace and global state (chat history)', text: JSON.stringify(api.persistedState()) },
    { where: 'the Model Router log lines in memory', text: api.log.lines().join('\n') },
    ...(uiAvailable()
      ? [
          ...(await uiText('the chat view', () => ui.text('body', { webview: 'purpose=webviewView' }))),
          ...(await uiText('the notification center', async () => {
            await vscode.commands.executeCommand('notifications.showList');
            return ui.text('.notifications-center');
          })),
          ...(await uiText('the workbench', () => ui.text('body'))),
        ]
      : []),
  ];
  const hits = findSecrets(sources, keys);
  log(`      secrets scan: ${keys.length} keys, ${sources.length} files and texts, ${hits.length} hits`);
  assert.equal(hits.length, 0, `API keys were written where they must never be:\n${describeHits(hits)}`);
});
