import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/core/commands';
import { eventually } from '../support/eventually';
import { routerApi, STATUS_ITEM, EXTENSION_ID } from '../support/router';
import { ui } from '../support/ui';

describe('activation', () => {
  it('registers every command of the manifest', async () => {
    await routerApi();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: Array<{ command: string }> } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands in package.json but not registered: ${missing.join(', ')}`);
    assert.equal(manifest.contributes.commands.length, Object.keys(COMMANDS).length);
  });

  it('shows the session’s spend in the status bar, $0.00 for a new session', async () => {
    await routerApi();
    // Test folders that sort before this one have spent in this window already.
    await vscode.commands.executeCommand('modelRouter.resetSession');
    // The item redraws on the ledger's change event, a moment after the reset.
    let text = '';
    await eventually(async () => {
      text = (await ui.text(STATUS_ITEM)).trim();
      return /\$0\.00/.test(text);
    }, { what: 'the status bar item to show $0.00' }).catch(() => undefined);
    assert.match(text, /\$0\.00/, `status bar shows ${JSON.stringify(text)}`);
  });
});
