import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { closeEverything, git, ledgerRequests, newLedgerRequests, withAgentEnv, withGitRepository, workspaceFolder } from '../agent/agentSupport';

const usage = { inputTokens: 6000, outputTokens: 400 };
const CALLER = "import { greet } from './greet';\n\nexport const welcome = greet('Ada');\n";
const UNRELATED = "export const unrelatedMarker = 'not a caller';\n";
const CHANGED_GREET = '/** Greets someone by name, loudly when asked. */\nexport function greet(name: string, loud: boolean): string {\n  return loud ? `HELLO, ${name.toUpperCase()}!` : `Hello, ${name}!`;\n}\n\nexport const answer = 42;\n';
const OLD_SECRET = 'OLD_TOKEN=sk-old-audit-secret-1111';
const NEW_SECRET = 'NEW_TOKEN=sk-new-audit-secret-2222';

const write = (path: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceFolder(), path), Buffer.from(text, 'utf8'));

describe('Deep Audit of the Change', function () {
  this.timeout(90_000); // the Git extension scans the new repository; on a busy machine that takes a while
  const env = withAgentEnv();
  let originalGreet = '';
  // Before the repository is made, so the caller, the unrelated file and the .env are in its first commit.
  before(async () => {
    originalGreet = readFileSync(join(workspaceFolder().fsPath, 'src/greet.ts'), 'utf8');
    await write('src/welcome.ts', CALLER);
    await write('src/unrelated.ts', UNRELATED);
    await write('.env', `${OLD_SECRET}\n`);
  });
  withGitRepository();
  afterEach(closeEverything);
  after(async () => {
    await write('src/greet.ts', originalGreet);
    for (const path of ['src/welcome.ts', 'src/unrelated.ts', '.env']) rmSync(join(workspaceFolder().fsPath, path), { force: true });
  });

  it('sends the uncommitted change with its caller to Opus, never the .env, and shows the findings in the Problems view and a report', async () => {
    await write('src/greet.ts', CHANGED_GREET);
    await write('.env', `${OLD_SECRET}\n${NEW_SECRET}\n`);
    const before = ledgerRequests(env.api).length;
    env.fake.enqueue(ok({ text: ['src/welcome.ts:3: error: greet now takes `loud`; this call passes one argument.\nsrc/greet.ts:2: warning: `loud` is required, so every caller breaks.\n\n## Summary\nMake `loud` optional.'], usage }));
    await vscode.commands.executeCommand('modelRouter.deepAudit');

    assert.equal(env.fake.requests.length, 1, 'one request');
    const request = env.fake.requests[0];
    assert.equal(request?.model, 'claude-opus-5-5', 'the deep audit goes to the frontier tier');
    const body = JSON.stringify(request?.body);
    assert.match(body, /diff --git a\/src\/greet\.ts/, 'the diff reaches the model');
    assert.match(body, /changed file src\/greet\.ts/, 'the changed file is in the prompt');
    assert.match(body, /caller src\/welcome\.ts/, 'the caller is in the prompt');
    assert.ok(body.includes("export const welcome = greet('Ada');"), 'with its text');
    assert.ok(!body.includes('unrelatedMarker'), 'a file that does not import the change stays out');
    assert.ok(!body.includes('sk-old-audit-secret') && !body.includes('sk-new-audit-secret'), 'nothing of the .env is sent');
    assert.match(body, /diff --git a\/\.env b\/\.env\\n\(changes/, 'the .env is named as changed and left out');

    const welcome = vscode.Uri.joinPath(workspaceFolder(), 'src/welcome.ts');
    const greet = vscode.Uri.joinPath(workspaceFolder(), 'src/greet.ts');
    const problems = await eventually(() => {
      const found = vscode.languages.getDiagnostics(welcome).filter((d) => d.source === 'Model Router deep audit');
      return found.length > 0 && found;
    }, { what: 'the audit’s finding in the caller, in the Problems view' });
    assert.deepEqual(problems.map((d) => [d.range.start.line, d.severity, d.message]), [[2, vscode.DiagnosticSeverity.Error, 'greet now takes `loud`; this call passes one argument.']]);
    assert.deepEqual(vscode.languages.getDiagnostics(greet).filter((d) => d.source === 'Model Router deep audit').map((d) => d.severity), [vscode.DiagnosticSeverity.Warning]);

    const report = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Deep audit of the uncommitted changes')), { what: 'the audit report' });
    const text = report.document.getText();
    assert.match(text, /_Opus 5\.5 · frontier · taskKind:deepAudit — \$0\.\d+_/, `model, tier, rule and cost head the report:\n${text}`);
    assert.match(text, /Callers in context: `src\/welcome\.ts`/);
    assert.match(text, /Left out: .*\.env/, 'the report says the .env was left out');
    assert.match(text, /\| error \| `src\/welcome\.ts:3` \|/);

    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.taskKind, r.tier, r.model]), [['deepAudit', 'frontier', 'claude-opus-5-5']]);
    assert.ok((records[0]?.costMicros ?? 0) > 0, 'the audit is priced in the ledger');
  });

  it('with nothing uncommitted, audits the branch’s changes since main', async () => {
    git('checkout', '-q', '-b', 'audit-branch');
    git('add', 'src/greet.ts');
    git('commit', '-q', '-m', 'Loud greetings');
    git('checkout', '-q', '--', '.env');
    assert.equal(git('status', '--porcelain').trim(), '', 'the tree is clean');
    env.fake.enqueue(ok({ text: ['src/welcome.ts:3: warning: still one argument.\n\n## Summary\nOne caller to update.'], usage }));
    // The Git extension learns of the new branch from its file watcher.
    await eventually(async () => {
      env.fake.reset();
      env.fake.enqueue(ok({ text: ['src/welcome.ts:3: warning: still one argument.\n\n## Summary\nOne caller to update.'], usage }));
      await vscode.commands.executeCommand('modelRouter.deepAudit');
      return env.fake.requests.length === 1;
    }, { what: 'the audit of the branch', timeoutMs: 30_000 });
    const body = JSON.stringify(env.fake.requests[0]?.body);
    assert.match(body, /\+export function greet\(name: string, loud: boolean\)/, 'the committed change is what is audited');
    assert.match(body, /caller src\/welcome\.ts/);
    const report = await eventually(() => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('# Deep audit of the changes since main')), { what: 'the branch audit report' });
    assert.match(report.document.getText(), /_Opus 5\.5 · frontier · taskKind:deepAudit — \$/);
    git('checkout', '-q', 'main');
  });
});
