/**
 * Caps how long the SDK may sleep on a `retry-after` header. The SDK obeys the header with no upper
 * bound (3600 s sleeps an hour, with the user staring at a spinner), but it also obeys
 * `x-should-retry: false` before anything else when deciding whether to retry (checked in
 * BaseAnthropic.shouldRetry of @anthropic-ai/sdk 1.12). So a fetch wrapper that marks over-long
 * waits as "do not retry" makes the SDK give up at once and surface the 429/529 as usual.
 */

/**
 * Seconds the response asks us to wait, read the way the SDK reads it: `retry-after-ms` first,
 * then `retry-after` as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | undefined {
  const millis = headers?.get('retry-after-ms');
  if (millis) {
    const value = parseFloat(millis);
    if (!Number.isNaN(value)) return value / 1000;
  }
  const header = headers?.get('retry-after');
  if (!header) return undefined;
  const seconds = parseFloat(header);
  if (!Number.isNaN(seconds)) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** True when a failed response asks for a longer wait than `maxSeconds`. */
export function exceedsRetryCap(headers: Headers | undefined, maxSeconds: number): boolean {
  const wait = retryAfterSeconds(headers);
  return wait !== undefined && wait > maxSeconds;
}

/**
 * Wraps `fetch` so an error response whose retry-after exceeds `maxSeconds` carries
 * `x-should-retry: false`. Response headers from fetch are immutable, hence the copy; the body
 * stream is handed over untouched.
 */
export function capRetryAfter(fetchImpl: () => typeof fetch, maxSeconds: number): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl()(input, init);
    if (response.ok || !exceedsRetryCap(response.headers, maxSeconds)) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
