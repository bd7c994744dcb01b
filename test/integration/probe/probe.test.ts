// Self-test of the integration harness with the fixture extension test/fixtures/probe-extension, so a
// harness problem is told apart from a Model Router problem. Runs as its own suite (see runTests.mjs).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { eventually } from '../support/eventually';
import { selectors, ui } from '../support/ui';

const PROBE_ID = 'model-router-test.probe-extension';

describe('integration harness (probe extension)', () => {
  before(async () => {
    const probe = vscode.extensions.getExtension(PROBE_ID);
    assert.ok(probe, `${PROBE_ID} is not loaded as a development extension`);
    await probe.activate();
  });

  it('runs the extension host on Node 24 with the fixture workspace open', async () => {
    const result = await vscode.commands.executeCommand<{ pong: boolean; node: string; trusted: boolean; bridge: boolean }>('probe.ping');
    assert.equal(result.pong, true, 'probe.ping did not answer');
    assert.match(result.node, /^v24\./, `extension host runs Node ${result.node}, expected v24`);
    assert.equal(result.trusted, true, 'the workspace should be trusted in this suite');
    assert.equal(result.bridge, true, 'the UI bridge URL did not reach the extension host');
    const names = (vscode.workspace.workspaceFolders ?? []).map((f) => f.name);
    assert.equal(names.length, 1, `expected one workspace folder, got ${JSON.stringify(names)}`);
    const files = await vscode.workspace.findFiles('**/*.ts');
    assert.ok(files.some((f) => f.path.endsWith('/src/greet.ts')), 'the fixture workspace (src/greet.ts) is not open');
  });

  it('shows the status bar item in the workbench and takes a screenshot', async () => {
    await ui.waitFor(selectors.statusBarItem(PROBE_ID, 'probe.status'));
    const text = await ui.text(selectors.statusBarItem(PROBE_ID, 'probe.status'));
    assert.match(text, /Probe ready/, `status bar item text was ${JSON.stringify(text)}`);
    const shot = await ui.screenshot('probe-workbench');
    assert.ok(fs.statSync(shot).size > 10_000, `screenshot ${shot} looks empty`);
  });

  it('sends messages both ways between a webview and the extension', async () => {
    await vscode.commands.executeCommand('probe.openPanel');
    const webview = { webview: `extensionId=${PROBE_ID}` };
    assert.equal(await ui.text('#probe-title', webview), 'Probe webview');
    await ui.click('#probe-button', webview);
    const message = await eventually(() => vscode.commands.executeCommand<{ type: string }>('probe.lastMessage'), {
      what: 'the webview click to reach the extension',
    });
    assert.deepEqual(message, { type: 'clicked' });
    await ui.waitFor('text=acknowledged: hello from the extension', webview);
    await ui.screenshot('probe-webview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows an inline completion as ghost text', async () => {
    const [file] = await vscode.workspace.findFiles('src/greet.ts');
    const editor = await vscode.window.showTextDocument(file);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(end, '\n// probe: '));
    const last = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(last, last);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const ghost = await eventually(
      async () => {
        const texts = await ui.texts(selectors.ghostText);
        return texts.join('').includes('probeGhostText()') ? texts : undefined;
      },
      { what: 'ghost text probeGhostText()' },
    );
    assert.ok(ghost.length > 0);
    await ui.screenshot('probe-ghost-text');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
