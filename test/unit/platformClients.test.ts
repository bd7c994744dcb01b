/**
 * Amazon Bedrock and Vertex AI through Anthropic's SDKs for them, against loopback fakes of their
 * wire formats (test/fakes/fakePlatforms.ts): Bedrock's event-stream frames, SigV4-signed with AWS
 * credentials from the environment (the standard chain); Vertex's SSE at its streamRawPredict URL
 * with a Google bearer token from an injected auth client. What the user sees: the answer and its
 * usage, the tier routed there, and errors that say which credentials or permission to fix.
 */
import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { describeError } from '../../src/core/model/errorMessages';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { telemetryOf } from '../../src/core/telemetry/otelRecord';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { createBedrockClient } from '../../src/llm/bedrockClient';
import { clientForEndpoints } from '../../src/llm/endpointRouter';
import { createVertexClient } from '../../src/llm/vertexClient';
import { httpError, ok } from '../fakes/fakeAnthropic';
import type { FakePlatform } from '../fakes/fakePlatforms';
import { ACCESS_KEY, AWS_ENV, startFakeBedrock, startFakeGceMetadata, startFakeVertex, withCloudEnv } from '../fakes/fakePlatforms';
import { SILENT_LOG } from './helpers/engineRig';
import { errorOf, request, useFakeApi } from './llmTestKit';

const BEDROCK_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const VERTEX_MODEL = 'claude-sonnet-4-5@20250929';

