import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { eventually } from '../support/eventually';
import { EXTENSION_ID, resetSettings, STATUS_ITEM } from '../support/router';
import { ui } from '../support/ui';

interface WalkthroughStep {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly media: { readonly markdown?: string; readonly image?: string };
}

/** The chat view's webview (a view, not the report panel). */
const CHAT = { webview: 'purpose=webviewView' };

describe('a way in: the walkthrough, Open Chat in the menu, the empty chat, and removing a pin', () => {
  after(async () => {
    await resetSettings(['policy.pins']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes a five-step walkthrough whose steps each run a command and show their media, and opens it', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    // Run alone, this test may come before activation (onStartupFinished) has registered the commands.
    await extension.activate();
    const walkthroughs = extension.packageJSON.contributes.walkthroughs as Array<{ id: string; title: string; steps: WalkthroughStep[] }>;
    const walkthrough = walkthroughs.find((w) => w.id === 'modelRouter.gettingStarted');
    assert.ok(walkthrough, 'the Get started walkthrough is contributed');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['setApiKey', 'openChat', 'chooseTier', 'statusBar', 'spendReport']);
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps) {
      const link = /\(command:([\w.]+)\)/.exec(step.description)?.[1];
      assert.ok(link && commands.has(link), `step ${step.id} has a button for a registered command (${link ?? 'none'})`);
      const media = step.media.markdown ?? step.media.image ?? '';
      assert.ok(existsSync(join(extension.extensionPath, media)), `step ${step.id}'s media ${media} exists`);
    }

    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#modelRouter.gettingStarted`, false);
    await ui.waitFor('.gettingStartedContainer :text("Get started with Model Router")');
    await ui.waitFor('.gettingStartedContainer :text("Set your API key")');
    await ui.screenshot('walkthrough');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Get Started (in the menu and the palette) opens the same page.
    await vscode.commands.executeCommand('modelRouter.getStarted');
    await ui.waitFor('.gettingStartedContainer :text("Get started with Model Router")');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists Open Chat first in the status-bar menu, and it opens the chat with its welcome', async () => {
    await vscode.commands.executeCommand('modelRouter.newChat');
    await ui.click(STATUS_ITEM);
    await ui.waitFor('.quick-input-widget .monaco-list-row:has-text("Open Chat")');
    const rows = await ui.texts('.quick-input-widget .monaco-list-row .label-name');
    assert.match(rows[0] ?? '', /Open Chat/, `Open Chat is the first item: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((row) => /Get Started/.test(row)), `the menu offers Get Started: ${JSON.stringify(rows)}`);
    await ui.type('Open Chat', { selector: '.quick-input-widget input' });
    await ui.press('Enter');
    await ui.waitFor('.empty :text("Ask anything.")', CHAT);
    const welcome = await ui.text('.empty', CHAT);
    assert.match(welcome, /Model Router sends each question to the cheapest Claude tier/);
    assert.match(welcome, /Set API Key/, 'the welcome offers the key');
    await ui.screenshot('chat-welcome');
    // A suggestion goes into the input, unsent.
    await ui.click('.empty button.suggestion:has-text("Write tests for it")', CHAT);
    assert.equal(await ui.evaluate<string>('document.querySelector("textarea.input").value', CHAT), 'write unit tests for this file');
    assert.equal(await ui.count('.message', CHAT), 0, 'nothing was sent');
    await ui.fill('textarea.input', '', CHAT);
  });

  it('shows a pin in the status-bar tooltip and removes that one pin from Choose Tier', async () => {
    const section = () => vscode.workspace.getConfiguration('modelRouter');
    await section().update('policy.pins', { refactor: 'frontier', tests: 'fast' }, vscode.ConfigurationTarget.Global);
    await ui.hover(STATUS_ITEM);
    await ui.waitFor('.monaco-hover:has-text("Pinned")');
    const hover = await ui.text('.monaco-hover:has-text("Pinned")');
    assert.match(hover, /Pinned: refactor → frontier, tests → fast\. Choose Tier removes a pin\./);
    await ui.press('Escape');

    const done = vscode.commands.executeCommand('modelRouter.chooseTier');
    await ui.waitFor('.quick-input-widget .monaco-list-row:has-text("Remove pin: refactor → frontier")');
    await ui.screenshot('choose-tier-pins');
    await ui.type('Remove pin: refactor', { selector: '.quick-input-widget input' });
    await ui.press('Enter');
    await done;
    const pins = await eventually(() => {
      const value = section().inspect<Record<string, string>>('policy.pins')?.globalValue;
      return value && !('refactor' in value) && value;
    }, { what: 'the refactor pin to be removed from the user settings' });
    assert.deepEqual(pins, { tests: 'fast' }, 'only the chosen pin is removed');
  });
});
