import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { ui } from '../support/ui';
import { clickNotificationButton, closeEverything, withAgentEnv, notificationButton, ledgerRequests, newLedgerRequests, answerInputBox, openFile, textOf, waitForNotification, undoUntil } from './agentSupport';

const SOURCE = ['export function total(items: number[]): number {', '  let sum = 0;', '  for (const item of items) sum += item;', '  return sum;', '}', ''].join('\n');
const usage = { inputTokens: 1000, outputTokens: 200 };

describe('agent commands that edit code', () => {
  const env = withAgentEnv();
  afterEach(closeEverything);

  it('Explain Selection goes to Sonnet and opens the explanation with the model, tier, rule and cost', async () => {
    await openFile('src/total.ts', SOURCE, { from: 0, to: 4 });
    const before = ledgerRequests(env.api).length;
    env.fake.enqueue(ok({ text: ['It adds ', 'up the **items**.'], usage }));
    await vscode.commands.executeCommand('modelRouter.explainSelection');
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'explanations go to the balanced tier');
    const shown = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'markdown' && e.document.getText().includes('adds up')), { what: 'the explanation document' });
    // 1000 × $2 + 200 × $10 per MTok = $0.0040
    assert.match(textOf(shown), /^# Explanation of src\/total\.ts:1-5\n\n_Sonnet 5\.5 · balanced · taskKind:explain — \$0\.0040_\n\nIt adds up the \*\*items\*\*\./);
    const center = await waitForNotification('Explained');
    assert.match(center, /Explained — Sonnet 5\.5 · balanced · taskKind:explain — \$0\.0040/);
    assert.ok((await ui.count(notificationButton('Redo one tier up'))) > 0, 'the message offers Redo one tier up');
    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.surface, r.taskKind, r.model, r.costMicros]), [['command', 'explain', 'claude-sonnet-5-5', 4000]]);
  });

  it('Redo one tier up asks the frontier model for the same explanation', async () => {
    await openFile('src/total.ts', SOURCE, { from: 0, to: 4 });
    env.fake.enqueue(ok({ text: ['Sums.'], usage }), ok({ text: ['Sums numbers, in depth.'], usage }));
    await vscode.commands.executeCommand('modelRouter.explainSelection');
    await clickNotificationButton('Redo one tier up');
    await env.fake.waitForRequests(2);
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    await eventually(() => vscode.window.visibleTextEditors.some((e) => e.document.getText().includes('_Opus 5.5 · frontier · override:next')), { what: 'the redone explanation from Opus' });
  });

  it('Add Docstring goes to Haiku, is previewed, inserted above the function, and undone in one step', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['```ts\n/** Adds up the items. */\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.addDocstring');
    await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('proposed (Model Router)'))), { what: 'the diff preview tab' });
    assert.equal(textOf(editor), SOURCE, 'nothing changes before Apply');
    await clickNotificationButton('Apply');
    await done;
    assert.equal(env.fake.requests[0]?.model, 'claude-haiku-5-5', 'docstrings go to the fast tier');
    assert.equal(textOf(editor), `/** Adds up the items. */\n${SOURCE}`);
    await undoUntil(editor, SOURCE);
  });

  it('a docstring answer that does not parse is asked again one tier up, and the better one is applied', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['Sorry, no code here.'], usage }), ok({ text: ['```ts\n/** Sum of items. */\n```'], usage }));
    const before = ledgerRequests(env.api).length;
    const done = vscode.commands.executeCommand('modelRouter.addDocstring');
    await clickNotificationButton('Apply');
    await done;
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-haiku-5-5', 'claude-sonnet-5-5'], 'the fast answer failed its check, so balanced was asked');
    assert.equal(textOf(editor), `/** Sum of items. */\n${SOURCE}`);
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome]), [['claude-haiku-5-5', 'escalated'], ['claude-sonnet-5-5', 'ok']]);
  });

  it('Refactor Selection… asks what to do, goes to Sonnet, applies the diff and undoes in one step', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    env.fake.enqueue(ok({ text: ['```ts\n  return items.reduce((sum, item) => sum + item, 0);\n```\nUses reduce.'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('use reduce');
    await clickNotificationButton('Apply');
    await done;
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'refactors go to the balanced tier');
    assert.match(JSON.stringify(env.fake.requests[0]?.body), /The user asks: use reduce/, 'the instruction reaches the model');
    assert.equal(textOf(editor), 'export function total(items: number[]): number {\n  return items.reduce((sum, item) => sum + item, 0);\n}\n');
    await undoUntil(editor, SOURCE);
  });

  it('a refactor whose code does not parse is retried on Opus', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    env.fake.enqueue(ok({ text: ['```ts\n  return items.reduce((sum, item) => {\n```'], usage }), ok({ text: ['```ts\n  return items.reduce((a, b) => a + b, 0);\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('shorter');
    await clickNotificationButton('Apply');
    await done;
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.match(textOf(editor), /items\.reduce\(\(a, b\) => a \+ b, 0\)/);
  });

  it('Discard leaves the file as it was', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    env.fake.enqueue(ok({ text: ['```ts\n  return 0;\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('break it');
    await clickNotificationButton('Discard');
    await done;
    assert.equal(textOf(editor), SOURCE);
  });

  it('Fix the Problem at the Cursor sends the diagnostics and applies the fix', async () => {
    const broken = SOURCE.replace('return sum;', 'return summ;');
    const editor = await openFile('src/total.ts', broken);
    const diagnostics = vscode.languages.createDiagnosticCollection('agent-test');
    try {
      diagnostics.set(editor.document.uri, [new vscode.Diagnostic(new vscode.Range(3, 9, 3, 13), "Cannot find name 'summ'.", vscode.DiagnosticSeverity.Error)]);
      editor.selection = new vscode.Selection(3, 10, 3, 10);
      env.fake.enqueue(ok({ text: ['```ts\n  return sum;\n```\nA typo.'], usage }));
      const done = vscode.commands.executeCommand('modelRouter.fixProblem');
      await clickNotificationButton('Apply');
      await done;
      assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'bug fixes go to the balanced tier');
      assert.match(JSON.stringify(env.fake.requests[0]?.body), /4: error: Cannot find name 'summ'/);
      assert.equal(textOf(editor), SOURCE);
      await undoUntil(editor, broken);
    } finally {
      diagnostics.dispose();
    }
  });

  it('Write Tests for This File goes to Sonnet and creates the test file beside the source', async () => {
    await openFile('src/total.ts', SOURCE);
    const testUri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src/total.test.ts');
    await vscode.workspace.fs.delete(testUri).then(undefined, () => undefined);
    env.fake.enqueue(ok({ text: ['```ts\nimport { total } from "./total";\nit("sums", () => expect(total([1, 2])).toBe(3));\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.writeTests');
    await clickNotificationButton('Apply');
    await done;
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'tests go to the balanced tier');
    const opened = await eventually(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('src/total.test.ts') && vscode.window.activeTextEditor, { what: 'the new test file to open' });
    assert.match(textOf(opened), /^import \{ total \} from "\.\/total";\nit\("sums"/);
  });

  it('Cancel stops the request at the API and changes nothing', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    const before = ledgerRequests(env.api).length;
    env.fake.enqueue(ok({ text: Array.from({ length: 80 }, (_, i) => `word${i} `), deltaDelayMs: 100 }));
    const done = vscode.commands.executeCommand('modelRouter.explainSelection');
    const request = (await env.fake.waitForRequests(1))[0];
    await clickNotificationButton('Cancel');
    await done;
    await eventually(() => request.closedAt !== undefined, { what: 'the fake to see the request closed' });
    assert.equal(request.completed, false, 'the answer must be cut off, not streamed to its end');
    assert.equal(textOf(editor), SOURCE);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.languageId === 'markdown'), 'a cancelled explanation opens no document');
    await eventually(() => newLedgerRequests(env.api, before).some((r) => r.outcome === 'cancelled'), { what: 'the cancelled request in the ledger' });
  });
});
