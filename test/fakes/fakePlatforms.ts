/**
 * Loopback fakes of the two cloud platforms' wire formats, for the clients of src/llm/bedrockClient.ts
 * and src/llm/vertexClient.ts. Bedrock: `POST /model/{model}/invoke-with-response-stream`, SigV4
 * signed, answered with AWS event-stream frames whose `chunk` payloads carry each Anthropic stream
 * event base64-encoded (test/fakes/awsEventStream.ts); refusals as Bedrock sends them (`{message}`
 * and `x-amzn-errortype`). Vertex: `POST /v1/projects/{project}/locations/{region}/publishers/
 * anthropic/models/{model}:streamRawPredict` with a Google bearer token, answered with the
 * Messages API's SSE. Both record what arrived, and serve scripted answers in order.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
