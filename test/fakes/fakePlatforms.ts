/**
 * Loopback fakes of the two cloud platforms' wire formats, for the clients of src/llm/bedrockClient.ts
 * and src/llm/vertexClient.ts. Bedrock: `POST /model/{model}/invoke-with-response-stream`, SigV4
 * signed, answered with AWS event-stream frames whose `chunk` payloads carry each Anthropic stream
 * event base64-encoded (test/fakes/awsEventStream.ts); refusals as Bedrock sends them (`{message}`
 * and `x-amzn-errortype`). Vertex: `POST /v1/projects/{project}/locations/{region}/publishers/
 * anthropic/models/{model}:streamRawPredict` with a Google bearer token, answered with the
 * Messages API's SSE. Both record what arrived, and serve scripted answers in order. The metadata
 * server of Google Cloud's machines (GCE_METADATA_HOST), where Application Default Credentials find a
 * token when nothing else names one. `withCloudEnv` sets the AWS and Google variables a test names
 * and hides the machine's own credentials.
 */
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkFrame } from './awsEventStream';
import { planMessage, sseEvents } from './messageTranscript';
import type { HttpErrorScenario, OkScenario } from './scenarios';
import { ok } from './scenarios';

export interface PlatformRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakePlatform {
  readonly url: string;
  readonly requests: PlatformRequest[];
  enqueue(...scenarios: Array<OkScenario | HttpErrorScenario>): void;
  close(): Promise<void>;
}

type Answer = (res: ServerResponse, events: ReturnType<typeof sseEvents>) => void;
type Refuse = (res: ServerResponse, scenario: HttpErrorScenario) => void;

async function startFake(route: RegExp, answer: Answer, refuse: Refuse): Promise<FakePlatform> {
  const requests: PlatformRequest[] = [];
  const queue: Array<OkScenario | HttpErrorScenario> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = decodeURIComponent(req.url ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ path, headers: req.headers, body });
      const model = route.exec(path)?.groups?.['model'];
      if (req.method !== 'POST' || model === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `no route for ${req.method} ${path}` }));
        return;
      }
      const scenario = queue.shift() ?? ok();
      if (scenario.kind === 'httpError') return refuse(res, scenario);
      answer(res, sseEvents(planMessage({ ...body, model }, scenario, 'The fake platform answered.', requests.length)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    enqueue: (...scenarios) => queue.push(...scenarios),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function startFakeBedrock(): Promise<FakePlatform> {
  return startFake(
    /^\/model\/(?<model>[^/]+)\/invoke-with-response-stream$/,
    (res, events) => {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'bedrock-req-1' });
      for (const event of events) res.write(chunkFrame(event.data));
      res.end();
    },
    (res, scenario) => {
      res.writeHead(scenario.status, { 'content-type': 'application/json', 'x-amzn-errortype': scenario.errorType ?? 'AccessDeniedException' });
      res.end(JSON.stringify({ message: scenario.message ?? 'Fake Bedrock refusal' }));
    },
  );
}

export function startFakeVertex(): Promise<FakePlatform> {
  return startFake(
    /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/(?<model>[^/:]+):streamRawPredict$/,
    (res, events) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const event of events) res.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
      res.end();
    },
    (res, scenario) => {
      res.writeHead(scenario.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: scenario.status, message: scenario.message ?? 'Fake Vertex refusal', status: 'PERMISSION_DENIED' } }));
    },
  );
}

export interface FakeGceMetadata {
  /** host:port, for GCE_METADATA_HOST. */
  readonly host: string;
  /** The paths asked for, each with its Metadata-Flavor header. */
  readonly requests: Array<{ readonly path: string; readonly flavor: string | undefined }>;
  close(): Promise<void>;
}

/** Serves `token` as the default service account's access token, and `projectId`; anything else is not found. */
export async function startFakeGceMetadata(token: string, projectId: string): Promise<FakeGceMetadata> {
  const requests: Array<{ path: string; flavor: string | undefined }> = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    requests.push({ path, flavor: req.headers['metadata-flavor'] as string | undefined });
    if (path === '/computeMetadata/v1/instance/service-accounts/default/token') {
      res.writeHead(200, { 'content-type': 'application/json', 'metadata-flavor': 'Google' }).end(JSON.stringify({ access_token: token, expires_in: 3599, token_type: 'Bearer' }));
    } else if (path === '/computeMetadata/v1/project/project-id') {
      res.writeHead(200, { 'content-type': 'application/text', 'metadata-flavor': 'Google' }).end(projectId);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain', 'metadata-flavor': 'Google' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The AWS access key of AWS_ENV, which the SigV4 signature names. */
export const ACCESS_KEY = 'AKIAFAKEROUTERTEST01';

/** Runs `body` with only these AWS/Google variables set, and no config files or metadata servers to fall back on. */
export async function withCloudEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'METADATA_SERVER_DETECTION', 'GCE_METADATA_HOST', 'GCE_METADATA_IP', 'ANTHROPIC_BEDROCK_BASE_URL', 'ANTHROPIC_VERTEX_BASE_URL'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const empty = mkdtempSync(join(tmpdir(), 'mr-cloud-'));
  const isolated: Record<string, string> = {
    AWS_CONFIG_FILE: join(empty, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(empty, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CLOUDSDK_CONFIG: empty,
    METADATA_SERVER_DETECTION: 'none',
    ...vars,
  };
  for (const name of names) delete process.env[name];
  Object.assign(process.env, isolated);
  try {
    return await body();
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

export const AWS_ENV = { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: 'fakeSecretKeyForTheRouterTests0123456789' };
