// A representative set of settings and team-policy fields with values of the wrong type, in the
// real VS Code: the user is told about each (naming it and what it takes), the valid rest applies,
// and requests still route. Every field is covered at unit level (test/unit/wrongTypes.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { ask, resetSettings, withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const WRONG: Record<string, unknown> = {
  'completions.debounceMs': 'fast',
  'policy.pins': 7,
  'api.idleTimeoutSeconds': 'soon',
  'budget.onExceed': 42,
};

async function notificationTexts(): Promise<string[]> {
  await vscode.commands.executeCommand('notifications.showList');
  return ui.texts('.notifications-center .notification-list-item');
}

describe('settings and policy fields of the wrong type, in the editor', () => {
  const env = withFakeApi();
  const policyFile = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/model-router.json');

  after(async () => {
    await resetSettings([...Object.keys(WRONG), 'policy.scope.frontierAtFiles']);
    await vscode.workspace.fs.delete(policyFile()).then(undefined, () => undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('names each bad setting and what it takes, keeps the good one, and still routes a request', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('policy.scope.frontierAtFiles', 8, vscode.ConfigurationTarget.Global);
    for (const [key, value] of Object.entries(WRONG)) await section.update(key, value, vscode.ConfigurationTarget.Global);
    await eventually(() => Object.keys(WRONG).every((key) => env.api.settings.reportedIssues.some((issue) => issue.startsWith(`modelRouter.${key}:`))), {
      what: 'every bad setting to be reported',
    });

    // Each update is a change of its own, so each bad setting gets its notification.
    const texts = await eventually(async () => {
      const all = (await notificationTexts()).filter((text) => text.includes('Model Router: Setting'));
      return Object.keys(WRONG).every((key) => all.some((text) => text.includes(`modelRouter.${key}:`))) && all;
    }, { what: 'a notification naming each bad setting' });
    for (const text of texts) assert.match(text, /Setting modelRouter\.[\w.]+: (expected|must) .*, got .*applies until you correct it/, `unclear notice: ${text}`);
    assert.equal(await ui.count('.notifications-center .notification-list-item:has-text("Model Router: Setting") .monaco-button:has-text("Open")'), texts.length, 'each offers to open its setting');
    for (const key of Object.keys(WRONG)) {
      assert.ok(env.api.log.lines().some((line) => line.includes(`Setting modelRouter.${key}: expected`)), `the log names modelRouter.${key}`);
    }
    await ui.screenshot('wrong-type-settings');

    assert.equal(env.api.settings.config['completions.debounceMs'], 75, 'the default applies to a bad setting');
    assert.equal(env.api.settings.config['budget.onExceed'], 'warn');
    assert.equal(env.api.settings.policy.scope.frontierAtFiles, 8, 'the valid setting beside them applies');
    env.fake.enqueue(ok({ text: ['Routed.'] }));
    const result = await ask(env.api, 'write tests for the date parser');
    assert.equal(result.kind === 'done' && result.result.text, 'Routed.');
    assert.equal(env.fake.requests[0].model, 'claude-sonnet-5-5', 'the request routes as usual');
  });

  // Values no other suite uses: an issue already reported in this window is not notified again.
  it('names each bad field of the team policy file, applies the rest, and still routes a request', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const policy = { taskKinds: { tests: 'frontier' }, scope: { frontierAtFiles: 'plenty' }, floor: { enabled: 'nope' } };
    await vscode.workspace.fs.writeFile(policyFile(), new TextEncoder().encode(JSON.stringify(policy)));
    await eventually(() => env.api.settings.policy.taskKinds.tests === 'frontier', { what: 'the valid part of the policy file to apply' });
    const texts = await eventually(async () => {
      const all = (await notificationTexts()).filter((text) => text.includes('model-router.json ›'));
      return all.length >= 2 && all;
    }, { what: 'the notifications about the bad policy fields' });
    assert.ok(texts.some((text) => /model-router\.json › scope\.frontierAtFiles: expected a number, got "plenty"; the default applies until you correct it/.test(text)), JSON.stringify(texts));
    assert.ok(texts.some((text) => /model-router\.json › floor\.enabled: expected true or false, got "nope"/.test(text)), JSON.stringify(texts));
    assert.equal(env.api.settings.policy.scope.frontierAtFiles, 8, "under a bad file field the user's own setting stays in force");
    assert.equal(env.api.settings.policy.floor.enabled, true);
    env.fake.enqueue(ok({ text: ['Routed by the team policy.'] }));
    await ask(env.api, 'write tests for the date parser');
    assert.equal(env.fake.requests[0].model, 'claude-opus-5-5', "the file's valid field routes the request");
  });
});
