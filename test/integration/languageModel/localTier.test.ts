// The fast tier on a local Ollama-compatible server, in the real VS Code: requests VS Code's Chat
// (vscode.lm) sends to Model Router · Fast reach the fake local server with a placeholder key and
// none of the user's, Balanced still reaches the fake API, the ledger records the local request at
// $0, and with the local server down the request goes to the fast tier's cloud model.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import type { FakeLocalServer } from '../../fakes/fakeLocalServer';
import { closedLocalUrl, startFakeLocalServer } from '../../fakes/fakeLocalServer';
import { eventually } from '../support/eventually';
import { resetSettings, routerApi, setKeyThroughUi, startFake } from '../support/router';
import { collect, ledgerRecords, routerModel } from './lmSupport';

const MODEL = 'qwen2.5-coder:7b';
const SETTINGS = ['api.baseUrl', 'local.url', 'local.model', 'tiers.fast.endpoint'];

describe('a tier on a local model server (Ollama-compatible), through vscode.lm', () => {
  let api: ModelRouterApi;
  let cloud: FakeAnthropic;
  let local: FakeLocalServer;

  async function pointAt(url: string): Promise<void> {
    const section = vscode.workspace.getConfiguration('modelRouter');
    await section.update('local.url', url, vscode.ConfigurationTarget.Global);
    await section.update('local.model', MODEL, vscode.ConfigurationTarget.Global);
    await section.update('tiers.fast.endpoint', 'local', vscode.ConfigurationTarget.Global);
    await eventually(() => api.settings.endpoints.local?.url === url && api.settings.policy.tiers.fast.model === MODEL, { what: `the fast tier to run ${MODEL} at ${url}` });
  }
  const ask = async (tier: 'fast' | 'balanced', prompt: string) => collect(await (await routerModel(tier)).sendRequest([vscode.LanguageModelChatMessage.User(prompt)]));

  before(async () => {
    api = await routerApi();
    cloud = await startFake();
    await setKeyThroughUi(cloud.apiKey);
    local = await startFakeLocalServer({ models: [MODEL] });
    await pointAt(local.url);
  });
  after(async () => {
    await resetSettings(SETTINGS);
    await cloud.close();
    await local.close();
  });
  beforeEach(() => {
    cloud.reset();
    local.reset();
  });

  it('sends Fast to the local server without the key and Balanced to the API, and records the local request at $0', async () => {
    const fast = await ask('fast', 'write a commit message for: fix the typo in the README');
    assert.match(fast.text, /^\[local qwen2\.5-coder:7b\]/, `the answer should be the local model's: ${fast.text}`);
    assert.deepEqual(local.requests.map((r) => r.model), [MODEL]);
    assert.equal(local.requests[0]?.authorization, 'Bearer model-router-local', 'the local server gets the placeholder key');
    assert.ok(!JSON.stringify(local.requests).includes(cloud.apiKey), 'the API key never reaches the local server');
    assert.ok(!JSON.stringify(local.requests[0]?.body).includes('cache_control'), 'no cache markers go to a local server');
    assert.equal(cloud.requests.length, 0, 'nothing went to the cloud');

    const balanced = await ask('balanced', 'explain what a commit message is for');
    assert.ok(balanced.text.length > 0);
    assert.deepEqual(cloud.requests.map((r) => r.model), ['claude-sonnet-5-5'], 'Balanced still goes to the API');
    assert.equal(local.requests.length, 1);

    const records = ledgerRecords(api).slice(-2);
    assert.deepEqual(records.map((r) => [r.tier, r.model, r.endpoint, r.costMicros === 0]), [['fast', MODEL, 'local', true], ['balanced', 'claude-sonnet-5-5', undefined, false]]);
    assert.equal(records[0]?.frontierModel, 'claude-haiku-5-5', 'the local request\'s savings are against the fast tier\'s cloud model');
  });

  it('goes to the fast tier\'s cloud model when the local server is not running', async () => {
    const down = await closedLocalUrl();
    await pointAt(down);
    try {
      const answer = await ask('fast', 'write a commit message for: bump the version');
      assert.ok(answer.text.length > 0, 'an answer arrived');
      assert.deepEqual(cloud.requests.map((r) => r.model), ['claude-haiku-5-5'], 'the fast tier\'s cloud model answered');
      const [failed, fellBack] = ledgerRecords(api).slice(-2);
      assert.deepEqual([failed?.endpoint, failed?.outcome, failed?.errorKind], ['local', 'error', 'network']);
      assert.deepEqual([fellBack?.tier, fellBack?.model, fellBack?.rule, fellBack?.outcome, fellBack?.endpoint], ['fast', 'claude-haiku-5-5', 'fallback:localDown', 'ok', undefined]);
    } finally {
      await pointAt(local.url);
    }
  });
});
