// A loopback OpenTelemetry collector: an OTLP/HTTP receiver on 127.0.0.1 that accepts
// POST /v1/metrics and /v1/traces in http/protobuf or http/json, decodes each export (otlpDecode.ts)
// and keeps it with its raw body and headers, so tests check names, attributes and values against
// the ledger, and that no prompt text is anywhere in what arrived.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedExport, ReceivedMetric, ReceivedSpan } from './otlpDecode';
import { decodeJson, decodeProtobuf } from './otlpDecode';

export interface ReceivedRequest {
  readonly signal: 'metrics' | 'traces';
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as text (protobuf as latin1), to search for what must not be in it. */
  readonly raw: string;
  readonly decoded: ReceivedExport;
}

export interface FakeOtlpReceiver {
  /** The base URL, as `modelRouter.telemetry.endpoint` takes it. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** The metrics of the newest export that had any: cumulative, so it holds everything so far. */
  latestMetrics(): ReceivedMetric[];
  spans(): ReceivedSpan[];
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOtlpReceiver(): Promise<FakeOtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signal = req.url === '/v1/metrics' ? 'metrics' : req.url === '/v1/traces' ? 'traces' : undefined;
      const contentType = req.headers['content-type'] ?? '';
      if (req.method !== 'POST' || signal === undefined) {
        res.writeHead(404).end();
        return;
      }
      try {
        const json = contentType.startsWith('application/json');
        const decoded = json ? decodeJson(signal, body.toString('utf8')) : decodeProtobuf(signal, body);
        requests.push({ signal, contentType, headers: req.headers, raw: body.toString(json ? 'utf8' : 'latin1'), decoded });
        res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    latestMetrics() {
      const withMetrics = requests.filter((r) => r.signal === 'metrics' && r.decoded.metrics.length > 0);
      return withMetrics.at(-1)?.decoded.metrics ?? [];
    },
    spans() {
      return requests.filter((r) => r.signal === 'traces').flatMap((r) => r.decoded.spans);
    },
    reset() {
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
