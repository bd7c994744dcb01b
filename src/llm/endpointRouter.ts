/**
 * Sends each request to its endpoint: the cloud client (the Anthropic API or `api.baseUrl`, with the
 * user's key), or, for a request the engine marked `local` (its tier's endpoint is `local` in user
 * settings), the user's local Anthropic-compatible server (Ollama, LM Studio, llama.cpp, vLLM),
 * whose client has a placeholder key and never sees the user's. The endpoint never follows the
 * model id, so a model id a team policy file writes cannot move a request to another endpoint.
 *
 * What the local server supports is probed once (src/llm/serverProbe.ts) and adapted to: prompt-cache
 * markers only once its answers carried cache fields (Ollama ignores them, so never there), its own
 * `count_tokens` where it has one and the local estimate where not, and usage marked estimated where
 * its counts are approximate (Ollama's) or unvouched. A server that refused the connection or did
 * not start answering in time is remembered as down for `downForMs`: the next request fails at once
 * (and the engine falls back to the cloud), so nothing waits for a dead server twice.
 */
import { join } from 'node:path';
import type { ChatMessage, ContentBlock, LlmClient, LlmDelta, LlmRequest, LlmResult, TextBlock } from '../core/model/llm';
import { ZERO_USAGE } from '../core/model/usage';
import type { TierEndpoints } from '../core/settings/endpoints';
import { createAnthropicClient } from './anthropicClient';
import type * as Bedrock from './bedrockClient';
import type * as Vertex from './vertexClient';
import { fimTemplateFor, streamFim } from './fim';
import type { FimEndpoint } from './serverProbe';
import { ServerCapabilityCache } from './serverProbe';
import { estimateInputTokens } from './wire';

/** What a local server gets as its key: Ollama and LM Studio require one and ignore it. */
export const LOCAL_PLACEHOLDER_KEY = 'model-router-local';

export interface LocalEndpoint {
  /** Base URL, e.g. http://localhost:11434; named in errors. */
  readonly url: string;
  readonly client: LlmClient;
  /** For fill-in-the-middle requests (src/llm/fim.ts): the wait for the first answer and the idle limit. */
  readonly timeoutMs?: number;
  readonly idleTimeoutMs?: number;
}

/**
 * Which local servers failed to answer, and until when they are skipped. One is shared by every
 * client the extension builds (the chat's and the completions'), so no surface waits for a server
 * another one already found dead.
 */
export class LocalServerHealth {
  private readonly downUntil = new Map<string, number>();
  /** What each server supports, probed once for the window (src/llm/serverProbe.ts). */
  readonly capabilities = new ServerCapabilityCache();

