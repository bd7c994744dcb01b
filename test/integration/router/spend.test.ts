import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { ask, STATUS_ITEM, withFakeApi } from '../support/router';
import { ui } from '../support/ui';

/**
 * Hovers the spend item until its tooltip shows `text`: a status bar an earlier test left busy (a
 * notification list, an agent's outcome item, a hover still fading) can swallow the first hover.
 */
async function hoverTooltip(text: string): Promise<void> {
  await eventually(async () => {
    await ui.hover('.part.editor');
    await ui.hover(STATUS_ITEM);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return (await ui.count(`.monaco-hover:has-text("${text}")`)) > 0;
  }, { what: `the status-bar tooltip with “${text}”`, timeoutMs: 30_000 });
}

describe('spend in the status bar, the quick pick override and the spend report', () => {
  const env = withFakeApi();
  before(async () => {
    await vscode.commands.executeCommand('notifications.hideList');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('modelRouter.resetSession');
  });

  it('shows a request’s cost and savings in the status bar, and still after the ledger is reloaded', async () => {
    env.fake.enqueue(ok({ text: ['Here are the tests.'], usage: { inputTokens: 1000, outputTokens: 500 } }));
    const result = await ask(env.api, 'write tests for the parser');
    assert.equal(result.kind, 'done');
    assert.equal(env.fake.requests[0].model, 'claude-sonnet-5-5', 'tests go to the balanced tier');
    assert.equal(env.fake.requests[0].authorized, true, 'the key typed into Set API Key must reach the API');
    // 1000 × $2 + 500 × $10 per MTok = $0.0070; the same on Opus 5.5 = $0.0140.
    const shown = await eventually(async () => {
      const text = await ui.text(STATUS_ITEM);
      return /\$0\.0070/.test(text) && text;
    }, { what: 'the status bar to show $0.0070' });
    assert.match(shown, /saved \$0\.0070/);
    await hoverTooltip('balanced');
    await ui.screenshot('status-bar-tooltip');
    await ui.press('Escape');

    const stored = readFileSync(env.api.ledgerPath, 'utf8');
    assert.match(stored, /"model":"claude-sonnet-5-5"/, 'the request is in the ledger file');
    await env.api.ledger.load();
    env.api.statusBar.render();
    assert.match(await ui.text(STATUS_ITEM), /\$0\.0070/, 'the spend survives reloading the ledger');
  });

  it('sends the next request to the tier chosen in the quick pick, then goes back to Auto', async () => {
    env.fake.enqueue(ok(), ok());
    const done = vscode.commands.executeCommand('modelRouter.chooseTier');
    await ui.waitFor('.quick-input-widget .quick-input-list');
    await ui.screenshot('choose-tier');
    await ui.type('Frontier', { selector: '.quick-input-widget input' });
    await ui.press('Enter');
    await ui.waitFor('.quick-input-widget .monaco-list-row:has-text("Next request only")');
    await ui.type('Next request', { selector: '.quick-input-widget input' });
    await ui.press('Enter');
    await done;
    // The item redraws on the override's change event, a moment after the quick pick closes.
    const shown = await eventually(async () => {
      const text = await ui.text(STATUS_ITEM);
      return /frontier/i.test(text) && text;
    }, { what: 'the status bar to show the active override' });
    assert.match(shown, /frontier/i, 'the status bar shows the active override');

    await ask(env.api, 'summarize this file');
    await ask(env.api, 'summarize this file');
    assert.deepEqual(env.fake.requests.map((r) => r.model), ['claude-opus-5-5', 'claude-haiku-5-5']);
  });

  it('opens the spend report with the session’s spend', async () => {
    await vscode.commands.executeCommand('modelRouter.spendReport');
    // The report is a panel; the chat view's webview may be open beside it.
    const webview = { webview: '!purpose=webviewView' };
    await ui.waitFor('text=This session', webview);
    const cards = await ui.texts('.card', webview);
    assert.ok(cards.some((card) => card.includes('This session') && /\$0\.\d{4}/.test(card)), `cards: ${JSON.stringify(cards)}`);
    assert.ok((await ui.count('table tbody tr', webview)) >= 3);
    await ui.screenshot('spend-report');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
