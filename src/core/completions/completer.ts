/**
 * Inline completions without the editor: what a provider call gets, and what it costs. In order,
 * a call is served by the cache (the same hole, or an answer the user is typing through), by a
 * request still in flight that can still match, or — after the debounce, if no keystroke cancelled
 * it — by a new request through the engine: routed as a `completion`, the hole-filler prompt,
 * post-processed, checked (and escalated where the policy says), recorded in the ledger. Failures
 * never reach the user as popups: a completion that cannot be had is a line in the log.
 */
import type { EngineLog, RunOptions, RunResult } from '../engine';
import { buildCompletionPrompt, opensEmptyBlock } from '../prompts/completionPrompt';
import { Backoff } from './backoff';
import { CompletionCache, DEFAULT_CACHE_SIZE } from './completionCache';
import type { CompletionContext } from './completionCheck';
import { checkCompletion } from './completionCheck';
import type { Timers } from './debounce';
import { debounce, SYSTEM_TIMERS } from './debounce';
import type { Hole } from './hole';
import type { CursorState, FlightResult } from './inFlight';
import { InFlightCompletion } from './inFlight';
import { postProcess } from './postProcess';

export interface CompletionRequest {
  /** The document's identity (its URI): requests, cursors and outcomes are per document. */
  readonly documentKey: string;
  /** Workspace-relative path: shown to the model, and how routing sees sensitive files. */
  readonly path: string;
  readonly languageId: string;
  readonly hole: Hole;
  /** The user asked for a completion: no debounce. */
  readonly explicit?: boolean;
}

export interface Suggestion {
  readonly text: string;
  /** The ledger id of the request whose answer this is. */
  readonly recordId: string;
  readonly source: 'cache' | 'inFlight' | 'request';
}

export interface CompleterDeps {
  /** The engine's run: routing, the request, the local check, escalation and the ledger. */
  readonly run: (options: RunOptions) => Promise<RunResult>;
  readonly debounceMs: () => number;
  /** Where the cursor is in the editor showing `documentKey` (see {@link CursorState}). */
  readonly currentHole: (documentKey: string) => CursorState;
  readonly log: EngineLog;
  readonly timers?: Timers;
  /** How long an in-flight request no call holds may wait to be joined. */
  readonly graceMs?: number;
  readonly cacheSize?: number;
  /** The clock of the pause after a failed request. */
  readonly now?: () => number;
}

/** Counters since the start, for tests, the benchmark and diagnostics. */
export interface CompleterStats {
  calls: number;
  cacheHits: number;
  inFlightHits: number;
  requests: number;
  /** Requests aborted because their answer could no longer be used. */
  aborted: number;
  /** Calls that sent nothing because completions pause after a failed request. */
  paused: number;
}

export const DEFAULT_GRACE_MS = 300;

export class Completer {
  readonly cache: CompletionCache;
  readonly stats: CompleterStats = { calls: 0, cacheHits: 0, inFlightHits: 0, requests: 0, aborted: 0, paused: 0 };
  private readonly flights = new Set<InFlightCompletion>();
  private readonly timers: Timers;
  private readonly backoff: Backoff;
  /** Problems already logged, so a missing key is one line, not one per keystroke. */
  private readonly reported = new Set<string>();

