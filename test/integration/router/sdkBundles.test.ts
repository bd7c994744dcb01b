// The SDK bundles as the extension host loads them: dist/bedrock.js and dist/vertex.js (Anthropic's
// SDKs for Amazon Bedrock and Vertex AI, which share one copy of the Anthropic SDK, dist/anthropicSdk.js,
// with the adapter, dist/llm.js) and dist/otel.js (the OpenTelemetry SDK), required from the extension's
// folder and pointed at the loopback fakes. The unit tests run the same clients from src/ through node_modules; this is what
// esbuild.mjs made of them: the answer streams, and a refusal or missing credentials reach the user as
// the error that names what to fix (the errors are recognised by class, across the shared bundle).
import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LlmError, LlmRequest, LlmResult } from '../../../src/core/model/llm';
import { describeError } from '../../../src/core/model/errorMessages';
import { spendRecordSchema } from '../../../src/core/spend/spendRecord';
import { telemetryOf } from '../../../src/core/telemetry/otelRecord';
import type * as Bedrock from '../../../src/llm/bedrockClient';
import type * as Vertex from '../../../src/llm/vertexClient';
import type * as Otel from '../../../src/node/otel/otelSdk';
import { httpError, ok } from '../../fakes/fakeAnthropic';
import { startFakeOtlpReceiver } from '../../fakes/fakeOtlpReceiver';
import { ACCESS_KEY, AWS_ENV, startFakeBedrock, startFakeGceMetadata, startFakeVertex, withCloudEnv } from '../../fakes/fakePlatforms';
import { EXTENSION_ID } from '../support/router';

const BEDROCK_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const VERTEX_MODEL = 'claude-sonnet-4-5@20250929';

const dist = () => join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist');
/* eslint-disable @typescript-eslint/no-require-imports -- the bundles are required as the extension requires them */
const bedrockBundle = () => require(join(dist(), 'bedrock.js')) as typeof Bedrock;
const vertexBundle = () => require(join(dist(), 'vertex.js')) as typeof Vertex;
const otelBundle = () => require(join(dist(), 'otel.js')) as typeof Otel;
/* eslint-enable @typescript-eslint/no-require-imports */

function request(model: string): LlmRequest {
  return { model, system: [{ type: 'text', text: 'You are a careful coding assistant.' }], messages: [{ role: 'user', content: 'Explain function parse in two sentences.' }], maxTokens: 256 };
}

