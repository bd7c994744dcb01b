import * as assert from 'node:assert/strict';
import type { SpendRecord } from '../../src/core/spend/spendRecord';
import { spendRecordSchema } from '../../src/core/spend/spendRecord';
import { parseOtlpHeaders, resolveOtlp } from '../../src/core/telemetry/otlpConfig';
import type { OtlpSettings } from '../../src/core/telemetry/otlpConfig';
import { providerOf, ruleFamily, telemetryOf } from '../../src/core/telemetry/otelRecord';
import { startOtelExport } from '../../src/node/otel/otelSdk';
import type { FakeOtlpReceiver } from '../fakes/fakeOtlpReceiver';
import { startFakeOtlpReceiver } from '../fakes/fakeOtlpReceiver';

function record(fields: Partial<SpendRecord> = {}): SpendRecord {
  return spendRecordSchema.parse({
    v: 1,
    type: 'request',
    id: 'rec-1',
    time: '2026-12-03T12:00:02.500Z',
    sessionId: 's1',
    surface: 'chat',
    taskKind: 'explain',
    tier: 'balanced',
    model: 'claude-sonnet-5-5',
    rule: 'taskKind',
    reasons: ['Explain → balanced'],
    usage: { inputTokens: 1200, outputTokens: 340, cacheReadTokens: 5000, cacheWrite5mTokens: 800, cacheWrite1hTokens: 200 },
    costMicros: 12_345,
    frontierModel: 'claude-opus-5-5',
    frontierCostMicros: 61_725,
    latencyMs: 2500,
    outcome: 'ok',
    apiRequestId: 'req_abc',
    ...fields,
  });
}

const ON: OtlpSettings = { enabled: true, endpoint: '', protocol: '', exportIntervalSeconds: 60 };

describe('OpenTelemetry export: a ledger record as metrics and a span', () => {
  it('counts billable input as the conventions say for Anthropic: input + cache read + cache creation', () => {
    const telemetry = telemetryOf(record());
    assert.deepEqual(
      telemetry.tokens.map((t) => [t.attributes['gen_ai.token.type'], t.value]),
      [
        ['input', 1200 + 5000 + 800 + 200],
        ['output', 340],
      ],
    );
    const attributes = telemetry.tokens[0]!.attributes;
    assert.equal(attributes['gen_ai.operation.name'], 'chat');
    assert.equal(attributes['gen_ai.provider.name'], 'anthropic');
    assert.equal(attributes['gen_ai.request.model'], 'claude-sonnet-5-5');
  });

  it('gives the duration in seconds, the cost and the savings against the basis in dollars, and the request its routing words', () => {
    const telemetry = telemetryOf(record());
    assert.equal(telemetry.duration?.value, 2.5);
    assert.equal(telemetry.cost?.value, 0.012345);
    assert.equal(telemetry.savings?.value, 0.04938);
    assert.equal(telemetry.savings?.attributes['model_router.savings_basis_model'], 'claude-opus-5-5');
    assert.deepEqual(telemetry.request.attributes, {
      'model_router.tier': 'balanced',
      'model_router.task_kind': 'explain',
      'model_router.surface': 'chat',
      'gen_ai.request.model': 'claude-sonnet-5-5',
      'model_router.rule_family': 'taskKind',
      'model_router.outcome': 'ok',
      'model_router.escalated': false,
      'model_router.fell_back': false,
    });
  });

  it('names the span {operation} {model}, times it by the record, and carries usage and the ledger id but no reasons', () => {
    const span = telemetryOf(record()).span!;
    assert.equal(span.name, 'chat claude-sonnet-5-5');
    assert.equal(span.endMs, Date.parse('2026-12-03T12:00:02.500Z'));
    assert.equal(span.endMs - span.startMs, 2500);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], 7200);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], 340);
    assert.equal(span.attributes['gen_ai.usage.cache_read.input_tokens'], 5000);
    assert.equal(span.attributes['gen_ai.usage.cache_creation.input_tokens'], 1000);
    assert.equal(span.attributes['model_router.request_id'], 'rec-1');
    assert.ok(!JSON.stringify(span).includes('Explain → balanced'), 'the reasons stay in the ledger');
  });

  it('marks a climb as escalated, a fallback as fell back, and a failure with error.type', () => {
    assert.equal(telemetryOf(record({ rule: 'escalation' })).request.attributes['model_router.escalated'], true);
    const fellBack = telemetryOf(record({ rule: 'fallback:overloaded', tier: 'fast', model: 'claude-haiku-5-5' }));
    assert.deepEqual([fellBack.request.attributes['model_router.fell_back'], fellBack.request.attributes['model_router.rule_family']], [true, 'fallback']);
    const failed = telemetryOf(record({ outcome: 'error', errorKind: 'overloaded' }));
    assert.equal(failed.duration?.attributes['error.type'], 'overloaded');
    assert.equal(failed.span?.error, 'overloaded');
    assert.equal(telemetryOf(record({ outcome: 'escalated' })).request.attributes['model_router.outcome'], 'escalated');
  });

  it('leaves out the cost of an unpriced model, and a negative saving, rather than inventing one', () => {
    const unpriced = telemetryOf(record({ costMicros: null, frontierCostMicros: null }));
    assert.equal(unpriced.cost, undefined);
    assert.equal(unpriced.savings, undefined);
    assert.equal(telemetryOf(record({ costMicros: 100, frontierCostMicros: 50 })).savings, undefined);
  });

  it('counts the automated tier as a request only: no model was called', () => {
    const automated = telemetryOf(record({ tier: 'automated', model: 'editor', usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 }, costMicros: 0, frontierCostMicros: 0 }));
    assert.deepEqual([automated.tokens.length, automated.span, automated.duration], [0, undefined, undefined]);
    assert.equal(automated.request.attributes['model_router.tier'], 'automated');
  });

  it('names the provider by endpoint and the rule family by its prefix', () => {
    assert.deepEqual([undefined, 'local', 'bedrock', 'vertex'].map(providerOf), ['anthropic', 'model_router.local', 'aws.bedrock', 'gcp.vertex_ai']);
    assert.deepEqual(['cascade:start', 'escalation', 'conversation:keep'].map(ruleFamily), ['cascade', 'escalation', 'conversation']);
  });
});