  constructor(private readonly deps: CompleterDeps) {
    this.cache = new CompletionCache(deps.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.timers = deps.timers ?? SYSTEM_TIMERS;
    this.backoff = new Backoff(deps.now);
  }

  /** A suggestion for the request's hole, or undefined; never rejects. */
  async provide(request: CompletionRequest, signal: AbortSignal): Promise<Suggestion | undefined> {
    this.stats.calls++;
    // The call's own position is the surest word on where the cursor is.
    this.documentChanged(request.documentKey, request.hole);
    const cached = this.fromCache(request.hole);
    if (cached !== undefined) return cached.text === '' ? undefined : cached;
    for (const flight of this.flights) {
      const typed = flight.documentKey === request.documentKey && !flight.done ? flight.fits(request.hole) : undefined;
      if (typed === undefined) continue;
      const outcome = await flight.join(typed, signal);
      if (outcome === 'cancelled') return undefined;
      if (outcome !== 'diverged') {
        if (outcome.kind !== 'answer') return undefined;
        if (outcome.text.startsWith(typed)) {
          if (outcome.text.length === typed.length) return undefined;
          this.stats.inFlightHits++;
          return { text: outcome.text.slice(typed.length), recordId: outcome.recordId, source: 'inFlight' };
        }
      }
      break; // its answer went another way: ask afresh
    }
    if (!request.explicit && !(await debounce(this.deps.debounceMs(), signal, this.timers))) return undefined;
    const late = this.fromCache(request.hole);
    if (late !== undefined) return late.text === '' ? undefined : late;
    if (this.backoff.remaining() > 0) {
      this.stats.paused++;
      return undefined;
    }
    const outcome = await this.start(request).join('', signal);
    if (typeof outcome === 'string' || outcome.kind !== 'answer' || outcome.text === '') return undefined;
    return { text: outcome.text, recordId: outcome.recordId, source: 'request' };
  }

  /** The document changed or its cursor moved: requests it made useless are aborted now. */
  documentChanged(documentKey: string, cursor?: Hole): void {
    for (const flight of this.flights) if (flight.documentKey === documentKey) flight.reconsider(cursor);
  }

  /** Another editor came to the front: requests for the others are aborted unless still in view. */
  editorChanged(): void {
    for (const flight of this.flights) flight.reconsider();
  }

  /** Ends a pause after failed requests, so the next call may ask at once. */
  resetPause(): void {
    this.backoff.succeeded();
  }

  dispose(): void {
    for (const flight of this.flights) flight.abort('disposed');
  }

  private fromCache(hole: Hole): Suggestion | undefined {
    const hit = this.cache.get(hole);
    if (hit === undefined) return undefined;
    this.stats.cacheHits++;
    return { text: hit.text, recordId: hit.recordId, source: 'cache' };
  }

  private start(request: CompletionRequest): InFlightCompletion {
    this.stats.requests++;
    const flight = new InFlightCompletion({
      hole: request.hole,
      documentKey: request.documentKey,
      currentHole: () => this.deps.currentHole(request.documentKey),
      graceMs: this.deps.graceMs ?? DEFAULT_GRACE_MS,
      timers: this.timers,
      start: (signal, onText, onRestart) => this.send(request, signal, onText, onRestart),
    });
    this.flights.add(flight);
    void flight.result.then(() => {
      this.flights.delete(flight);
      if (flight.abortReason !== undefined) {
        this.stats.aborted++;
        this.deps.log.info(`completion request aborted (${flight.abortReason})`);
      }
    });
    return flight;
  }

  private async send(request: CompletionRequest, signal: AbortSignal, onText: (text: string) => void, onRestart: () => void): Promise<FlightResult> {
    const { hole, languageId } = request;
    const context: CompletionContext = { hole, languageId, multiLine: opensEmptyBlock(hole.prefix, hole.suffix) };
    // The hole is already cut to the budgets; the prompt must not cut it again.
    const prompt = buildCompletionPrompt({ path: request.path, languageId, prefix: hole.prefix, suffix: hole.suffix, prefixChars: Infinity, suffixChars: Infinity });
    if (prompt === undefined) return { kind: 'none', reason: 'failedCheck' };
    let result: RunResult;
    try {
      result = await this.deps.run({
        request: { surface: 'completion', taskKind: 'completion', signals: { files: [request.path], languageId, multiLine: context.multiLine } },
        // The hole goes along for a local server's fill-in-the-middle endpoint; the cloud reads the messages.
        prompt: () => ({ system: prompt.system, messages: prompt.messages, maxTokens: prompt.maxTokens, stopSequences: prompt.stopSequences, fim: { prefix: prompt.prefix, suffix: prompt.suffix } }),
        signal,
        onDelta: (delta) => {
          if (delta.type === 'text') onText(delta.text);
        },
        check: (raw) => checkCompletion(postProcess(raw, context), context),
        onEscalate: onRestart,
        // A completion fails quietly and backs off; a second request on another tier would only arrive late.
        fallback: false,
        recordInBackground: true,
      });
    } catch (error) {
      this.deps.log.error(`completion failed: ${error instanceof Error ? error.message : String(error)}`);
      return { kind: 'none', reason: 'error' };
    }
    if (result.kind === 'noKey') return this.quiet('noKey', 'completions are paused: no API key is set (Model Router: Set API Key)');
    if (result.kind === 'blocked') return this.quiet('blocked', `completions are paused: ${result.message}`);
    if (result.kind === 'automated') return { kind: 'none', reason: 'failedCheck' };
    this.reported.clear();
    const { result: answer, record } = result;
    if (answer.outcome === 'cancelled') return { kind: 'none', reason: 'cancelled' };
    if (answer.outcome === 'error') {
      const pause = this.backoff.failed(answer.error.retryAfterSeconds);
      this.deps.log.warn(`completion: no suggestion (${answer.error.kind}: ${answer.error.message}); next request in ${pause / 1000} s at the earliest`);
      return { kind: 'none', reason: 'error' };
    }
    this.backoff.succeeded();
    const text = postProcess(answer.text, context);
    const failed = checkCompletion(text, context);
    this.cache.set({ hole, text: failed === undefined ? text : '', recordId: record.id });
    if (failed !== undefined) {
      this.deps.log.info(`completion dropped: ${failed}`);
      return { kind: 'none', reason: 'failedCheck' };
    }
    return { kind: 'answer', text, recordId: record.id };
  }

  private quiet(reason: 'noKey' | 'blocked', message: string): FlightResult {
    if (!this.reported.has(reason)) this.deps.log.warn(message);
    this.reported.add(reason);
    return { kind: 'none', reason };
  }
}
