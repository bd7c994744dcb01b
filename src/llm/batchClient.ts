/**
 * The Message Batches port (src/core/batch/batchPort.ts) on the SDK's Batches resource, built like
 * the Messages client: the key and base URL passed explicitly, tracing and SDK logging off. A
 * result line's Message becomes its text and usage; a results URL on another origin than the
 * client's base URL is refused, so the key is never sent where the user did not point it.
 */
import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import { Batches } from '@anthropic-ai/sdk/resources/messages/batches';
import type { MessageBatch, MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import type { APIPromise } from '@anthropic-ai/sdk/core/api-promise';
import type { BatchCall, BatchClient, BatchEntryResult, BatchStatus } from '../core/batch/batchPort';
import { DEFAULT_BASE_URL } from './anthropicClient';
import { toLlmError } from './errors';
import { capRetryAfter } from './retryAfter';
import { usageFromWire } from './streamAccumulator';
import { toStreamParams } from './wire';

class BatchesClient extends BaseAnthropic {
  readonly batches: Batches = new BaseBoundBatches(this);
}

/**
 * The batches resource with each batch's `results_url` on the configured base URL: a gateway at
 * api.baseUrl passes the API's JSON through, so its `results_url` names api.anthropic.com, where the
 * gateway's key must not go (and a company network may not reach); the results are read through the
 * same base as every other call, at the API's path for them (GET …/v1/messages/batches/{id}/results).
 */
class BaseBoundBatches extends Batches {
  override retrieve(id: string, params?: Parameters<Batches['retrieve']>[1], options?: Parameters<Batches['retrieve']>[2]): APIPromise<MessageBatch> {
    const base = this._client.baseURL.replace(/\/+$/, '');
    return super.retrieve(id, params, options)._thenUnwrap((batch) => (batch.results_url ? { ...batch, results_url: `${base}/v1/messages/batches/${encodeURIComponent(batch.id)}/results` } : batch));
  }
}

export interface BatchClientOptions {
  readonly apiKey: string;
  readonly baseURL?: string;
  readonly maxRetries?: number;
  readonly maxRetryAfterSeconds?: number;
  readonly fetch?: typeof fetch;
}

function status(batch: MessageBatch): BatchStatus {
  return {
    id: batch.id,
    processing: batch.processing_status,
    counts: { ...batch.request_counts },
    createdAt: batch.created_at,
    expiresAt: batch.expires_at,
    ...(batch.ended_at ? { endedAt: batch.ended_at } : {}),
  };
}

/** One JSONL line of the results as the port's result. */
export function entryResult(line: MessageBatchIndividualResponse): BatchEntryResult {
  const { result } = line;
  if (result.type === 'succeeded') {
    const text = result.message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    return { type: 'succeeded', text, usage: usageFromWire(result.message.usage), model: result.message.model, ...(result.message.stop_reason ? { stopReason: result.message.stop_reason } : {}), messageId: result.message.id };
  }
  if (result.type === 'errored') return { type: 'errored', errorType: result.error.error.type, message: result.error.error.message };
  return { type: result.type };
}

export function createBatchClient(options: BatchClientOptions): BatchClient {
  const apiKey = options.apiKey.trim();
  const baseURL = options.baseURL ?? DEFAULT_BASE_URL;
  const secrets = [options.apiKey, apiKey];
  const sdk = new BatchesClient({
    apiKey,
    baseURL,
    maxRetries: options.maxRetries ?? 2,
    fetch: capRetryAfter(() => options.fetch ?? globalThis.fetch, options.maxRetryAfterSeconds ?? 20),
    openTelemetry: false,
    logLevel: 'off',
  });
  const call = async <T>(run: () => Promise<T>): Promise<BatchCall<T>> => {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      return { ok: false, error: toLlmError(error, secrets) };
    }
  };
  return {
    create: (requests) => call(async () => status(await sdk.batches.create({ requests: requests.map((r) => ({ custom_id: r.customId, params: toStreamParams(r.request) })) }))),
    retrieve: (id) => call(async () => status(await sdk.batches.retrieve(id))),
    cancel: (id) => call(async () => status(await sdk.batches.cancel(id))),
    results: (id) =>
      call(async () => {
        const results = new Map<string, BatchEntryResult>();
        for await (const line of await sdk.batches.results(id)) results.set(line.custom_id, entryResult(line));
        return results;
      }),
  };
}