describe('OpenTelemetry export: where it goes', () => {
  it('is off unless the user turned it on, whatever the environment says', () => {
    assert.deepEqual(resolveOtlp({ ...ON, enabled: false }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'Authorization=Bearer x'), { kind: 'off' });
  });

  it('takes the endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* variables, the settings winning', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_HEADERS: 'x-team=web,Authorization=Bearer%20env' };
    const fromEnv = resolveOtlp(ON, env, undefined);
    assert.equal(fromEnv.kind, 'on');
    if (fromEnv.kind !== 'on') return;
    assert.deepEqual([fromEnv.target.metricsUrl, fromEnv.target.tracesUrl, fromEnv.target.protocol], ['http://collector:4318/v1/metrics', 'http://collector:4318/v1/traces', 'http/json']);
    assert.deepEqual(fromEnv.target.headers, { 'x-team': 'web', Authorization: 'Bearer env' });
    const fromSettings = resolveOtlp({ ...ON, endpoint: 'https://otel.example.com', protocol: 'http/protobuf' }, env, 'Authorization=Bearer stored');
    assert.ok(fromSettings.kind === 'on');
    assert.deepEqual([fromSettings.target.metricsUrl, fromSettings.target.protocol, fromSettings.target.headers.Authorization], ['https://otel.example.com/v1/metrics', 'http/protobuf', 'Bearer stored']);
  });

  it('uses a per-signal variable as the full URL, and the collector default otherwise', () => {
    const resolved = resolveOtlp(ON, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://m:9000/custom' }, undefined);
    assert.ok(resolved.kind === 'on');
    assert.deepEqual([resolved.target.metricsUrl, resolved.target.tracesUrl, resolved.target.protocol], ['http://m:9000/custom', 'http://localhost:4318/v1/traces', 'http/protobuf']);
  });

  it('refuses gRPC and malformed headers with words, never quoting a header', () => {
    const grpc = resolveOtlp(ON, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, undefined);
    assert.ok(grpc.kind === 'invalid' && /http\/protobuf or http\/json/.test(grpc.problem), JSON.stringify(grpc));
    const bad = resolveOtlp(ON, {}, 'Authorization=Bearer secret-token,oops');
    assert.ok(bad.kind === 'invalid' && /header 2 of 2/.test(bad.problem) && !bad.problem.includes('secret-token'), JSON.stringify(bad));
    assert.equal(parseOtlpHeaders('').problem, undefined);
  });
});

