/**
 * Runs one streamed Messages request and turns every way it can end into an LlmResult: finished,
 * cancelled by the caller, stopped by the idle watchdog, or failed. Never rejects, and always
 * reports the usage and text received so far, since a broken stream still bills.
 */
import type { MessagesClient } from './messagesClient';
import { APIUserAbortError } from '@anthropic-ai/sdk';
import type { LlmDelta, LlmRequest, LlmResult } from '../core/model/llm';
import { scrubSecrets, toLlmError } from './errors';
import { IdleWatchdog } from './idleWatchdog';
import { StreamAccumulator } from './streamAccumulator';
import { estimateInputTokens, toStreamParams } from './wire';
import { attributionHeaders, reportedCostMicros } from './gateway';

export interface StreamSettings {
  readonly idleTimeoutMs: number;
  /** Strings that must never appear in an error message (the API key). */
  readonly secrets: readonly string[];
  /** Send attribution headers (a gateway at `api.baseUrl` files the spend under them). */
  readonly attribution?: boolean;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export async function runStream(
  sdk: { readonly messages: Pick<MessagesClient['messages'], 'stream'> },
  request: LlmRequest,
  onDelta: ((delta: LlmDelta) => void) | undefined,
  settings: StreamSettings,
): Promise<LlmResult> {
  const acc = new StreamAccumulator(request.model, onDelta);
  if (request.signal?.aborted) return { outcome: 'cancelled', usage: acc.usage(), text: '' };

  // One controller for both reasons to stop: the caller's signal and the watchdog.
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  const watchdog = new IdleWatchdog(settings.idleTimeoutMs, stop);
  request.signal?.addEventListener('abort', stop, { once: true });
  let stream: { readonly request_id?: string | null } | undefined;
  let responseHeaders: Headers | undefined;
  // The id the API gave the request, once its response headers arrived, and what a gateway billed.
  const meta = (): { requestId?: string; gatewayCostMicros?: number; cacheFieldsReported?: boolean } => {
    const id = stream?.request_id;
    const billed = reportedCostMicros(responseHeaders);
    return {
      ...(typeof id === 'string' && id !== '' ? { requestId: id } : {}),
      ...(billed !== undefined ? { gatewayCostMicros: billed } : {}),
      ...(acc.reportsCacheFields ? { cacheFieldsReported: true } : {}),
    };
  };
  // A request that was sent but never heard of again may still be billed for its prompt: the
  // ledger then records the client's estimate of the input, marked as an estimate.
  const billedSoFar = () => {
    const { usage, estimated } = acc.usageWithEstimate(() => estimateInputTokens(request));
    return { usage, ...(estimated ? { usageEstimated: true } : {}), ...meta() };
  };
  try {
    const messages = sdk.messages.stream(toStreamParams(request), {
      signal: controller.signal,
      ...(settings.attribution ? { headers: attributionHeaders(request) } : {}),
      middleware: [
        async (outgoing, next) => {
          const response = await next(outgoing);
          responseHeaders = response.headers;
          return response;
        },
        watchdog.middleware,
      ],
    });
    stream = messages;
    messages.on('streamEvent', (event) => acc.add(event));
    // done() rejects with the stream's error; awaiting it also marks the error as handled, so an
    // errored MessageStream never turns into an unhandled rejection.
    await messages.done();
    if (!acc.finished) {
      const error = { kind: 'network' as const, message: 'the connection closed before the answer was complete', midStream: acc.started };
      return { outcome: 'error', ...billedSoFar(), error, text: acc.text };
    }
    return { outcome: 'ok', usage: acc.usage(), ...meta(), stopReason: acc.stopReason, model: acc.model, text: acc.text };
  } catch (error) {
    const usage = acc.usage();
    const midStream = acc.started ? { midStream: true } : {};
    if (acc.listenerError) {
      const message = scrubSecrets(`Handling the streamed answer failed: ${String(acc.listenerError.error)}`, settings.secrets);
      return { outcome: 'error', ...billedSoFar(), error: { kind: 'unknown', message }, text: acc.text };
    }
    if (watchdog.fired) {
      const message = `the stream stalled: nothing arrived for ${seconds(watchdog.idleMs)}, so the request was stopped`;
      return { outcome: 'error', ...billedSoFar(), error: { kind: 'timeout', message, ...midStream }, text: acc.text };
    }
    if (request.signal?.aborted || error instanceof APIUserAbortError) return { outcome: 'cancelled', ...billedSoFar(), text: acc.text };
    // An HTTP error or a connection that never got an answer bills nothing the API reported;
    // output that streamed before a cut is still counted (estimated) by the accumulator.
    const cut = acc.started ? billedSoFar() : { usage, ...meta() };
    return { outcome: 'error', ...cut, error: { ...toLlmError(error, settings.secrets), ...midStream }, text: acc.text };
  } finally {
    watchdog.stop();
    request.signal?.removeEventListener('abort', stop);
  }
}
