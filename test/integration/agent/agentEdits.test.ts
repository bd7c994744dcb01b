import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { ui } from '../support/ui';
import { clickDiffBar, diffBarText, diffTitleButton, OUTCOME_ITEM, PREVIEW_ITEMS, waitForOutcome, closeEverything, withAgentEnv, ledgerRequests, newLedgerRequests, answerInputBox, openFile, textOf, undoUntil, workspaceFolder } from './agentSupport';

const SOURCE = ['export function total(items: number[]): number {', '  let sum = 0;', '  for (const item of items) sum += item;', '  return sum;', '}', ''].join('\n');
const usage = { inputTokens: 1000, outputTokens: 200 };

/** `broken` (SOURCE with a typo on line 4) open, its error in the Problems view, the cursor on it; dispose the diagnostics after. */
async function openWithTypo(broken: string): Promise<{ editor: vscode.TextEditor; diagnostics: vscode.DiagnosticCollection }> {
  const editor = await openFile('src/total.ts', broken);
  const diagnostics = vscode.languages.createDiagnosticCollection('agent-test');
  diagnostics.set(editor.document.uri, [new vscode.Diagnostic(new vscode.Range(3, 9, 3, 13), "Cannot find name 'summ'.", vscode.DiagnosticSeverity.Error)]);
  editor.selection = new vscode.Selection(3, 10, 3, 10);
  return { editor, diagnostics };
}
const chatView = { webview: 'purpose=webviewView' };