describe('OpenTelemetry export through the SDK to a loopback collector', function () {
  this.timeout(20_000);
  let receiver: FakeOtlpReceiver;
  before(async () => (receiver = await startFakeOtlpReceiver()));
  after(() => receiver.close());
  beforeEach(() => receiver.reset());

  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    it(`sends the metrics and spans of the ledger's records over ${protocol}, with the headers`, async () => {
      const records = [record(), record({ id: 'rec-2', tier: 'fast', model: 'claude-haiku-5-5', rule: 'fallback:overloaded', usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 }, costMicros: 35, frontierCostMicros: 175, latencyMs: 400 })];
      const sink = startOtelExport(
        { metricsUrl: `${receiver.url}/v1/metrics`, tracesUrl: `${receiver.url}/v1/traces`, protocol, headers: { authorization: 'Bearer collector-token' }, exportIntervalMs: 60_000 },
        { version: '0.1.0', instanceId: 'window-1', developer: 'alice' },
        (message) => assert.fail(`export failed: ${message}`),
      );
      for (const r of records) sink.record(telemetryOf(r));
      await sink.shutdown();

      assert.ok(receiver.requests.every((r) => r.headers.authorization === 'Bearer collector-token'), 'every export carries the header');
      assert.ok(receiver.requests.every((r) => r.contentType.startsWith(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf')), receiver.requests.map((r) => r.contentType).join());
      const metrics = receiver.latestMetrics();
      const metric = (name: string) => metrics.find((m) => m.name === name);
      const tokens = metric('gen_ai.client.token.usage')!;
      assert.deepEqual([tokens.kind, tokens.unit], ['histogram', '{token}']);
      const inputSonnet = tokens.points.find((p) => p.attributes['gen_ai.token.type'] === 'input' && p.attributes['gen_ai.request.model'] === 'claude-sonnet-5-5');
      assert.deepEqual([inputSonnet?.value, inputSonnet?.count], [7200, 1]);
      const duration = metric('gen_ai.client.operation.duration')!;
      assert.equal(duration.unit, 's');
      assert.deepEqual(duration.points.map((p) => p.value).sort(), [0.4, 2.5]);
      const cost = metric('model_router.cost.usage')!;
      assert.deepEqual([cost.kind, cost.unit], ['sum', 'USD']);
      assert.ok(Math.abs(cost.points.reduce((sum, p) => sum + p.value, 0) - (12_345 + 35) / 1e6) < 1e-9);
      const savings = metric('model_router.savings.usage')!;
      assert.ok(Math.abs(savings.points.reduce((sum, p) => sum + p.value, 0) - (61_725 - 12_345 + 175 - 35) / 1e6) < 1e-9);
      const requests = metric('model_router.requests')!;
      assert.deepEqual(
        requests.points.map((p) => [p.attributes['model_router.tier'], p.attributes['model_router.rule_family'], p.attributes['model_router.fell_back'], p.value]).sort(),
        [
          ['balanced', 'taskKind', false, 1],
          ['fast', 'fallback', true, 1],
        ],
      );
      const spans = receiver.spans();
      assert.deepEqual(spans.map((s) => s.name).sort(), ['chat claude-haiku-5-5', 'chat claude-sonnet-5-5']);
      const sonnet = spans.find((s) => s.attributes['model_router.request_id'] === 'rec-1')!;
      assert.equal(sonnet.kind, 3, 'a CLIENT span');
      assert.deepEqual([sonnet.endMs, sonnet.endMs - sonnet.startMs], [Date.parse(records[0]!.time), 2500]);
      assert.equal(sonnet.attributes['gen_ai.usage.input_tokens'], 7200);
      const resource = receiver.requests[0]!.decoded.resource;
      assert.deepEqual([resource['service.name'], resource['service.instance.id'], resource['model_router.developer']], ['model-router', 'window-1', 'alice']);
    });
  }

  it('reports a collector that refuses the export, without its headers', async () => {
    const failures: string[] = [];
    const sink = startOtelExport({ metricsUrl: `${receiver.url}/nowhere`, tracesUrl: `${receiver.url}/nowhere`, protocol: 'http/json', headers: { authorization: 'Bearer collector-token' }, exportIntervalMs: 60_000 }, { version: '0.1.0', instanceId: 'w' }, (m) => failures.push(m));
    sink.record(telemetryOf(record()));
    // The last send fails too, so the shutdown says so; the extension logs it (otelExport.ts).
    await assert.rejects(sink.shutdown(), /Not Found/);
    assert.ok(failures.length >= 1, 'the failure was reported');
    assert.ok(!failures.join().includes('collector-token'));
  });
});
