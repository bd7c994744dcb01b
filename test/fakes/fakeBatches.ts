/**
 * The Message Batches endpoints of the fake API (the public Message Batches reference; the shared
 * API notes only say "50% off input and output"): create (POST /v1/messages/batches), retrieve
 * (GET …/{id}), results as JSONL (GET …/{id}/results, the batch's `results_url`), cancel
 * (POST …/{id}/cancel). A batch stays `in_progress` until the test ends it (`end`), so no test
 * waits on a clock; `end` plays each entry's scenario from the shared queue (an `httpError` becomes
 * an `errored` entry with the API's error body), and `expire` ends it with every unfinished entry
 * `expired`, as a batch not done within 24 hours is. A cancel moves it to `canceling`; the next
 * retrieve finds it ended with its entries `canceled`.
 */
import type { ServerResponse } from 'node:http';
import { jsonMessage, planMessage } from './messageTranscript';
import { bodyProblem } from './requestRules';
import { sendError, sendJson } from './responseWriter';
import { errorTypeFor, ok, type Scenario } from './scenarios';

/** custom_id as the API accepts it. */
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export type FakeEntryResult =
  | { readonly type: 'succeeded'; readonly message: Record<string, unknown> }
  | { readonly type: 'errored'; readonly error: { readonly type: 'error'; readonly error: { readonly type: string; readonly message: string } } }
  | { readonly type: 'canceled' }
  | { readonly type: 'expired' };

export interface FakeBatch {
  readonly id: string;
  readonly requests: ReadonlyArray<{ readonly custom_id: string; readonly params: Record<string, unknown> }>;
  readonly createdAt: Date;
  status: 'in_progress' | 'canceling' | 'ended';
  cancelInitiatedAt?: Date;
  endedAt?: Date;
  /** By custom_id, once ended. */
  readonly results: Map<string, FakeEntryResult>;
}

export interface FakeBatchControl {
  /** Every batch created since start or reset, oldest first. */
  readonly all: FakeBatch[];
  /** Ends a batch (default the newest): each entry takes the next scenario of the shared queue. */
  end(id?: string): void;
  /**
   * Ends a batch (default the newest) at its 24 hours: its first `finished` requests take the
   * shared queue's scenarios, as `end` plays them; the others are `expired`.
   */
  expire(id?: string, finished?: number): void;
  /** Where `results_url` points, as a gateway passing the API's JSON through reports it; absent: this fake. */
  resultsOrigin: string | undefined;
}

export interface BatchDeps {
  readonly url: () => string;
  /** The shared scenario queue's next scenario, or undefined. */
  readonly nextScenario: () => Scenario | undefined;
  /** The answer text for an ok scenario without text of its own. */
  readonly answer: (params: Record<string, unknown>) => string;
  readonly nextSequence: () => number;
}

export class FakeBatches implements FakeBatchControl {
  readonly all: FakeBatch[] = [];
  /** Never reset: a batch id is not reused after a reset, as the API never reuses one. */
  private created = 0;
  resultsOrigin: string | undefined;

  constructor(private readonly deps: BatchDeps) {}

  /** Whether `path` is a batch route this fake serves. */
  static handles(path: string): boolean {
    return path === '/v1/messages/batches' || path.startsWith('/v1/messages/batches/');
  }

  /** Answers one authorized request to a batch route. */
  handle(method: string, path: string, body: Record<string, unknown> | undefined, res: ServerResponse, requestId: string): void {
    const headers = { 'request-id': requestId };
    if (path === '/v1/messages/batches') {
      if (method !== 'POST') return sendError(res, 405, `Method not allowed: ${method} ${path}`);
      const problem = createProblem(body);
      if (problem) return sendError(res, 400, problem, 'invalid_request_error', headers);
      const requests = (body!['requests'] as Array<{ custom_id: string; params: Record<string, unknown> }>).map((r) => ({ custom_id: r.custom_id, params: r.params }));
      const batch: FakeBatch = { id: `msgbatch_fake_${String(++this.created).padStart(4, '0')}`, requests, createdAt: new Date(), status: 'in_progress', results: new Map() };
      this.all.push(batch);
      return sendJson(res, 200, this.wire(batch), headers);
    }
    const [, , , , id, action] = path.split('/');
    const batch = this.all.find((each) => each.id === id);
    if (!batch) return sendError(res, 404, `No batch with id ${id ?? ''}`, 'not_found_error', headers);
    if (action === undefined && method === 'GET') {
      if (batch.status === 'canceling') this.finish(batch, 'canceled');
      return sendJson(res, 200, this.wire(batch), headers);
    }
    if (action === 'cancel' && method === 'POST') {
      if (batch.status === 'in_progress') {
        batch.status = 'canceling';
        batch.cancelInitiatedAt = new Date();
      }
      return sendJson(res, 200, this.wire(batch), headers);
    }
    if (action === 'results' && method === 'GET') {
      if (batch.status !== 'ended') return sendError(res, 400, `Batch ${batch.id} is still ${batch.status}; results are available once it has ended`, 'invalid_request_error', headers);
      // Results are not in request order (the API says so): newest first here, so matching by custom_id is tested.
      const lines = [...batch.results].reverse().map(([custom_id, result]) => JSON.stringify({ custom_id, result }));
      const text = `${lines.join('\n')}\n`;
      res.writeHead(200, { 'content-type': 'application/binary', 'content-length': Buffer.byteLength(text), ...headers });
      res.end(text);
      return;
    }
    return sendError(res, 404, `Not found: ${method} ${path}`, 'not_found_error', headers);
  }

