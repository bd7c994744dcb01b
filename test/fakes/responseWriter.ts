/**
 * Writes the fake's answers onto a Node response: API error bodies, JSON Messages and the SSE
 * stream with its scripted delays and interruptions. `signal` aborts when the client leaves or the
 * server closes, so no write loop or stall outlives the connection it serves.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { errorTypeFor, type HttpErrorScenario, type Interruption, type OkScenario } from './scenarios';
import { jsonMessage, sseEvents, type MessagePlan } from './messageTranscript';

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return;
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string, errorType = errorTypeFor(status), headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: 'error', error: { type: errorType, message } }, headers);
}

export function sendHttpError(res: ServerResponse, scenario: HttpErrorScenario): void {
  const headers: Record<string, string> = {};
  if (scenario.retryAfterSeconds !== undefined) headers['retry-after'] = String(scenario.retryAfterSeconds);
  const errorType = scenario.errorType ?? errorTypeFor(scenario.status);
  sendError(res, scenario.status, scenario.message ?? `Fake ${errorType}`, errorType, headers);
}

function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const OVERLOADED_EVENT = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };

/** Ends a stream the way the scenario says; resolves once the fake is done with the socket. */
async function interruptStream(res: ServerResponse, how: Interruption['how'], signal: AbortSignal): Promise<void> {
  if (how === 'error') {
    res.end(sseFrame('error', OVERLOADED_EVENT));
  } else if (how === 'malformed') {
    res.end('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_de\n\n');
  } else if (how === 'disconnect') {
    await letTheClientRead(res, signal);
    res.socket?.destroySoon();
  } else {
    await untilAborted(signal);
  }
}

/** How long a cut waits after the last frame, sending pings, so the client has read that frame. */
export const CUT_GRACE_MS = 300;
const PING_EVERY_MS = 25;

/**
 * Waits until the client can have read everything written so far, before a scripted cut. A cut
 * is meant to test what the extension does with what it received; but Node's fetch (undici, in
 * the Node 24 the VS Code server runs) drops a chunk that reaches it in the same read as the end
 * of the connection, so cutting right after the last write would test that race instead. The
 * fake therefore keeps the connection open for a moment, sending the API's own `ping` events (which
 * every client ignores), so whatever arrives together with the cut is a ping. Each write also
 * waits for its callback: the bytes are with the kernel, and on loopback with the peer.
 */
async function letTheClientRead(res: ServerResponse, signal: AbortSignal): Promise<void> {
  const ping = sseFrame('ping', { type: 'ping' });
  const until = Date.now() + CUT_GRACE_MS;
  while (Date.now() < until && !signal.aborted && !res.destroyed) {
    await new Promise<void>((resolve) => res.write(ping, () => resolve()));
    await sleep(PING_EVERY_MS, signal);
  }
}

/** Writes one frame and resolves once it is handed to the kernel (false if the socket is gone). */
function writeFrame(res: ServerResponse, frame: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    res.write(frame, (error) => resolve(error == null));
  });
}

export async function writeSse(
  res: ServerResponse,
  plan: MessagePlan,
  scenario: OkScenario,
  requestId: string,
  signal: AbortSignal,
  delivered: (usage: Readonly<Record<string, unknown>>) => void = () => undefined,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': requestId });
  res.flushHeaders();
  const interrupt = scenario.interrupt;
  let deltas = 0;
  for (const event of sseEvents(plan)) {
    // An interruption scheduled after more deltas than the answer has happens before message_delta.
    const interruptNow = interrupt && ((event.isDelta && deltas === interrupt.afterDeltas) || event.event === 'message_delta');
    if (interruptNow) return interruptStream(res, interrupt.how, signal);
    if (event.isDelta) {
      await sleep(scenario.deltaDelayMs ?? 0, signal);
      deltas += 1;
    }
    if (signal.aborted || res.destroyed) return;
    const written = await writeFrame(res, sseFrame(event.event, event.data));
    const usage = usageIn(event.data);
    if (written && usage !== undefined) delivered(usage);
  }
  res.end();
}

/** The usage an SSE event carries: message_start's inside its message, message_delta's at the top. */
function usageIn(data: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const event = data as { usage?: unknown; message?: { usage?: unknown } };
  const usage = event.usage ?? event.message?.usage;
  return typeof usage === 'object' && usage !== null ? (usage as Record<string, unknown>) : undefined;
}

export async function writeJsonMessage(
  res: ServerResponse,
  plan: MessagePlan,
  scenario: OkScenario,
  requestId: string,
  signal: AbortSignal,
  delivered: (usage: Readonly<Record<string, unknown>>) => void = () => undefined,
): Promise<void> {
  const how = scenario.interrupt?.how;
  if (how === 'error') return sendError(res, 529, 'Overloaded', 'overloaded_error');
  if (how === 'stall') return untilAborted(signal);
  if (how === 'disconnect') {
    res.socket?.destroySoon();
    return;
  }
  if (how === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
    res.end('{"id":"msg_fake","type":"mess');
    return;
  }
  const text = JSON.stringify(jsonMessage(plan));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'request-id': requestId });
  // 'finish': the whole body is with the kernel; a client that left first gets no usage counted.
  res.once('finish', () => delivered(plan.usage));
  res.end(text);
}
