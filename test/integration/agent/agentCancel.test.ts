import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeApiContext } from '../support/router';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { ui } from '../support/ui';
import { answerInputBox, clickNotificationButton, closeEverything, git, ledgerRequests, newLedgerRequests, openFile, textOf, withAgentEnv, withGitRepository, workspaceFolder } from './agentSupport';

const SOURCE = 'export function half(value: number): number {\n  return value / 2;\n}\n';
const slowAnswer = () => ok({ text: Array.from({ length: 80 }, (_, i) => `part${i} `), deltaDelayMs: 100 });
const chatView = { webview: 'purpose=webviewView' };

/** One command's Cancel: what it needs, how the user cancels it, and what must be as it was afterwards. */
interface CancelCase {
  readonly title: string;
  readonly command: string;
  /** The model of the tier the command routes to. */
  readonly model: string;
  /** Prepares what the command works on; may return a clean-up. */
  readonly arrange?: () => Promise<(() => void) | void>;
  /** The input box answer the command asks for before sending. */
  readonly answer?: string;
  /** How the user cancels; default the progress notification's Cancel. */
  readonly cancel?: () => Promise<void>;
  /** What must be as it was, besides the file and the absence of a new Markdown document. */
  readonly unchanged?: () => void | Promise<void>;
}

const uri = (path: string) => vscode.Uri.joinPath(workspaceFolder(), path);
const exists = (path: string) => vscode.workspace.fs.stat(uri(path)).then(() => true, () => false);
const markdownEditors = () => vscode.window.visibleTextEditors.filter((e) => e.document.languageId === 'markdown');

/** Runs the command, lets its request start streaming, cancels, and checks that the cut reached the API and nothing changed. */
async function cancelAndCheck(env: FakeApiContext, c: CancelCase, editorText?: () => string): Promise<void> {
  const cleanup = await c.arrange?.();
  try {
    const before = ledgerRequests(env.api).length;
    const documentsBefore = markdownEditors().length;
    env.fake.enqueue(slowAnswer());
    const done = vscode.commands.executeCommand(c.command);
    if (c.answer) await answerInputBox(c.answer);
    const request = (await env.fake.waitForRequests(1))[0];
    assert.equal(request.model, c.model, `${c.title} goes to ${c.model}`);
    await (c.cancel ?? (() => clickNotificationButton('Cancel')))();
    await done;
    await eventually(() => request.closedAt !== undefined, { what: 'the fake to see the request closed' });
    assert.equal(request.completed, false, 'the answer must be cut off, not streamed to its end');
    assert.equal(env.fake.requests.length, 1, 'nothing is sent after Cancel');
    if (editorText) assert.equal(editorText(), SOURCE, 'a cancelled command changes no file');
    assert.equal(markdownEditors().length, documentsBefore, 'a cancelled command opens no report or plan');
    await c.unchanged?.();
    const outcomes = await eventually(() => {
      const records = newLedgerRequests(env.api, before);
      return records.length > 0 && records.map((r) => r.outcome);
    }, { what: 'the cancelled request in the ledger' });
    assert.deepEqual(outcomes, ['cancelled']);
  } finally {
    cleanup?.();
  }
}

