/**
 * Inline completions through a local server's own fill-in-the-middle endpoint, which a code model
 * answers far better (and with a far shorter prompt) than the messages endpoint's hole-filler prompt:
 * - Ollama: `POST /api/generate` with `prompt` (the text before the cursor) and `suffix`; Ollama puts
 *   them into the model's own FIM template. A model whose template has no suffix ("does not support
 *   insert") is sent `raw` with its family's FIM template instead, when the family is known.
 * - llama.cpp: `POST /infill` with `input_prefix` and `input_suffix`; the server uses the model's FIM
 *   tokens itself.
 * Both stream their answer (Ollama as JSON lines, llama.cpp as server-sent events) and report the
 * tokens they counted. A refusal before anything streamed (no such endpoint, a model without FIM)
 * is `unsupported`: the caller remembers it and uses the messages endpoint.
 */
import type { LlmDelta, LlmResult, StopReason } from '../core/model/llm';
import { ZERO_USAGE } from '../core/model/usage';
import type { FimEndpoint } from './serverProbe';

/** The hole, cut to its budgets by the completion prompt. */
export interface FimHole {
  readonly prefix: string;
  readonly suffix: string;
}

/** A model family's FIM template: how prefix and suffix become one prompt, and its end tokens. */
export interface FimTemplate {
  readonly family: string;
  render(hole: FimHole): string;
  readonly stop: readonly string[];
}

const TEMPLATES: ReadonlyArray<{ readonly match: RegExp; readonly template: FimTemplate }> = [
  {
    match: /qwen.*coder|coder.*qwen/i,
    template: { family: 'qwen-coder', render: (h) => `<|fim_prefix|>${h.prefix}<|fim_suffix|>${h.suffix}<|fim_middle|>`, stop: ['<|endoftext|>', '<|fim_pad|>', '<|file_sep|>', '<|fim_prefix|>', '<|im_start|>'] },
  },
  {
    match: /codellama|code-llama/i,
    template: { family: 'codellama', render: (h) => `<PRE> ${h.prefix} <SUF>${h.suffix} <MID>`, stop: ['<EOT>', '<PRE>', '<SUF>', '<MID>'] },
  },
  {
    match: /deepseek-coder/i,
    template: { family: 'deepseek-coder', render: (h) => `<｜fim▁begin｜>${h.prefix}<｜fim▁hole｜>${h.suffix}<｜fim▁end｜>`, stop: ['<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'] },
  },
  {
    match: /starcoder|stable-code/i,
    template: { family: 'starcoder', render: (h) => `<fim_prefix>${h.prefix}<fim_suffix>${h.suffix}<fim_middle>`, stop: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>'] },
  },
  {
    match: /codestral/i,
    template: { family: 'codestral', render: (h) => `[SUFFIX]${h.suffix}[PREFIX]${h.prefix}`, stop: ['</s>', '[PREFIX]', '[SUFFIX]'] },
  },
];

/** The FIM template of the model's family, from its name ("qwen2.5-coder:7b" → Qwen's). */
export function fimTemplateFor(model: string): FimTemplate | undefined {
  return TEMPLATES.find((entry) => entry.match.test(model))?.template;
}

export interface FimRequest {
  readonly url: string;
  readonly endpoint: FimEndpoint;
  readonly model: string;
  readonly hole: FimHole;
  readonly maxTokens: number;
  readonly stopSequences: readonly string[];
  /** Ollama only: send `raw` with this family template (the model's own template has no suffix). */
  readonly template?: FimTemplate;
  readonly signal?: AbortSignal;
  /** Wait for the server to start answering. */
  readonly timeoutMs: number;
  /** Abort a stream that sends nothing for this long. */
  readonly idleTimeoutMs: number;
  readonly fetch?: typeof fetch;
}

/** What a FIM request came to: a result, or the server's word that it cannot do FIM for this model. */
export type FimOutcome = { readonly kind: 'result'; readonly result: LlmResult } | { readonly kind: 'unsupported'; readonly status: number; readonly message: string };

function body(request: FimRequest): Record<string, unknown> {
  const stop = [...request.stopSequences, ...(request.template?.stop ?? [])];
  if (request.endpoint === 'llamacpp') {
    return { input_prefix: request.hole.prefix, input_suffix: request.hole.suffix, n_predict: request.maxTokens, stream: true, stop, cache_prompt: true };
  }
  const options = { num_predict: request.maxTokens, stop };
  if (request.template) return { model: request.model, prompt: request.template.render(request.hole), raw: true, stream: true, options };
  return { model: request.model, prompt: request.hole.prefix, suffix: request.hole.suffix, stream: true, options };
}

/** One streamed piece of either server's answer, in common terms. */
interface FimChunk {
  readonly text: string;
  readonly done: boolean;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly stopReason?: StopReason;
}

function parseChunk(endpoint: FimEndpoint, json: unknown): FimChunk | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const data = json as Record<string, unknown>;
  const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  if (endpoint === 'ollama') {
    const done = data['done'] === true;
    return {
      text: typeof data['response'] === 'string' ? data['response'] : '',
      done,
      ...(num(data['prompt_eval_count']) !== undefined ? { inputTokens: num(data['prompt_eval_count']) } : {}),
      ...(num(data['eval_count']) !== undefined ? { outputTokens: num(data['eval_count']) } : {}),
      ...(done ? { stopReason: data['done_reason'] === 'length' ? 'max_tokens' : 'end_turn' } : {}),
    };
  }
  const done = data['stop'] === true;
  return {
    text: typeof data['content'] === 'string' ? data['content'] : '',
    done,
    ...(num(data['tokens_evaluated']) !== undefined ? { inputTokens: num(data['tokens_evaluated']) } : {}),
    ...(num(data['tokens_predicted']) !== undefined ? { outputTokens: num(data['tokens_predicted']) } : {}),
    ...(done ? { stopReason: data['stopped_limit'] === true ? 'max_tokens' : data['stopped_word'] === true ? 'stop_sequence' : 'end_turn' } : {}),
  };
}

