import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { ui } from '../support/ui';
import { closeEverything, git, openFile, waitForNotification, waitForOutcome, withAgentEnv, withGitRepository, workspaceFolder } from './agentSupport';

const usage = { inputTokens: 2000, outputTokens: 100 };

describe('agent commands on git changes and security', function () {
  this.timeout(60_000); // the Git extension scans the new repository; on a busy machine that takes a while
  const env = withAgentEnv();
  const fixture = withGitRepository();
  afterEach(closeEverything);

  it('Write Commit Message sends the staged diff to Haiku and puts the message in the Source Control input box', async () => {
    await openFile('src/farewell.ts', 'export const farewell = (name: string) => `Bye, ${name}`;\n');
    git('add', 'src/farewell.ts');
    env.fake.enqueue(ok({ text: ['```\nAdd a farewell helper\n\nGreeting had no counterpart.\n```'], usage }));
    await vscode.commands.executeCommand('modelRouter.writeCommitMessage');
    assert.equal(env.fake.requests[0]?.model, 'claude-haiku-5-5', 'commit messages go to the fast tier');
    assert.match(JSON.stringify(env.fake.requests[0]?.body), /diff --git a\/src\/farewell\.ts/, 'the staged diff reaches the model');
    assert.equal(fixture.repo().inputBox.value, 'Add a farewell helper\n\nGreeting had no counterpart.');
    const box = await eventually(async () => {
      const text = await ui.text('.scm-editor .view-lines');
      return text.includes('Add a farewell helper') && text;
    }, { what: 'the message in the Source Control input box' });
    assert.ok(box);
    assert.match(await waitForOutcome('Commit message written'), /Haiku 5\.5 · fast · taskKind:commitMessage/);
    await ui.screenshot('agent-commit-message');
    git('commit', '-q', '-m', 'Add a farewell helper');
  });

  it('Review Uncommitted Changes goes to Sonnet, shows findings in the Problems view and a report', async () => {
    await openFile('src/farewell.ts', 'export const farewell = (name: string) => `Bye, ${name}`;\nexport const secret = "hunter2";\n');
    env.fake.enqueue(ok({ text: ['src/farewell.ts:2: warning: A password-like literal is exported.\n\n## Summary\nOne risky line.'], usage }));
    await vscode.commands.executeCommand('modelRouter.reviewChanges');
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'a one-file review goes to the balanced tier');
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'src/farewell.ts');
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Model Router review');
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.severity, d.message]), [[1, vscode.DiagnosticSeverity.Warning, 'A password-like literal is exported.']]);
    const report = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Review of uncommitted changes')), { what: 'the review report' });
    assert.match(report.document.getText(), /_Sonnet 5\.5 · balanced · taskKind:review — \$0\.0050_/);
    assert.match(report.document.getText(), /\| warning \| `src\/farewell\.ts:2` \| A password-like literal is exported\. \|/);
    assert.match(report.document.getText(), /## Summary\nOne risky line\./);
  });

  it('Security Review of This File goes to Opus even for a plain file, and its findings are errors in the file', async () => {
    await openFile('src/greet.ts', 'export function greet(name: string) {\n  return eval(`"Hello, ${name}"`);\n}\n');
    env.fake.enqueue(ok({ text: ['src/greet.ts:2: error: eval of user input allows code injection.\n\nUse a template string.'], usage }));
    await vscode.commands.executeCommand('modelRouter.securityReview');
    assert.equal(env.fake.requests[0]?.model, 'claude-opus-5-5', 'security review is never below frontier');
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'src/greet.ts');
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Model Router security review');
    assert.deepEqual(errors.map((d) => [d.range.start.line, d.severity]), [[1, vscode.DiagnosticSeverity.Error]]);
    const report = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Security review of src/greet.ts')), { what: 'the security report' });
    assert.match(report.document.getText(), /_Opus 5\.5 · frontier · (floor:sensitive|taskKind:security) — \$0\.0/);
  });

  it('Write Commit Message with nothing staged says so and sends nothing', async () => {
    git('reset', '-q');
    await vscode.commands.executeCommand('modelRouter.writeCommitMessage');
    assert.match(await waitForNotification('nothing is staged'), /Stage the changes to describe/);
    assert.equal(env.fake.requests.length, 0);
  });
});
