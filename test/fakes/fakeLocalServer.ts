/**
 * A loopback fake of a local model server with Ollama's Anthropic-compatible API (v0.14+, see
 * ../shared/reviews/2026-12-ecosystem.md): `POST /v1/messages` streams the same SSE events as the
 * Anthropic API, but `usage` has only input and output tokens (no cache fields, prompt caching is
 * ignored), `count_tokens` is a 404, any key is accepted, and a model it has not pulled is a 404
 * `not_found_error`. `GET /` answers "Ollama is running" and `GET /api/version` its version. It
 * records the Authorization header it got, so a test can prove the user's Anthropic key never
 * arrived, and can answer slowly. Other flavours play the other servers' differences as far as a
 * capability probe sees them: `llamacpp` (`GET /props`, a working `count_tokens`, exact usage
 * without cache fields) and `vllm` (`GET /version`, `count_tokens`, usage with cache fields).
 * Fill-in-the-middle: the `ollama` flavour answers `POST /api/generate` (with a `suffix` only for the
 * models in `suffixModels`, else "does not support insert"; `raw` prompts always) as JSON lines, and
 * `llamacpp` answers `POST /infill` as server-sent events (a 501 when `infill` is false).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { cannedAnswer } from './cannedAnswers';
import { estimateInputTokens, planMessage } from './messageTranscript';
import { parseBody } from './requestRules';
import { sendError, sendJson, sleep, writeSse } from './responseWriter';
import { ok } from './scenarios';

export interface LocalServerRequest {
  readonly path: string;
  readonly model: string | undefined;
  readonly body: Record<string, unknown>;
  /** The Authorization header as sent (the placeholder key; a test checks it is not the user's). */
  readonly authorization: string | undefined;
  readonly xApiKey: string | undefined;
}

/** Which server the fake plays. */
export type LocalFlavour = 'ollama' | 'llamacpp' | 'vllm';

export interface FakeLocalServerOptions {
  /** Default `ollama`. */
  readonly flavour?: LocalFlavour;
  /** Models the server has pulled; a request for another is a 404. Default: any model. */
  readonly models?: readonly string[];
  /** Wait before answering headers, to play a model that is still loading. */
  readonly latencyMs?: number;
  /** Ollama: the models whose own template takes a suffix. Default: every model. */
  readonly suffixModels?: readonly string[];
  /** llama.cpp: whether the model has FIM tokens, so `/infill` works. Default true. */
  readonly infill?: boolean;
}

