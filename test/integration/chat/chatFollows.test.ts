// What the chat shows follows what happens: the thread scrolls to the newest answer, the estimate
// line is about the draft in the composer (gone once it is sent), and a budget line goes away when
// the budget that caused it is removed, without typing anything.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { resetSettings, withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };

/** How far the thread's bottom edge is from the bottom of what it holds, in pixels (0: the newest is in view). */
async function distanceFromBottom(): Promise<number> {
  return ui.evaluate<number>(`(() => { const t = document.querySelector('.thread'); return t.scrollHeight - t.scrollTop - t.clientHeight; })()`, view);
}

async function answerCount(): Promise<number> {
  return ui.count('.message.assistant', view);
}

describe('the chat follows what happens', () => {
  const env = withFakeApi();

  before(async () => {
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', view);
    await vscode.commands.executeCommand('modelRouter.newChat');
    await eventually(async () => (await ui.count('.thread .message', view)) === 0, { what: 'the new, empty chat' });
  });

  after(async () => {
    await resetSettings(['budget.sessionUsd', 'budget.onExceed']);
  });

  it('scrolls to each new answer, down to its footer, when the thread is longer than the view', async function () {
    this.timeout(60_000);
    const long = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a long explanation.\n\n`);
    for (const question of ['explain the event loop', 'explain closures', 'explain promises']) {
      const before = await answerCount();
      env.fake.enqueue(ok({ text: long, deltaDelayMs: 5 }));
      await ui.fill('.input', question, view);
      await ui.press('Enter', { selector: '.input', ...view });
      await eventually(async () => (await answerCount()) > before && (await ui.count('.message.assistant .footer-line', view)) > before, { what: `the answer to “${question}” and its footer`, timeoutMs: 30_000 });
    }
    const overflow = await ui.evaluate<number>(`(() => { const t = document.querySelector('.thread'); return t.scrollHeight - t.clientHeight; })()`, view);
    assert.ok(overflow > 500, `the thread is longer than the view (by ${overflow} px)`);
    await eventually(async () => (await distanceFromBottom()) < 40, { what: 'the newest answer’s footer to be scrolled into view' });
    await ui.screenshot('chat-scrolled-to-newest', view);
  });

  it('clears the estimate when the draft is sent, and shows none for an empty composer', async function () {
    this.timeout(30_000);
    await ui.fill('.input', 'write tests for the date parser', view);
    await ui.type(' ', { selector: '.input', ...view });
    await eventually(async () => (await ui.text('.estimate', view)).startsWith('→'), { what: 'the estimate of the draft' });
    env.fake.enqueue(ok({ text: ['Some tests.'] }));
    const before = await answerCount();
    await ui.press('Enter', { selector: '.input', ...view });
    await eventually(async () => (await answerCount()) > before, { what: 'the answer' });
    assert.equal(await ui.text('.estimate', view), '', 'the estimate was about the text just sent');
    await eventually(async () => (await ui.count('.send.stop', view)) === 0, { what: 'the answer to finish' });
    assert.equal(await ui.text('.estimate', view), '', 'no estimate comes back after the answer');
  });

  it('a “budget reached” estimate goes away when the budget is removed, without typing', async function () {
    this.timeout(30_000);
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('budget.onExceed', 'stop', vscode.ConfigurationTarget.Global);
    await section.update('budget.sessionUsd', 0.000001, vscode.ConfigurationTarget.Global);
    await ui.fill('.input', 'explain the date parser', view);
    await ui.type(' ', { selector: '.input', ...view });
    const blocked = await eventually(async () => {
      const text = await ui.text('.estimate', view);
      return text.startsWith('⛔') && text;
    }, { what: 'the estimate to say the budget is reached' });
    assert.match(blocked, /budget/i);
    await section.update('budget.sessionUsd', undefined, vscode.ConfigurationTarget.Global);
    const refreshed = await eventually(async () => {
      const text = await ui.text('.estimate', view);
      return text.startsWith('→') && text;
    }, { what: 'the estimate to drop the budget line once the budget is removed' });
    assert.match(refreshed, /^→ Sonnet 5\.5 · balanced · est\. \$0\.\d+$/);
    await ui.fill('.input', '', view);
  });
});
