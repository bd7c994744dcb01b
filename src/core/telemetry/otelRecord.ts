/**
 * What one ledger record becomes in OpenTelemetry, without the SDK: the GenAI semantic conventions'
 * two histograms (`gen_ai.client.token.usage`, `gen_ai.client.operation.duration`), Model Router's
 * own counters (cost, savings against the savings basis, requests) and one CLIENT span. Only the
 * record's words and numbers go in (tier, task kind, surface, rule, model, tokens, dollars): the
 * ledger never holds a prompt, code or a file's path, so neither does anything built from it.
 * Billable input follows the conventions' rule for Anthropic: input + cache read + cache creation.
 */
import type { SpendRecord } from '../spend/spendRecord';
import { promptTokens } from '../model/usage';

export type OtelAttributes = Readonly<Record<string, string | number | boolean>>;

/** One value of one instrument, with its attributes. */
export interface OtelPoint {
  readonly value: number;
  readonly attributes: OtelAttributes;
}

export interface OtelSpanData {
  /** `{operation} {model}`, as the conventions name a GenAI span. */
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: OtelAttributes;
  /** Set for a failed request: the span's status is ERROR with this description (the error kind). */
  readonly error?: string;
}

export interface RequestTelemetry {
  /** Absent for the automated tier, which ran an editor command and called no model. */
  readonly tokens: readonly OtelPoint[];
  readonly duration?: OtelPoint;
  readonly cost?: OtelPoint;
  readonly savings?: OtelPoint;
  readonly request: OtelPoint;
  readonly span?: OtelSpanData;
}

/** The metric names, once: the SDK side creates its instruments from these. */
export const METRICS = {
  tokenUsage: 'gen_ai.client.token.usage',
  duration: 'gen_ai.client.operation.duration',
  cost: 'model_router.cost.usage',
  savings: 'model_router.savings.usage',
  requests: 'model_router.requests',
} as const;

/** The conventions' bucket boundaries: tokens by powers of 4 up to 64M, seconds doubling from 10 ms. */
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** The chat completion operation: every Model Router request is a Messages API call. */
const OPERATION = 'chat';

/** `gen_ai.provider.name` by where the request went (the record's `endpoint`; absent is the Anthropic API). */
export function providerOf(endpoint: string | undefined): string {
  if (endpoint === undefined) return 'anthropic';
  if (endpoint === 'bedrock') return 'aws.bedrock';
  if (endpoint === 'vertex') return 'gcp.vertex_ai';
  // A local server speaking the Anthropic Messages API is not Anthropic; the conventions allow a custom name.
  return `model_router.${endpoint}`;
}

/** The rule's family, the part before its first colon: `fallback:overloaded` → `fallback`. */
export function ruleFamily(rule: string): string {
  const colon = rule.indexOf(':');
  return colon < 0 ? rule : rule.slice(0, colon);
}

const usd = (micros: number) => micros / 1_000_000;

/** The metrics and the span of one ledger record (see the file comment). */
export function telemetryOf(record: SpendRecord): RequestTelemetry {
  const family = ruleFamily(record.rule);
  const routing: OtelAttributes = {
    'model_router.tier': record.tier,
    'model_router.task_kind': record.taskKind,
    'model_router.surface': record.surface,
  };
  const request: OtelPoint = {
    value: 1,
    attributes: {
      ...routing,
      'gen_ai.request.model': record.model,
      'model_router.rule_family': family,
      'model_router.outcome': record.outcome,
      // The record of a climb has rule `escalation…`; the attempt that failed its check has outcome `escalated`.
      'model_router.escalated': family === 'escalation',
      'model_router.fell_back': family === 'fallback',
    },
  };
  if (record.tier === 'automated') return { tokens: [], request };

  const genAi: OtelAttributes = {
    'gen_ai.operation.name': OPERATION,
    'gen_ai.provider.name': providerOf(record.endpoint),
    'gen_ai.request.model': record.model,
    'gen_ai.response.model': record.model,
    'model_router.tier': record.tier,
  };
  const failed = record.outcome === 'error' ? (record.errorKind ?? 'error') : undefined;
  const input = promptTokens(record.usage);
  const output = record.usage.outputTokens;
  const money: OtelAttributes = { ...routing, 'gen_ai.request.model': record.model };
  const savingsMicros = record.costMicros !== null && record.frontierCostMicros !== null ? record.frontierCostMicros - record.costMicros : undefined;
  const endMs = Date.parse(record.time);
  return {
    tokens: [
      { value: input, attributes: { ...genAi, 'gen_ai.token.type': 'input' } },
      { value: output, attributes: { ...genAi, 'gen_ai.token.type': 'output' } },
    ],
    duration: { value: record.latencyMs / 1000, attributes: { ...genAi, ...(failed !== undefined ? { 'error.type': failed } : {}) } },
    // An unpriced model has no cost; a request dearer than its savings basis (your own prices) saves nothing: counters only grow.
    ...(record.costMicros !== null ? { cost: { value: usd(record.costMicros), attributes: money } } : {}),
    ...(savingsMicros !== undefined && savingsMicros >= 0 ? { savings: { value: usd(savingsMicros), attributes: { ...money, 'model_router.savings_basis_model': record.frontierModel } } } : {}),
    request,
    span: {
      name: `${OPERATION} ${record.model}`,
      startMs: endMs - record.latencyMs,
      endMs,
      attributes: {
        ...genAi,
        'gen_ai.usage.input_tokens': input,
        'gen_ai.usage.output_tokens': output,
        'gen_ai.usage.cache_read.input_tokens': record.usage.cacheReadTokens,
        'gen_ai.usage.cache_creation.input_tokens': record.usage.cacheWrite5mTokens + record.usage.cacheWrite1hTokens,
        ...(record.usage.thinkingTokens !== undefined ? { 'gen_ai.usage.reasoning.output_tokens': record.usage.thinkingTokens } : {}),
        ...(failed !== undefined ? { 'error.type': failed } : {}),
        ...request.attributes,
        'model_router.rule': record.rule,
        'model_router.request_id': record.id,
        ...(record.apiRequestId !== undefined ? { 'model_router.api_request_id': record.apiRequestId } : {}),
        ...(record.costMicros !== null ? { 'model_router.cost_usd': usd(record.costMicros) } : {}),
        ...(savingsMicros !== undefined ? { 'model_router.savings_usd': usd(savingsMicros) } : {}),
        ...(record.usageEstimated ? { 'model_router.usage_estimated': true } : {}),
      },
      ...(failed !== undefined ? { error: failed } : {}),
    },
  };
}
