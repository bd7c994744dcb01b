// The verified cascade's diagnostics gate in the real VS Code: the TypeScript server judges a
// proposed fix for the fixture's src/greet.ts; an answer with a new type error goes one tier up
// with that error in its prompt, and the preview says why.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { resetSettings } from '../support/router';
import { ui } from '../support/ui';
import { clickDiffBar, closeEverything, diffBarText, ledgerRequests, newLedgerRequests, openFile, textOf, waitForOutcome, withAgentEnv, workspaceFolder } from './agentSupport';

const GREET = ['/** Greets someone by name. */', 'export function greet(name: string): string {', '  return `Hello, ${name}!`;', '}', ''].join('\n');
/** A typo the TypeScript server reports: "Cannot find name 'nme'". */
const BROKEN = GREET.replace('${name}', '${nme}');
const usage = { inputTokens: 1000, outputTokens: 200 };
/** Sonnet's "fix": the typo is gone, but a number is returned where a string is declared. */
const SONNET_FIX = '```ts\n  return 42;\n```';
const OPUS_FIX = '```ts\n  return `Hello, ${name}!`;\n```';

/** greet.ts broken, open, the TypeScript server's error on it, the cursor on the typo. */
async function openBroken(): Promise<vscode.TextEditor> {
  const editor = await openFile('src/greet.ts', BROKEN);
  await eventually(() => vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.message.includes("Cannot find name 'nme'")), { what: "the TypeScript server's error on greet.ts", timeoutMs: 30_000 });
  editor.selection = new vscode.Selection(2, 20, 2, 20);
  return editor;
}

/** The checked copies (greet.model-router-check-N.ts) are gone from the disk and from the Problems view. */
async function assertNoCopies(): Promise<void> {
  const src = vscode.Uri.joinPath(workspaceFolder(), 'src');
  const left = (await vscode.workspace.fs.readDirectory(src)).map(([name]) => name).filter((name) => name.includes('model-router-check'));
  assert.deepEqual(left, [], 'the checked copies are deleted');
  // The TypeScript server drops a deleted file's errors when it next reads the file system: a few
  // hundred milliseconds on a quiet machine, over 3 s on one whose two cores are busy.
  const problems = () => vscode.languages.getDiagnostics().filter(([uri, found]) => uri.path.includes('model-router-check') && found.length > 0);
  await eventually(() => problems().length === 0, { what: `the Problems view to drop the checked copies’ errors (${problems().map(([uri]) => uri.path).join(', ')})`, timeoutMs: 15_000 });
}

