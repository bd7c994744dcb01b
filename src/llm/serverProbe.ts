/**
 * What a local Anthropic-compatible server supports, found out once per server and then adapted to
 * (see ../shared/reviews/2026-12-ecosystem.md for the servers' gaps):
 * - which server it is: Ollama answers `GET /api/version`, llama.cpp `GET /props`, vLLM `GET /version`;
 *   that says whether its usage is approximate (Ollama counts with its own tokenizer and says so;
 *   a server we cannot name is not vouched for either) and which fill-in-the-middle endpoint it has
 *   (Ollama's `/api/generate` with a suffix, llama.cpp's `/infill`);
 * - whether `POST /v1/messages/count_tokens` exists (a 2xx with `input_tokens`); without it tokens are
 *   estimated locally, never asked for again;
 * - whether it honours prompt-cache fields: learnt from its answers, since no endpoint says so. Markers
 *   are sent only once an answer carried cache fields in its usage (vLLM's prefix cache reports
 *   them); a server whose answers never do (Ollama ignores `cache_control`) never gets one.
 * A probe that finds nothing listening is not remembered, so a server started later is probed then.
 */

export type LocalServerKind = 'ollama' | 'llamacpp' | 'vllm' | 'unknown';

/** A local server's own fill-in-the-middle endpoint. */
export type FimEndpoint = 'ollama' | 'llamacpp';

export interface ServerCapabilities {
  readonly kind: LocalServerKind;
  /** `POST /v1/messages/count_tokens` answers. */
  readonly countTokens: boolean;
  /** Its usage counts are approximate (or not known to be exact): the ledger marks them estimated. */
  readonly usageApproximate: boolean;
  /** Its own fill-in-the-middle endpoint, when it has one. */
  readonly fim?: FimEndpoint;
}

/** What is assumed before (or without) a probe: nothing beyond the messages endpoint. */
export const UNPROBED: ServerCapabilities = { kind: 'unknown', countTokens: false, usageApproximate: true };

/** Each probe request gives up after this long: a probe must never hold up a request for long. */
const PROBE_TIMEOUT_MS = 2000;

type Fetch = typeof fetch;

async function getJson(fetchFn: Fetch, url: string, init?: RequestInit): Promise<{ status: number; json: unknown } | 'unreachable'> {
  try {
    const response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  } catch {
    return 'unreachable';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Probes the server at `url` (no trailing slash) for `model`. Returns undefined when nothing answered
 * at all (the server is down): the caller then keeps {@link UNPROBED} and probes again later.
 */
export async function probeServer(url: string, model: string, fetchFn: Fetch, key: string): Promise<ServerCapabilities | undefined> {
  const [ollama, llamacpp, vllm, count] = await Promise.all([
    getJson(fetchFn, `${url}/api/version`),
    getJson(fetchFn, `${url}/props`),
    getJson(fetchFn, `${url}/version`),
    getJson(fetchFn, `${url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key, authorization: `Bearer ${key}`, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }] }),
    }),
  ]);
  if ([ollama, llamacpp, vllm, count].every((answer) => answer === 'unreachable')) return undefined;
  const ok = (answer: typeof ollama): answer is { status: number; json: unknown } => answer !== 'unreachable' && answer.status >= 200 && answer.status < 300;
  const countTokens = ok(count) && isObject(count.json) && typeof count.json['input_tokens'] === 'number';
  if (ok(ollama) && isObject(ollama.json) && typeof ollama.json['version'] === 'string') return { kind: 'ollama', countTokens, usageApproximate: true, fim: 'ollama' };
  if (ok(llamacpp) && isObject(llamacpp.json) && ('default_generation_settings' in llamacpp.json || 'build_info' in llamacpp.json)) {
    return { kind: 'llamacpp', countTokens, usageApproximate: false, fim: 'llamacpp' };
  }
  if (ok(vllm) && isObject(vllm.json) && typeof vllm.json['version'] === 'string') return { kind: 'vllm', countTokens, usageApproximate: false };
  return { kind: 'unknown', countTokens, usageApproximate: true };
}

/**
 * One probe per server and model, shared by every client of the window (the chat's and the
 * completions'), and what the server's answers taught about prompt caching.
 */
export class ServerCapabilityCache {
  private readonly known = new Map<string, ServerCapabilities>();
  private readonly pending = new Map<string, Promise<ServerCapabilities>>();
  private readonly cacheHonoured = new Set<string>();
  private readonly fimModes = new Map<string, 'template' | 'none'>();

  constructor(private readonly fetchFn: () => Fetch = () => globalThis.fetch) {}

  /** What is known now, without waiting: {@link UNPROBED} until a probe finished. */
  peek(url: string, model: string): ServerCapabilities {
    return this.known.get(`${url} ${model}`) ?? UNPROBED;
  }

  /** The server's capabilities, probing it the first time (and again while it never answered). */
  get(url: string, model: string, key: string): Promise<ServerCapabilities> {
    const id = `${url} ${model}`;
    const known = this.known.get(id);
    if (known !== undefined) return Promise.resolve(known);
    let probe = this.pending.get(id);
    if (probe === undefined) {
      probe = probeServer(url, model, this.fetchFn(), key).then((found) => {
        this.pending.delete(id);
        if (found === undefined) return UNPROBED;
        this.known.set(id, found);
        return found;
      });
      this.pending.set(id, probe);
    }
    return probe;
  }

  /**
   * How a model on the server takes a fill-in-the-middle request: its own template (`native`, the
   * default where the server has a FIM endpoint), its family's template sent raw (`template`, Ollama
   * models whose template has no suffix), or not at all (`none`: the messages endpoint).
   */
  fimMode(url: string, model: string): 'native' | 'template' | 'none' {
    return this.fimModes.get(`${url} ${model}`) ?? 'native';
  }

  setFimMode(url: string, model: string, mode: 'template' | 'none'): void {
    this.fimModes.set(`${url} ${model}`, mode);
  }

  /** Whether the server's answers have carried prompt-cache fields, so markers are worth sending. */
  honoursCache(url: string): boolean {
    return this.cacheHonoured.has(url);
  }

  /** Records what an answer's usage said about prompt caching. */
  noteCacheFields(url: string, reported: boolean): void {
    if (reported) this.cacheHonoured.add(url);
  }
}
