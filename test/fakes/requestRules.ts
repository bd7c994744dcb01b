/**
 * The request checks the real Messages API makes that matter to this extension: required fields,
 * the sampling parameters that API version 2026-10-21 rejects, and Bearer or x-api-key auth.
 * Each returns the API's own error message, or undefined when the request passes.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Parameters the API rejects with 400 under anthropic-version 2026-10-21. */
const REMOVED_PARAMETERS = ['temperature', 'top_p', 'top_k'] as const;

export function isAuthorized(headers: IncomingHttpHeaders, apiKey: string): boolean {
  return headers['authorization'] === `Bearer ${apiKey}` || headers['x-api-key'] === apiKey;
}

/** Header values as plain strings, with credentials replaced so no test output can leak them. */
export function redactedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = name === 'authorization' || name === 'x-api-key' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function headerProblem(headers: IncomingHttpHeaders): string | undefined {
  return headers['anthropic-version'] ? undefined : 'anthropic-version: header is required';
}

export function bodyProblem(path: string, body: Record<string, unknown>): string | undefined {
  if (typeof body['model'] !== 'string' || body['model'].length === 0) return 'model: Field required';
  if (!Array.isArray(body['messages'])) return 'messages: Field required';
  if (body['messages'].length === 0) return 'messages: at least one message is required';
  if (path === '/v1/messages') {
    const maxTokens = body['max_tokens'];
    if (maxTokens === undefined) return 'max_tokens: Field required';
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
      return 'max_tokens: Input should be a positive integer';
    }
  }
  for (const name of REMOVED_PARAMETERS) {
    if (name in body) return `${name}: Extra inputs are not permitted (removed in anthropic-version 2026-10-21)`;
  }
  return undefined;
}

/** Parses a JSON object body; undefined when it is not one. */
export function parseBody(raw: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