function errorOf(result: LlmResult): LlmError {
  if (result.outcome !== 'error') assert.fail(`expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('the SDK bundles as the extension host loads them', function () {
  this.timeout(30_000);

  it('Bedrock (dist/bedrock.js): streams a SigV4-signed answer, names the missing permission and the missing credentials', async () => {
    const bedrock = await startFakeBedrock();
    try {
      const client = bedrockBundle().createBedrockClient({ region: 'us-west-2', baseURL: bedrock.url, maxRetries: 0 });
      bedrock.enqueue(ok({ text: ['Signed ', 'and streamed.'], usage: { inputTokens: 321, outputTokens: 12 } }));
      bedrock.enqueue(httpError(403, { message: 'User is not authorized to perform: bedrock:InvokeModelWithResponseStream', errorType: 'AccessDeniedException' }));
      const [answer, refused] = await withCloudEnv(AWS_ENV, async () => [await client.stream(request(BEDROCK_MODEL)), await client.stream(request(BEDROCK_MODEL))]);
      assert.equal(answer!.outcome, 'ok', answer!.outcome === 'error' ? answer!.error.message : '');
      assert.deepEqual([answer!.text, answer!.usage.inputTokens, answer!.usage.outputTokens], ['Signed and streamed.', 321, 12]);
      assert.equal(bedrock.requests[0]!.path, `/model/${BEDROCK_MODEL}/invoke-with-response-stream`);
      assert.match(String(bedrock.requests[0]!.headers.authorization), new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/\\d{8}/us-west-2/bedrock/aws4_request`));
      const error = errorOf(refused!);
      assert.equal(error.kind, 'auth', `the 403 is the SDK's PermissionDeniedError: ${error.message}`);
      assert.match(describeError(error, BEDROCK_MODEL).message, /^Amazon Bedrock \(us-west-2\) refused the request \(User is not authorized .*\)\. Check that your AWS identity may call bedrock:InvokeModelWithResponseStream/);

      const missing = await withCloudEnv({}, () => bedrockBundle().createBedrockClient({ region: 'eu-central-1', baseURL: bedrock.url, maxRetries: 0 }).stream(request(BEDROCK_MODEL)));
      assert.match(describeError(errorOf(missing), BEDROCK_MODEL).message, /^No AWS credentials were found for Amazon Bedrock \(eu-central-1\)/);
      assert.equal(bedrock.requests.length, 2, 'nothing was sent without credentials');
    } finally {
      await bedrock.close();
    }
  });

  it('Vertex AI (dist/vertex.js): streams the answer with the Google token, from the metadata server too, and names a refusal and the missing credentials', async () => {
    const vertex = await startFakeVertex();
    const metadata = await startFakeGceMetadata('ya29.from-the-metadata-server', 'router-proj-42');
    try {
      const authClient = { getRequestHeaders: () => Promise.resolve(new Headers({ authorization: 'Bearer ya29.fake-router-token' })) } as never;
      const client = vertexBundle().createVertexClient({ region: 'us-east5', projectId: 'router-proj-42', baseURL: `${vertex.url}/v1`, authClient, maxRetries: 0 });
      vertex.enqueue(ok({ text: ['From ', 'Vertex.'], usage: { inputTokens: 210, outputTokens: 7 } }));
      vertex.enqueue(httpError(403, { message: 'Permission denied on resource project router-proj-42.' }));
      const [answer, refused] = await withCloudEnv({}, async () => [await client.stream(request(VERTEX_MODEL)), await client.stream(request(VERTEX_MODEL))]);
      assert.equal(answer!.outcome, 'ok', answer!.outcome === 'error' ? answer!.error.message : '');
      assert.deepEqual([answer!.text, answer!.usage.inputTokens, answer!.usage.outputTokens], ['From Vertex.', 210, 7]);
      assert.equal(vertex.requests[0]!.path, `/v1/projects/router-proj-42/locations/us-east5/publishers/anthropic/models/${VERTEX_MODEL}:streamRawPredict`);
      assert.equal(vertex.requests[0]!.headers.authorization, 'Bearer ya29.fake-router-token');
      const error = errorOf(refused!);
      assert.equal(error.kind, 'auth', `the 403 is the SDK's PermissionDeniedError: ${error.message}`);
      assert.match(describeError(error, VERTEX_MODEL).message, /Vertex AI \(router-proj-42, us-east5\)/);

      const missing = await withCloudEnv({ GOOGLE_APPLICATION_CREDENTIALS: join(tmpdir(), 'no-such-adc-file.json') }, () =>
        vertexBundle().createVertexClient({ region: 'us-east5', projectId: 'router-proj-42', baseURL: `${vertex.url}/v1`, maxRetries: 0 }).stream(request(VERTEX_MODEL)),
      );
      assert.match(describeError(errorOf(missing), VERTEX_MODEL).message, /^No Google credentials were found for Vertex AI \(router-proj-42, us-east5\)/);
      assert.equal(vertex.requests.length, 2, 'nothing was sent without credentials');

      // On a Google Cloud machine, google-auth-library fetches the token from the metadata server (with its own fetch, node-fetch).
      vertex.enqueue(ok({ text: ['On Google Cloud.'] }));
      const onGce = await withCloudEnv({ GCE_METADATA_HOST: metadata.host, METADATA_SERVER_DETECTION: 'assume-present' }, () =>
        vertexBundle().createVertexClient({ region: 'us-east5', projectId: 'router-proj-42', baseURL: `${vertex.url}/v1`, maxRetries: 0 }).stream(request(VERTEX_MODEL)),
      );
      assert.equal(onGce.outcome, 'ok', onGce.outcome === 'error' ? onGce.error.message : '');
      assert.equal(onGce.text, 'On Google Cloud.');
      assert.equal(vertex.requests[2]!.headers.authorization, 'Bearer ya29.from-the-metadata-server');
    } finally {
      await vertex.close();
      await metadata.close();
    }
  });

  it('the adapter and the two platform bundles share one Anthropic SDK module', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- as src/vscode/platform/clientProvider.ts requires it
    require(join(dist(), 'llm.js'));
    bedrockBundle();
    vertexBundle();
    const sdk = Object.keys(require.cache).filter((file) => /[\\/]dist[\\/]anthropicSdk\.js$/.test(file));
    assert.equal(sdk.length, 1, sdk.join(', '));
  });

  it('OpenTelemetry (dist/otel.js): sends the metrics and the span over http/protobuf and http/json', async () => {
    const receiver = await startFakeOtlpReceiver();
    try {
      const record = spendRecordSchema.parse({
        v: 1,
        type: 'request',
        id: 'bundle-rec-1',
        time: '2026-12-03T12:00:02.500Z',
        sessionId: 's1',
        surface: 'chat',
        taskKind: 'explain',
        tier: 'balanced',
        model: 'claude-sonnet-5-5',
        rule: 'taskKind',
        reasons: ['Explain → balanced'],
        usage: { inputTokens: 1200, outputTokens: 340, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 },
        costMicros: 12_345,
        frontierModel: 'claude-opus-5-5',
        frontierCostMicros: 61_725,
        latencyMs: 2500,
        outcome: 'ok',
      });
      for (const protocol of ['http/protobuf', 'http/json'] as const) {
        receiver.reset();
        const failures: string[] = [];
        const sink = otelBundle().startOtelExport({ metricsUrl: `${receiver.url}/v1/metrics`, tracesUrl: `${receiver.url}/v1/traces`, protocol, headers: { authorization: 'Bearer collector-token' }, exportIntervalMs: 60_000 }, { version: '0.1.0', instanceId: 'window-1' }, (m) => failures.push(m));
        sink.record(telemetryOf(record));
        await sink.shutdown();
        assert.deepEqual(failures, [], protocol);
        assert.ok(receiver.requests.length >= 2 && receiver.requests.every((r) => r.headers.authorization === 'Bearer collector-token' && r.contentType.startsWith(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf')), protocol);
        const tokens = receiver.latestMetrics().find((m) => m.name === 'gen_ai.client.token.usage');
        assert.deepEqual(tokens?.points.map((p) => [p.attributes['gen_ai.token.type'], p.value]).sort(), [['input', 1200], ['output', 340]], protocol);
        const span = receiver.spans().find((s) => s.attributes['model_router.request_id'] === 'bundle-rec-1');
        assert.deepEqual([span?.name, span?.kind, span?.attributes['gen_ai.usage.output_tokens']], ['chat claude-sonnet-5-5', 3, 340], protocol);
        assert.equal(receiver.requests[0]!.decoded.resource['service.instance.id'], 'window-1', protocol);
      }
    } finally {
      await receiver.close();
    }
  });
});
