/**
 * An LlmClient over one of Anthropic's SDKs for a cloud platform (Amazon Bedrock, Google Vertex
 * AI): the same streaming, usage and error handling as the Anthropic API's client
 * (src/llm/streamRequest.ts), with the failures tagged with the platform so the user is told which
 * credentials or permission to fix. Token counts are the local estimate: neither platform serves
 * `count_tokens` at the Anthropic path. Bundled into dist/bedrock.js and dist/vertex.js, each loaded
 * only when a tier's endpoint names its platform.
 */
import type { Messages } from '@anthropic-ai/sdk/resources/messages';
import type { LlmClient, LlmError, PlatformError } from '../core/model/llm';
import { runStream } from './streamRequest';
import { estimateInputTokens } from './wire';

/** What each SDK throws, before sending anything, when the standard chain has no credentials. */
const MISSING_CREDENTIALS = /Failed to resolve AWS credentials|Could not load the default credentials|Failed to acquire Google OAuth credentials|Unable to detect a Project Id/i;

export interface PlatformClientOptions {
  /** A stream that sends nothing for this long is stopped with a `timeout` error. Default 30000. */
  readonly idleTimeoutMs?: number;
  /** Retries before anything streamed. Default 2. */
  readonly maxRetries?: number;
  /** Default the platform's own URL for the region; tests point it at a loopback fake. */
  readonly baseURL?: string;
  /** Default the global fetch (in VS Code, the extension host's proxy-aware one). */
  readonly fetch?: typeof fetch;
}

function tagged(error: LlmError, platform: PlatformError): LlmError {
  const missing = error.status === undefined && MISSING_CREDENTIALS.test(error.message);
  // The platforms' error bodies are not the Anthropic API's, so the SDK's message starts with the status.
  const message = error.status !== undefined ? error.message.replace(new RegExp(`^${error.status} `), '') : error.message;
  return { ...error, message, ...(missing ? { kind: 'auth' } : {}), platform: { ...platform, ...(missing ? { missingCredentials: true } : {}) } };
}

/**
 * `create` makes the SDK's client on the first request, not before: the Vertex SDK starts looking
 * for credentials as it is made, which should not happen for a tier that is only configured.
 */
export function platformClient(create: () => { readonly messages: Pick<Messages, 'stream'> }, platform: PlatformError, options: PlatformClientOptions): LlmClient {
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  let sdk: ReturnType<typeof create> | undefined;
  return {
    async stream(request, onDelta) {
      sdk ??= create();
      const result = await runStream(sdk, request, onDelta, { idleTimeoutMs, secrets: [] });
      return result.outcome === 'error' ? { ...result, error: tagged(result.error, platform) } : result;
    },
    countTokens: (request) => Promise.resolve(estimateInputTokens(request)),
  };
}