/** The JSON payloads in a piece of the stream: Ollama's lines, or llama.cpp's `data:` lines. */
function payloads(endpoint: FimEndpoint, lines: string[]): unknown[] {
  const out: unknown[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    const json = endpoint === 'llamacpp' ? (line.startsWith('data:') ? line.slice(5).trim() : '') : line;
    if (json === '' || json === '[DONE]') continue;
    try {
      out.push(JSON.parse(json));
    } catch {
      // A line that is not JSON (a comment, a keep-alive) carries nothing.
    }
  }
  return out;
}

const CHARS_PER_TOKEN = 3.5;

/** Sends the hole to the server's FIM endpoint and streams the middle back. Never rejects. */
export async function streamFim(request: FimRequest, onDelta?: (delta: LlmDelta) => void): Promise<FimOutcome> {
  const path = request.endpoint === 'llamacpp' ? '/infill' : '/api/generate';
  const controller = new AbortController();
  let why: 'timeout' | 'idle' | undefined;
  const stopOnCaller = (): void => controller.abort();
  request.signal?.addEventListener('abort', stopOnCaller, { once: true });
  let timer = setTimeout(() => {
    why = 'timeout';
    controller.abort();
  }, request.timeoutMs);
  const rearm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      why = 'idle';
      controller.abort();
    }, request.idleTimeoutMs);
  };
  let text = '';
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let stopReason: StopReason | undefined;
  const usage = () => ({
    ...ZERO_USAGE,
    inputTokens: inputTokens ?? Math.ceil((request.hole.prefix.length + request.hole.suffix.length) / CHARS_PER_TOKEN),
    outputTokens: outputTokens ?? Math.ceil(text.length / CHARS_PER_TOKEN),
  });
  const estimated = () => inputTokens === undefined || outputTokens === undefined;
  const result = (value: LlmResult): FimOutcome => ({ kind: 'result', result: value });
  try {
    const response = await (request.fetch ?? globalThis.fetch)(`${request.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(request)),
      signal: controller.signal,
    });
    if (!response.ok || response.body === null) {
      const message = (await response.text().catch(() => '')).slice(0, 300);
      if (response.status >= 500 && response.status !== 501) {
        return result({ outcome: 'error', usage: ZERO_USAGE, error: { kind: 'server', status: response.status, message: message || `HTTP ${response.status}` }, text: '' });
      }
      return { kind: 'unsupported', status: response.status, message };
    }
    rearm();
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
      rearm();
      buffered += decoder.decode(piece, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const json of payloads(request.endpoint, lines)) {
        const chunk = parseChunk(request.endpoint, json);
        if (chunk === undefined) continue;
        if (chunk.text !== '') {
          text += chunk.text;
          onDelta?.({ type: 'text', text: chunk.text });
        }
        if (chunk.inputTokens !== undefined) inputTokens = chunk.inputTokens;
        if (chunk.outputTokens !== undefined) outputTokens = chunk.outputTokens;
        if (chunk.done) stopReason = chunk.stopReason ?? 'end_turn';
      }
    }
    for (const json of payloads(request.endpoint, [buffered])) {
      const chunk = parseChunk(request.endpoint, json);
      if (chunk?.done) stopReason = chunk.stopReason ?? 'end_turn';
    }
    if (stopReason === undefined) {
      return result({ outcome: 'error', usage: usage(), usageEstimated: true, error: { kind: 'network', message: 'the connection closed before the answer was complete', midStream: text !== '' }, text });
    }
    return result({ outcome: 'ok', usage: usage(), ...(estimated() ? { usageEstimated: true } : {}), stopReason, model: request.model, text });
  } catch (error) {
    if (request.signal?.aborted) return result({ outcome: 'cancelled', usage: usage(), usageEstimated: true, text });
    const started = text !== '' ? { midStream: true } : {};
    if (why === 'timeout') return result({ outcome: 'error', usage: ZERO_USAGE, error: { kind: 'timeout', message: `it did not start answering within ${request.timeoutMs / 1000} s` }, text: '' });
    if (why === 'idle') return result({ outcome: 'error', usage: usage(), usageEstimated: true, error: { kind: 'timeout', message: 'the stream stalled', ...started }, text });
    const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return result({ outcome: 'error', usage: usage(), usageEstimated: true, error: { kind: 'network', message, ...started }, text });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', stopOnCaller);
  }
}
