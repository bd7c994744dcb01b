// A folder rule learned from the user's own signals, in the real VS Code: refactors in src/reporting
// asked through the fake API and flagged "needed stronger", refactors elsewhere flagged "right"; the
// spend report offers a rule for src/reporting/** (not the kind everywhere) with its evidence and the
// folder's row in the week view; Apply writes it to the user's settings, and the next refactor in that
// folder goes to the frontier model with the rule and its origin in the reasons, one elsewhere does not.
// Then a rule for python files, applied to the team file, routes the next python refactor the same way.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RECENT_TASKS } from '../../../src/core/learning/suggestions';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { neverPendingSuggestions } from '../support/learning';
import { resetSettings, withFakeApi } from '../support/router';
import type { ModelRouterApi } from '../../../src/extension';
import { ui } from '../support/ui';

const panel = { webview: '!purpose=webviewView' };
const ID = 'rules.refactor@src/reporting/**=frontier';
const SUGGESTION = `.suggestion[data-id="${ID}"]`;
const PYTHON = 'rules.refactor@language:python=frontier';
/** Flagged in the folder; the rest of the kind's recent tasks are elsewhere and right. */
const IN_FOLDER = 4;

function refactor(api: ModelRouterApi, file: string, n: number, languageId = 'typescript') {
  const prompt = `tidy up the totals in ${file.split('/').pop()} (${n})`;
  return api.engine.run({
    request: { surface: 'chat', prompt, taskKind: 'refactor', signals: { files: [file], languageId } },
    prompt: () => ({ system: [{ type: 'text', text: 'You are a test.' }], messages: [{ role: 'user', content: prompt }], maxTokens: 256 }),
  });
}

