import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { resetSettings } from '../support/router';
import { clickDiffBar, closeEverything, ledgerRequests, withAgentEnv, workspaceFolder } from '../agent/agentSupport';

const onDisk = () => readFileSync(join(workspaceFolder().fsPath, 'ROUTING.md'), 'utf8');

describe('Write ROUTING.md', function () {
  this.timeout(60_000);
  const env = withAgentEnv();
  afterEach(closeEverything);
  after(async () => {
    await resetSettings(['policy.taskKinds']);
    rmSync(join(workspaceFolder().fsPath, 'ROUTING.md'), { force: true });
  });

  it('writes the policy in effect and the ledger’s split at $0, opens it, and on a second run keeps the user’s section through a diff', async () => {
    rmSync(join(workspaceFolder().fsPath, 'ROUTING.md'), { force: true });
    // One request on the ledger, so the observed split has a row of this run's own.
    env.fake.enqueue(ok({ text: ['Use a map.'], usage: { inputTokens: 1500, outputTokens: 200 } }));
    const asked = await env.api.engine.run({
      request: { surface: 'command', taskKind: 'architecture', prompt: 'How should the cache be structured?' },
      prompt: () => ({ system: [{ type: 'text', text: 'You are a test.' }], messages: [{ role: 'user', content: 'How should the cache be structured?' }], maxTokens: 256 }),
    });
    assert.equal(asked.decision.tier, 'frontier');
    await eventually(() => ledgerRequests(env.api).some((record) => record.taskKind === 'architecture'), { what: 'the architecture request in the ledger' });
    env.fake.reset();

    await vscode.commands.executeCommand('modelRouter.writeRoutingDoc');
    const editor = await eventually(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/ROUTING.md') && vscode.window.activeTextEditor, { what: 'ROUTING.md in an editor' });
    const first = editor.document.getText();
    assert.equal(first, onDisk(), 'the file is written, not only shown');
    assert.match(first, /\| frontier \| `claude-opus-5-5`, effort medium \|/, 'the model pool');
    assert.match(first, /\| deep audit \(`deepAudit`\) \| frontier \|/, 'the routing table');
    assert.match(first, /## Must stay frontier[\s\S]*`auth`/);
    assert.match(first, /## Who may override, and how/);
    assert.match(first, /## How context carries across a switch/);
    assert.match(first, /\| architecture \| [1-9]\d* \| 0 \| 0 \| 0 \| [1-9]\d* \| \$0\.\d+ \|/, 'the ledger’s split names the architecture request on frontier');
    assert.equal(env.fake.requests.length, 0, 'no model was asked');

    // The user writes their own section; the policy changes; the file is written again.
    const notes = first.replace('## Team notes\n', '## Team notes\n\nAsk Dana before pinning anything.\n');
    await vscode.workspace.fs.writeFile(editor.document.uri, Buffer.from(notes, 'utf8'));
    await eventually(() => editor.document.getText() === notes, { what: 'the editor to show the user’s section' });
    await vscode.workspace.getConfiguration('modelRouter').update('policy.taskKinds', { explain: 'fast' }, vscode.ConfigurationTarget.Global);
    await eventually(() => env.api.settings.policy.taskKinds.explain === 'fast', { what: 'the policy in effect to read the new setting' });

    const running = vscode.commands.executeCommand('modelRouter.writeRoutingDoc');
    await clickDiffBar('Apply');
    await running;
    const second = await eventually(() => {
      const text = onDisk();
      return text.includes('| explanation (`explain`) | fast | set by the policy (default balanced) |') && text;
    }, { what: 'ROUTING.md rewritten with the new policy' });
    assert.ok(second.includes('## Team notes\n\nAsk Dana before pinning anything.\n'), 'the user’s section is kept');
    assert.equal(env.fake.requests.length, 0, 'still no model asked');
  });
});
