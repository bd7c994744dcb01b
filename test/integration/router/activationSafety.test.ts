import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LazyModelRouterApi, ModelRouterApi } from '../../../src/extension';
import { Ledger } from '../../../src/core/spend/ledger';
import { MonthlyLedgerStore, monthFileName } from '../../../src/node/monthlyLedgerStore';
import { loadLedgerInBackground } from '../../../src/vscode/platform/ledgerLoad';
import { apiForMode } from '../../../src/vscode/platform/testApi';
import { clickNotificationButton, waitForNotification } from '../agent/agentSupport';
import { eventually } from '../support/eventually';
import { EXTENSION_ID, routerApi } from '../support/router';

describe('activation safety: the ledger load and the test-only API', () => {
  let api: ModelRouterApi;
  let folder: string;

  before(async () => {
    api = await routerApi();
    folder = mkdtempSync(join(tmpdir(), 'unreadable-ledger-'));
  });
  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('a ledger that cannot be read is a warning with Show Logs, and the load never holds up its caller', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    // A folder where this month's file should be: reading it fails with EISDIR.
    mkdirSync(join(folder, monthFileName(new Date())));
    const ledger = new Ledger({ store: new MonthlyLedgerStore(folder), sessionId: 'activation-safety' });
    let loaded = false;
    const settled = loadLedgerInBackground(ledger, folder, api.log, () => (loaded = true));
    assert.equal(ledger.loading, true, 'the caller (activation) goes on while the history is read');
    await settled;
    assert.equal(loaded, false);
    const center = await waitForNotification('could not read the spend history');
    assert.match(center, /Model Router could not read the spend history; totals count only requests from now on\./);
    assert.ok(
      api.log.lines().some((line) => line.includes(`ledger: the spend history could not be read from ${folder}`) && line.includes('EISDIR')),
      'the log says which folder and why',
    );
    // The warning carries the way to the details.
    await clickNotificationButton('Show Logs');
  });

  it('gives the activation API only to tests: any other context gets nothing', async () => {
    const extension = vscode.extensions.getExtension<LazyModelRouterApi | undefined>(EXTENSION_ID);
    assert.equal(await extension?.exports?.loaded, api, 'under tests, activate returned the API, once loaded');
    assert.equal(apiForMode(vscode.ExtensionMode.Test, api), api);
    assert.equal(apiForMode(vscode.ExtensionMode.Production, api), undefined, 'an installed Model Router gives other extensions nothing');
    assert.equal(apiForMode(vscode.ExtensionMode.Development, api), undefined, 'nor when run from its folder');
  });

  it('Open Team Policy File opens the workspace folder’s policy file, created from the starter', async () => {
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/model-router.json');
    try {
      await vscode.commands.executeCommand('modelRouter.openPolicyFile');
      const editor = await eventually(() => vscode.window.activeTextEditor?.document.uri.toString() === file.toString() && vscode.window.activeTextEditor, {
        what: 'the policy file in the editor',
        timeoutMs: 15_000,
      });
      assert.doesNotThrow(() => JSON.parse(editor.document.getText()), 'the starter is valid JSON');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
  });
});
