/**
 * The OpenTelemetry JS SDK behind the export: a meter provider with the conventions' instruments
 * and a periodic OTLP/HTTP reader, and a tracer provider with a batching OTLP/HTTP span exporter,
 * both sending to the user's collector over http/protobuf or http/json. This file is its own
 * bundle (dist/otel.js, see esbuild.mjs), loaded only when the user turns the export on, so the
 * extension's activation never reads the SDK. Nothing is registered globally: the extension host
 * shares OpenTelemetry's global API with every other extension, so these providers stay private.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Counter, Histogram } from '@opentelemetry/api';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { OtlpTarget } from '../../core/telemetry/otlpConfig';
import type { RequestTelemetry } from '../../core/telemetry/otelRecord';
import { DURATION_BUCKETS, METRICS, TOKEN_BUCKETS } from '../../core/telemetry/otelRecord';

/** Who is exporting: the resource every metric and span carries. */
export interface OtelIdentity {
  readonly version: string;
  /** One per window, so each window's cumulative series stay apart at the collector. */
  readonly instanceId: string;
  /** `team.developer`, when the user set one. */
  readonly developer?: string;
}

/** A running export: `record` takes one request's telemetry; `shutdown` sends what is pending and stops. */
export interface OtelSink {
  record(telemetry: RequestTelemetry): void;
  /** Sends the pending metrics and spans now (tests, and before a shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

interface ExportResultLike {
  readonly code: number;
  readonly error?: Error;
}

/** The metric exporter, reporting each failed export (a collector down, a 401) to `onError`. */
function reportingMetricExporter(inner: PushMetricExporter, onError: (message: string) => void): PushMetricExporter {
  return {
    export: (metrics: ResourceMetrics, done: (result: ExportResultLike) => void) =>
      inner.export(metrics, (result) => {
        if (result.code !== 0) onError(`metrics: ${result.error?.message ?? 'the collector refused them'}`);
        done(result);
      }),
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    ...(inner.selectAggregationTemporality ? { selectAggregationTemporality: inner.selectAggregationTemporality.bind(inner) } : {}),
    ...(inner.selectAggregation ? { selectAggregation: inner.selectAggregation.bind(inner) } : {}),
  };
}

function reportingSpanExporter(inner: SpanExporter, onError: (message: string) => void): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done: (result: ExportResultLike) => void) =>
      inner.export(spans, (result) => {
        if (result.code !== 0) onError(`spans: ${result.error?.message ?? 'the collector refused them'}`);
        done(result);
      }),
    shutdown: () => inner.shutdown(),
    ...(inner.forceFlush ? { forceFlush: () => inner.forceFlush!() } : {}),
  };
}

/** Starts exporting to `target`; `onError` hears of failed exports (never with the headers). */
export function startOtelExport(target: OtlpTarget, identity: OtelIdentity, onError: (message: string) => void): OtelSink {
  const resource = resourceFromAttributes({
    'service.name': 'model-router',
    'service.version': identity.version,
    'service.instance.id': identity.instanceId,
    ...(identity.developer ? { 'model_router.developer': identity.developer } : {}),
  });
  const json = target.protocol === 'http/json';
  const common = { headers: { ...target.headers }, timeoutMillis: 10_000 };
  const metricExporter = json ? new JsonMetricExporter({ ...common, url: target.metricsUrl }) : new ProtoMetricExporter({ ...common, url: target.metricsUrl });
  const spanExporter = json ? new JsonTraceExporter({ ...common, url: target.tracesUrl }) : new ProtoTraceExporter({ ...common, url: target.tracesUrl });
  const meters = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: reportingMetricExporter(metricExporter, onError),
        exportIntervalMillis: target.exportIntervalMs,
        exportTimeoutMillis: Math.min(target.exportIntervalMs, 10_000),
      }),
    ],
  });
  const tracers = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: reportingSpanExporter(spanExporter, onError), scheduledDelayMillis: Math.min(target.exportIntervalMs, 5_000) })],
  });
  const meter = meters.getMeter('model-router', identity.version);
  const tracer = tracers.getTracer('model-router', identity.version);
  const tokens: Histogram = meter.createHistogram(METRICS.tokenUsage, { unit: '{token}', description: 'Tokens of a GenAI request, billable input (uncached + cache read + cache write) and output', advice: { explicitBucketBoundaries: TOKEN_BUCKETS } });
  const duration: Histogram = meter.createHistogram(METRICS.duration, { unit: 's', description: 'Duration of a GenAI request', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
  const cost: Counter = meter.createCounter(METRICS.cost, { unit: 'USD', description: 'What requests cost at list price, as Model Router estimates it' });
  const savings: Counter = meter.createCounter(METRICS.savings, { unit: 'USD', description: 'What requests saved against sending the same usage to the savings basis (frontier, or a local tier\'s cloud model)' });
  const requests: Counter = meter.createCounter(METRICS.requests, { unit: '{request}', description: 'Requests by tier, task kind, surface, rule family and outcome' });

  return {
    record(telemetry) {
      for (const point of telemetry.tokens) tokens.record(point.value, point.attributes);
      if (telemetry.duration) duration.record(telemetry.duration.value, telemetry.duration.attributes);
      if (telemetry.cost) cost.add(telemetry.cost.value, telemetry.cost.attributes);
      if (telemetry.savings) savings.add(telemetry.savings.value, telemetry.savings.attributes);
      requests.add(telemetry.request.value, telemetry.request.attributes);
      const data = telemetry.span;
      if (data === undefined) return;
      const span = tracer.startSpan(data.name, { kind: SpanKind.CLIENT, startTime: data.startMs, attributes: data.attributes });
      if (data.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: data.error });
      span.end(data.endMs);
    },
    async flush() {
      await Promise.all([meters.forceFlush(), tracers.forceFlush()]);
    },
    async shutdown() {
      await Promise.all([meters.shutdown(), tracers.shutdown()]);
    },
  };
}
