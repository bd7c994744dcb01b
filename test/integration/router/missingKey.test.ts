import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import { ok } from '../../fakes/fakeAnthropic';
import { resetSettings, routerApi, startFake } from '../support/router';
import { ui } from '../support/ui';

describe('a request without an API key', () => {
  let api: ModelRouterApi;
  let fake: FakeAnthropic;

  before(async () => {
    api = await routerApi();
    fake = await startFake();
    await vscode.commands.executeCommand('modelRouter.clearApiKey');
  });
  after(async () => {
    await resetSettings(['api.baseUrl']);
    await fake.close();
  });

  it('asks for the key instead of failing, then sends the request with it', async () => {
    fake.enqueue(ok({ text: ['It adds two numbers.'] }));
    const pending = api.requests.run({
      request: { surface: 'chat', prompt: 'explain add()' },
      prompt: () => ({ system: [], messages: [{ role: 'user', content: 'explain add()' }], maxTokens: 128 }),
    });
    await ui.waitFor('.quick-input-widget:has-text("needs your Anthropic API key")');
    await ui.screenshot('missing-key-prompt');
    await ui.type(fake.apiKey, { selector: '.quick-input-widget input' });
    await ui.press('Enter');
    const result = await pending;
    assert.equal(result.kind, 'done', `the request should be sent once the key is given, got ${result.kind}`);
    assert.equal(result.kind === 'done' && result.result.text, 'It adds two numbers.');
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0].authorized, true);
  });
});
