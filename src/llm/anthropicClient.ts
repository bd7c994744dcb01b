/**
 * The LlmClient port implemented with @anthropic-ai/sdk, the only module family that imports it.
 * Everything the SDK would otherwise pick up from the environment is passed explicitly: the key
 * (from SecretStorage; with none the SDK would read profile files and may start OAuth), the base
 * URL (ANTHROPIC_BASE_URL must not redirect a user's prompts), and tracing (off, so another
 * extension's OpenTelemetry provider cannot record prompts).
 */
import { APIError } from '@anthropic-ai/sdk';
import type { GatewayEndpoint, LlmClient, LlmRequest } from '../core/model/llm';
import { ZERO_USAGE } from '../core/model/usage';
import { MessagesClient } from './messagesClient';
import { capRetryAfter } from './retryAfter';
import { runStream } from './streamRequest';
import { estimateInputTokens, toCountParams } from './wire';

export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

export interface AnthropicClientOptions {
  readonly apiKey: string;
  /** Default https://api.anthropic.com; tests point it at the loopback fake. */
  readonly baseURL?: string;
  /** A stream that sends nothing for this long is stopped with a `timeout` error. Default 30000. */
  readonly idleTimeoutMs?: number;
  /** Wait for response headers per attempt (the SDK's `timeout`). Default the SDK's 10 minutes. */
  readonly headersTimeoutMs?: number;
  /** Retries on 408/409/429/5xx and connection failures, before any answer streams. Default 2. */
  readonly maxRetries?: number;
  /** A 429/529 asking to wait longer than this is not retried but reported. Default 20. */
  readonly maxRetryAfterSeconds?: number;
  /** Default the global fetch (in VS Code, the extension host's proxy-aware one). */
  readonly fetch?: typeof fetch;
  /** Send each request's tier, task kind and surface as headers, for a gateway at `baseURL` (src/llm/gateway.ts). */
  readonly attributionHeaders?: boolean;
  /** `baseURL` is the user's gateway: its failures say so, so a refused key points at the gateway's key. */
  readonly gateway?: GatewayEndpoint;
}

/** Token counting is advisory: give up quickly and estimate rather than hold up the request. */
const COUNT_TIMEOUT_MS = 10_000;

type CountRequest = Omit<LlmRequest, 'maxTokens' | 'signal'>;

export function createAnthropicClient(options: AnthropicClientOptions): LlmClient {
  const apiKey = options.apiKey.trim();
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const secrets = [options.apiKey, apiKey];
  // Set once the endpoint said it has no count_tokens (see countTokens).
  let countTokensMissing = false;
  // Resolved per call, so a fetch patched after activation (proxy support) is still used.
  const baseFetch = (): typeof fetch => options.fetch ?? globalThis.fetch;
  const sdk = apiKey
    ? new MessagesClient({
        apiKey,
        baseURL: options.baseURL ?? DEFAULT_BASE_URL,
        maxRetries: options.maxRetries ?? 2,
        timeout: options.headersTimeoutMs,
        fetch: capRetryAfter(baseFetch, options.maxRetryAfterSeconds ?? 20),
        openTelemetry: false,
        // Failures come back as results the caller logs; SDK lines on the console would only
        // duplicate them outside the extension's log channel.
        logLevel: 'off',
      })
    : undefined;

  return {
    async stream(request, onDelta) {
      if (!sdk) {
        const error = { kind: 'auth' as const, message: 'No Anthropic API key is set.' };
        return { outcome: 'error', usage: ZERO_USAGE, error, text: '' };
      }
      const result = await runStream(sdk, request, onDelta, { idleTimeoutMs, secrets, attribution: options.attributionHeaders === true });
      return result.outcome === 'error' && options.gateway !== undefined ? { ...result, error: { ...result.error, gateway: options.gateway } } : result;
    },

    async countTokens(request: CountRequest, signal?: AbortSignal) {
      if (!sdk || signal?.aborted || countTokensMissing) return estimateInputTokens(request);
      try {
        const counted = await sdk.messages.countTokens(toCountParams(request), { signal, maxRetries: 0, timeout: COUNT_TIMEOUT_MS });
        return counted.input_tokens;
      } catch (error) {
        // A gateway (or local server) without count_tokens answers 404 or 405: asked once, then the
        // estimate is used without a round trip. The Anthropic API's own 404 names a model instead.
        if (options.baseURL !== undefined && options.baseURL !== DEFAULT_BASE_URL && error instanceof APIError && (error.status === 404 || error.status === 405)) countTokensMissing = true;
        return estimateInputTokens(request);
      }
    },
  };
}