  constructor(
    /** How long a server that failed to answer is skipped. */
    readonly downForMs = 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Seconds the server is still skipped, or undefined when it may be asked. */
  skippedFor(url: string): number | undefined {
    const until = this.downUntil.get(url);
    if (until === undefined || this.now() >= until) return undefined;
    return Math.ceil((until - this.now()) / 1000);
  }

  markDown(url: string): void {
    this.downUntil.set(url, this.now() + this.downForMs);
  }

  markUp(url: string): void {
    this.downUntil.delete(url);
  }
}

export interface EndpointRouterOptions {
  readonly cloud: LlmClient;
  readonly local?: LocalEndpoint;
  /** The client of each tier on Amazon Bedrock or Vertex AI (its endpoint setting). */
  readonly byTier?: Readonly<Partial<Record<NonNullable<LlmRequest['tier']>, LlmClient>>>;
  /** Shared memory of dead servers; default one of this router's own (60 s). */
  readonly health?: LocalServerHealth;
  /** For the router's own health: how long a server that failed to answer is skipped. Default 60 s. */
  readonly downForMs?: number;
  readonly now?: () => number;
}

export interface LocalClientOptions {
  readonly url: string;
  /** Wait for the server to start answering (a model that is still loading counts). */
  readonly timeoutMs: number;
  /** Abort a stream that sends nothing for this long. */
  readonly idleTimeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The client of a local server: the placeholder key, no retries (a dead server fails once, fast). */
export function createLocalClient(options: LocalClientOptions): LlmClient {
  return createAnthropicClient({
    apiKey: LOCAL_PLACEHOLDER_KEY,
    baseURL: options.url,
    maxRetries: 0,
    headersTimeoutMs: options.timeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? Math.max(options.timeoutMs, 30_000),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

function uncachedBlock<B extends ContentBlock>(block: B): B {
  if (!('cache' in block) || block.cache === undefined) return block;
  const copy: Record<string, unknown> = { ...block };
  delete copy['cache'];
  return copy as B;
}

/** The request without prompt-cache markers, which local servers ignore (and some reject). */
function withoutCacheMarkers<R extends Pick<LlmRequest, 'system' | 'messages'>>(request: R): R {
  const strip = (message: ChatMessage): ChatMessage => (typeof message.content === 'string' ? message : { ...message, content: message.content.map(uncachedBlock) });
  return { ...request, system: request.system.map((block): TextBlock => ({ type: 'text', text: block.text })), messages: request.messages.map(strip) };
}

/** Whether a failure means the server is not there or too slow (nothing streamed). */
function unreachable(result: LlmResult): boolean {
  return result.outcome === 'error' && result.text === '' && !result.error.midStream && (result.error.kind === 'network' || result.error.kind === 'timeout');
}

/**
 * An inline completion through the server's fill-in-the-middle endpoint, when it has one and the
 * model takes it; undefined sends it to the messages endpoint instead. A refusal is remembered per
 * model: an Ollama model without a suffix in its template is asked with its family's FIM template
 * (raw), and one with neither (or a llama.cpp model without FIM tokens) goes to the messages endpoint.
 */
async function fillInTheMiddle(local: LocalEndpoint, health: LocalServerHealth, request: LlmRequest, endpoint: FimEndpoint | undefined, onDelta?: (delta: LlmDelta) => void): Promise<LlmResult | undefined> {
  const hole = request.fim;
  if (hole === undefined || endpoint === undefined) return undefined;
  const capabilities = health.capabilities;
  for (;;) {
    const mode = capabilities.fimMode(local.url, request.model);
    if (mode === 'none') return undefined;
    const template = mode === 'template' ? fimTemplateFor(request.model) : undefined;
    const outcome = await streamFim(
      {
        url: local.url,
        endpoint,
        model: request.model,
        hole,
        maxTokens: request.maxTokens,
        stopSequences: request.stopSequences ?? [],
        ...(template ? { template } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        timeoutMs: local.timeoutMs ?? 10_000,
        idleTimeoutMs: local.idleTimeoutMs ?? 30_000,
      },
      onDelta,
    );
    if (outcome.kind === 'result') return outcome.result;
    const next = endpoint === 'ollama' && mode === 'native' && fimTemplateFor(request.model) !== undefined ? 'template' : 'none';
    capabilities.setFimMode(local.url, request.model, next);
  }
}

/** An LlmClient that picks the endpoint per request (`LlmRequest.local`). */
export function createEndpointRouter(options: EndpointRouterOptions): LlmClient {
  const health = options.health ?? new LocalServerHealth(options.downForMs ?? 60_000, options.now);
  const local = options.local;

  // The tier's platform client, for a request not sent to the local server; else the cloud client.
  const remote = (request: Pick<LlmRequest, 'tier'>): LlmClient => (request.tier !== undefined ? options.byTier?.[request.tier] : undefined) ?? options.cloud;

  return {
    async stream(request, onDelta) {
      if (local === undefined || request.local !== true) return remote(request).stream(request, onDelta);
      const seconds = health.skippedFor(local.url);
      if (seconds !== undefined) {
        const error = { kind: 'network' as const, message: `it did not answer a moment ago and is skipped for ${seconds} s more`, localServer: local.url };
        return { outcome: 'error', usage: ZERO_USAGE, error, text: '', usageEstimated: true };
      }
      // The probe runs beside the first request; only its verdict on usage is waited for, afterwards
      // (and, for an inline completion, whether the server has a fill-in-the-middle endpoint).
      const probed = health.capabilities.get(local.url, request.model, LOCAL_PLACEHOLDER_KEY);
      const fim = request.fim !== undefined ? await fillInTheMiddle(local, health, request, (await probed).fim, onDelta) : undefined;
      const sent = health.capabilities.honoursCache(local.url) ? request : withoutCacheMarkers(request);
      const result = fim ?? (await local.client.stream(sent, onDelta));
      if (unreachable(result)) health.markDown(local.url);
      else health.markUp(local.url);
      health.capabilities.noteCacheFields(local.url, result.cacheFieldsReported === true);
      if (result.outcome === 'error') return { ...result, error: { ...result.error, localServer: local.url }, usageEstimated: true };
      const estimated = result.usageEstimated === true || (await probed).usageApproximate;
      return { ...result, ...(estimated ? { usageEstimated: true } : {}) };
    },
    async countTokens(request, signal) {
      if (local === undefined || request.local !== true) return remote(request).countTokens(request, signal);
      // A server without count_tokens (Ollama) is never asked again after the probe: the estimate is
      // what the ledger would record. One that has it counts with the model's own tokenizer.
      if (health.skippedFor(local.url) !== undefined) return estimateInputTokens(withoutCacheMarkers(request));
      const capabilities = await health.capabilities.get(local.url, request.model, LOCAL_PLACEHOLDER_KEY);
      if (!capabilities.countTokens) return estimateInputTokens(withoutCacheMarkers(request));
      return local.client.countTokens(withoutCacheMarkers(request), signal);
    },
  };
}

/** Where each platform's client comes from: its own bundle beside this one, read only when a tier uses it. */
export interface PlatformLoaders {
  readonly bedrock: () => Pick<typeof Bedrock, 'createBedrockClient'>;
  readonly vertex: () => Pick<typeof Vertex, 'createVertexClient'>;
}

// Computed paths, so esbuild leaves each SDK out of dist/llm.js (dist/bedrock.js, dist/vertex.js).
/* eslint-disable @typescript-eslint/no-require-imports -- an import() would be bundled here */
const BUNDLES: PlatformLoaders = {
  bedrock: () => require(join(__dirname, 'bedrock.js')) as typeof Bedrock,
  vertex: () => require(join(__dirname, 'vertex.js')) as typeof Vertex,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A client for each tier on Amazon Bedrock or Vertex AI. */
function platformClients(endpoints: TierEndpoints, idleTimeoutMs: number | undefined, loaders: PlatformLoaders): EndpointRouterOptions['byTier'] {
  const byTier: Partial<Record<NonNullable<LlmRequest['tier']>, LlmClient>> = {};
  const idle = idleTimeoutMs !== undefined ? { idleTimeoutMs } : {};
  const { bedrock, vertex } = endpoints;
  if (bedrock !== undefined) {
    const client = loaders.bedrock().createBedrockClient({ region: bedrock.region, ...idle });
    for (const tier of bedrock.tiers) byTier[tier] = client;
  }
  if (vertex !== undefined) {
    const client = loaders.vertex().createVertexClient({ region: vertex.region, projectId: vertex.projectId, ...idle });
    for (const tier of vertex.tiers) byTier[tier] = client;
  }
  return byTier;
}

/**
 * The client the engine gets for the user's endpoint settings: the cloud client alone, or, when
 * tiers use the local server, Amazon Bedrock or Vertex AI, an endpoint router in front of it with
 * a client of their own for each.
 */
export function clientForEndpoints(cloud: LlmClient, endpoints: TierEndpoints, idleTimeoutMs?: number, health?: LocalServerHealth, loaders: PlatformLoaders = BUNDLES): LlmClient {
  const local = endpoints.local;
  const byTier = platformClients(endpoints, idleTimeoutMs, loaders);
  const hasPlatforms = byTier !== undefined && Object.keys(byTier).length > 0;
  if ((local === undefined || endpoints.localTiers.length === 0) && !hasPlatforms) return cloud;
  const client = local && createLocalClient({ url: local.url, timeoutMs: local.timeoutMs, ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}) });
  const endpoint = local && client && endpoints.localTiers.length > 0 ? { url: local.url, client, timeoutMs: local.timeoutMs, idleTimeoutMs: idleTimeoutMs ?? Math.max(local.timeoutMs, 30_000) } : undefined;
  return createEndpointRouter({ cloud, ...(endpoint ? { local: endpoint } : {}), ...(hasPlatforms ? { byTier } : {}), ...(health ? { health } : {}) });
}
