import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { answerInputBox, clickDiffBar, closeEverything, ledgerRequests, newLedgerRequests, openFile, waitForOutcome, withAgentEnv, workspaceFolder } from './agentSupport';

const PLAN = `## Step 1: Add the farewell module
Files: src/farewell.ts
Create farewell().

## Step 2: Use it from greet
Files: src/greet.ts, src/farewell.ts
Export both.
`;

async function fileText(path: string): Promise<string> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder(), path));
  return document.getText();
}

describe('agent commands that plan and implement', () => {
  const env = withAgentEnv();
  afterEach(closeEverything);

  it('Plan a Change goes to Opus with the open files and opens an editable plan', async () => {
    await openFile('src/greet.ts', 'export const greet = (name: string) => `Hello, ${name}`;\n');
    env.fake.enqueue(ok({ text: [PLAN], usage: { inputTokens: 3000, outputTokens: 500 } }));
    const done = vscode.commands.executeCommand('modelRouter.planChange');
    await answerInputBox('add a farewell next to greet');
    await done;
    assert.equal(env.fake.requests[0]?.model, 'claude-opus-5-5', 'planning goes to the frontier tier');
    const body = JSON.stringify(env.fake.requests[0]?.body);
    assert.match(body, /path=\\"src\/greet\.ts\\"/, 'the open file is in the plan’s context');
    const plan = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Plan: add a farewell')), { what: 'the plan document' });
    // 3000 × $4 + 500 × $20 per MTok = $0.022
    assert.match(plan.document.getText(), /_Opus 5\.5 · frontier · taskKind:plan — \$0\.022_\n\n## Step 1: Add the farewell module/);
    assert.equal(plan.document.isUntitled, true, 'the plan is an editable document');
  });

  it('Implement the Plan runs the steps in order on Sonnet, retries a broken step on Opus, and rolls the cost up per step', async () => {
    await openFile('src/greet.ts', 'export const greet = (name: string) => `Hello, ${name}`;\n');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceFolder(), 'src/farewell.ts')).then(undefined, () => undefined);
    const planDocument = await vscode.workspace.openTextDocument({ language: 'markdown', content: `# Plan: farewell\n\n${PLAN}` });
    await vscode.window.showTextDocument(planDocument);
    const usage = { inputTokens: 1000, outputTokens: 200 };
    env.fake.enqueue(
      ok({ text: ['```src/farewell.ts\nexport const farewell = (name: string) => {\n```'], usage }),
      ok({ text: ['```src/farewell.ts\nexport const farewell = (name: string) => `Bye, ${name}`;\n```'], usage }),
      ok({ text: ['```src/greet.ts\nexport const greet = (name: string) => `Hello, ${name}`;\nexport { farewell } from "./farewell";\n```'], usage }),
    );
    const before = ledgerRequests(env.api).length;
    const done = vscode.commands.executeCommand('modelRouter.implementPlan');
    await clickDiffBar('Apply');
    await eventually(() => env.fake.requests.length === 3, { what: 'step 2 to be sent after step 1 was applied' });
    await clickDiffBar('Apply');
    await done;

    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-sonnet-5-5'], 'step 1 on Sonnet, its broken edit retried on Opus, step 2 on Sonnet');
    assert.match(JSON.stringify(env.fake.requests[0].body), /Carry out this step only:\\n\\n## Step 1/);
    assert.match(JSON.stringify(env.fake.requests[2].body), /Carry out this step only:\\n\\n## Step 2/);
    assert.equal(await fileText('src/farewell.ts'), 'export const farewell = (name: string) => `Bye, ${name}`;\n');
    assert.match(await fileText('src/greet.ts'), /export \{ farewell \} from "\.\/farewell";/);

    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.taskKind, r.model, r.outcome]), [
      ['implement', 'claude-sonnet-5-5', 'escalated'],
      ['implement', 'claude-opus-5-5', 'ok'],
      ['implement', 'claude-sonnet-5-5', 'ok'],
    ]);
    // Sonnet: 1000 × $2 + 200 × $10 = $0.0040; Opus: 1000 × $4 + 200 × $20 = $0.0080.
    const summary = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Implementation of the plan')), { what: 'the per-step cost summary' });
    const text = summary.document.getText();
    assert.match(text, /2 of 2 steps applied/);
    assert.match(text, /\| Step 1: Add the farewell module \| done \| claude-sonnet-5-5 → claude-opus-5-5 \| 2 \| \$0\.012 \|/);
    assert.match(text, /\| Step 2: Use it from greet \| done \| claude-sonnet-5-5 \| 1 \| \$0\.0040 \|/);
    assert.match(text, /\*\*total\*\* \| \| \| 3 \| \*\*\$0\.016\*\*/);
  });

  it('Implement the Plan asks a step again on Opus, with the file as it now is, when the file changed under its preview', async () => {
    const greet = 'export const greet = (name: string) => `Hello, ${name}`;\n';
    const greetUri = vscode.Uri.joinPath(workspaceFolder(), 'src/greet.ts');
    await openFile('src/greet.ts', greet);
    const planDocument = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Plan: farewell\n\n## Step 1: Add farewell\nFiles: src/greet.ts\nAdd farewell() next to greet().\n' });
    await vscode.window.showTextDocument(planDocument);
    const usage = { inputTokens: 1000, outputTokens: 200 };
    const opusText = '// kept by the user\nexport const greet = (name: string) => `Hello, ${name}`;\nexport const farewell = (name: string) => `Bye, ${name}`;\n';
    env.fake.enqueue(
      ok({ text: ['```src/greet.ts\nexport const greet = (name: string) => `Hello, ${name}`;\nexport const farewell = (name: string) => `Bye`;\n```'], usage }),
      ok({ text: [`\`\`\`src/greet.ts\n${opusText}\`\`\``], usage }),
    );
    const before = ledgerRequests(env.api).length;
    const done = vscode.commands.executeCommand('modelRouter.implementPlan');
    await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.startsWith('greet.ts ↔ proposed'))), { what: 'the preview of step 1' });
    // The user edits the file while the preview is open: Sonnet's whole-file answer would overwrite it.
    const typing = new vscode.WorkspaceEdit();
    typing.insert(greetUri, new vscode.Position(0, 0), '// kept by the user\n');
    assert.ok(await vscode.workspace.applyEdit(typing));
    await clickDiffBar('Apply');
    await env.fake.waitForRequests(2);
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5'], 'the step that did not apply is asked again one tier up');
    assert.match(JSON.stringify(env.fake.requests[1].body), /\/\/ kept by the user/, 'the retry sees the file as it is now');
    assert.equal(await fileText('src/greet.ts'), `// kept by the user\n${greet}`, 'Sonnet’s stale edit is not applied');
    await clickDiffBar('Apply');
    await done;
    assert.equal(await fileText('src/greet.ts'), opusText);
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.taskKind, r.model, r.rule]), [
      ['implement', 'claude-sonnet-5-5', 'taskKind:implement'],
      ['implement', 'claude-opus-5-5', 'override:next'],
    ]);
    const summary = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Implementation of the plan')), { what: 'the per-step cost summary' });
    // Sonnet: $0.0040 + Opus: $0.0080, both on the step.
    assert.match(summary.document.getText(), /\| Step 1: Add farewell \| done \| claude-sonnet-5-5 → claude-opus-5-5 \| 2 \| \$0\.012 \|/);
  });

  it('Implement the Plan asks a step VS Code cannot write again on Opus, and stops the plan when frontier’s cannot be written either', async () => {
    // src/notes.txt is a file, so nothing can be created under it: VS Code's applyEdit returns false.
    await openFile('src/notes.txt', 'notes\n');
    const planDocument = await vscode.workspace.openTextDocument({ language: 'markdown', content: '## Step 1: Add a helper\nFiles: src/notes.txt/helper.ts\n\n## Step 2: Use it\nFiles: src/greet.ts\n' });
    await vscode.window.showTextDocument(planDocument);
    const answer = () => ok({ text: ['```src/notes.txt/helper.ts\nexport const helper = 1;\n```'], usage: { inputTokens: 1000, outputTokens: 200 } });
    env.fake.enqueue(answer(), answer());
    const done = vscode.commands.executeCommand('modelRouter.implementPlan');
    await clickDiffBar('Apply');
    await env.fake.waitForRequests(2);
    await clickDiffBar('Apply');
    await done;
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-sonnet-5-5', 'claude-opus-5-5'], 'the step that could not be written is asked again one tier up, and nothing above frontier');
    const summary = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Implementation of the plan')), { what: 'the summary' });
    assert.match(summary.document.getText(), /0 of 2 steps applied/);
    assert.match(summary.document.getText(), /\| Step 1: Add a helper \| failed \| claude-sonnet-5-5 → claude-opus-5-5 \| 2 \|/);
    assert.match(summary.document.getText(), /\| Step 2: Use it \| skipped \| — \| 0 \|/);
    assert.match(await waitForOutcome('stopped the plan'), /step 1 stopped the plan: VS Code could not apply the edit/);
  });
});