describe('folder rules learned from your signals: suggested in the report, applied, and routing by them', function () {
  this.timeout(180_000);
  const env = withFakeApi();
  before(() => neverPendingSuggestions(env.api));
  const teamFile = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/model-router.json');
  after(async () => {
    await resetSettings(['policy.rules']);
    await vscode.workspace.fs.delete(teamFile()).then(undefined, () => undefined);
    await env.api.settings.reload();
    await env.api.learning.update();
    // With the rule gone its evidence counts again; the tests after these need no pending suggestion.
    await env.api.learning.act(ID, 'never');
    await env.api.learning.act(PYTHON, 'never');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers refactor in src/reporting/** → frontier with its evidence; Apply routes the next refactor there to frontier, naming the rule', async () => {
    const api = env.api;
    let n = 0;
    for (const [file, feedback, count] of [
      ['lib/format.ts', 'right', RECENT_TASKS - IN_FOLDER],
      ['src/reporting/monthly.ts', 'stronger', IN_FOLDER],
    ] as const) {
      for (let i = 0; i < count; i++) {
        env.fake.enqueue(ok({ text: [`Refactored ${++n}.`], usage: { inputTokens: 1200, outputTokens: 150 } }));
        const result = await refactor(api, file, n);
        assert.equal(result.kind, 'done');
        if (result.kind !== 'done') return;
        assert.equal(result.decision.tier, 'balanced', 'refactors start on balanced');
        assert.ok(await api.ledger.addFeedback(result.record.id, feedback));
      }
    }

    await vscode.commands.executeCommand('modelRouter.spendReport');
    await ui.waitFor(SUGGESTION, { ...panel, timeout: 20_000 });
    assert.equal(await ui.count('.suggestion[data-id="taskKinds.refactor=frontier"]', panel), 0, 'the kind everywhere is not offered: elsewhere it was right');
    const text = await ui.text(`${SUGGESTION} .suggestion-text`, panel);
    assert.equal(text, `${IN_FOLDER} of your last ${IN_FOLDER} signals on refactor in src/reporting/ said it needed a stronger tier (${IN_FOLDER} × your flag: needed stronger) → route refactor in src/reporting/** to frontier?`);
    await ui.click(`${SUGGESTION} summary`, panel);
    const evidence = await ui.texts(`${SUGGESTION} .evidence li`, panel);
    assert.equal(evidence.filter((line) => /balanced \(claude-sonnet-5-5\) · your flag: needed stronger$/.test(line)).length, IN_FOLDER, `the evidence lists the flagged requests: ${JSON.stringify(evidence)}`);
    assert.equal(await ui.count(`${SUGGESTION} button:has-text("Apply to the team file")`, panel), 1, 'a rule that raises a tier may go to the team file');
    const row = await ui.texts('tr[data-key="refactor src/reporting"] td', panel);
    assert.deepEqual(row.slice(0, 3), [String(IN_FOLDER), String(IN_FOLDER), '—'], `the week view's row for refactor in src/reporting: ${JSON.stringify(row)}`);
    await ui.screenshot('folder-rule-suggestion');

    await ui.click(`${SUGGESTION} button:has-text("Apply to my settings")`, panel);
    await eventually(async () => (await ui.text('.suggestion-status', panel)).startsWith('Refactor in src/reporting/**'), { what: 'the Apply confirmation' });
    assert.equal(await ui.text('.suggestion-status', panel), 'Refactor in src/reporting/** now routes to frontier, written to your user settings (modelRouter.policy.rules).');
    await ui.waitFor(SUGGESTION, { ...panel, state: 'detached' });
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    assert.deepEqual(vscode.workspace.getConfiguration('modelRouter').inspect('policy.rules')?.globalValue, [
      { taskKind: 'refactor', paths: ['src/reporting/**'], tier: 'frontier', learned: { on: date, signals: IN_FOLDER, of: IN_FOLDER, said: 'stronger' } },
    ]);

    env.fake.enqueue(ok({ text: ['Refactored once more.'], usage: { inputTokens: 1200, outputTokens: 150 } }));
    const next = await refactor(api, 'src/reporting/weekly.ts', ++n);
    assert.ok(next.kind === 'done');
    if (next.kind !== 'done') return;
    assert.equal(env.fake.requests[env.fake.requests.length - 1].model, 'claude-opus-5-5', 'the next refactor in src/reporting goes to the frontier model');
    assert.ok(
      next.decision.reasons.includes(`Rule from your feedback, applied ${date} (${IN_FOLDER} of ${IN_FOLDER} signals said it needed a stronger tier), in your user settings: refactor in src/reporting/** → frontier`),
      `the decision names the rule and its origin: ${JSON.stringify(next.decision.reasons)}`,
    );
    env.fake.enqueue(ok({ text: ['Refactored elsewhere.'], usage: { inputTokens: 1200, outputTokens: 150 } }));
    const elsewhere = await refactor(api, 'lib/format.ts', n + 1);
    assert.ok(elsewhere.kind === 'done' && elsewhere.decision.tier === 'balanced', 'a refactor in another folder stays on balanced');
    assert.equal(env.fake.requests[env.fake.requests.length - 1].model, 'claude-sonnet-5-5');
  });

  it('a language rule applied to the team file: written to .vscode/model-router.json, and the next python refactor routes by it, naming the file', async () => {
    const api = env.api;
    await vscode.workspace.fs.writeFile(teamFile(), new TextEncoder().encode(JSON.stringify({ scope: { balancedAtFiles: 4 } }, null, 2)));
    // Read it now: in one run of this test the file watcher did not report a file created with its
    // .vscode folder within 30 s (the weekly review's test covers the watcher); here the Apply is tested.
    await eventually(
      async () => {
        await api.settings.reload();
        return api.settings.policy.scope.balancedAtFiles === 4;
      },
      { what: `the team file to apply (${JSON.stringify(api.settings.policyFileState)})`, timeoutMs: 30_000 },
    );
    // Files at the workspace's root are in no folder: only the language can hold these signals.
    for (let n = 1; n <= IN_FOLDER; n++) {
      env.fake.enqueue(ok({ text: [`Refactored gen ${n}.`], usage: { inputTokens: 1200, outputTokens: 150 } }));
      const result = await refactor(api, 'gen.py', 100 + n, 'python');
      assert.ok(result.kind === 'done' && result.decision.tier === 'balanced', 'python refactors start on balanced');
      if (result.kind === 'done') assert.ok(await api.ledger.addFeedback(result.record.id, 'stronger'));
    }
    await vscode.commands.executeCommand('modelRouter.spendReport');
    const python = `.suggestion[data-id="${PYTHON}"]`;
    await ui.waitFor(python, { ...panel, timeout: 20_000 });
    assert.match(await ui.text(`${python} .suggestion-text`, panel), /^4 of your last 4 signals on refactor in python files said it needed a stronger tier \(4 × your flag: needed stronger\) → route refactor in python files to frontier\?$/);
    await ui.click(`${python} button:has-text("Apply to the team file")`, panel);
    await eventually(async () => (await ui.text('.suggestion-status', panel)) === 'Refactor in python files now routes to frontier, written to the team policy file (.vscode/model-router.json, rules).', {
      what: 'the Apply confirmation for the team file',
    });
    const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(teamFile()))) as { scope: unknown; rules: Array<Record<string, unknown>> };
    assert.deepEqual(written.scope, { balancedAtFiles: 4 }, 'the file’s other fields are kept');
    assert.deepEqual(written.rules.map((rule) => [rule.taskKind, rule.languages, rule.tier]), [['refactor', ['python'], 'frontier']]);
    assert.deepEqual(
      (vscode.workspace.getConfiguration('modelRouter').inspect<unknown[]>('policy.rules')?.globalValue ?? []).length,
      1,
      'user settings keep only the src/reporting rule',
    );

    env.fake.enqueue(ok({ text: ['Refactored the generator.'], usage: { inputTokens: 1200, outputTokens: 150 } }));
    const next = await refactor(api, 'gen.py', 200, 'python');
    assert.ok(next.kind === 'done');
    if (next.kind !== 'done') return;
    assert.equal(env.fake.requests[env.fake.requests.length - 1].model, 'claude-opus-5-5', 'the next python refactor goes to the frontier model');
    assert.ok(
      next.decision.reasons.some((reason) => /^Rule from your feedback, applied \d{4}-\d{2}-\d{2} \(4 of 4 signals said it needed a stronger tier\), in the team policy file: refactor in python files → frontier$/.test(reason)),
      `the decision names the team file: ${JSON.stringify(next.decision.reasons)}`,
    );
  });
});
