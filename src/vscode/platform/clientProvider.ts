/**
 * Hands the engine an LLM client built from the current key and API settings, rebuilt only when
 * one of them changes. Undefined means "no key": the surface then asks for one.
 */
import type { LlmClient } from '../../core/model/llm';
import { createAnthropicClient } from '../../llm/anthropicClient';
import type { ApiKeyStore } from './apiKey';
import type { SettingsService } from './settingsService';

/** The key the offline demo backend accepts; it opens nothing else. */
const DEMO_KEY = 'model-router-demo-key';

export interface ClientOptions {
  /** Retries of a failed request before anything streamed; default the adapter's (2). */
  readonly maxRetries?: number;
}

export class ClientProvider {
  private cached: { signature: string; client: LlmClient } | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly settings: SettingsService,
    /** Set by `npm start` when there is no API key: the offline demo backend's address. */
    private readonly demoUrl?: string,
    private readonly options: ClientOptions = {},
  ) {}

  async get(): Promise<LlmClient | undefined> {
    if (this.demoUrl !== undefined) {
      // Demo mode talks only to the loopback demo backend that `npm start` started.
      this.cached ??= { signature: 'demo', client: createAnthropicClient({ apiKey: DEMO_KEY, baseURL: this.demoUrl, ...this.options }) };
      return this.cached.client;
    }
    const key = await this.keys.get();
    if (key === undefined) return undefined;
    const config = this.settings.config;
    const baseURL = config['api.baseUrl'] === '' ? undefined : config['api.baseUrl'];
    // The signature holds the key only in memory; it is never logged or stored.
    const signature = JSON.stringify([key.key, baseURL, config['api.idleTimeoutSeconds'], config['api.maxRetryAfterSeconds']]);
    if (this.cached?.signature !== signature) {
      const client = createAnthropicClient({
        apiKey: key.key,
        ...(baseURL ? { baseURL } : {}),
        idleTimeoutMs: config['api.idleTimeoutSeconds'] * 1000,
        maxRetryAfterSeconds: config['api.maxRetryAfterSeconds'],
        ...this.options,
      });
      this.cached = { signature, client };
    }
    return this.cached.client;
  }
}