describe('cancelling agent commands', () => {
  const env = withAgentEnv();
  afterEach(closeEverything);

  const cases: readonly CancelCase[] = [
    {
      title: 'Explain Selection',
      command: 'modelRouter.explainSelection',
      model: 'claude-sonnet-5-5',
      // The explanation streams in the chat view, whose Stop button cancels it.
      cancel: async () => {
        await eventually(async () => (await ui.texts('.message.assistant', chatView)).some((text) => text.includes('part1')), { what: 'the explanation to start streaming in the chat' });
        await ui.click('.send.stop', chatView);
      },
      unchanged: async () => {
        const answers = await eventually(async () => {
          const texts = await ui.texts('.message.assistant', chatView);
          return texts[texts.length - 1]?.includes('Stopped') && texts;
        }, { what: 'the chat to show the explanation stopped' });
        assert.ok(!answers[answers.length - 1].includes('part79'), 'the chat keeps only what arrived');
      },
    },
    { title: 'Add Docstring', command: 'modelRouter.addDocstring', model: 'claude-haiku-5-5' },
    {
      title: 'Write Tests for This File',
      command: 'modelRouter.writeTests',
      model: 'claude-sonnet-5-5',
      arrange: async () => {
        await vscode.workspace.fs.delete(uri('src/half.test.ts')).then(undefined, () => undefined);
      },
      unchanged: async () => assert.equal(await exists('src/half.test.ts'), false, 'no test file is created'),
    },
    { title: 'Refactor Selection…', command: 'modelRouter.refactorSelection', model: 'claude-sonnet-5-5', answer: 'use a multiplication' },
    {
      title: 'Fix the Problem at the Cursor',
      command: 'modelRouter.fixProblem',
      model: 'claude-sonnet-5-5',
      arrange: async () => {
        const diagnostics = vscode.languages.createDiagnosticCollection('agent-cancel-test');
        diagnostics.set(uri('src/half.ts'), [new vscode.Diagnostic(new vscode.Range(1, 9, 1, 14), 'Division where a multiplication was meant.', vscode.DiagnosticSeverity.Warning)]);
        vscode.window.activeTextEditor!.selection = new vscode.Selection(1, 10, 1, 10);
        return () => diagnostics.dispose();
      },
    },
    {
      title: 'Security Review of This File',
      command: 'modelRouter.securityReview',
      model: 'claude-opus-5-5',
      unchanged: () => assert.deepEqual(vscode.languages.getDiagnostics(uri('src/half.ts')).filter((d) => d.source?.startsWith('Model Router')), [], 'no findings appear'),
    },
    { title: 'Plan a Change', command: 'modelRouter.planChange', model: 'claude-opus-5-5', answer: 'make half generic' },
  ];
  for (const c of cases) {
    it(`${c.title}: Cancel stops the ${c.model} request at the API and changes nothing`, async () => {
      const editor = await openFile('src/half.ts', SOURCE, { from: 0, to: 2 });
      await cancelAndCheck(env, c, () => textOf(editor));
    });
  }

  it('Implement the Plan: Cancel stops the running step and sends no later step', async () => {
    await openFile('src/half.ts', SOURCE);
    const plan = await vscode.workspace.openTextDocument({ language: 'markdown', content: '## Step 1: Rename\nFiles: src/half.ts\n\n## Step 2: Document\nFiles: src/half.ts\n' });
    await vscode.window.showTextDocument(plan);
    env.fake.enqueue(slowAnswer(), ok());
    const done = vscode.commands.executeCommand('modelRouter.implementPlan');
    const request = (await env.fake.waitForRequests(1))[0];
    await clickNotificationButton('Cancel');
    await done;
    await eventually(() => request.closedAt !== undefined, { what: 'the fake to see the request closed' });
    assert.equal(request.completed, false);
    assert.equal(env.fake.requests.length, 1, 'step 2 must not be sent after Cancel');
    const summary = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Implementation of the plan')), { what: 'the summary' });
    assert.match(summary.document.getText(), /0 of 2 steps applied/);
    assert.match(summary.document.getText(), /\| Step 1: Rename \| cancelled \| claude-sonnet-5-5 \| 1 \|/);
    assert.match(summary.document.getText(), /\| Step 2: Document \| cancelled \| — \| 0 \| \$0\.00 \|/);
  });
});

describe('cancelling agent commands on git changes', function () {
  this.timeout(60_000);
  const env = withAgentEnv();
  const fixture = withGitRepository();
  afterEach(closeEverything);

  const cases: readonly CancelCase[] = [
    {
      title: 'Write Commit Message',
      command: 'modelRouter.writeCommitMessage',
      model: 'claude-haiku-5-5',
      arrange: async () => {
        await openFile('src/later.ts', 'export const later = 1;\n');
        git('add', 'src/later.ts');
        fixture.repo().inputBox.value = 'my own words';
      },
      unchanged: () => assert.equal(fixture.repo().inputBox.value, 'my own words', 'a cancelled message does not replace what was typed'),
    },
    {
      title: 'Review Uncommitted Changes',
      command: 'modelRouter.reviewChanges',
      model: 'claude-sonnet-5-5',
      arrange: async () => {
        await openFile('src/review.ts', 'export const token = "abc";\n');
        git('add', 'src/review.ts');
      },
      unchanged: () => assert.deepEqual(vscode.languages.getDiagnostics(uri('src/review.ts')).filter((d) => d.source === 'Model Router review'), [], 'no findings appear'),
    },
  ];
  for (const c of cases) {
    it(`${c.title}: Cancel stops the ${c.model} request at the API and changes nothing`, async () => {
      await cancelAndCheck(env, c);
      git('reset', '-q');
    });
  }
});
