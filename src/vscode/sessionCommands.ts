/**
 * Small commands of the router menu: show the log, reset the session's spend, open the team
 * policy file (creating a commented starting point when there is none).
 */
import * as vscode from 'vscode';
import { choosePolicyFolder } from '../core/routing/policyFolder';
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
      const folder = await policyFolder();
      if (folder === null) return;
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

/**
 * The folder whose policy file to open: the only one, the active editor's when its file is the one
 * applied, else the user's pick (null when the pick is dismissed); undefined without a folder.
 */
async function policyFolder(): Promise<vscode.WorkspaceFolder | undefined | null> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const exists = await Promise.all(
    folders.map((folder) =>
      vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, POLICY_FILE)).then(
        () => true,
        () => false,
      ),
    ),
  );
  const editor = vscode.window.activeTextEditor?.document.uri;
  const active = editor ? vscode.workspace.getWorkspaceFolder(editor)?.index : undefined;
  const choice = choosePolicyFolder(
    folders.map((folder, index) => ({ name: folder.name, hasFile: exists[index] })),
    active,
  );
  if (choice.kind === 'none') return undefined;
  if (choice.kind === 'folder') return folders[choice.index];
  const picked = await vscode.window.showQuickPick(
    choice.items.map((item) => ({ label: item.label, description: item.description, index: item.index })),
    { title: 'Open Team Policy File', placeHolder: 'Which folder’s .vscode/model-router.json? Model Router applies the first folder’s that has one.' },
  );
  return picked ? folders[picked.index] : null;
}
