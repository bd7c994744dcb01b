/**
 * Translates whatever the SDK throws into the port's few error kinds, once, here. Classes are
 * matched with instanceof (bundlers mangle constructor names); errors from a stream that broke
 * after its headers carry no status, so their `type` and `cause` are read instead.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ContentTooLargeError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  UnprocessableEntityError,
} from '@anthropic-ai/sdk';
import type { LlmError, LlmErrorKind } from '../core/model/llm';
import { retryAfterSeconds } from './retryAfter';

/** Error `type`s the API sends in bodies and mid-stream `event: error`s. */
const KIND_BY_TYPE: Readonly<Record<string, LlmErrorKind>> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rateLimit',
  authentication_error: 'auth',
  permission_error: 'auth',
  api_error: 'server',
  timeout_error: 'timeout',
  invalid_request_error: 'badRequest',
  not_found_error: 'badRequest',
  request_too_large: 'badRequest',
};

/** Anything shaped like an Anthropic key, scrubbed even when we were not told the key. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_-]{8,}/g;

/** Removes the given secrets, and anything shaped like an API key, from a message. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_PATTERN, '[redacted]');
}

function kindOfApiError(error: APIError): LlmErrorKind {
  // Subclasses first: OverloadedError is an InternalServerError, the timeout a connection error.
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return 'auth';
  if (error instanceof RateLimitError) return 'rateLimit';
  if (error instanceof OverloadedError) return 'overloaded';
  if (error instanceof InternalServerError) return 'server';
  if (error instanceof APIConnectionTimeoutError || error instanceof RequestTimeoutError) return 'timeout';
  if (error instanceof APIConnectionError) return 'network';
  if (
    error instanceof BadRequestError ||
    error instanceof NotFoundError ||
    error instanceof ContentTooLargeError ||
    error instanceof UnprocessableEntityError
  ) {
    return 'badRequest';
  }
  const byType = error.type ? KIND_BY_TYPE[error.type] : undefined;
  if (byType) return byType;
  if (error.status !== undefined && error.status >= 500) return 'server';
  if (error.status === 400 || error.status === 404 || error.status === 413) return 'badRequest';
  return 'unknown';
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current instanceof Error && !chain.includes(current) && chain.length < 8) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

/** undici's error codes and messages for a connection that failed or broke mid-body. */
function isTransportFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(UND_ERR|ECONN|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND)/.test(code)) return true;
  return error instanceof TypeError && /^(terminated|fetch failed)$/.test(error.message);
}

/**
 * A failure that is not an API error: the SDK wraps what broke while reading the body (the socket
 * closing, an event that is not JSON) in a plain AnthropicError whose `cause` tells which.
 */
function kindOfOtherError(error: unknown): LlmErrorKind {
  const chain = causeChain(error);
  if (chain.some((e) => e instanceof SyntaxError)) return 'server';
  if (chain.some((e) => e instanceof APIConnectionError || isTransportFailure(e))) return 'network';
  return 'unknown';
}

function describe(error: unknown, kind: LlmErrorKind): string {
  if (error instanceof APIError && error.apiMessage) return error.apiMessage;
  const chain = causeChain(error);
  const detail = chain.map((e) => (e as Error).message).filter((m, i, all) => m && all.indexOf(m) === i).join(': ');
  if (kind === 'server' && chain.some((e) => e instanceof SyntaxError)) return `the API sent an event that is not valid JSON: ${detail}`;
  return detail || String(error);
}

/** The port's error for anything the SDK threw; `secrets` never appear in the message. */
export function toLlmError(error: unknown, secrets: readonly string[]): LlmError {
  const kind = error instanceof APIError ? kindOfApiError(error) : kindOfOtherError(error);
  const headers = error instanceof APIError ? error.headers : undefined;
  const retryAfter = kind === 'rateLimit' || kind === 'overloaded' ? retryAfterSeconds(headers) : undefined;
  const status = error instanceof APIError ? error.status : undefined;
  return {
    kind,
    message: scrubSecrets(describe(error, kind), secrets),
    ...(status !== undefined ? { status } : {}),
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
  };
}
