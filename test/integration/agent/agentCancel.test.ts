import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { clickNotificationButton, closeEverything, ledgerRequests, newLedgerRequests, openFile, textOf, withAgentEnv } from './agentSupport';

const SOURCE = 'export function half(value: number): number {\n  return value / 2;\n}\n';
const slowAnswer = () => ok({ text: Array.from({ length: 80 }, (_, i) => `part${i} `), deltaDelayMs: 100 });

describe('cancelling agent commands', () => {
  const env = withAgentEnv();
  afterEach(closeEverything);

  const commands: ReadonlyArray<[string, string, string]> = [
    ['Add Docstring', 'modelRouter.addDocstring', 'claude-haiku-5-5'],
    ['Write Tests for This File', 'modelRouter.writeTests', 'claude-sonnet-5-5'],
    ['Security Review of This File', 'modelRouter.securityReview', 'claude-opus-5-5'],
  ];
  for (const [title, id, model] of commands) {
    it(`${title}: Cancel stops the ${model} request at the API and changes nothing`, async () => {
      const editor = await openFile('src/half.ts', SOURCE, { from: 0, to: 2 });
      const before = ledgerRequests(env.api).length;
      env.fake.enqueue(slowAnswer());
      const done = vscode.commands.executeCommand(id);
      const request = (await env.fake.waitForRequests(1))[0];
      assert.equal(request.model, model);
      await clickNotificationButton('Cancel');
      await done;
      await eventually(() => request.closedAt !== undefined, { what: 'the fake to see the request closed' });
      assert.equal(request.completed, false, 'the answer must be cut off, not streamed to its end');
      assert.equal(textOf(editor), SOURCE, 'a cancelled command changes no file');
      assert.deepEqual(newLedgerRequests(env.api, before).map((r) => r.outcome), ['cancelled']);
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
