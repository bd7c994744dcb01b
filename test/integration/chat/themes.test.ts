// Every webview and the diff bar in a light, a dark and a high-contrast theme: screenshots of the
// chat (a pressed feedback button, a secret file's chip, the estimate), the spend report and an
// agent command's diff preview, and the two pairs of colours that were unreadable in the light
// theme measured for contrast (WCAG's 4.5:1 for text).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { THEMES, assertReadable } from '../support/contrast';
import { eventually } from '../support/eventually';
import { ui } from '../support/ui';
import { closeEverything, diffBarText, openFile, withAgentEnv } from '../agent/agentSupport';

const view = { webview: 'purpose=webviewView' };
const panel = { webview: '!purpose=webviewView' };
const usage = { inputTokens: 300, outputTokens: 80 };
const SOURCE = 'export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n';

describe('webviews and the diff bar in light, dark and high-contrast themes', function () {
  this.timeout(120_000);
  const env = withAgentEnv();
  afterEach(closeEverything);
  after(() => vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global));

  for (const theme of THEMES) {
    it(`${theme.name}: the chat, the report and the diff bar are readable`, async () => {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
      await openFile('config/.env', 'API_TOKEN=not-a-real-one\n');
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // VS Code's own Chat, for clear screenshots
      await vscode.commands.executeCommand('modelRouter.chat.focus');
      await vscode.commands.executeCommand('modelRouter.newChat');
      await eventually(async () => (await ui.evaluate<string>('document.body.className', view)).includes(theme.bodyClass), { what: `the chat in the ${theme.id} theme` });

      env.fake.enqueue(ok({ text: ['Keep secrets out of the repository; load them from the environment at start.'], usage }));
      await ui.fill('.input', 'how should this project keep its API token?', view);
      await ui.press('Enter', { selector: '.input', ...view });
      await eventually(async () => (await ui.count('.message.assistant .footer', view)) > 0, { what: 'the answer’s footer' });
      const pressed = '.message.assistant .feedback[aria-pressed="true"]';
      await ui.click('.message.assistant .feedback:has-text("Could have been cheaper")', view);
      await ui.waitFor(pressed, view);
      await ui.hover(pressed, view); // the pointer stays on the button after the click
      await assertReadable(pressed, 'the pressed feedback button under the pointer', theme.name, view);
      await assertReadable('.chip.file.left-out', 'the secret file’s chip', theme.name, view);
      await ui.fill('.input', 'and in CI?', view);
      await ui.press('End', { selector: '.input', ...view });
      await eventually(async () => (await ui.text('.estimate', view)).startsWith('→'), { what: 'the estimate of the draft' });
      await ui.screenshot(`theme-${theme.name}-chat`);
      await ui.fill('.input', '', view);

      await vscode.commands.executeCommand('modelRouter.spendReport');
      await ui.waitFor('text=This session', panel);
      await ui.screenshot(`theme-${theme.name}-report`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      await openFile('src/total.ts', SOURCE, { from: 0, to: 0 });
      env.fake.enqueue(ok({ text: ['```ts\n/** The sum of the items; 0 for none. */\n```'], usage }));
      const done = vscode.commands.executeCommand('modelRouter.addDocstring');
      assert.match(await diffBarText(), /Haiku 5\.5 · fast · taskKind:docstring/);
      await new Promise((resolve) => setTimeout(resolve, 700)); // the who-did-it line on the proposed side
      await ui.screenshot(`theme-${theme.name}-diff-bar`);
      await vscode.commands.executeCommand('modelRouter.discardPreview');
      await done;
    });
  }
});