describe('verified cascade: the diagnostics gate', () => {
  const env = withAgentEnv();
  let original: Uint8Array | undefined;
  before(async () => {
    original = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), 'src/greet.ts'));
  });
  afterEach(closeEverything);
  after(async () => {
    // Later tests read greet.ts as the fixture has it.
    if (original) await openFile('src/greet.ts', Buffer.from(original).toString('utf8'));
    await closeEverything();
  });

  it('Sonnet’s fix that introduces a type error is not offered: Opus is asked with the error, and the preview offers its clean fix and says why', async function () {
    this.timeout(90_000); // a cold TypeScript server takes seconds to start
    const editor = await openBroken();
    const before = ledgerRequests(env.api).length;
    env.fake.enqueue(ok({ text: [SONNET_FIX], usage }), ok({ text: [OPUS_FIX], usage }));
    const done = vscode.commands.executeCommand('modelRouter.fixProblem');
    const bar = await eventually(async () => {
      const text = await diffBarText().catch(() => undefined);
      return text?.includes('Opus') && text;
    }, { what: 'the preview of Opus’s fix', timeoutMs: 60_000 });
    assert.match(bar, /Sonnet 5\.5's fix introduced 1 type error in greet\.ts → asked Opus 5\.5/, 'the preview bar says why Opus was asked');
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5']);
    const retry = JSON.stringify(env.fake.requests[1].body);
    assert.match(retry, /Type 'number' is not assignable to type 'string'/, 'Opus is told the error Sonnet’s fix introduced');
    assert.match(retry, /in: return 42;/, 'with the line it is on');
    assert.equal(textOf(editor), BROKEN, 'nothing is applied before Apply');
    assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.includes('model-router-check'))), 'the checked copy’s tab is closed');
    await ui.screenshot('agent-cascade-preview');
    await clickDiffBar('Apply');
    await done;
    assert.equal(textOf(editor), GREET, 'Opus’s clean fix is what is applied');
    await assertNoCopies();
    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.taskKind, r.model, r.outcome, r.rule]), [
      ['bugfix', 'claude-sonnet-5-5', 'escalated', 'taskKind:bugfix'],
      ['bugfix', 'claude-opus-5-5', 'ok', 'escalation'],
    ]);
    assert.ok(records[1].reasons.some((r) => r.includes("Sonnet 5.5's fix introduced 1 type error in greet.ts → escalated to frontier")), `the climb's reason is in the ledger: ${JSON.stringify(records[1].reasons)}`);
    assert.match(await waitForOutcome('Fixed'), /Fixed \(Sonnet 5\.5's fix introduced 1 type error in greet\.ts → asked Opus 5\.5\) — Opus 5\.5 · frontier · escalation/);
  });

  it('with cascade.startLower naming bug fixes, the fix starts on Haiku and Haiku’s type error climbs to Sonnet, whose clean fix is offered', async function () {
    this.timeout(90_000);
    await vscode.workspace.getConfiguration('modelRouter').update('cascade.startLower', ['bugfix'], vscode.ConfigurationTarget.Global);
    try {
      const editor = await openBroken();
      const before = ledgerRequests(env.api).length;
      env.fake.enqueue(ok({ text: [SONNET_FIX], usage }), ok({ text: [OPUS_FIX], usage }));
      const done = vscode.commands.executeCommand('modelRouter.fixProblem');
      const bar = await eventually(async () => {
        const text = await diffBarText().catch(() => undefined);
        return text?.includes('asked Sonnet') && text;
      }, { what: 'the preview of Sonnet’s fix after Haiku’s', timeoutMs: 60_000 });
      assert.match(bar, /Haiku 5\.5's fix introduced 1 type error in greet\.ts → asked Sonnet 5\.5 · Sonnet 5\.5 · balanced · escalation/);
      assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-haiku-5-5', 'claude-sonnet-5-5'], 'the cascade starts one tier lower');
      await clickDiffBar('Apply');
      await done;
      assert.equal(textOf(editor), GREET);
      const records = newLedgerRequests(env.api, before);
      assert.deepEqual(records.map((r) => [r.model, r.outcome, r.rule]), [
        ['claude-haiku-5-5', 'escalated', 'cascade:start'],
        ['claude-sonnet-5-5', 'ok', 'escalation'],
      ]);
      assert.ok(records[0].reasons.some((r) => r.includes('starts one tier lower (balanced → fast)')), JSON.stringify(records[0].reasons));
    } finally {
      await resetSettings(['cascade.startLower']);
    }
  });

  it('when Opus’s fix still fails the gate, nothing is applied: the preview shows it with its error and “needs your review”', async function () {
    this.timeout(90_000);
    const editor = await openBroken();
    const before = ledgerRequests(env.api).length;
    // Sonnet, then Opus, then Opus at high effort (the last step on frontier): all return a number.
    env.fake.enqueue(ok({ text: [SONNET_FIX], usage }), ok({ text: ['```ts\n  return name.length;\n```'], usage }), ok({ text: ['```ts\n  return 7;\n```'], usage }));
    const done = vscode.commands.executeCommand('modelRouter.fixProblem');
    const bar = await eventually(async () => {
      const text = await diffBarText().catch(() => undefined);
      return text?.includes('needs your review') && text;
    }, { what: 'the preview of the answer that still fails', timeoutMs: 60_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; the log ends:\n${env.api.log.lines().filter((line) => /agent |check failed|route command/.test(line)).slice(-12).join('\n')}`);
    });
    assert.match(bar, /needs your review — Opus 5\.5's fix still has 1 type error in greet\.ts: greet\.ts:3 Type 'number' is not assignable to type 'string'/);
    assert.match(bar, /asked Opus 5\.5 · Opus 5\.5's fix introduced 1 type error in greet\.ts → asked again at higher effort/);
    assert.equal(env.fake.requests.length, 3, 'Sonnet, Opus, Opus at high effort');
    await assertNoCopies();
    assert.equal(textOf(editor), BROKEN, 'nothing is applied silently');
    await ui.screenshot('agent-cascade-needs-review');
    await clickDiffBar('Discard');
    await done;
    assert.equal(textOf(editor), BROKEN, 'a discarded review changes nothing');
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome]), [
      ['claude-sonnet-5-5', 'escalated'],
      ['claude-opus-5-5', 'escalated'],
      ['claude-opus-5-5', 'ok'],
    ]);
  });
});

const TOTAL = ['export function total(items: number[]): number {', '  let sum = 0;', '  for (const item of items) sum += item;', '  return sum;', '}', ''].join('\n');

/** A tasks.json whose test task fails while src/total.test.ts says FAIL: a real process, its output captured. */
function testTaskJson(testFile: string): string {
  const script = `const t = require('fs').readFileSync(${JSON.stringify(testFile)}, 'utf8'); if (t.includes('FAIL')) { console.log('total.test.ts'); console.error('1 failing: total([]) is 0, the test expected 1'); process.exit(1); } console.log('1 passing (3ms)');`;
  return JSON.stringify({ version: '2.0.0', tasks: [{ label: 'unit tests', type: 'process', command: process.execPath, args: ['-e', script], group: { kind: 'test', isDefault: true }, problemMatcher: [] }] }, null, 2);
}

describe('verified cascade: the test gate of Write Tests', () => {
  const env = withAgentEnv();
  let tasksUri: vscode.Uri;
  const testUri = () => vscode.Uri.joinPath(workspaceFolder(), 'src/total.test.ts');
  before(async function () {
    this.timeout(60_000);
    tasksUri = vscode.Uri.joinPath(workspaceFolder(), '.vscode', 'tasks.json');
    await vscode.workspace.fs.writeFile(tasksUri, Buffer.from(testTaskJson(testUri().fsPath), 'utf8'));
    await eventually(async () => (await vscode.tasks.fetchTasks()).some((task) => task.name === 'unit tests'), { what: 'VS Code to read the new tasks.json', timeoutMs: 20_000 });
  });
  afterEach(closeEverything);
  after(async () => {
    await vscode.workspace.fs.delete(tasksUri);
    await vscode.workspace.fs.delete(testUri()).then(undefined, () => undefined);
  });

  it('tests that fail once written are asked again on Opus with the failure, and the footer says the tests passed and how long they took', async function () {
    this.timeout(90_000);
    await openFile('src/total.ts', TOTAL);
    await vscode.workspace.fs.delete(testUri()).then(undefined, () => undefined);
    const before = ledgerRequests(env.api).length;
    env.fake.enqueue(
      ok({ text: ['```ts\nimport { total } from "./total";\n// FAIL: expects the wrong sum\nif (total([]) !== 1) throw new Error("expected 1");\n```'], usage }),
      ok({ text: ['```ts\nimport { total } from "./total";\nif (total([]) !== 0) throw new Error("expected 0");\n```'], usage }),
    );
    const done = vscode.commands.executeCommand('modelRouter.writeTests');
    await clickDiffBar('Apply');
    const bar = await eventually(async () => {
      const text = await diffBarText().catch(() => undefined);
      return text?.includes('Opus') && text;
    }, { what: 'the preview of Opus’s tests', timeoutMs: 60_000 });
    assert.match(bar, /Sonnet 5\.5's tests failed in [\d.]+ (ms|s), exit code 1 \(task “unit tests”\) → asked Opus 5\.5/, 'the preview says why Opus was asked');
    assert.match(JSON.stringify(env.fake.requests[1]?.body), /1 failing: total\(\[\]\) is 0, the test expected 1/, 'Opus reads the failing output');
    await ui.screenshot('agent-test-gate-preview');
    await clickDiffBar('Apply');
    await done;
    assert.equal((await vscode.workspace.openTextDocument(testUri())).getText(), 'import { total } from "./total";\nif (total([]) !== 0) throw new Error("expected 0");\n');
    assert.match(await waitForOutcome('tests passed'), /Tests written to src\/total\.test\.ts · tests passed in [\d.]+ (ms|s) \(task “unit tests”\) — Opus 5\.5 · frontier/);
    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.taskKind, r.model, r.rule, r.override?.scope ?? null]), [
      ['tests', 'claude-sonnet-5-5', 'taskKind:tests', null],
      ['tests', 'claude-opus-5-5', 'escalation', null],
    ], 'the test gate’s climb is an escalation in the ledger, not an override');
    assert.ok(records[1].reasons.some((r) => /^Sonnet 5\.5's tests failed in [\d.]+ (ms|s), exit code 1 \(task “unit tests”\) → escalated to frontier$/.test(r)), `the climb's reason is in the ledger: ${JSON.stringify(records[1].reasons)}`);
  });
});

describe('verified cascade: each step of Implement the Plan', () => {
  const env = withAgentEnv();
  const farewell = () => vscode.Uri.joinPath(workspaceFolder(), 'src/farewell.ts');
  afterEach(closeEverything);
  after(() => vscode.workspace.fs.delete(farewell()).then(undefined, () => undefined));

  it('a step whose edit introduces a type error is asked again on Opus with the error, and the step’s preview says why', async function () {
    this.timeout(90_000);
    await vscode.workspace.fs.delete(farewell()).then(undefined, () => undefined);
    const plan = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Plan: farewell\n\n## Step 1: Add the farewell module\nFiles: src/farewell.ts\nCreate farewell().\n' });
    await vscode.window.showTextDocument(plan);
    const before = ledgerRequests(env.api).length;
    env.fake.enqueue(
      // Parses, so the local check passes; the TypeScript server reports the number returned as a string.
      ok({ text: ['```src/farewell.ts\nexport const farewell = (name: string): string => name.length;\n```'], usage }),
      ok({ text: ['```src/farewell.ts\nexport const farewell = (name: string): string => `Bye, ${name}`;\n```'], usage }),
    );
    const done = vscode.commands.executeCommand('modelRouter.implementPlan');
    const bar = await eventually(async () => {
      const text = await diffBarText().catch(() => undefined);
      return text?.includes('Opus') && text;
    }, { what: 'the preview of Opus’s step 1', timeoutMs: 60_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; the log ends:\n${env.api.log.lines().filter((line) => /agent |check failed|route command/.test(line)).slice(-12).join('\n')}`);
    });
    assert.match(bar, /Sonnet 5\.5's edit introduced 1 type error in farewell\.ts → asked Opus 5\.5 · Opus 5\.5 · frontier · escalation/);
    assert.match(JSON.stringify(env.fake.requests[1]?.body), /Type 'number' is not assignable to type 'string'/, 'Opus is told the error');
    await clickDiffBar('Apply');
    await done;
    assert.equal((await vscode.workspace.openTextDocument(farewell())).getText(), 'export const farewell = (name: string): string => `Bye, ${name}`;\n');
    await assertNoCopies();
    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.taskKind, r.model, r.outcome, r.rule]), [
      ['implement', 'claude-sonnet-5-5', 'escalated', 'taskKind:implement'],
      ['implement', 'claude-opus-5-5', 'ok', 'escalation'],
    ]);
    assert.ok(records[1].reasons.includes("Sonnet 5.5's edit introduced 1 type error in farewell.ts → escalated to frontier"), JSON.stringify(records[1].reasons));
    const summary = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Implementation of the plan')), { what: 'the summary' });
    assert.match(summary.document.getText(), /1 of 1 steps applied/);
  });

  it('after the plan, failing tests ask the last step again on Opus with the failure; the summary says the tests passed and how long they took', async function () {
    this.timeout(120_000);
    const tasksUri = vscode.Uri.joinPath(workspaceFolder(), '.vscode', 'tasks.json');
    // The project's tests pass once farewell() says Goodbye: a real process, its output captured.
    const script = `const t = require('fs').readFileSync(${JSON.stringify(farewell().fsPath)}, 'utf8'); if (!t.includes('Goodbye')) { console.error('1 failing: farewell("Ann") should be "Goodbye, Ann"'); process.exit(1); } console.log('1 passing');`;
    await vscode.workspace.fs.writeFile(tasksUri, Buffer.from(JSON.stringify({ version: '2.0.0', tasks: [{ label: 'unit tests', type: 'process', command: process.execPath, args: ['-e', script], group: { kind: 'test', isDefault: true }, problemMatcher: [] }] }), 'utf8'));
    try {
      await eventually(async () => (await vscode.tasks.fetchTasks()).some((task) => task.name === 'unit tests'), { what: 'VS Code to read the new tasks.json', timeoutMs: 20_000 });
      await vscode.workspace.fs.delete(farewell()).then(undefined, () => undefined);
      const plan = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Plan: farewell\n\n## Step 1: Add the farewell module\nFiles: src/farewell.ts\nCreate farewell().\n' });
      await vscode.window.showTextDocument(plan);
      const before = ledgerRequests(env.api).length;
      env.fake.enqueue(
        ok({ text: ['```src/farewell.ts\nexport const farewell = (name: string): string => `Bye, ${name}`;\n```'], usage }),
        ok({ text: ['```src/farewell.ts\nexport const farewell = (name: string): string => `Goodbye, ${name}`;\n```'], usage }),
      );
      const done = vscode.commands.executeCommand('modelRouter.implementPlan');
      // The diagnostics gate checks Sonnet's step first (seconds on a cold TypeScript server).
      await eventually(() => diffBarText().catch(() => undefined), { what: 'the preview of Sonnet’s step 1', timeoutMs: 60_000 });
      await clickDiffBar('Apply');
      const bar = await eventually(async () => {
        const text = await diffBarText().catch(() => undefined);
        return text?.includes('Opus') && text;
      }, { what: 'the preview of step 1 asked again on Opus', timeoutMs: 60_000 }).catch((error: Error) => {
        throw new Error(`${error.message}; the log ends:\n${env.api.log.lines().filter((line) => /agent |checks:|route command/.test(line)).slice(-12).join('\n')}`);
      });
      assert.match(bar, /Sonnet 5\.5's tests failed in [\d.]+ (ms|s), exit code 1 \(task “unit tests”\) → asked Opus 5\.5/, 'the preview says why Opus was asked');
      assert.match(JSON.stringify(env.fake.requests[1]?.body), /1 failing: farewell/, 'Opus reads the failing output');
      await clickDiffBar('Apply');
      await done;
      assert.match((await vscode.workspace.openTextDocument(farewell())).getText(), /Goodbye/);
      const summary = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Implementation of the plan')), { what: 'the summary' });
      assert.match(summary.document.getText(), /1 of 1 steps applied · tests passed in [\d.]+ (ms|s) \(task “unit tests”\)/);
      assert.match(summary.document.getText(), /\| Again after the tests: step 1, Add the farewell module \| done \| claude-opus-5-5 \| 1 \|/);
      const records = newLedgerRequests(env.api, before);
      assert.deepEqual(records.map((r) => [r.model, r.rule]), [['claude-sonnet-5-5', 'taskKind:implement'], ['claude-opus-5-5', 'escalation']]);
      assert.ok(records[1].reasons.some((r) => /^Sonnet 5\.5's tests failed in .* → escalated to frontier$/.test(r)), JSON.stringify(records[1].reasons));
    } finally {
      await vscode.workspace.fs.delete(tasksUri).then(undefined, () => undefined);
    }
  });

  it('the spend report shows, per task kind, how often the first tier passed and what the cascade cost against the final tier', async function () {
    this.timeout(30_000);
    // The ledger's own tally, read the way the report reads it: every record so far (earlier runs' too).
    const implement = ledgerRequests(env.api).filter((r) => r.taskKind === 'implement' && r.cascade && (r.outcome === 'ok' || r.outcome === 'escalated'));
    const tasks = implement.filter((r) => r.cascade?.step === 0).length;
    const failedFirst = implement.filter((r) => r.cascade?.step === 1).length;
    assert.ok(tasks >= 1 && failedFirst >= 1, 'the step above is in the ledger as a cascade that climbed');
    await vscode.commands.executeCommand('modelRouter.spendReport');
    const webview = { webview: '!purpose=webviewView' };
    await ui.waitFor('text=Verified cascade', webview);
    const row = await eventually(async () => (await ui.texts('table.cascade tbody tr', webview)).find((text) => text.startsWith('implementation')), { what: 'the cascade row of implementation', timeoutMs: 15_000 });
    assert.match(row, new RegExp(`^implementation\\s*${tasks}\\s*${tasks - failedFirst} of ${tasks} \\(\\d+%\\)`), `the row: ${row}`);
    assert.match(row, /\$[\d.]+ \(×\d\.\d\d\)\s*\$[\d.]+\s*\$[\d.]+$/, `cascade cost (ratio), straight, added: ${row}`);
    await ui.screenshot('spend-report-cascade');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('verified cascade: a climb past the budget’s stop', () => {
  const env = withAgentEnv();
  let original: Uint8Array | undefined;
  before(async () => {
    original = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), 'src/greet.ts'));
  });
  afterEach(async () => {
    await resetSettings(['budget.sessionUsd', 'budget.onExceed']);
    await closeEverything();
  });
  after(async () => {
    if (original) await openFile('src/greet.ts', Buffer.from(original).toString('utf8'));
    await closeEverything();
  });

  it('asks before climbing; declined, the failed fix is previewed with “needs your review” and why Opus was not asked, and nothing is applied', async function () {
    this.timeout(90_000);
    const editor = await openBroken();
    // The session may spend $0.002 more: Sonnet's fix ($0.0040) passes the start, the climb to Opus would cross it.
    const spent = env.api.ledger.snapshot().session.costMicros;
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('budget.onExceed', 'stop', vscode.ConfigurationTarget.Global);
    await section.update('budget.sessionUsd', (spent + 2000) / 1e6, vscode.ConfigurationTarget.Global);
    const before = ledgerRequests(env.api).length;
    env.fake.enqueue(ok({ text: [SONNET_FIX], usage }), ok({ text: [OPUS_FIX], usage }));
    const done = vscode.commands.executeCommand('modelRouter.fixProblem');
    // The modal is asked; VS Code under test refuses to show any modal dialog ("refused to show dialog
    // in tests"), which the question takes as a No, as a user declining it: the log says so.
    const asked = await eventually(() => env.api.log.lines().find((line) => /escalation to frontier: .*budget.* not sent/i.test(line)), { what: 'the climb to be asked about and declined', timeoutMs: 60_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; the log ends:\n${env.api.log.lines().filter((line) => /agent |check failed|route command|escalation|budget/.test(line)).slice(-12).join('\n')}`);
    });
    assert.match(asked, /stop/i, asked);
    const bar = await eventually(async () => {
      const text = await diffBarText().catch(() => undefined);
      return text?.includes('needs your review') && text;
    }, { what: 'the preview of the fix that failed', timeoutMs: 30_000 });
    assert.match(bar, /needs your review — Sonnet 5\.5's fix still has 1 type error in greet\.ts: greet\.ts:3 Type 'number' is not assignable to type 'string'/);
    assert.match(bar, /Opus 5\.5 was not asked: .*budget/i, 'the bar says why no stronger answer came');
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5'], 'the climb is not sent');
    assert.equal(textOf(editor), BROKEN, 'nothing is applied without Apply');
    await clickDiffBar('Discard');
    await done;
    assert.equal(textOf(editor), BROKEN);
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.model, r.outcome]), [['claude-sonnet-5-5', 'ok']], 'one request, not escalated');
  });
});
