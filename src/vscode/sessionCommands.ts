/**
 * Small commands of the router menu: show the log, reset the session's spend, open the team
 * policy file (creating a commented starting point when there is none).
 */
import * as vscode from 'vscode';
import { policyStarter } from '../core/routing/policyStarter';
import { COMMANDS } from '../core/commands';
import type { Ledger } from '../core/spend/ledger';
import type { OverrideState } from '../core/routing/overrides';
import type { Log } from './platform/log';
import { POLICY_FILE } from './platform/policyFile';
import { startSession } from './platform/session';

export function registerSessionCommands(context: vscode.ExtensionContext, deps: { ledger: Ledger; overrides: OverrideState; log: Log }): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showLog.id, () => deps.log.show()),
    vscode.commands.registerCommand(COMMANDS.resetSession.id, () => {
      deps.ledger.resetSession(startSession(context.workspaceState));
      deps.overrides.clear();
      deps.log.info('session reset: spend starts again at $0 (history kept)');
    }),
    vscode.commands.registerCommand(COMMANDS.openPolicyFile.id, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        void vscode.window.showWarningMessage('Model Router: open a folder first; the team policy file lives in its .vscode folder.');
        return;
      }
      const uri = vscode.Uri.joinPath(folder.uri, POLICY_FILE);
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(policyStarter(), null, 2)}\n`));
      }
      await vscode.window.showTextDocument(uri);
    }),
  );
}
