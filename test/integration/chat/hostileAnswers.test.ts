import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };

async function send(text: string): Promise<void> {
  await ui.fill('.input', text, view);
  await ui.press('Enter', { selector: '.input', ...view });
}

async function lastAnswer(): Promise<string> {
  const answers = await ui.texts('.message.assistant', view);
  return answers[answers.length - 1] ?? '';
}

describe('hostile chat answers and Insert', () => {
  const env = withFakeApi();

  before(async () => {
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', view);
    await vscode.commands.executeCommand('modelRouter.newChat');
  });

  it('an answer of 2,500 nested > renders, Send comes back, and the next answer renders under it', async () => {
    env.fake.enqueue(ok({ text: [`${'>'.repeat(2500)} deepest words`] }), ok({ text: ['The next answer.'] }));
    await send('explain the quoting');
    await eventually(async () => (await lastAnswer()).includes('deepest words'), { what: 'the hostile answer, as text or a capped quote' });
    await eventually(async () => (await ui.count('.send.stop', view)) === 0, { what: 'the Stop button to turn back into Send' });
    await send('explain the next thing');
    await eventually(async () => (await lastAnswer()).includes('The next answer.'), { what: 'the answer after the hostile one' });
  });

  it('keeps a link only when it parses as http(s) or mailto, not when it merely starts like one', async () => {
    env.fake.enqueue(ok({ text: ['See [menu](https:command:modelRouter.showMenu) and [docs](https://example.com/docs).'] }));
    await send('explain where the docs are');
    await eventually(async () => (await lastAnswer()).includes('docs'), { what: 'the answer with links' });
    assert.equal(await ui.count('.message.assistant a[href^="https:command"]', view), 0, 'https:command:… must not become a link');
    assert.equal(await ui.count('.message.assistant a[href="https://example.com/docs"]', view), 1, 'a real https link stays a link');
  });

  it('Insert puts the code at the cursor and keeps the selected text', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'insert-target.ts');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('const keep = 1;\nconst after = 2;\n'));
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const editor = await vscode.window.showTextDocument(uri);
      // The whole first line is selected, the cursor at its end.
      editor.selection = new vscode.Selection(0, 0, 0, 15);
      env.fake.enqueue(ok({ text: ['Add this:\n\n```ts\n/* inserted\u202e */\n```\n'] }));
      await vscode.commands.executeCommand('modelRouter.chat.focus');
      await send('explain how to add a comment');
      await eventually(async () => (await ui.count('.message.assistant .code-action[title="Insert at cursor"]', view)) > 0, { what: 'the code block with Insert' });
      await ui.click('.message.assistant .code-action[title="Insert at cursor"]', view);
      const text = await eventually(() => {
        const now = editor.document.getText();
        return now.includes('inserted') && now;
      }, { what: 'the code in the editor' });
      assert.equal(text, 'const keep = 1;/* inserted */\nconst after = 2;\n', 'the code goes in at the cursor, the selection stays, the bidi override is left out');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });
});
