/**
 * Hands the engine an LLM client built from the current key, API and endpoint settings, rebuilt
 * only when one of them changes. With tiers on the user's local server it is an endpoint router
 * (src/llm/endpointRouter.ts). Undefined means "no key and no local tier": the surface asks for a key.
 */
import type { LlmClient } from '../../core/model/llm';
import type { BatchClient } from '../../core/batch/batchPort';
import { join } from 'node:path';
import type * as Adapter from '../../llm/adapter';
import type { LocalServerHealth } from '../../llm/endpointRouter';
import type { ApiKeyStore } from './apiKey';
import type { SettingsService } from './settingsService';

/** The key the offline demo backend accepts; it opens nothing else. */
const DEMO_KEY = 'model-router-demo-key';

/**
 * The window's one memory of dead local servers, shared by every provider. It is made with the first
 * client, because the adapter and the Anthropic SDK (src/llm) load on the first request, not at activation.
 */
export class LocalHealthSlot {
  private health: LocalServerHealth | undefined;

  of(create: () => LocalServerHealth): LocalServerHealth {
    return (this.health ??= create());
  }
}

let adapter: typeof Adapter | undefined;

/** src/llm and the SDK (dist/llm.js beside this bundle), read once, on the first request. */
function loadAdapter(): typeof Adapter {
  // A computed path, so esbuild leaves the adapter and the SDK out of dist/extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an import() would be bundled into the activation path
  return (adapter ??= require(join(__dirname, 'llm.js')) as typeof Adapter);
}

export interface ClientOptions {
  /** Retries of a failed request before anything streamed; default the adapter's (2). */
  readonly maxRetries?: number;
  /** The memory of dead local servers every provider of the window shares. */
  readonly localHealth?: LocalHealthSlot;
}

export class ClientProvider {
  private cached: { signature: string; client: LlmClient } | undefined;
  private cachedBatches: { signature: string; client: BatchClient } | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly settings: SettingsService,
    /** Set by `npm start` when there is no API key: the offline demo backend's address. */
    private readonly demoUrl?: string,
    private readonly options: ClientOptions = {},
  ) {}

  async get(): Promise<LlmClient | undefined> {
    const { createAnthropicClient, clientForEndpoints, LocalServerHealth } = loadAdapter();
    if (this.demoUrl !== undefined) {
      // Demo mode talks only to the loopback demo backend that `npm start` started.
      this.cached ??= { signature: 'demo', client: createAnthropicClient({ apiKey: DEMO_KEY, baseURL: this.demoUrl, ...(this.options.maxRetries !== undefined ? { maxRetries: this.options.maxRetries } : {}) }) };
      return this.cached.client;
    }
    const key = await this.keys.get();
    const config = this.settings.config;
    const { local, localTiers, bedrock, vertex } = this.settings.endpoints;
    const baseURL = config['api.baseUrl'] === '' ? undefined : config['api.baseUrl'];
    // A gateway with a key of its own gets that key, never the Anthropic key; the key is not used
    // without a gateway (it would mean nothing to the Anthropic API).
    const gatewayKey = baseURL !== undefined ? await this.keys.gatewayKey() : undefined;
    const cloudKey = gatewayKey ?? key?.key;
    // Without a key only a local, Bedrock or Vertex tier can answer; the Anthropic tiers then say that no key is set.
    if (cloudKey === undefined && local === undefined && bedrock === undefined && vertex === undefined) return undefined;
    // The signature holds the key only in memory; it is never logged or stored.
    // Attribution headers go only to a gateway the user named, never to the Anthropic API itself.
    const attribution = baseURL !== undefined && config['gateway.attribution'];
    const signature = JSON.stringify([cloudKey, baseURL, config['api.idleTimeoutSeconds'], config['api.maxRetryAfterSeconds'], local, localTiers, bedrock, vertex, attribution]);
    if (this.cached?.signature !== signature) {
      const cloud = createAnthropicClient({
        apiKey: cloudKey ?? '',
        ...(baseURL ? { baseURL } : {}),
        idleTimeoutMs: config['api.idleTimeoutSeconds'] * 1000,
        maxRetryAfterSeconds: config['api.maxRetryAfterSeconds'],
        attributionHeaders: attribution,
        ...(baseURL ? { gateway: { url: baseURL, ownKey: gatewayKey !== undefined } } : {}),
        ...(this.options.maxRetries !== undefined ? { maxRetries: this.options.maxRetries } : {}),
      });
      // The local server gets a client of its own with a placeholder key: the user's key never goes there.
      const health = this.options.localHealth?.of(() => new LocalServerHealth());
      const client = clientForEndpoints(cloud, this.settings.endpoints, config['api.idleTimeoutSeconds'] * 1000, health);
      this.cached = { signature, client };
    }
    return this.cached.client;
  }

  /**
   * The Message Batches client: the cloud's key and base URL (a gateway's key with `api.baseUrl`),
   * as for `get`; batches never go to a local server. Undefined without a key.
   */
  async batches(): Promise<BatchClient | undefined> {
    const { createBatchClient } = loadAdapter();
    const baseURL = this.demoUrl ?? (this.settings.config['api.baseUrl'] === '' ? undefined : this.settings.config['api.baseUrl']);
    const key = this.demoUrl !== undefined ? DEMO_KEY : baseURL !== undefined ? ((await this.keys.gatewayKey()) ?? (await this.keys.get())?.key) : (await this.keys.get())?.key;
    if (key === undefined) return undefined;
    const signature = JSON.stringify([key, baseURL, this.settings.config['api.maxRetryAfterSeconds']]);
    if (this.cachedBatches?.signature !== signature) {
      this.cachedBatches = { signature, client: createBatchClient({ apiKey: key, ...(baseURL ? { baseURL } : {}), maxRetryAfterSeconds: this.settings.config['api.maxRetryAfterSeconds'], ...(this.options.maxRetries !== undefined ? { maxRetries: this.options.maxRetries } : {}) }) };
    }
    return this.cachedBatches.client;
  }
}
