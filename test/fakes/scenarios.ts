/**
 * What the fake Messages API does with one request. Tests script these with `enqueue`, and the
 * helpers at the bottom keep each test's intent readable (`rateLimited(3600)` rather than a literal).
 */

export type FakeStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/** Usage numbers that override the fake's own estimates; cache fields are 0 unless set here. */
export interface UsageOverride {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheWrite5mTokens?: number;
  readonly cacheWrite1hTokens?: number;
  readonly cacheReadTokens?: number;
  readonly thinkingTokens?: number;
}

/** How a stream is cut short after `afterDeltas` content_block_delta events. */
export interface Interruption {
  readonly afterDeltas: number;
  /**
   * error: an `event: error` overloaded_error, then the server ends the response.
   * stall: nothing more is sent, the socket stays open until the client leaves or the fake closes.
   * disconnect: the socket is closed mid-body, after what was written so far is flushed.
   * malformed: an event whose data is not JSON, then the server ends the response.
   */
  readonly how: 'error' | 'stall' | 'disconnect' | 'malformed';
}

export interface ToolUseScript {
  readonly id?: string;
  readonly name: string;
  readonly input: unknown;
  /** How many input_json_delta pieces the JSON is split into (default 3). */
  readonly pieces?: number;
}

/** A 200 answer: streamed as SSE when the request says `stream: true`, else one JSON Message. */
export interface OkScenario {
  readonly kind: 'ok';
  /** Text chunks, one text_delta each; default: the canned answer split into a few chunks. */
  readonly text?: readonly string[];
  /** Thinking chunks sent as thinking_delta (then one signature_delta) before the text. */
  readonly thinking?: readonly string[];
  /** A tool_use block after the text; the stop reason then defaults to tool_use. */
  readonly toolUse?: ToolUseScript;
  /** Default end_turn, or max_tokens when the answer is longer than the request's max_tokens. */
  readonly stopReason?: FakeStopReason;
  readonly usage?: UsageOverride;
  /** Model id echoed in the message; default the request's model. */
  readonly model?: string;
  /** Delay before the response headers are sent. */
  readonly latencyMs?: number;
  /** Delay before each content_block_delta. */
  readonly deltaDelayMs?: number;
  readonly interrupt?: Interruption;
}

/** An HTTP error with the API's JSON error body. */
export interface HttpErrorScenario {
  readonly kind: 'httpError';
  readonly status: number;
  /** The body's error.type; default chosen from the status as the real API does. */
  readonly errorType?: string;
  readonly message?: string;
  /** Sent as the `retry-after` header, in seconds. */
  readonly retryAfterSeconds?: number;
  readonly latencyMs?: number;
}

export type Scenario = OkScenario | HttpErrorScenario;

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function errorTypeFor(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function ok(options: Omit<OkScenario, 'kind'> = {}): OkScenario {
  return { kind: 'ok', ...options };
}

export function httpError(status: number, options: Omit<HttpErrorScenario, 'kind' | 'status'> = {}): HttpErrorScenario {
  return { kind: 'httpError', status, ...options };
}

export function rateLimited(retryAfterSeconds: number): HttpErrorScenario {
  return httpError(429, { retryAfterSeconds, message: 'Number of request tokens has exceeded your per-minute rate limit' });
}

export function overloaded(): HttpErrorScenario {
  return httpError(529, { message: 'Overloaded' });
}

export function serverError(): HttpErrorScenario {
  return httpError(500, { message: 'Internal server error' });
}

export function interrupted(how: Interruption['how'], afterDeltas: number, options: Omit<OkScenario, 'kind' | 'interrupt'> = {}): OkScenario {
  return { kind: 'ok', ...options, interrupt: { how, afterDeltas } };
}
