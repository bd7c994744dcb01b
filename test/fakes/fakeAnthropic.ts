/**
 * A loopback fake of the Anthropic Messages API for tests and offline demos. It speaks the wire
 * format the real SDK expects (see /work/shared/anthropic-api.md), records every request with its
 * credentials redacted, and plays scripted scenarios: errors, slow or stalled streams, cut
 * connections, thinking and tool use. Closing it destroys every open socket, so no test can hang.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { cannedAnswer } from './cannedAnswers';
import { chunkText, estimateInputTokens, estimateTokens, planMessage } from './messageTranscript';
import { bodyProblem, headerProblem, isAuthorized, parseBody, redactedHeaders } from './requestRules';
import { sendError, sendHttpError, sendJson, sleep, writeJsonMessage, writeSse } from './responseWriter';
import { ok, type Scenario } from './scenarios';
import { FakeBatches, type FakeBatchControl } from './fakeBatches';

export * from './scenarios';
export type { FakeBatch, FakeBatchControl, FakeEntryResult } from './fakeBatches';

/** The key the fake accepts unless told otherwise. Not a real key. */
export const FAKE_API_KEY = 'sk-ant-fake-Qm7Zt2Vx9KpL4wRb-routerTestKey';

export interface RecordedRequest {
  readonly path: string;
  /** The body's model, when it had one. */
  readonly model: string | undefined;
  /** The parsed JSON body; empty when the body was not a JSON object. */
  readonly body: Record<string, unknown>;
  /** Request headers, with `authorization` and `x-api-key` replaced by "[redacted]". */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the request carried the fake's key (Bearer or x-api-key). */
  readonly authorized: boolean;
  /** Whether the body asked for an SSE stream. */
  readonly stream: boolean;
  readonly receivedAt: number;
  /** When the response or its socket closed, for whatever reason. */
  closedAt?: number;
  /** Whether the fake wrote its whole response (false after a client abort, stall or cut). */
  completed: boolean;
  /** The status the fake answered with, set when the response closes if headers went out. */
  status?: number;
  /** The `request-id` header the fake answered with (the client stores it with its record). */
  requestId?: string;
  /**
   * The usage the fake has delivered, as the API's snake_case object: set once the event that
   * carries it was written — message_start's (input, 1 output token), then the final
   * message_delta's, or the JSON body's — and never for a frame the connection lost first.
   */
  usage?: Readonly<Record<string, unknown>>;
}

export interface FakeAnthropicOptions {
  readonly apiKey?: string;
  /** What requests do when nothing is enqueued; default a plain `ok()`. */
  readonly defaultScenario?: Scenario;
  /** The answer text for ok scenarios that give none; default the canned answers. */
  readonly answer?: (request: RecordedRequest) => string;
  /**
   * Streams answers at a model's pace (the demo: `demoPace`): a wait before the first token, then
   * deltas at `tokensPerSecond`. Applies to Messages requests whose scenario sets no latency or
   * delta delay of its own; without it the fake answers at once, as the tests need.
   */
  readonly pace?: (request: RecordedRequest) => { readonly firstTokenMs: number; readonly tokensPerSecond: number } | undefined;
}

export interface FakeAnthropic {
  /** Base URL to give the SDK, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly apiKey: string;
  /** Every request received since start or the last reset, in arrival order. */
  readonly requests: RecordedRequest[];
  /**
   * Scripts the next requests that pass auth and validation (messages and count_tokens alike),
   * first in first out; requests beyond the queue get the default scenario.
   */
  enqueue(...scenarios: Scenario[]): void;
  /**
   * Scripts the next requests for one model only (e.g. a 529 for Opus while Sonnet answers); they
   * are served before the shared queue, first in first out, to messages requests for that model.
   */
  enqueueFor(model: string, ...scenarios: Scenario[]): void;
  /** Resolves once `n` requests have arrived; rejects after `timeoutMs` saying how many did. */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /**
   * The Message Batches endpoints' batches (fakeBatches.ts): a batch stays in progress until
   * `batches.end()` plays its entries from the shared queue, or `batches.expire()` expires them.
   */
  readonly batches: FakeBatchControl;
  /** Forgets recorded requests, queued scenarios and batches. */
  reset(): void;
  /** Destroys open sockets (stalled streams included) and stops listening. */
  close(): Promise<void>;
}

