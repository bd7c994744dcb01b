import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { ui } from '../support/ui';
import { ledgerRequests, newLedgerRequests, workspaceFolder } from '../agent/agentSupport';

const view = { webview: 'purpose=webviewView' };

let lastSent = '';

async function send(text: string): Promise<void> {
  lastSent = text;
  await ui.fill('.input', text, view);
  await ui.press('Enter', { selector: '.input', ...view });
}

/** The answer under the message just sent, once it no longer says it is running. */
async function finishedAnswer(what: string): Promise<string> {
  return eventually(async () => {
    const messages = await ui.texts('.thread .message', view);
    const asked = messages.lastIndexOf(lastSent);
    const answer = asked === -1 ? '' : (messages[asked + 1] ?? '');
    return !/^Running /.test(answer) && /\$0/.test(answer) && answer;
  }, { what, timeoutMs: 30_000 });
}

/** A tasks.json whose test task passes and whose build task fails, each a real process. */
function tasksJson(): string {
  const node = JSON.stringify(process.execPath);
  const passing = `console.log('checking greet.ts'); console.log('  3 passing (12ms)')`;
  const failing = `console.log('tsc -p .'); console.error('src/greet.ts(3,5): error TS2304: Cannot find name \\'nme\\'.'); process.exit(2)`;
  return JSON.stringify(
    {
      version: '2.0.0',
      tasks: [
        { label: 'unit tests', type: 'shell', command: `${node} -e "${passing}"`, group: { kind: 'test', isDefault: true }, problemMatcher: [] },
        { label: 'compile', type: 'process', command: process.execPath, args: ['-e', failing], group: { kind: 'build', isDefault: true }, problemMatcher: [] },
      ],
    },
    null,
    2,
  );
}

describe('$0 checks in the chat', () => {
  const env = withFakeApi();
  let tasksUri: vscode.Uri;

  before(async function () {
    this.timeout(60_000);
    tasksUri = vscode.Uri.joinPath(workspaceFolder(), '.vscode', 'tasks.json');
    await vscode.workspace.fs.writeFile(tasksUri, Buffer.from(tasksJson(), 'utf8'));
    await eventually(async () => (await vscode.tasks.fetchTasks()).some((task) => task.name === 'compile'), { what: 'VS Code to read the new tasks.json', timeoutMs: 20_000 });
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', view);
    await vscode.commands.executeCommand('modelRouter.newChat');
    await eventually(async () => (await ui.count('.thread .message', view)) === 0, { what: 'the new, empty chat' });
  });

  after(async () => {
    await vscode.workspace.fs.delete(tasksUri);
  });

  it('“run the tests” runs the test task, shows passed, the time and its output, asks no model and records $0', async function () {
    this.timeout(60_000);
    const before = ledgerRequests(env.api).length;
    await send('run the tests');
    const answer = await finishedAnswer('the test task’s report');
    assert.match(answer, /✓ The tests passed — task “unit tests” \(.+\) in [\d.]+ (ms|s), exit code 0\. No model was asked: \$0\./);
    assert.match(answer, /3 passing \(12ms\)/, 'the task’s own output is in the thread');
    assert.match(answer, /Workspace task · automated · taskKind:runChecks · \$0\.00/);
    assert.match(answer, /↻ Run again/, 'a check can be run again from its answer');
    assert.match(answer, /↑ Ask a model/);
    assert.doesNotMatch(answer, /Could have been cheaper/, 'nothing is cheaper than $0');
    assert.equal(env.fake.requests.length, 0, 'running the tests must not reach the model API');
    const records = newLedgerRequests(env.api, before);
    assert.deepEqual(records.map((r) => [r.surface, r.taskKind, r.tier, r.model, r.costMicros, r.outcome]), [['chat', 'runChecks', 'automated', 'vscode-task', 0, 'ok']]);
    assert.ok(records[0].latencyMs > 0, 'the run’s time is recorded');
  });

  it('“is the build green?” runs the build task and shows it failed with its exit code and last lines', async function () {
    this.timeout(60_000);
    const before = ledgerRequests(env.api).length;
    await send('is the build green?');
    const answer = await finishedAnswer('the build task’s report');
    assert.match(answer, /✗ The build failed — task “compile” .* exit code 2\. No model was asked: \$0\./);
    assert.match(answer, /error TS2304: Cannot find name 'nme'/);
    assert.equal(env.fake.requests.length, 0, 'the build check must not reach the model API');
    assert.deepEqual(newLedgerRequests(env.api, before).map((r) => [r.taskKind, r.tier, r.costMicros]), [['smokeTest', 'automated', 0]]);
    await ui.screenshot('chat-checks', view);
  });

  it('pre-flight says which named files exist, deterministically, at $0', async function () {
    this.timeout(60_000);
    await send('pre-flight check: do src/greet.ts and src/missing.ts exist?');
    const answer = await finishedAnswer('the pre-flight report');
    assert.match(answer, /✗ Pre-flight found problems/);
    assert.match(answer, /✓ src\/greet\.ts exists/);
    assert.match(answer, /✗ src\/missing\.ts does not exist/);
    assert.equal(env.fake.requests.length, 0);
  });

  it('a check with no task says what to add to tasks.json or the policy', async function () {
    this.timeout(60_000);
    await send('run the lint');
    const answer = await finishedAnswer('the missing lint task’s report');
    assert.match(answer, /✗ Could not run lint .*No task runs lint in this workspace: add a task whose name starts with “lint” to \.vscode\/tasks\.json, or name one in the policy file \(checks\.lint\)/s);
    assert.equal(env.fake.requests.length, 0);
  });
});
