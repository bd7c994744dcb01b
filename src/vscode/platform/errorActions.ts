/**
 * What each error action does in VS Code, in one place for every surface: the chat's error
 * buttons and the notifications of commands. Notification buttons carry their action as a typed
 * payload (`ActionItem`), so a choice is never matched back by its label.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import type { ErrorAction } from '../../core/model/errorMessages';
import { ERROR_ACTION_LABELS } from '../../core/model/errorMessages';
import type { Log } from './log';

/** A notification button and the action it stands for. */
export interface ActionItem extends vscode.MessageItem {
  readonly action: ErrorAction;
}

/** The buttons for `actions`, worded as on every surface. */
export function actionItems(actions: readonly ErrorAction[]): ActionItem[] {
  return actions.map((action) => ({ title: ERROR_ACTION_LABELS[action], action }));
}

/**
 * Runs an action's command. `retry` is the caller's to do (it knows what to ask again), so it
 * does nothing here.
 */
export async function runErrorAction(action: ErrorAction, log: Log): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand(COMMANDS.setApiKey.id);
      return;
    case 'setGatewayKey':
      await vscode.commands.executeCommand(COMMANDS.setGatewayKey.id);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'modelRouter');
      return;
    case 'showLog':
      log.show();
      return;
    case 'chooseTier':
      await vscode.commands.executeCommand(COMMANDS.chooseTier.id);
      return;
    case 'retry':
      return;
  }
}
