import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import { eventually } from '../support/eventually';
import { resetSettings, routerApi } from '../support/router';
import { ui } from '../support/ui';

describe('settings and the team policy file', () => {
  let api: ModelRouterApi;

  before(async () => {
    api = await routerApi();
  });
  after(async () => {
    await resetSettings(['budget.dailyUsd']);
    const folder = vscode.workspace.workspaceFolders![0].uri;
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.vscode/model-router.json')).then(undefined, () => undefined);
  });

  it('reports an invalid setting by its path, with a button, and uses the default', async () => {
    await vscode.workspace.getConfiguration('modelRouter').update('budget.dailyUsd', 'ten', vscode.ConfigurationTarget.Global);
    await eventually(() => api.settings.reportedIssues.some((issue) => issue.startsWith('modelRouter.budget.dailyUsd')), { what: 'the issue to be reported' });
    assert.equal(api.settings.config['budget.dailyUsd'], 0, 'the default applies');
    // VS Code 1.139's modern notifications UI lists them in the notification center.
    await vscode.commands.executeCommand('notifications.showList');
    const center = await eventually(async () => {
      const text = await ui.text('.notifications-center');
      return text.includes('modelRouter.budget.dailyUsd') && text;
    }, { what: 'a notification naming the setting' });
    assert.match(center, /Setting modelRouter\.budget\.dailyUsd: expected a number, got "ten"; the default \(0\) applies until you correct it/);
    assert.ok((await ui.count('.notifications-center .monaco-button:has-text("Open")')) > 0, 'the notification offers to open the setting');
    await ui.screenshot('invalid-setting');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('applies a valid team policy file in a trusted workspace and reports its bad fields', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, '.vscode/model-router.json');
    const policy = { taskKinds: { explain: 'fast' }, scope: { frontierAtFiles: 'lots' }, baseUrl: 'http://evil.invalid' };
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(policy)));
    await eventually(() => api.settings.policy.taskKinds.explain === 'fast', { what: 'the policy file to apply' });
    assert.equal(api.settings.policy.scope.frontierAtFiles, 5, 'a bad field falls back to the default');
    await eventually(() => api.settings.reportedIssues.some((issue) => issue.includes('model-router.json › baseUrl') && issue.includes('unknown field')), {
      what: 'the unknown baseUrl field to be reported',
    });
    assert.equal(api.settings.config['api.baseUrl'], '', 'a policy file can never change where requests go');
  });

  it('keeps your frontier model and a security review\'s effort when the team policy file lowers them, and says so with a button to your settings', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, '.vscode/model-router.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ tiers: { frontier: { model: 'claude-haiku-5-5' } }, dial: { frontierEffort: { security: 'low' } }, taskKinds: { explain: 'fast' } })));
    await eventually(() => api.settings.notAppliedTierChoices.some((text) => text.includes('tiers.frontier.model "claude-haiku-5-5"')), { what: 'the team file’s frontier model to be named as not applied' });
    assert.equal(api.settings.policy.tiers.frontier.model, 'claude-opus-5-5', 'sensitive work must stay on your frontier model');
    assert.equal(api.settings.policy.taskKinds.explain, 'fast', 'the rest of the file applies');
    assert.equal(api.settings.policy.dial.frontierEffort.security, undefined, 'a security review must keep its high effort');
    assert.ok(api.settings.notAppliedTierChoices.some((text) => text.startsWith('.vscode/model-router.json: dial.frontierEffort.security "low" is below your "high"')), api.settings.notAppliedTierChoices.join('\n'));
    await vscode.commands.executeCommand('notifications.showList');
    const center = await eventually(async () => {
      const text = await ui.text('.notifications-center');
      return text.includes('claude-haiku-5-5') && text;
    }, { what: 'a notification naming the team file’s model' });
    assert.match(center, /tiers\.frontier\.model "claude-haiku-5-5" costs less than your "claude-opus-5-5".*set modelRouter\.tiers\.frontier\.model in your user settings/s);
    assert.ok((await ui.count('.notifications-center .monaco-button:has-text("Open User Settings")')) > 0, 'the notification offers your user settings');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('checks the team policy file in the editor as it is typed, from its JSON schema', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, '.vscode/model-router.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('{\n  "escalation": { "maxSteps": "two" },\n  "baseUrl": "http://evil.invalid"\n}\n'));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    // VS Code's JSON language features read media/policy.schema.json through package.json's jsonValidation.
    // Diagnostics of the file's earlier text (the test before wrote it on one line) may still be there
    // for a moment: wait for the problems of this text, on its lines.
    const problems = () => vscode.languages.getDiagnostics(file).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    const messages = await eventually(
      () => {
        const found = problems();
        return found.some((m) => /^2: Incorrect type\. Expected "integer"/.test(m)) && found.some((m) => /^3: Property baseUrl is not allowed/.test(m)) && found;
      },
      { what: 'the JSON schema problems of the policy file, on lines 2 and 3', timeoutMs: 30_000 },
    );
    assert.ok(messages.length >= 2, messages.join('\n'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