describe('Amazon Bedrock through @anthropic-ai/bedrock-sdk', function () {
  this.timeout(15_000);
  let bedrock: FakePlatform;
  beforeEach(async () => (bedrock = await startFakeBedrock()));
  afterEach(() => bedrock.close());

  it('streams the answer and its usage from event-stream frames, signed with the AWS credentials of the environment', async () => {
    bedrock.enqueue(ok({ text: ['Signed ', 'and ', 'streamed.'], usage: { inputTokens: 321, outputTokens: 12, cacheReadTokens: 40 } }));
    const result = await withCloudEnv(AWS_ENV, () => createBedrockClient({ region: 'us-west-2', baseURL: bedrock.url, maxRetries: 0 }).stream(request({ model: BEDROCK_MODEL })));
    assert.equal(result.outcome, 'ok', result.outcome === 'error' ? result.error.message : '');
    assert.equal(result.text, 'Signed and streamed.');
    assert.deepEqual([result.usage.inputTokens, result.usage.outputTokens, result.usage.cacheReadTokens], [321, 12, 40]);
    const sent = bedrock.requests[0]!;
    assert.equal(sent.path, `/model/${BEDROCK_MODEL}/invoke-with-response-stream`, 'the model is in the path');
    assert.match(String(sent.headers.authorization), new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/\\d{8}/us-west-2/bedrock/aws4_request`));
    assert.equal(typeof sent.body['anthropic_version'], 'string', 'the API version goes in the body, where Bedrock reads it');
    assert.equal(sent.headers['anthropic-version'], undefined);
    assert.equal(sent.body['model'], undefined, 'the body names no model');
  });

  it('says which AWS credentials to set when the standard chain has none, without sending anything', async () => {
    const result = await withCloudEnv({}, () => createBedrockClient({ region: 'eu-central-1', baseURL: bedrock.url, maxRetries: 0 }).stream(request({ model: BEDROCK_MODEL })));
    const shown = describeError(errorOf(result), BEDROCK_MODEL);
    assert.match(shown.message, /^No AWS credentials were found for Amazon Bedrock \(eu-central-1\)/);
    assert.match(shown.message, /Set AWS_PROFILE \(after `aws sso login` or `aws configure`\), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    assert.equal(bedrock.requests.length, 0);
  });

  it('names the missing permission when Bedrock refuses the identity', async () => {
    bedrock.enqueue(httpError(403, { message: 'User is not authorized to perform: bedrock:InvokeModelWithResponseStream', errorType: 'AccessDeniedException' }));
    const result = await withCloudEnv(AWS_ENV, () => createBedrockClient({ region: 'us-west-2', baseURL: bedrock.url, maxRetries: 0 }).stream(request({ model: BEDROCK_MODEL })));
    const error = errorOf(result);
    assert.equal(error.kind, 'auth');
    assert.equal(
      describeError(error, BEDROCK_MODEL).message,
      `Amazon Bedrock (us-west-2) refused the request (User is not authorized to perform: bedrock:InvokeModelWithResponseStream). Check that your AWS identity may call bedrock:InvokeModelWithResponseStream and has access to ${BEDROCK_MODEL} in that region.`,
    );
  });
});

describe('Vertex AI through @anthropic-ai/vertex-sdk', function () {
  this.timeout(15_000);
  let vertex: FakePlatform;
  beforeEach(async () => (vertex = await startFakeVertex()));
  afterEach(() => vertex.close());

  /** What google-auth-library's client gives the SDK: the request headers with the bearer token. */
  const authClient = { getRequestHeaders: () => Promise.resolve(new Headers({ authorization: 'Bearer ya29.fake-router-token' })) } as never;

  it('streams the answer from streamRawPredict in the project and region, with the Google token', async () => {
    vertex.enqueue(ok({ text: ['From ', 'Vertex.'], usage: { inputTokens: 210, outputTokens: 7 } }));
    const client = createVertexClient({ region: 'us-east5', projectId: 'router-proj-42', baseURL: `${vertex.url}/v1`, authClient, maxRetries: 0 });
    const result = await withCloudEnv({}, () => client.stream(request({ model: VERTEX_MODEL })));
    assert.equal(result.outcome, 'ok', result.outcome === 'error' ? result.error.message : '');
    assert.equal(result.text, 'From Vertex.');
    assert.deepEqual([result.usage.inputTokens, result.usage.outputTokens], [210, 7]);
    const sent = vertex.requests[0]!;
    assert.equal(sent.path, `/v1/projects/router-proj-42/locations/us-east5/publishers/anthropic/models/${VERTEX_MODEL}:streamRawPredict`);
    assert.equal(sent.headers.authorization, 'Bearer ya29.fake-router-token');
    assert.equal(sent.body['model'], undefined, 'the body names no model');
  });

  it('takes the token from the metadata server on a Google Cloud machine when nothing else names credentials', async () => {
    const metadata = await startFakeGceMetadata('ya29.from-the-metadata-server', 'router-proj-42');
    try {
      vertex.enqueue(ok({ text: ['On Google Cloud.'] }));
      const result = await withCloudEnv({ GCE_METADATA_HOST: metadata.host, METADATA_SERVER_DETECTION: 'assume-present' }, () =>
        createVertexClient({ region: 'us-east5', projectId: 'router-proj-42', baseURL: `${vertex.url}/v1`, maxRetries: 0 }).stream(request({ model: VERTEX_MODEL })),
      );
      assert.equal(result.outcome, 'ok', result.outcome === 'error' ? result.error.message : '');
      assert.equal(result.text, 'On Google Cloud.');
      assert.equal(vertex.requests[0]!.headers.authorization, 'Bearer ya29.from-the-metadata-server');
      assert.ok(metadata.requests.some((r) => r.path.endsWith('/service-accounts/default/token') && r.flavor === 'Google'), JSON.stringify(metadata.requests));
    } finally {
      await metadata.close();
    }
  });

  it('says how to set up Application Default Credentials when there are none, without sending anything', async () => {
    const result = await withCloudEnv({ GOOGLE_APPLICATION_CREDENTIALS: join(tmpdir(), 'no-such-adc-file.json') }, () =>
      createVertexClient({ region: 'us-east5', projectId: 'router-proj-42', baseURL: `${vertex.url}/v1`, maxRetries: 0 }).stream(request({ model: VERTEX_MODEL })),
    );
    const shown = describeError(errorOf(result), VERTEX_MODEL);
    assert.match(shown.message, /^No Google credentials were found for Vertex AI \(router-proj-42, us-east5\)/);
    assert.match(shown.message, /Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS/);
    assert.equal(vertex.requests.length, 0);
  });
});

describe('endpoint router: a tier on Bedrock or Vertex', function () {
  this.timeout(15_000);
  const api = useFakeApi();

  it('sends the frontier tier to Bedrock and the balanced tier to Vertex, and the fast tier to the Anthropic API; the ledger and the span name the platform', async () => {
    const bedrock = await startFakeBedrock();
    const vertex = await startFakeVertex();
    try {
      const authClient = { getRequestHeaders: () => Promise.resolve(new Headers({ authorization: 'Bearer ya29.router' })) } as never;
      const loaders = {
        bedrock: () => ({ createBedrockClient: (options: Parameters<typeof createBedrockClient>[0]) => createBedrockClient({ ...options, baseURL: bedrock.url, maxRetries: 0 }) }),
        vertex: () => ({ createVertexClient: (options: Parameters<typeof createVertexClient>[0]) => createVertexClient({ ...options, baseURL: `${vertex.url}/v1`, authClient, maxRetries: 0 }) }),
      };
      const endpoints = { localTiers: [], cloudModels: {}, bedrock: { region: 'us-east-1', tiers: ['frontier' as const] }, vertex: { region: 'global', projectId: 'router-proj-42', tiers: ['balanced' as const] } };
      const client = clientForEndpoints(createAnthropicClient({ apiKey: api.fake.apiKey, baseURL: api.fake.url, maxRetries: 0 }), endpoints, undefined, undefined, loaders);
      bedrock.enqueue(ok({ text: ['Bedrock answered.'] }));
      vertex.enqueue(ok({ text: ['Vertex answered.'] }));
      api.fake.enqueue(ok({ text: ['Anthropic answered.'] }));
      const texts = await withCloudEnv(AWS_ENV, async () => [
        (await client.stream(request({ model: BEDROCK_MODEL, tier: 'frontier' }))).text,
        (await client.stream(request({ model: VERTEX_MODEL, tier: 'balanced' }))).text,
        (await client.stream(request({ tier: 'fast' }))).text,
      ]);
      assert.deepEqual(texts, ['Bedrock answered.', 'Vertex answered.', 'Anthropic answered.']);
      assert.deepEqual([bedrock.requests.length, vertex.requests.length, api.fake.requests.length], [1, 1, 1]);
      assert.equal(await client.countTokens(request({ model: BEDROCK_MODEL, tier: 'frontier' })) > 0, true, 'Bedrock tiers count with the local estimate');
      assert.equal(bedrock.requests.length, 1, 'counting sent nothing to Bedrock');

      // Through the engine, the ledger and the OpenTelemetry export name where each request went.
      const ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
      const policy = { ...DEFAULT_POLICY, tiers: { ...DEFAULT_POLICY.tiers, frontier: { ...DEFAULT_POLICY.tiers.frontier, model: BEDROCK_MODEL } } };
      const engine = new Engine({ policy: () => policy, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), overrides: new OverrideState(), client: async () => client, log: SILENT_LOG, ledger, endpoints: () => endpoints });
      bedrock.enqueue(ok({ text: ['A design.'] }));
      api.fake.enqueue(ok({ text: ['feat: add parser'] }));
      const records = await withCloudEnv(AWS_ENV, async () => {
        const asked = [];
        for (const prompt of ['design the architecture for multi-region failover of the order service', 'write a commit message for adding the csv parser']) {
          const result = await engine.run({ request: { surface: 'chat', prompt }, prompt: () => buildChatPrompt({ history: [], question: prompt }) });
          if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
          asked.push(result.record);
        }
        return asked;
      });
      assert.deepEqual(records.map((r) => [r.tier, r.model, r.endpoint]), [['frontier', BEDROCK_MODEL, 'bedrock'], ['fast', 'claude-haiku-5-5', undefined]]);
      assert.deepEqual(records.map((r) => telemetryOf(r).span?.attributes['gen_ai.provider.name']), ['aws.bedrock', 'anthropic']);
    } finally {
      await bedrock.close();
      await vertex.close();
    }
  });
});
