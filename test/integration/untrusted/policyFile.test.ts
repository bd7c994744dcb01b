import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../support/eventually';
import { routerApi } from '../support/router';

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
});
