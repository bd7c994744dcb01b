// The classifier learns from the user's own flags in the real VS Code: explanations asked in the chat
// and flagged "Needed stronger" there; the next similar explanation goes to the frontier model with
// "Learned from your feedback" in its reasons; the status-bar menu offers the reset, and after
// "Model Router: Reset Learned Routing" the same question is on balanced again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ok } from '../../fakes/fakeAnthropic';
import { eventually } from '../support/eventually';
import { withFakeApi } from '../support/router';
import { ui } from '../support/ui';

const view = { webview: 'purpose=webviewView' };
const LEARNED = /Learned from your feedback: \d+ of \d+ similar explanation requests needed frontier → frontier/;

/** Asks `prompt` in a new chat (so no conversation tier holds it) and waits for the answer's footer. */
async function askInNewChat(prompt: string, answer: string): Promise<{ model: string; reasons: string }> {
  await vscode.commands.executeCommand('modelRouter.newChat');
  await eventually(async () => (await ui.count('.message', view)) === 0, { what: 'an empty new chat' });
  await ui.fill('.input', prompt, view);
  await ui.press('Enter', { selector: '.input', ...view });
  await eventually(async () => (await ui.texts('.message.assistant', view)).some((text) => text.includes(answer)) && (await ui.count('.message.assistant .footer-line', view)) > 0, {
    what: `the answer "${answer}" with its footer`,
    timeoutMs: 30_000,
  });
  return { model: (await ui.texts('.message.assistant .footer-line', view))[0], reasons: (await ui.attribute('.message.assistant .rule', 'title', view)) ?? '' };
}

describe('learned routing: the classifier adapts to your flags, and Reset Learned Routing forgets them', function () {
  this.timeout(240_000);
  const env = withFakeApi();

  before(async () => {
    await vscode.commands.executeCommand('modelRouter.resetLearnedRouting');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', view);
  });
  after(async () => {
    await vscode.commands.executeCommand('modelRouter.resetLearnedRouting');
    // The flags below are evidence for the weekly review too; the tests after these need no pending suggestion.
    await env.api.learning.update();
    for (const suggestion of env.api.learning.current?.suggestions ?? []) await env.api.learning.act(suggestion.id, 'never');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });

  it('three "Needed stronger" flags on similar explanations send the next one to frontier with the reason; the reset restores balanced', async () => {
    const question = 'explain what the total() function in cart.ts returns for an empty cart';
    env.fake.enqueue(ok({ text: ['Answer before.'] }));
    const before = await askInNewChat(question, 'Answer before.');
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'explanations start on balanced');
    assert.doesNotMatch(before.reasons, /Learned from your feedback/);

    const flagged = ['a cart with one item', 'a cart with discounts', 'a cart with a coupon'];
    for (const [index, what] of flagged.entries()) {
      env.fake.enqueue(ok({ text: [`Answer ${index}.`], usage: { inputTokens: 1000, outputTokens: 100 } }));
      await askInNewChat(`explain what the total() function in cart.ts returns for ${what}`, `Answer ${index}.`);
      await ui.click('.message.assistant .feedback:has-text("Needed stronger")', view);
      await eventually(async () => (await ui.attribute('.message.assistant .feedback:has-text("Needed stronger")', 'aria-pressed', view)) === 'true', { what: 'the pressed flag' });
    }
    await eventually(async () => {
      await env.api.learning.update();
      return env.api.learned.current.size >= flagged.length;
    }, { what: 'the three flags learned', timeoutMs: 20_000 });

    env.fake.reset();
    env.fake.enqueue(ok({ text: ['Answer after.'] }));
    const after = await askInNewChat(question, 'Answer after.');
    assert.equal(env.fake.requests[0]?.model, 'claude-opus-5-5', 'the similar explanation goes to the frontier model');
    assert.match(after.model, /claude-opus-5-5 · frontier/, `the footer shows the tier: ${after.model}`);
    assert.match(after.reasons, LEARNED, `the reasons say why: ${after.reasons}`);
    await ui.screenshot('learned-routing-reason');

    // The status-bar menu offers the reset, with what it would forget.
    const menu = vscode.commands.executeCommand('modelRouter.showMenu');
    await ui.waitFor('.quick-input-widget .monaco-list-row:has-text("Reset Learned Routing")');
    assert.match(await ui.text('.quick-input-widget .monaco-list-row:has-text("Reset Learned Routing")'), /forget \d+ corrections learned from your feedback/);
    await ui.press('Escape');
    await menu;

    assert.equal(await vscode.commands.executeCommand('modelRouter.resetLearnedRouting'), flagged.length, 'the reset forgets the three corrections');
    env.fake.reset();
    env.fake.enqueue(ok({ text: ['Answer reset.'] }));
    const reset = await askInNewChat(question, 'Answer reset.');
    assert.equal(env.fake.requests[0]?.model, 'claude-sonnet-5-5', 'after the reset the explanation is on balanced again');
    assert.doesNotMatch(reset.reasons, /Learned from your feedback/);
  });
});
