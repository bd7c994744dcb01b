// Shared setup for Model Router's integration tests: the activated extension's API, a loopback fake
// of the Anthropic API, and the settings and key that point the extension at it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LazyModelRouterApi, ModelRouterApi } from '../../../src/extension';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';
import { startFakeAnthropic } from '../../fakes/fakeAnthropic';
import { ui, uiAvailable } from './ui';

export const EXTENSION_ID = 'model-router.model-router';
export const STATUS_ITEM = `[id="${EXTENSION_ID}.modelRouter.spend"]`;

export async function routerApi(): Promise<ModelRouterApi> {
  const extension = vscode.extensions.getExtension<LazyModelRouterApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  // Activation returns at once; the features (dist/features.js) load right after it.
  const activated = await extension.activate();
  assert.ok(activated, 'Model Router failed to activate (activate returned nothing); see the log');
  const api = await activated.loaded;
  assert.ok(api, 'Model Router failed to start (its features returned nothing); see the log');
  return api;
}

export async function startFake(): Promise<FakeAnthropic> {
  const fake = await startFakeAnthropic();
  await vscode.workspace.getConfiguration('modelRouter').update('api.baseUrl', fake.url, vscode.ConfigurationTarget.Global);
  return fake;
}

/**
 * Every API key a test gave the extension, for the secrets scan that ends the suite
 * (secrets/secretsScan.test.ts). Keys in tests are long and distinctive so a hit is never a fluke.
 */
export const KEYS_USED = new Set<string>();

/** Types the key into the real "Set API Key" input box, as a user would. */
export async function setKeyThroughUi(key: string): Promise<void> {
  assert.ok(uiAvailable(), 'these tests need the UI bridge of the offline launcher');
  KEYS_USED.add(key);
  const done = vscode.commands.executeCommand('modelRouter.setApiKey');
  await ui.waitFor('.quick-input-widget input');
  await ui.type(key, { selector: '.quick-input-widget input' });
  await ui.press('Enter');
  await done;
}

/** Puts every Model Router setting back to its default. */
export async function resetSettings(keys: readonly string[]): Promise<void> {
  const section = vscode.workspace.getConfiguration('modelRouter');
  for (const key of keys) await section.update(key, undefined, vscode.ConfigurationTarget.Global);
}

/** One chat-like request through the engine, as every surface makes it. */
export function ask(api: ModelRouterApi, prompt: string) {
  return api.engine.run({
    request: { surface: 'chat', prompt },
    prompt: () => ({ system: [{ type: 'text', text: 'You are a test.' }], messages: [{ role: 'user', content: prompt }], maxTokens: 256 }),
  });
}

export interface FakeApiContext {
  readonly api: ModelRouterApi;
  readonly fake: FakeAnthropic;
}

/**
 * Registers the hooks most suites need: the extension's API, a fake API it is pointed at, the
 * fake's key typed into Set API Key, the fake's record cleared before each test, and all of it
 * undone after the suite. Call inside `describe`.
 */
export function withFakeApi(): FakeApiContext {
  const context = {} as { api: ModelRouterApi; fake: FakeAnthropic };
  before(async () => {
    context.api = await routerApi();
    context.fake = await startFake();
    await setKeyThroughUi(context.fake.apiKey);
  });
  after(async () => {
    await resetSettings(['api.baseUrl']);
    await context.fake.close();
  });
  beforeEach(() => context.fake.reset());
  return context;
}
