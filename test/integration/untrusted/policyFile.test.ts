import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../support/eventually';
import { routerApi } from '../support/router';
import { ui } from '../support/ui';

describe('an untrusted workspace', () => {
  it('ignores the team policy file and says so in the log', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted workspace');
    const api = await routerApi();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, '.vscode/model-router.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ taskKinds: { architecture: 'fast' } })));
    await api.settings.reload();
    await eventually(() => api.log.lines().some((line) => line.includes('model-router.json is ignored until you trust this workspace')), {
      what: 'the log line about the ignored policy file',
    });
    assert.equal(api.settings.policy.taskKinds.architecture, undefined, 'an untrusted policy file must not change routing');
    assert.equal(api.engine.preview({ surface: 'chat', prompt: 'design the architecture of the sync service' }).tier, 'frontier');
  });

  it('tells the user once, in a notification that offers to manage workspace trust', async () => {
    const api = await routerApi();
    await api.settings.reload();
    await api.settings.reload();
    await vscode.commands.executeCommand('notifications.showList');
    const notice = 'Model Router: .vscode/model-router.json is ignored until you trust this workspace.';
    const texts = await eventually(async () => {
      const all = await ui.texts('.notifications-center .notification-list-item');
      return all.some((text) => text.includes(notice)) && all;
    }, { what: 'the notification about the ignored policy file' });
    assert.equal(texts.filter((text) => text.includes(notice)).length, 1, `shown once, not at every reload: ${JSON.stringify(texts)}`);
    assert.ok((await ui.count('.notifications-center .monaco-button:has-text("Manage Workspace Trust")')) > 0, 'the notification offers to manage trust');
    await ui.screenshot('untrusted-policy-file');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });
});
