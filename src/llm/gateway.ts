/**
 * What Model Router tells a gateway and reads back from it. A company gateway in front of the
 * Anthropic API (LiteLLM, say, at `api.baseUrl`) can file each request's spend under its tier,
 * task kind and surface when the user turns `gateway.attribution` on; where it reports what it
 * billed (LiteLLM's `x-litellm-response-cost`, in USD), the ledger keeps that beside its own
 * estimate. Nothing here carries prompt text or a file's name.
 */
import type { LlmRequest } from '../core/model/llm';

/** LiteLLM's response header with the request's cost in USD. */
export const GATEWAY_COST_HEADER = 'x-litellm-response-cost';

/** The attribution headers of one request: LiteLLM's tags, and the same facts as plain headers. */
export function attributionHeaders(request: Pick<LlmRequest, 'tier' | 'attribution'>): Record<string, string> {
  const facts: Array<[string, string]> = [];
  if (request.tier !== undefined) facts.push(['tier', request.tier]);
  if (request.attribution !== undefined) facts.push(['task', request.attribution.taskKind], ['surface', request.attribution.surface]);
  const headers: Record<string, string> = { 'x-litellm-tags': ['model-router', ...facts.map(([name, value]) => `${name}:${value}`)].join(',') };
  for (const [name, value] of facts) headers[`x-model-router-${name}`] = value;
  return headers;
}

/** The billed cost a gateway reported, in micro-dollars; undefined when absent or not a sane amount. */
export function reportedCostMicros(headers: Headers | undefined): number | undefined {
  const text = headers?.get(GATEWAY_COST_HEADER)?.trim();
  if (text === undefined || text === '' || !/^\d+(\.\d+)?(e-?\d+)?$/i.test(text)) return undefined;
  const usd = Number(text);
  // A single request above $1,000 is a broken header, not a bill.
  if (!Number.isFinite(usd) || usd < 0 || usd > 1000) return undefined;
  return Math.round(usd * 1_000_000);
}
