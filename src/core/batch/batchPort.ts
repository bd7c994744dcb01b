/**
 * The Message Batches port: what the extension needs from the provider's batch API (create,
 * retrieve, results, cancel), in plain data so it crosses the adapter bundle's boundary. Each call
 * returns its failure as an LlmError rather than throwing, so every surface words it the same way.
 */
import type { LlmError, LlmRequest } from '../model/llm';
import type { Usage } from '../model/usage';

/** The API's custom_id rule: 1 to 64 letters, digits, `_` or `-`. */
export const CUSTOM_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** A batch holds at most this many requests (the API's limit is 100,000; a folder's work is far below). */
export const MAX_BATCH_REQUESTS = 10_000;

/** One request of a batch: its id in the batch and the Messages request, never streamed. */
export interface BatchRequest {
  readonly customId: string;
  readonly request: Omit<LlmRequest, 'signal' | 'local' | 'fim'>;
}

export const BATCH_STATUSES = ['in_progress', 'canceling', 'ended'] as const;
export type BatchProcessing = (typeof BATCH_STATUSES)[number];

/** The API's `request_counts`: every request is `processing` until the whole batch ends. */
export interface BatchCounts {
  readonly processing: number;
  readonly succeeded: number;
  readonly errored: number;
  readonly canceled: number;
  readonly expired: number;
}

export interface BatchStatus {
  readonly id: string;
  readonly processing: BatchProcessing;
  readonly counts: BatchCounts;
  /** ISO 8601. */
  readonly createdAt: string;
  /** When the API stops processing it (24 hours after creation); unfinished requests then expire. */
  readonly expiresAt: string;
  readonly endedAt?: string;
}

/** One request's result, matched by its custom_id (results come in no particular order). */
export type BatchEntryResult =
  | { readonly type: 'succeeded'; readonly text: string; readonly usage: Usage; readonly model: string; readonly stopReason?: string; readonly messageId?: string }
  | { readonly type: 'errored'; readonly errorType: string; readonly message: string }
  | { readonly type: 'canceled' }
  | { readonly type: 'expired' };

export type BatchCall<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: LlmError };

export interface BatchClient {
  create(requests: readonly BatchRequest[]): Promise<BatchCall<BatchStatus>>;
  retrieve(id: string): Promise<BatchCall<BatchStatus>>;
  /** Every result by custom_id; only once the batch has ended. */
  results(id: string): Promise<BatchCall<ReadonlyMap<string, BatchEntryResult>>>;
  cancel(id: string): Promise<BatchCall<BatchStatus>>;
}