const ROUTES = new Set(['/v1/messages', '/v1/messages/count_tokens']);

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? FAKE_API_KEY;
  const requests: RecordedRequest[] = [];
  const queue: Scenario[] = [];
  const modelQueues = new Map<string, Scenario[]>();
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  const waiters = new Set<() => void>();
  let sequence = 0;
  let url = '';
  const batches = new FakeBatches({
    url: () => url,
    nextScenario: () => queue.shift(),
    answer: (params) => (options.answer ?? ((r: RecordedRequest) => cannedAnswer(r.body)))({ path: '/v1/messages', model: typeof params['model'] === 'string' ? params['model'] : undefined, body: params, headers: {}, authorized: true, stream: false, receivedAt: Date.now(), completed: true }),
    nextSequence: () => ++sequence,
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = parseBody(raw);
    const record: RecordedRequest = {
      path,
      model: typeof body?.['model'] === 'string' ? body['model'] : undefined,
      body: body ?? {},
      headers: redactedHeaders(req.headers),
      authorized: isAuthorized(req.headers, apiKey),
      stream: body?.['stream'] === true,
      receivedAt: Date.now(),
      completed: false,
    };
    const number = ++sequence;
    const requestId = `req_fake_${number}`;
    record.requestId = requestId;
    requests.push(record);
    // Aborts when this response closes or the server shuts down, ending sleeps, stalls and writes.
    const gone = new AbortController();
    const leave = (): void => gone.abort();
    closing.signal.addEventListener('abort', leave, { once: true });
    res.on('close', () => {
      record.closedAt = Date.now();
      if (res.headersSent) record.status = res.statusCode;
      closing.signal.removeEventListener('abort', leave);
      leave();
    });
    res.on('finish', () => (record.completed = true));
    for (const wake of [...waiters]) wake();

    if (!record.authorized) return sendError(res, 401, 'invalid x-api-key');
    if (FakeBatches.handles(path)) {
      const problem = headerProblem(req.headers);
      if (problem) return sendError(res, 400, problem);
      return batches.handle(req.method ?? 'GET', path, body, res, requestId);
    }
    if (req.method !== 'POST' || !ROUTES.has(path)) return sendError(res, 404, `Not found: ${req.method ?? ''} ${path}`);
    const problem = headerProblem(req.headers) ?? (body ? bodyProblem(path, body) : 'The request body is not valid JSON');
    if (problem || !body) return sendError(res, 400, problem ?? 'invalid body');

    const forModel = path === '/v1/messages' && record.model !== undefined ? modelQueues.get(record.model)?.shift() : undefined;
    const scenario = forModel ?? queue.shift() ?? options.defaultScenario ?? ok();
    const pace = path === '/v1/messages' && scenario.kind === 'ok' ? options.pace?.(record) : undefined;
    await sleep(scenario.latencyMs ?? (pace ? pace.firstTokenMs : 0), gone.signal);
    if (gone.signal.aborted) return;
    if (scenario.kind === 'httpError') return sendHttpError(res, scenario);
    if (path === '/v1/messages/count_tokens') {
      return sendJson(res, 200, { input_tokens: estimateInputTokens(body) }, { 'request-id': requestId });
    }
    const answer = (options.answer ?? ((r: RecordedRequest) => cannedAnswer(r.body)))(record);
    // Each delta carries a few words; its delay is their tokens at the model's rate.
    const chunks = scenario.text ?? chunkText(answer);
    const paced = pace && scenario.deltaDelayMs === undefined ? { ...scenario, deltaDelayMs: Math.round((estimateTokens(chunks.join('').length) / Math.max(1, chunks.length) / pace.tokensPerSecond) * 1000) } : scenario;
    const plan = planMessage(body, paced, answer, number);
    const delivered = (usage: Readonly<Record<string, unknown>>): void => {
      record.usage = usage;
    };
    if (record.stream) return writeSse(res, plan, paced, requestId, gone.signal, delivered);
    return writeJsonMessage(res, plan, paced, requestId, gone.signal, delivered);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `Fake server failure: ${String(error)}`);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiKey,
    requests,
    batches,
    enqueue: (...scenarios) => void queue.push(...scenarios),
    enqueueFor(model, ...scenarios) {
      const list = modelQueues.get(model) ?? [];
      list.push(...scenarios);
      modelQueues.set(model, list);
    },
    waitForRequests(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (requests.length < n) return;
          cleanup();
          resolve([...requests]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Anthropic saw ${requests.length} of ${n} expected requests within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      modelQueues.clear();
      batches.reset();
    },
    close() {
      closing.abort();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