  end(id?: string): void {
    const batch = this.pick(id);
    for (const request of batch.requests) {
      if (batch.results.has(request.custom_id)) continue;
      batch.results.set(request.custom_id, this.play(request.params, this.deps.nextScenario() ?? ok()));
    }
    this.close(batch);
  }

  expire(id?: string, finished = 0): void {
    const batch = this.pick(id);
    for (const request of batch.requests.slice(0, finished)) {
      if (!batch.results.has(request.custom_id)) batch.results.set(request.custom_id, this.play(request.params, this.deps.nextScenario() ?? ok()));
    }
    this.finish(batch, 'expired');
  }

  reset(): void {
    this.all.length = 0;
  }

  private finish(batch: FakeBatch, type: 'expired' | 'canceled'): void {
    for (const request of batch.requests) if (!batch.results.has(request.custom_id)) batch.results.set(request.custom_id, { type });
    this.close(batch);
  }

  private close(batch: FakeBatch): void {
    batch.status = 'ended';
    batch.endedAt = new Date();
  }

  private pick(id?: string): FakeBatch {
    const batch = id === undefined ? this.all.at(-1) : this.all.find((each) => each.id === id);
    if (!batch) throw new Error(`the fake has no batch ${id ?? '(none created yet)'}`);
    return batch;
  }

  private play(params: Record<string, unknown>, scenario: Scenario): FakeEntryResult {
    if (scenario.kind === 'httpError') {
      const type = scenario.errorType ?? errorTypeFor(scenario.status);
      return { type: 'errored', error: { type: 'error', error: { type, message: scenario.message ?? `Fake ${type}` } } };
    }
    return { type: 'succeeded', message: jsonMessage(planMessage(params, scenario, this.deps.answer(params), this.deps.nextSequence())) };
  }

  private wire(batch: FakeBatch): Record<string, unknown> {
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (batch.status === 'ended') for (const result of batch.results.values()) counts[result.type] += 1;
    else counts.processing = batch.requests.length;
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: batch.status,
      request_counts: counts,
      ended_at: batch.endedAt?.toISOString() ?? null,
      created_at: batch.createdAt.toISOString(),
      expires_at: new Date(batch.createdAt.getTime() + DAY_MS).toISOString(),
      archived_at: null,
      cancel_initiated_at: batch.cancelInitiatedAt?.toISOString() ?? null,
      results_url: batch.status === 'ended' ? `${this.resultsOrigin ?? this.deps.url()}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}

/** What the API would refuse in a create body, in its words; undefined when it is acceptable. */
function createProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return 'The request body is not valid JSON';
  const requests = body['requests'];
  if (!Array.isArray(requests) || requests.length === 0) return 'requests: at least one request is required';
  if (requests.length > 100_000) return 'requests: a batch holds at most 100,000 requests';
  const seen = new Set<string>();
  for (const [index, request] of (requests as unknown[]).entries()) {
    const entry = request as { custom_id?: unknown; params?: unknown } | null;
    if (typeof entry?.custom_id !== 'string' || !CUSTOM_ID.test(entry.custom_id)) return `requests.${index}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    if (seen.has(entry.custom_id)) return `requests.${index}.custom_id: ${entry.custom_id} is not unique in the batch`;
    seen.add(entry.custom_id);
    if (entry.params === null || typeof entry.params !== 'object') return `requests.${index}.params: Field required`;
    const params = entry.params as Record<string, unknown>;
    if (params['stream'] === true) return `requests.${index}.params.stream: streaming is not supported in a batch`;
    const problem = bodyProblem('/v1/messages', params);
    if (problem) return `requests.${index}.params.${problem}`;
  }
  return undefined;
}
