import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CommandSpec } from '../../../src/core/commands';
import { COMMANDS } from '../../../src/core/commands';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const editing: CommandSpec[] = Object.values(COMMANDS).filter((spec: CommandSpec) => spec.editsFiles === true);

describe('agent commands in an untrusted workspace', () => {
  const env = withFakeApi();
  let editor: vscode.TextEditor;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted workspace');
    const [file] = await vscode.workspace.findFiles('src/greet.ts');
    editor = await vscode.window.showTextDocument(file, { preview: false });
    editor.selection = new vscode.Selection(0, 0, 1, 0);
  });
  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const spec of editing) {
    it(`${spec.title} refuses with a clear message, sends nothing and changes nothing`, async () => {
      const before = editor.document.getText();
      await vscode.window.showTextDocument(editor.document, { preview: false });
      void vscode.commands.executeCommand(spec.id);
      const message = `Model Router: ${spec.title.replace(/…$/, '')} edits files, so it is off until you trust this workspace.`;
      // VS Code 1.139 lists notifications in the notification center.
      await vscode.commands.executeCommand('notifications.showList');
      await eventually(async () => (await ui.texts('.notifications-center .notification-list-item')).some((text) => text.includes(message)), {
        what: `the notice "${message}"`,
      });
      assert.ok((await ui.count('.notifications-center .monaco-button:has-text("Manage Workspace Trust")')) > 0, 'the notice offers to manage trust');
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('notifications.hideList');
      assert.equal(env.fake.requests.length, 0, 'nothing is sent');
      assert.equal(editor.document.getText(), before, 'nothing is changed');
    });
  }

  it('still runs commands that only read, such as Explain Selection', async () => {
    await vscode.window.showTextDocument(editor.document, { preview: false });
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    await vscode.commands.executeCommand(COMMANDS.explainSelection.id);
    await env.fake.waitForRequests(1, 10_000);
    assert.match(JSON.stringify(env.fake.requests[0].body.messages), /greet/, 'the selection was sent to be explained');
  });
});
