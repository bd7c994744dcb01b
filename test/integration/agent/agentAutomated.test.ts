import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../support/eventually';
import { ui } from '../support/ui';
import { closeEverything, withAgentEnv, ledgerRequests, newLedgerRequests, openFile, textOf } from './agentSupport';

describe('agent commands on the automated tier', () => {
  const env = withAgentEnv();
  afterEach(closeEverything);

  it('Format Document runs VS Code’s formatter, sends nothing to the API and records $0', async () => {
    const editor = await openFile('config.json', '{"name":"router","tiers":[1,2]}\n');
    const before = ledgerRequests(env.api).length;
    await vscode.commands.executeCommand('modelRouter.formatDocument');
    await eventually(() => textOf(editor) !== '{"name":"router","tiers":[1,2]}\n' && textOf(editor), { what: 'the JSON formatter to change the file', timeoutMs: 20_000 });
    assert.match(textOf(editor), /^\{\n\s+"name": "router",\n\s+"tiers": \[\n?\s*1,/);
    assert.equal(env.fake.requests.length, 0, 'formatting must not reach the model API');
    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.taskKind, r.tier, r.model, r.costMicros, r.rule]), [['format', 'automated', 'vscode-command', 0, 'taskKind:format']]);
  });

  it('Rename Symbol renames through VS Code’s rename box and records $0', async function () {
    this.timeout(60_000); // the TypeScript server starts on the first .ts file
    const editor = await openFile('src/rename.ts', 'export const oldName = 1;\nexport const twice = oldName * 2;\n');
    vscode.window.activeTextEditor!.selection = new vscode.Selection(0, 15, 0, 15);
    const before = ledgerRequests(env.api).length;
    const done = vscode.commands.executeCommand('modelRouter.renameSymbol');
    const input = '.rename-box input, .rename-box textarea, .rename-input';
    await ui.waitFor(input, { timeout: 40_000 });
    await ui.fill(input, 'newName');
    await ui.press('Enter', { selector: input });
    await done;
    await eventually(() => textOf(editor) === 'export const newName = 1;\nexport const twice = newName * 2;\n', { what: 'both uses renamed', timeoutMs: 20_000 });
    assert.equal(env.fake.requests.length, 0, 'renaming must not reach the model API');
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.taskKind, r.tier, r.costMicros]), [['rename', 'automated', 0]]);
  });

  it('Organize Imports runs VS Code’s command at $0', async () => {
    const before = ledgerRequests(env.api).length;
    await openFile('src/imports.ts', "import { b } from './b';\nimport { a } from './a';\nexport const c = a + b;\n");
    await vscode.commands.executeCommand('modelRouter.organizeImports');
    assert.equal(env.fake.requests.length, 0, 'organizing imports must not reach the model API');
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.taskKind, r.tier, r.costMicros]), [['imports', 'automated', 0]]);
  });
});
