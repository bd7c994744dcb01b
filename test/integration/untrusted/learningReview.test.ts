// The weekly review in an untrusted workspace: a suggestion is offered for your user settings only,
// and Apply to the team file is refused without writing it. Signals are written into the ledger's
// files, as another window would have recorded them.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { parseLedgerLine } from '../../../src/core/spend/spendRecord';
import { monthFileName } from '../../../src/node/monthlyLedgerStore';
import { eventually } from '../support/eventually';
import { routerApi } from '../support/router';
import { ui } from '../support/ui';

const panel = { webview: '!purpose=webviewView' };

describe('an untrusted workspace: the weekly review', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('offers a suggestion for your user settings only and refuses to write the team file', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted workspace');
    const api = await routerApi();
    const folder = dirname(api.ledgerPath);
    mkdirSync(folder, { recursive: true });
    const now = Date.now();
    for (let n = 0; n < 5; n++) {
      const id = randomUUID();
      const time = new Date(now - (5 - n) * 60_000).toISOString();
      const request = JSON.stringify({
        v: 1, type: 'request', id, time, sessionId: 'other-window', surface: 'chat', taskKind: 'summarize', tier: 'fast', routedTier: 'fast',
        model: 'claude-haiku-5-5', rule: 'taskKind:summarize', reasons: [],
        usage: { inputTokens: 500, outputTokens: 50, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0 },
        costMicros: 800, frontierModel: 'claude-opus-5-5', frontierCostMicros: 4000, latencyMs: 300, outcome: 'ok',
      });
      assert.ok(parseLedgerLine(request).ok);
      appendFileSync(join(folder, monthFileName(time)), `${request}\n${JSON.stringify({ v: 1, type: 'feedback', id, time, feedback: 'stronger' })}\n`);
    }
    await vscode.commands.executeCommand('modelRouter.spendReport');
    const suggestion = '.suggestion[data-id="taskKinds.summarize=balanced"]';
    await ui.waitFor(suggestion, { ...panel, timeout: 20_000 });
    assert.equal(await ui.count(`${suggestion} button:has-text("Apply to my settings")`, panel), 1);
    assert.equal(await ui.count(`${suggestion} button:has-text("Apply to the team file")`, panel), 0, 'no team-file button in an untrusted workspace');
    await ui.screenshot('untrusted-learning-suggestion');

    const said = await api.learning.act('taskKinds.summarize=balanced', 'apply', 'team');
    assert.equal(said, 'Not applied: .vscode/model-router.json is only written in a trusted workspace; apply to your user settings, or trust this workspace first.');
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode/model-router.json');
    const content = await vscode.workspace.fs.readFile(file).then((bytes) => new TextDecoder().decode(bytes), () => undefined);
    assert.ok(content === undefined || !content.includes('summarize'), 'the team file is not written');
    assert.equal(api.settings.policy.taskKinds.summarize, undefined, 'routing is unchanged');

    await ui.click(`${suggestion} button:has-text("Not now")`, panel);
    await eventually(async () => (await ui.text('.suggestion-status', panel)).startsWith('Hidden for 7 days'), { what: 'the Not now confirmation' });
    await ui.waitFor(suggestion, { ...panel, state: 'detached' });
  });
});