export interface FakeLocalServer {
  readonly url: string;
  /** Requests for an answer (`POST /v1/messages`, and the fill-in-the-middle endpoints). */
  readonly requests: LocalServerRequest[];
  /** Every other request, as "METHOD /path": what a capability probe asked. */
  readonly probes: string[];
  /** Changes how long the server waits before it answers. */
  setLatency(ms: number): void;
  /** What the fill-in-the-middle endpoints answer next, in streamed pieces. Default `['return ', 'result;']`. */
  setFimAnswer(pieces: readonly string[]): void;
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The usage a flavour reports: Ollama's and llama.cpp's without cache fields, vLLM's with them. */
function flavouredUsage(flavour: LocalFlavour, usage: Record<string, unknown>): Record<string, unknown> {
  const counts = { input_tokens: usage['input_tokens'], output_tokens: usage['output_tokens'] };
  return flavour === 'vllm' ? { ...counts, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } : counts;
}

/** What each flavour answers to a GET that identifies it. */
const IDENTITY: Record<LocalFlavour, Record<string, unknown>> = {
  ollama: { '/api/version': { version: '0.14.0' } },
  llamacpp: { '/props': { default_generation_settings: { n_ctx: 8192 }, build_info: 'b8906' }, '/health': { status: 'ok' } },
  vllm: { '/version': { version: '0.12.0' } },
};

export async function startFakeLocalServer(options: FakeLocalServerOptions = {}): Promise<FakeLocalServer> {
  const flavour = options.flavour ?? 'ollama';
  const requests: LocalServerRequest[] = [];
  const probes: string[] = [];
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  let latencyMs = options.latencyMs ?? 0;
  let fimAnswer: readonly string[] = ['return ', 'result;'];
  let sequence = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/' && flavour === 'ollama') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('Ollama is running');
      return;
    }
    const body = parseBody(raw) ?? {};
    const model = typeof body['model'] === 'string' ? body['model'] : undefined;
    const header = (name: string): string | undefined => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const fimPath = (flavour === 'ollama' && path === '/api/generate') || (flavour === 'llamacpp' && path === '/infill');
    if (req.method === 'POST' && fimPath) {
      requests.push({ path, model, body, authorization: header('authorization'), xApiKey: header('x-api-key') });
      return fillInTheMiddle(res, body, model);
    }
    if (req.method !== 'POST' || path !== '/v1/messages') {
      probes.push(`${req.method ?? 'GET'} ${path}`);
      const identity = IDENTITY[flavour][path];
      if (req.method === 'GET' && identity !== undefined) return sendJson(res, 200, identity);
      if (req.method === 'POST' && path === '/v1/messages/count_tokens' && flavour !== 'ollama') return sendJson(res, 200, { input_tokens: estimateInputTokens(body) });
      return sendError(res, 404, `404 page not found`, 'not_found_error');
    }
    requests.push({ path, model, body, authorization: header('authorization'), xApiKey: header('x-api-key') });
    if (model === undefined) return sendError(res, 400, 'model is required', 'invalid_request_error');
    if (options.models !== undefined && !options.models.includes(model)) return sendError(res, 404, `model '${model}' not found`, 'not_found_error');
    const gone = new AbortController();
    const leave = (): void => gone.abort();
    closing.signal.addEventListener('abort', leave, { once: true });
    res.on('close', () => {
      closing.signal.removeEventListener('abort', leave);
      leave();
    });
    await sleep(latencyMs, gone.signal);
    if (gone.signal.aborted) return;
    const plan = planMessage(body, ok(), `[local ${model}] ${cannedAnswer(body)}`, ++sequence);
    const local = { ...plan, usage: flavouredUsage(flavour, plan.usage) };
    if (body['stream'] !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: local.id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: plan.blocks.map((b) => ('chunks' in b ? b.chunks.join('') : '')).join('') }], stop_reason: local.stopReason, stop_sequence: null, usage: local.usage }));
      return;
    }
    await writeSse(res, local, ok(), `local_${sequence}`, gone.signal);
  }

  /** Ollama's `/api/generate` (JSON lines) or llama.cpp's `/infill` (server-sent events). */
  async function fillInTheMiddle(res: http.ServerResponse, body: Record<string, unknown>, model: string | undefined): Promise<void> {
    const ollama = flavour === 'ollama';
    if (ollama && model === undefined) return sendJson(res, 400, { error: 'model is required' });
    if (ollama && options.models !== undefined && !options.models.includes(model!)) return sendJson(res, 404, { error: `model '${model}' not found` });
    if (ollama && body['raw'] !== true && typeof body['suffix'] === 'string' && options.suffixModels !== undefined && !options.suffixModels.includes(model!)) {
      return sendJson(res, 400, { error: `registry.ollama.ai/library/${model} does not support insert` });
    }
    if (!ollama && options.infill === false) return sendJson(res, 501, { error: { code: 501, message: 'Infill is not supported by this model', type: 'not_supported_error' } });
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    await sleep(latencyMs, gone.signal);
    if (gone.signal.aborted) return;
    const prompt = ollama ? `${String(body['prompt'] ?? '')}${String(body['suffix'] ?? '')}` : `${String(body['input_prefix'] ?? '')}${String(body['input_suffix'] ?? '')}`;
    const inputTokens = Math.ceil(prompt.length / 4);
    const outputTokens = Math.max(1, Math.ceil(fimAnswer.join('').length / 4));
    res.writeHead(200, { 'content-type': ollama ? 'application/x-ndjson' : 'text/event-stream' });
    const line = (data: Record<string, unknown>): string => (ollama ? `${JSON.stringify(data)}\n` : `data: ${JSON.stringify(data)}\n\n`);
    for (const piece of fimAnswer) {
      res.write(line(ollama ? { model, created_at: new Date(0).toISOString(), response: piece, done: false } : { content: piece, stop: false }));
      await sleep(5, gone.signal);
      if (gone.signal.aborted) return;
    }
    res.end(
      line(
        ollama
          ? { model, created_at: new Date(0).toISOString(), response: '', done: true, done_reason: 'stop', prompt_eval_count: inputTokens, eval_count: outputTokens }
          : { content: '', stop: true, stopped_eos: true, tokens_evaluated: inputTokens, tokens_predicted: outputTokens },
      ),
    );
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `Fake local server failure: ${String(error)}`);
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
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    probes,
    setLatency: (ms) => void (latencyMs = ms),
    setFimAnswer: (pieces) => void (fimAnswer = pieces),
    reset: () => {
      requests.length = 0;
      probes.length = 0;
    },
    close() {
      closing.abort();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL where nothing listens (a local server that is not running). */
export async function closedLocalUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
