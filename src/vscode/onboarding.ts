/**
 * The ways in for a newcomer: Get Started (the walkthrough), Open Chat, and Add Selection to Chat.
 * The walkthrough's steps are contributed in package.json (`contributes.walkthroughs`) with their
 * Markdown in media/walkthrough/; each step's button runs one of the extension's own commands.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commands';

/** The walkthrough's id in package.json. */
export const WALKTHROUGH_ID = 'modelRouter.gettingStarted';
/** The chat view's id in package.json; VS Code derives its `.focus` command from it. */
const CHAT_VIEW = 'modelRouter.chat';

/** What `workbench.action.openWalkthrough` takes: `<extension id>#<walkthrough id>`. */
export function walkthroughArgument(extensionId: string): string {
  return `${extensionId}#${WALKTHROUGH_ID}`;
}

export function registerOnboarding(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.getStarted.id, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughArgument(context.extension.id), false),
    ),
    vscode.commands.registerCommand(COMMANDS.openChat.id, () => vscode.commands.executeCommand(`${CHAT_VIEW}.focus`)),
    // The chat's chips follow the active editor, so focusing the chat is what attaches the
    // selection; the command says so when there is none, rather than opening a chat about nothing.
    vscode.commands.registerCommand(COMMANDS.sendSelectionToChat.id, async () => {
      const editor = vscode.window.activeTextEditor;
      await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.setStatusBarMessage('Model Router: no selection — the chat has the open file attached instead.', 5000);
      }
    }),
  );
}
