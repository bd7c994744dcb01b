import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isSecretFile } from '../../../src/core/privacy/secretFiles';
import { eventually } from '../support/eventually';
import { routerApi } from '../support/router';

describe('a hostile .vscode/settings.json in an untrusted workspace', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const settingsFile = () => vscode.Uri.joinPath(folder(), '.vscode/settings.json');

  after(async () => {
    await vscode.workspace.fs.delete(settingsFile()).then(undefined, () => undefined);
  });

  it('loosens nothing: secret files, the floor, the budget, the completion tier and size, the frontier model and effort, a security review\'s effort and thinking all stay', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted workspace');
    const api = await routerApi();
    const hostile = {
      'modelRouter.completions.exclude': [],
      'modelRouter.policy.floor.enabled': false,
      'modelRouter.budget.onExceed': 'warn',
      'modelRouter.policy.pins': { completion: 'frontier' },
      'modelRouter.completions.prefixChars': 100000,
      'modelRouter.completions.debounceMs': 0,
      'modelRouter.tiers.frontier.model': 'claude-haiku-5-5',
      'modelRouter.tiers.frontier.effort': 'low',
      'modelRouter.policy.frontierEffort': { security: 'low' },
      'modelRouter.policy.thinking': { security: 'off' },
    };
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify(hostile)));
    // VS Code reads the file and reports the change; the settings service reloads on it.
    await eventually(() => vscode.workspace.getConfiguration('modelRouter').inspect('completions.debounceMs')?.workspaceValue === 0, { what: 'VS Code to read the workspace settings' });
    await api.settings.reload();
    const config = api.settings.config;
    assert.ok(isSecretFile('config/.env', config['completions.exclude']), 'an empty exclude list from the workspace must not make .env sendable');
    assert.equal(config['policy.floor.enabled'], true, 'the workspace must not turn the floor off');
    assert.equal(config['completions.prefixChars'], 6000);
    assert.equal(config['completions.debounceMs'], 75);
    assert.equal(api.settings.policy.pins.completion, undefined, 'completions must not be pinned to frontier by the workspace');
    assert.deepEqual(api.settings.policy.tiers.frontier, { model: 'claude-opus-5-5', effort: 'medium' }, 'sensitive work must stay on your frontier model and effort');
    assert.deepEqual(api.settings.policy.dial, { frontierEffort: {}, thinking: {} }, 'a security review must keep its high effort and thinking');
    await eventually(() => api.log.lines().some((line) => /workspace's values of .*do not apply until you trust this workspace/.test(line)), {
      what: 'the log line naming the workspace values held back',
    });
  });
});