describe('agent commands that edit code', () => {
  const env = withAgentEnv();
  afterEach(closeEverything);

  it('Explain Selection asks in the chat: the selection as a chip, Sonnet’s answer rendered with its model, tier, rule and cost', async () => {
    await openFile('src/total.ts', SOURCE, { from: 0, to: 4 });
    const before = ledgerRequests(env.api).length;
    const documents = vscode.workspace.textDocuments.length;
    const more = '\n\n1. `sum` starts at `0`.\n2. The `for…of` loop adds each item to it.\n3. It returns the total; an empty array gives `0`.\n\nThe same with `reduce`:\n\n```ts\nitems.reduce((s, x) => s + x, 0)\n```\n';
    env.fake.enqueue(ok({ text: ['It adds ', 'up the **items**.', more], usage }));
    await vscode.commands.executeCommand('modelRouter.explainSelection');
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'explanations go to the balanced tier');
    const body = JSON.stringify(env.fake.requests[0]?.body);
    assert.match(body, /Explain the selected code/, 'the explain task’s own instructions are sent');
    assert.match(body, /label=\\"selection in src\/total\.ts:1-5\\"/, 'the selection is in the context');
    const question = await eventually(async () => (await ui.texts('.message.user', chatView)).pop(), { what: 'the question in the chat' });
    assert.match(question, /^Explain src\/total\.ts:1-5/);
    assert.deepEqual(await ui.texts('.message.user .chip.selection', chatView), ['⌶ src/total.ts:1-5'], 'the selection shows as a chip');
    const footer = await eventually(async () => (await ui.texts('.message.assistant .footer-line', chatView)).pop(), { what: 'the answer’s footer' });
    // 1000 × $2 + 200 × $10 per MTok = $0.0040
    assert.match(footer, /claude-sonnet-5-5 · balanced · medium effort · taskKind:explain · 1k in · 200 out · \$0\.0040/);
    assert.equal(await ui.text('.message.assistant strong', chatView), 'items', 'the answer is rendered by the chat’s Markdown renderer');
    assert.match(await ui.text('.message.assistant .body', chatView), /It adds up the items\./);
    assert.ok((await ui.count('.message.assistant button:has-text("Retry one tier up"):not([disabled])', chatView)) > 0, 'the answer offers Retry one tier up');
    assert.equal(await ui.text('.message.assistant pre code', chatView), 'items.reduce((s, x) => s + x, 0)');
    assert.equal(vscode.workspace.textDocuments.length, documents, 'no Markdown document is opened');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // VS Code's own Chat, for a clear screenshot
    await ui.screenshot('agent-explain-in-chat');
    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.surface, r.taskKind, r.model, r.costMicros, r.rule]), [['command', 'explain', 'claude-sonnet-5-5', 4000, 'taskKind:explain']]);
  });

  it('Retry one tier up under the explanation asks Opus the same question', async () => {
    await openFile('src/total.ts', SOURCE, { from: 0, to: 4 });
    env.fake.enqueue(ok({ text: ['Sums.'], usage }), ok({ text: ['Sums numbers, in depth.'], usage }));
    const before = ledgerRequests(env.api).length;
    await vscode.commands.executeCommand('modelRouter.explainSelection');
    await ui.click('.message.assistant button:has-text("Retry one tier up")', chatView);
    await env.fake.waitForRequests(2);
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.match(JSON.stringify(env.fake.requests[1].body), /let sum = 0;/, 'the retry carries the same selection');
    const footer = await eventually(async () => {
      const footers = await ui.texts('.message.assistant .footer-line', chatView);
      return footers.length === 2 && footers[1];
    }, { what: 'the retried answer’s footer' });
    assert.match(footer, /claude-opus-5-5 · frontier · medium effort · override:next/);
    assert.match((await ui.texts('.message.assistant .body', chatView))[1], /Sums numbers, in depth\./);
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.taskKind, r.model, r.rule]), [
      ['explain', 'claude-sonnet-5-5', 'taskKind:explain'],
      ['explain', 'claude-opus-5-5', 'override:next'],
    ]);
  });

  it('a question typed under the explanation carries the explained code, and an earlier chat is kept in the list', async () => {
    // A chat that already has a conversation: the explanation starts a new one.
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await vscode.commands.executeCommand('modelRouter.newChat');
    env.fake.enqueue(ok({ text: ['Earlier answer.'], usage }));
    await ui.fill('.input', 'what is a closure', chatView);
    await ui.press('Enter', { selector: '.input', ...chatView });
    await eventually(async () => (await ui.texts('.message.assistant', chatView)).some((t) => t.includes('Earlier answer.')), { what: 'the earlier chat’s answer' });
    await openFile('src/total.ts', SOURCE, { from: 0, to: 4 });
    env.fake.enqueue(ok({ text: ['It sums the items.'], usage }), ok({ text: ['Use reduce.'], usage }));
    await vscode.commands.executeCommand('modelRouter.explainSelection');
    assert.deepEqual(await eventually(async () => {
      const users = await ui.texts('.message.user', chatView);
      return users.length === 1 && users;
    }, { what: 'the explanation alone in a new conversation' }), ['Explain src/total.ts:1-5⌶ src/total.ts:1-5']);
    const titles = await ui.texts('.conversations option', chatView);
    assert.ok(titles.some((t) => t.includes('what is a closure')), `the earlier chat stays in the list: ${JSON.stringify(titles)}`);
    await ui.fill('.input', 'how would you make it shorter?', chatView);
    await ui.press('Enter', { selector: '.input', ...chatView });
    await env.fake.waitForRequests(3);
    const followUp = env.fake.requests[2];
    assert.equal(followUp.model, 'claude-sonnet-5-5', 'the follow-up stays on the explanation’s tier');
    const history = JSON.stringify((followUp.body.messages as unknown[]).slice(0, -1));
    assert.match(history, /let sum = 0;/, 'the explained code is in the follow-up’s history');
    assert.match(history, /It sums the items\./);
    await eventually(async () => (await ui.texts('.message.assistant', chatView)).some((t) => t.includes('Use reduce.')), { what: 'the follow-up’s answer' });
  });

  it('Add Docstring goes to Haiku, is previewed, inserted above the function, and undone in one step', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['```ts\n/** Adds up the items. */\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.addDocstring');
    await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('proposed (Model Router)'))), { what: 'the diff preview tab' });
    assert.equal(textOf(editor), SOURCE, 'nothing changes before Apply');
    await clickDiffBar('Apply');
    await done;
    assert.equal(env.fake.requests[0]?.model, 'claude-haiku-5-5', 'docstrings go to the fast tier');
    assert.equal(textOf(editor), `/** Adds up the items. */\n${SOURCE}`);
    await undoUntil(editor, SOURCE);
  });

  it('Redo one tier up after a docstring replaces it with Sonnet’s rather than adding a second one', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['```ts\n/** Adds. */\n```'], usage }), ok({ text: ['```ts\n/**\n * The sum of the items; 0 for none.\n */\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.addDocstring');
    await clickDiffBar('Apply');
    await done;
    assert.equal(textOf(editor), `/** Adds. */\n${SOURCE}`);
    await ui.click(OUTCOME_ITEM); // the status bar: “Redo one tier up”
    await env.fake.waitForRequests(2);
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-haiku-5-5', 'claude-sonnet-5-5']);
    assert.doesNotMatch(JSON.stringify(env.fake.requests[1].body), /Adds\./, 'the redo is asked about the code without the first docstring');
    await clickDiffBar('Apply');
    await eventually(() => textOf(editor) === `/**\n * The sum of the items; 0 for none.\n */\n${SOURCE}`, { what: 'Sonnet’s docstring in place of Haiku’s' });
  });

  it('a docstring answer that does not parse is asked again one tier up, and the better one is applied', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['Sorry, no code here.'], usage }), ok({ text: ['```ts\n/** Sum of items. */\n```'], usage }));
    const before = ledgerRequests(env.api).length;
    const done = vscode.commands.executeCommand('modelRouter.addDocstring');
    await clickDiffBar('Apply');
    await done;
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-haiku-5-5', 'claude-sonnet-5-5'], 'the fast answer failed its check, so balanced was asked');
    assert.equal(textOf(editor), `/** Sum of items. */\n${SOURCE}`);
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome]), [['claude-haiku-5-5', 'escalated'], ['claude-sonnet-5-5', 'ok']]);
  });

  it('Refactor Selection… asks what to do, goes to Sonnet, applies the diff and undoes in one step', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    env.fake.enqueue(ok({ text: ['```ts\n  return items.reduce((sum, item) => sum + item, 0);\n```\nUses reduce.'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('use reduce');
    await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'total.ts ↔ proposed (Model Router)')), { what: 'the diff preview tab' });
    // Who did it, what it cost and the choices are on the diff itself, not in the notification center.
    const bar = await diffBarText();
    assert.match(bar, /Sonnet 5\.5 · balanced · taskKind:refactor — \$0\.0040/, `the status bar names the model, tier, rule and cost: ${bar}`);
    assert.deepEqual([await ui.text(PREVIEW_ITEMS.apply), await ui.text(PREVIEW_ITEMS.discard), await ui.text(PREVIEW_ITEMS.redo)].map((t) => t.trim()), ['Apply', 'Discard', 'Redo one tier up'], 'labelled buttons in the status bar');
    assert.equal(await ui.count(diffTitleButton('Discard the Proposed Change')), 1, 'Discard is a button in the diff’s title');
    assert.equal(await ui.count(diffTitleButton('Redo One Tier Up')), 1, 'Redo one tier up is a button in the diff’s title');
    assert.equal(await ui.count('.notifications-center:visible'), 0, 'nothing asks the user to open the notification center');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // VS Code's own Chat, for a clear screenshot
    await ui.screenshot('agent-refactor-preview');
    await clickDiffBar('Apply');
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
    await clickDiffBar('Apply');
    await done;
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.match(textOf(editor), /items\.reduce\(\(a, b\) => a \+ b, 0\)/);
  });

  it('Discard leaves the file as it was', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    env.fake.enqueue(ok({ text: ['```ts\n  return 0;\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('break it');
    await diffBarText();
    await ui.click(diffTitleButton('Discard the Proposed Change')); // the diff's title button
    await done;
    assert.equal(textOf(editor), SOURCE);
    assert.match(await waitForOutcome('Discarded'), /nothing was changed \(Sonnet 5\.5 · balanced/, 'the status bar says the change was discarded');
    assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('proposed (Model Router)'))), 'the preview is closed');
  });

  it('Ctrl+Enter on the diff applies and Escape discards, without the notification center', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['```ts\n/** Adds. */\n```'], usage }), ok({ text: ['```ts\n/** Sums. */\n```'], usage }));
    const first = vscode.commands.executeCommand('modelRouter.addDocstring');
    await diffBarText();
    await ui.click('.monaco-diff-editor .editor.modified .view-lines'); // the proposed side has focus
    await ui.screenshot('agent-diff-bar');
    await ui.press('Escape');
    await first;
    assert.equal(textOf(editor), SOURCE, 'Escape discarded the docstring');
    const second = vscode.commands.executeCommand('modelRouter.addDocstring');
    await diffBarText();
    await ui.click('.monaco-diff-editor .editor.modified .view-lines');
    await ui.press('Control+Enter');
    await second;
    assert.equal(textOf(editor), `/** Sums. */\n${SOURCE}`, 'Ctrl+Enter applied the docstring');
  });

  it('Redo one tier up on the diff discards Haiku’s proposal and previews Sonnet’s for the same code', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['```ts\n/** Adds. */\n```'], usage }), ok({ text: ['```ts\n/** The sum of the items. */\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.addDocstring');
    assert.match(await diffBarText(), /Haiku 5\.5 · fast/);
    await clickDiffBar('Redo one tier up');
    await env.fake.waitForRequests(2);
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-haiku-5-5', 'claude-sonnet-5-5']);
    assert.equal(textOf(editor), SOURCE, 'Haiku’s proposal was not applied');
    assert.match(await eventually(async () => {
      const bar = await diffBarText();
      return bar.includes('Sonnet') && bar;
    }, { what: 'Sonnet’s proposal on the diff bar' }), /Sonnet 5\.5 · balanced · override:next/);
    await clickDiffBar('Apply');
    await done;
    assert.equal(textOf(editor), `/** The sum of the items. */\n${SOURCE}`, 'only Sonnet’s docstring is in the file');
  });

  it('Add Docstring whose answers have no code block, even one tier up, says why in the status bar and shows what the model said', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
    env.fake.enqueue(ok({ text: ['This function is already clear.'], usage }), ok({ text: ['Fine as it is.'], usage }), ok({ text: ['It already reads well; no docstring needed.'], usage }));
    const before = ledgerRequests(env.api).length;
    await vscode.commands.executeCommand('modelRouter.addDocstring');
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome]), [['claude-haiku-5-5', 'escalated'], ['claude-sonnet-5-5', 'escalated'], ['claude-opus-5-5', 'ok']]);
    const shown = await waitForOutcome('nothing to apply');
    assert.match(shown, /Opus 5\.5 answered without a code block, even on frontier/, `the reason is in the status bar: ${shown}`);
    assert.match(shown, /Opus 5\.5 · frontier · escalation \(escalated 2×\) — \$0\.0080/, `who did it and what it cost is said: ${shown}`);
    assert.equal(textOf(editor), SOURCE);
    await ui.screenshot('agent-no-code-reason');
    await ui.click(OUTCOME_ITEM); // “Show the Answer”
    const answer = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().includes('no docstring needed')), { what: 'the model’s answer in an editor' });
    assert.match(answer.document.getText(), /nothing was changed/);
  });

  it('Refactor Selection whose answers have no code block, even on Opus, says so instead of ending silently', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    env.fake.enqueue(ok({ text: ['It is fine as it is.'], usage }), ok({ text: ['I would leave it.'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('shorter');
    await done;
    const shown = await waitForOutcome('nothing to apply');
    assert.match(shown, /Opus 5\.5 answered without a code block, even on frontier/, shown);
    assert.equal(textOf(editor), SOURCE);
  });

  it('Fix the Problem at the Cursor sends the diagnostics and applies the fix', async () => {
    const broken = SOURCE.replace('return sum;', 'return summ;');
    const { editor, diagnostics } = await openWithTypo(broken);
    try {
      env.fake.enqueue(ok({ text: ['```ts\n  return sum;\n```\nA typo.'], usage }));
      const done = vscode.commands.executeCommand('modelRouter.fixProblem');
      await clickDiffBar('Apply');
      await done;
      assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'bug fixes go to the balanced tier');
      assert.match(JSON.stringify(env.fake.requests[0]?.body), /4: error: Cannot find name 'summ'/);
      assert.equal(textOf(editor), SOURCE);
      await undoUntil(editor, broken);
    } finally {
      diagnostics.dispose();
    }
  });

  it('Redo one tier up after a fix asks Opus about the problem as it was, previews, and replaces Sonnet’s fix with its own', async () => {
    const broken = SOURCE.replace('return sum;', 'return summ;');
    const sonnet = SOURCE;
    const opus = SOURCE.replace('return sum;', 'return sum ?? 0;');
    const { editor, diagnostics } = await openWithTypo(broken);
    try {
      env.fake.enqueue(ok({ text: ['```ts\n  return sum;\n```\nA typo.'], usage }), ok({ text: ['```ts\n  return sum ?? 0;\n```\nA typo; also never undefined.'], usage }));
      const before = ledgerRequests(env.api).length;
      const done = vscode.commands.executeCommand('modelRouter.fixProblem');
      await clickDiffBar('Apply');
      await done;
      assert.equal(textOf(editor), sonnet);
      assert.match(await waitForOutcome('Fixed'), /Sonnet 5\.5 · balanced · taskKind:bugfix/);
      await ui.click(OUTCOME_ITEM); // the status bar: “Redo one tier up”
      await env.fake.waitForRequests(2);
      const redo = JSON.stringify(env.fake.requests[1].body);
      assert.match(redo, /return summ;/, 'the redo is asked about the broken code, not about Sonnet’s fix');
      assert.match(redo, /4: error: Cannot find name 'summ'/, 'the redo carries the diagnostics');
      await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'total.ts ↔ proposed (Model Router)')), { what: 'the redo’s diff preview' });
      assert.equal(textOf(editor), sonnet, 'nothing changes before Apply');
      await clickDiffBar('Apply');
      await eventually(() => textOf(editor) === opus, { what: 'Opus’s fix in place of Sonnet’s' });
      assert.equal(textOf(editor).split('return').length - 1, 1, 'the fix is applied once, not stacked on Sonnet’s');
      assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
      assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.taskKind, r.model, r.rule]), [
        ['bugfix', 'claude-sonnet-5-5', 'taskKind:bugfix'],
        ['bugfix', 'claude-opus-5-5', 'override:next'],
      ]);
      assert.match(await waitForOutcome('Opus 5.5'), /Fixed — Opus 5\.5 · frontier · override:next/);
      await undoUntil(editor, sonnet);
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
    await clickDiffBar('Apply');
    await done;
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'tests go to the balanced tier');
    const opened = await eventually(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('src/total.test.ts') && vscode.window.activeTextEditor, { what: 'the new test file to open' });
    assert.match(textOf(opened), /^import \{ total \} from "\.\/total";\nit\("sums"/);
  });

  it('a test file answer without code is asked again on Opus, and the better file is written', async () => {
    // Opus's file type-checks in the fixture, which has no test framework's typings: `it`/`expect` would fail the diagnostics gate.
    await openFile('src/total.ts', SOURCE);
    const testUri = vscode.Uri.joinPath(workspaceFolder(), 'src/total.test.ts');
    await vscode.workspace.fs.delete(testUri).then(undefined, () => undefined);
    env.fake.enqueue(ok({ text: ['I would test total() with an empty list and with [1, 2].'], usage }), ok({ text: ['```ts\nimport { total } from "./total";\nif (total([]) !== 0) throw new Error("total of none is not 0");\n```'], usage }));
    const before = ledgerRequests(env.api).length;
    const done = vscode.commands.executeCommand('modelRouter.writeTests');
    await clickDiffBar('Apply');
    await done;
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5'], 'the balanced answer failed its check, so frontier was asked');
    const written = await vscode.workspace.openTextDocument(testUri);
    assert.equal(written.getText(), 'import { total } from "./total";\nif (total([]) !== 0) throw new Error("total of none is not 0");\n');
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome]), [['claude-sonnet-5-5', 'escalated'], ['claude-opus-5-5', 'ok']]);
  });

  it('a fix whose code does not parse is asked again on Opus, and the better fix is applied', async () => {
    const broken = SOURCE.replace('return sum;', 'return summ;');
    const { editor, diagnostics } = await openWithTypo(broken);
    try {
      env.fake.enqueue(ok({ text: ['```ts\n  return (sum;\n```'], usage }), ok({ text: ['```ts\n  return sum;\n```\nA typo.'], usage }));
      const before = ledgerRequests(env.api).length;
      const done = vscode.commands.executeCommand('modelRouter.fixProblem');
      await clickDiffBar('Apply');
      await done;
      assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
      assert.match(JSON.stringify(env.fake.requests[1].body), /4: error: Cannot find name 'summ'/, 'the retry carries the diagnostics too');
      assert.equal(textOf(editor), SOURCE);
      assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome]), [['claude-sonnet-5-5', 'escalated'], ['claude-opus-5-5', 'ok']]);
    } finally {
      diagnostics.dispose();
    }
  });

  it('Redo one tier up after a refactor asks Opus the same question and replaces Sonnet’s edit with its own', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    const sonnet = 'export function total(items: number[]): number {\n  return items.reduce((sum, item) => sum + item, 0);\n}\n';
    const opus = 'export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n';
    env.fake.enqueue(ok({ text: ['```ts\n  return items.reduce((sum, item) => sum + item, 0);\n```'], usage }), ok({ text: ['```ts\n  return items.reduce((a, b) => a + b, 0);\n```'], usage }));
    const before = ledgerRequests(env.api).length;
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('use reduce');
    await clickDiffBar('Apply');
    await done;
    assert.equal(textOf(editor), sonnet);
    assert.match(await waitForOutcome('Refactored'), /Sonnet 5\.5 · balanced · taskKind:refactor/);
    await ui.click(OUTCOME_ITEM); // the status bar: “Redo one tier up”
    await env.fake.waitForRequests(2);
    const redo = JSON.stringify(env.fake.requests[1].body);
    assert.match(redo, /let sum = 0;/, 'the redo is asked about the code as it was, not about Sonnet’s result');
    assert.match(redo, /The user asks: use reduce/);
    await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('proposed (Model Router)'))), { what: 'the redo’s diff preview' });
    assert.equal(textOf(editor), sonnet, 'nothing changes before Apply');
    await clickDiffBar('Apply');
    await eventually(() => textOf(editor) === opus, { what: 'Opus’s refactoring to replace Sonnet’s' });
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.rule]), [['claude-sonnet-5-5', 'taskKind:refactor'], ['claude-opus-5-5', 'override:next']]);
    assert.match(await waitForOutcome('Opus 5.5'), /Refactored — Opus 5\.5 · frontier · override:next/);
  });

  it('a refactor is not applied over a change made while its preview was open, and says so', async () => {
    const editor = await openFile('src/total.ts', SOURCE, { from: 1, to: 3 });
    env.fake.enqueue(ok({ text: ['```ts\n  return items.reduce((a, b) => a + b, 0);\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.refactorSelection');
    await answerInputBox('use reduce');
    await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('proposed (Model Router)'))), { what: 'the diff preview tab' });
    // The user types in the file while the preview is open (as from another editor group).
    const typing = new vscode.WorkspaceEdit();
    typing.insert(editor.document.uri, new vscode.Position(0, 0), '// mine\n');
    assert.ok(await vscode.workspace.applyEdit(typing));
    await clickDiffBar('Apply');
    await done;
    assert.equal(textOf(editor), `// mine\n${SOURCE}`, 'the user’s change is kept and the stale refactoring is not applied');
    assert.match(await waitForOutcome('nothing was applied'), /src\/total\.ts changed while the preview was open/);
    assert.equal(env.fake.requests.length, 1, 'a single-file command does not retry on its own');
  });
});
