// A gateway at api.baseUrl with a key of its own (a LiteLLM virtual key), in the real VS Code: the key
// typed into Set Gateway Key is what the gateway gets, never the Anthropic key; Clear Gateway Key
// puts the Anthropic key back; the secrets scan that ends the suite looks for both keys everywhere.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../../fakes/fakeAnthropic';
import type { FakeGateway } from '../../fakes/fakeGateway';
import { startFakeGateway } from '../../fakes/fakeGateway';
import { eventually } from '../support/eventually';
import { KEYS_USED, resetSettings, routerApi, setKeyThroughUi } from '../support/router';
import { ui } from '../support/ui';

const GATEWAY_KEY = 'sk-litellm-virtual-key-for-the-gateway-test-7f3a9c2e51b8';
const USER_KEY = 'sk-ant-api03-the-users-own-anthropic-key-gateway-test-4d6e8f';

describe('a gateway with a key of its own', () => {
  let api: ModelRouterApi;
  let cloud: FakeAnthropic;
  let gateway: FakeGateway;

  const ask = (prompt: string) =>
    api.engine.run({
      request: { surface: 'chat', prompt },
      prompt: () => ({ system: [{ type: 'text', text: 'You are a test.' }], messages: [{ role: 'user', content: prompt }], maxTokens: 256 }),
    });

  before(async () => {
    api = await routerApi();
    cloud = await startFakeAnthropic();
    gateway = await startFakeGateway(cloud.url, { virtualKey: GATEWAY_KEY, upstreamKey: cloud.apiKey });
    await vscode.workspace.getConfiguration('modelRouter').update('api.baseUrl', gateway.url, vscode.ConfigurationTarget.Global);
    await setKeyThroughUi(USER_KEY);
  });
  after(async () => {
    await vscode.commands.executeCommand('modelRouter.clearGatewayKey');
    await resetSettings(['api.baseUrl']);
    await gateway.close();
    await cloud.close();
  });

  it('sends the gateway its own key from Set Gateway Key, never the Anthropic key, until it is cleared', async () => {
    KEYS_USED.add(GATEWAY_KEY);
    const done = vscode.commands.executeCommand('modelRouter.setGatewayKey');
    await ui.waitFor('.quick-input-widget:has-text("instead of your Anthropic key")');
    await ui.type(GATEWAY_KEY, { selector: '.quick-input-widget input' });
    await ui.press('Enter');
    await done;

    cloud.enqueue(ok({ text: ['Through the gateway.'] }));
    const answered = await ask('explain add() through the gateway');
    assert.equal(answered.kind, 'done', `the gateway should have answered, got ${answered.kind}`);
    assert.equal(answered.kind === 'done' && answered.result.outcome === 'ok' && answered.result.text, 'Through the gateway.');
    assert.deepEqual(gateway.requests.map((r) => r.key), [GATEWAY_KEY], 'the gateway got its own key');
    assert.ok(!JSON.stringify(gateway.requests).includes(USER_KEY), 'the Anthropic key never reached the gateway');
    assert.equal(cloud.requests.at(-1)?.authorized, true, 'the gateway answered with its own upstream key');

    await vscode.commands.executeCommand('modelRouter.clearGatewayKey');
    gateway.requests.length = 0;
    const refused = await ask('explain add() once more');
    assert.equal(refused.kind, 'done');
    assert.equal(refused.kind === 'done' && refused.result.outcome, 'error', 'without its key the gateway refuses the Anthropic key');
    assert.deepEqual(gateway.requests.map((r) => r.key), [USER_KEY], 'once cleared, the Anthropic key is what goes there again');
  });

  it('says in the chat that the gateway refused its key, and its Set Gateway Key button fixes it', async function () {
    this.timeout(60_000);
    const view = { webview: 'purpose=webviewView' };
    const STALE = 'sk-litellm-stale-virtual-key-gateway-test-93be1c';
    KEYS_USED.add(STALE);
    const storeGatewayKey = async (key: string) => {
      await ui.waitFor('.quick-input-widget:has-text("instead of your Anthropic key")');
      await ui.type(key, { selector: '.quick-input-widget input' });
      await ui.press('Enter');
    };
    const stored = vscode.commands.executeCommand('modelRouter.setGatewayKey');
    await storeGatewayKey(STALE);
    await stored;

    await vscode.commands.executeCommand('modelRouter.chat.focus');
    await ui.waitFor('.composer .input', view);
    await vscode.commands.executeCommand('modelRouter.newChat');
    await ui.fill('.input', 'explain add() with a stale gateway key', view);
    await ui.press('Enter', { selector: '.input', ...view });
    const shown = await eventually(async () => (await ui.texts('.message.assistant .error span', view))[0], { what: 'the error under the answer', timeoutMs: 20_000 });
    assert.equal(shown, `The gateway at ${gateway.url} (modelRouter.api.baseUrl) refused its gateway key (Authentication Error, invalid proxy server token passed). Set the key it expects with “Model Router: Set Gateway Key”.`);
    assert.deepEqual(await ui.texts('.message.assistant .error button', view), ['Set Gateway Key'], 'the one fix offered is the gateway key, not the Anthropic key');

    gateway.requests.length = 0;
    const storedLines = () => api.log.lines().filter((line) => line.includes('gateway key stored in secret storage')).length;
    const before = storedLines();
    await ui.click('.message.assistant .error button:has-text("Set Gateway Key")', view);
    await storeGatewayKey(GATEWAY_KEY);
    await eventually(() => storedLines() > before, { what: 'the gateway key typed after the button to be stored' });
    cloud.enqueue(ok({ text: ['Through the gateway again.'] }));
    const answered = await ask('explain add() with the right gateway key');
    assert.equal(answered.kind === 'done' && answered.result.outcome === 'ok' && answered.result.text, 'Through the gateway again.');
    assert.deepEqual(gateway.requests.map((r) => r.key), [GATEWAY_KEY], 'the key typed after the button is what the gateway gets');
  });

  /** The rows of the status-bar menu, read while it is open, then closed. */
  async function menuRows(): Promise<string[]> {
    // An input box still open from an earlier step (a key prompt) would hide the menu behind it.
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const menu = vscode.commands.executeCommand('modelRouter.showMenu');
    await ui.waitFor('.quick-input-widget .monaco-list-row:has-text("Set API Key")');
    const rows = await ui.texts('.quick-input-widget .monaco-list-row');
    await ui.press('Escape');
    await menu;
    return rows;
  }

  it('lists Set Gateway Key in the status-bar menu while a gateway is set, naming it, and not once api.baseUrl is empty', async function () {
    this.timeout(60_000);
    const row = (await menuRows()).find((text) => text.includes('Set Gateway Key'));
    assert.ok(row !== undefined, 'the menu offers Set Gateway Key');
    assert.match(row, new RegExp(`a key is stored for ${gateway.url.replace(/[.]/g, '\\.')}`));

    await resetSettings(['api.baseUrl']);
    await eventually(() => api.settings.config['api.baseUrl'] === '', { what: 'api.baseUrl to be empty' });
    const rows = await menuRows();
    assert.ok(rows.some((text) => text.includes('Set API Key')));
    assert.ok(!rows.some((text) => text.includes('Gateway')), `no gateway row without a gateway: ${rows.join(' | ')}`);
  });
});
