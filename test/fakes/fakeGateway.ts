/**
 * A loopback fake of a LiteLLM-style gateway in front of the fake Anthropic API: it forwards each
 * request as it came (the virtual key included), records the attribution headers it got, and adds
 * `x-litellm-response-cost` (what it "billed", in USD) to the response, or leaves it out. It can
 * also play a gateway without `count_tokens` (a 404, as a proxy that does not route that path), and
 * one with virtual keys of its own: a request without the gateway's key is refused with a 401, and
 * the upstream gets the gateway's own Anthropic key instead, as LiteLLM does.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface GatewayRequest {
  readonly path: string;
  /** Every `x-litellm-*` and `x-model-router-*` header it got. */
  readonly attribution: Readonly<Record<string, string>>;
  /** The raw body, to prove no attribution header repeats prompt text. */
  readonly body: string;
  /** The key it was sent (x-api-key, else the Bearer token), to prove which key reached it. */
  readonly key: string | undefined;
}

export interface FakeGatewayOptions {
  /** The key the gateway accepts (x-api-key or a Bearer token); unset forwards whatever came. */
  readonly virtualKey?: string;
  /** The key it sends upstream in place of the virtual key. */
  readonly upstreamKey?: string;
}

export interface FakeGateway {
  readonly url: string;
  readonly requests: GatewayRequest[];
  /** The cost header the next responses carry, as text; undefined sends none. */
  setCost(usd: string | undefined): void;
  /** Whether `POST /v1/messages/count_tokens` is forwarded (default) or answered with a 404. */
  setCountTokens(available: boolean): void;
  close(): Promise<void>;
}

export async function startFakeGateway(upstream: string, options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const requests: GatewayRequest[] = [];
  const sockets = new Set<Socket>();
  let cost: string | undefined;
  let countTokens = true;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const attribution: Record<string, string> = {};
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value !== 'string') continue;
      if (name.startsWith('x-litellm-') || name.startsWith('x-model-router-')) attribution[name] = value;
      if (!['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
    }
    const key = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : req.headers.authorization?.replace(/^Bearer\s+/i, '');
    requests.push({ path: req.url ?? '/', attribution, body, key });
    if (options.virtualKey !== undefined) {
      if (key !== options.virtualKey) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'Authentication Error, invalid proxy server token passed.' } }));
        return;
      }
      delete headers['authorization'];
      headers['x-api-key'] = options.upstreamKey ?? '';
    }
    if (!countTokens && (req.url ?? '/').split('?')[0] === '/v1/messages/count_tokens') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Not Found' } }));
      return;
    }
    const answer = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding') out[name] = value;
    });
    if (cost !== undefined) out['x-litellm-response-cost'] = cost;
    res.writeHead(answer.status, out);
    if (answer.body) Readable.fromWeb(answer.body as WebReadableStream).pipe(res);
    else res.end();
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502).end(String(error));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setCost: (usd) => void (cost = usd),
    setCountTokens: (available) => void (countTokens = available),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
