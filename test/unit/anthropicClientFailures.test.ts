/**
 * The Anthropic adapter against the loopback fake, through the real SDK, when things go wrong:
 * what kind of error the user is told about, how long they wait for it, that the key never shows,
 * and that the text and usage of a broken stream are kept.
 */
import * as assert from 'node:assert/strict';
import { describeError } from '../../src/core/model/errorMessages';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { httpError, interrupted, ok, overloaded, rateLimited, serverError } from '../fakes/fakeAnthropic';
import { errorOf, request, useFakeApi, waitFor } from './llmTestKit';

describe('Anthropic client: failures', function () {
  this.timeout(10_000);
  const api = useFakeApi();

  it('reports a wrong key as auth with the provider message and without the key', async () => {
    const wrongKey = 'sk-ant-wrong-key-123456789';
    const result = await createAnthropicClient({ apiKey: wrongKey, baseURL: api.fake.url }).stream(request());
    const error = errorOf(result);
    assert.equal(error.kind, 'auth');
    assert.equal(error.message, 'invalid x-api-key', 'the provider message should reach the user');
    assert.ok(!error.message.includes(wrongKey), 'the key must not appear in the message');
    assert.equal(api.fake.requests.length, 1, 'a 401 must not be retried');
  });

  it('tells the user a gateway refused its own key and to set it again, naming the gateway', async () => {
    const gateway = { url: api.fake.url, ownKey: true };
    const result = await createAnthropicClient({ apiKey: 'sk-litellm-stale-virtual-key-0042', baseURL: api.fake.url, gateway }).stream(request());
    const shown = describeError(errorOf(result), 'claude-haiku-5-5');
    assert.equal(shown.message, `The gateway at ${api.fake.url} (modelRouter.api.baseUrl) refused its gateway key (invalid x-api-key). Set the key it expects with “Model Router: Set Gateway Key”.`);
    assert.deepEqual(shown.actions, ['setGatewayKey']);
  });

  it('scrubs the key from a provider message that echoes it', async () => {
    api.fake.enqueue({ kind: 'httpError', status: 400, message: `bad request for key ${api.fake.apiKey}` });
    const error = errorOf(await api.client().stream(request()));
    assert.equal(error.kind, 'badRequest');
    assert.ok(!error.message.includes(api.fake.apiKey), `key leaked into: ${error.message}`);
    assert.match(error.message, /\[redacted\]/);
  });

  it('says when there is no key, without sending anything', async () => {
    const error = errorOf(await createAnthropicClient({ apiKey: '  ', baseURL: api.fake.url }).stream(request()));
    assert.equal(error.kind, 'auth');
    assert.equal(api.fake.requests.length, 0);
  });

  it('retries a 429 with a short retry-after and succeeds, even with a short idle timeout', async function () {
    // The wait (3 s) is twice the idle timeout (1.5 s): a timer that counted the SDK's sleep would
    // fire during it, while the answer after the wait has 1.5 s to arrive even on a busy machine.
    this.timeout(10_000);
    api.fake.enqueue(rateLimited(3), ok({ text: ['after the wait'] }));
    const started = Date.now();
    const result = await api.client({ maxRetries: 1, idleTimeoutMs: 1500 }).stream(request());
    assert.equal(result.outcome, 'ok', `expected success after one retry: ${JSON.stringify(result)}`);
    assert.equal(result.text, 'after the wait');
    assert.equal(api.fake.requests.length, 2, 'one retry expected');
    assert.ok(Date.now() - started >= 2900, 'the SDK should have honoured retry-after: 3');
  });

  it('gives up at once on a 429 asking for an hour, and says how long to wait', async () => {
    api.fake.enqueue(rateLimited(3600));
    const started = Date.now();
    const error = errorOf(await api.client({ maxRetries: 2 }).stream(request()));
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 2000, `the client waited ${elapsed} ms instead of giving up`);
    assert.equal(error.kind, 'rateLimit');
    assert.equal(error.retryAfterSeconds, 3600);
    assert.equal(error.status, 429);
    assert.equal(api.fake.requests.length, 1, 'a capped retry-after must not be retried');
  });

  it('gives up at once on a 529 asking for an hour, reporting overloaded with the wait', async () => {
    api.fake.enqueue(httpError(529, { retryAfterSeconds: 3600, message: 'Overloaded' }));
    const started = Date.now();
    const error = errorOf(await api.client({ maxRetries: 2 }).stream(request()));
    assert.ok(Date.now() - started < 2000, 'a capped retry-after must not be slept');
    assert.equal(error.kind, 'overloaded');
    assert.equal(error.retryAfterSeconds, 3600);
    assert.equal(api.fake.requests.length, 1);
  });

  it('reports a persistent 500 as a server error after retrying', async () => {
    api.fake.enqueue(serverError(), serverError());
    const error = errorOf(await api.client({ maxRetries: 1 }).stream(request()));
    assert.equal(error.kind, 'server');
    assert.equal(error.message, 'Internal server error');
    assert.equal(api.fake.requests.length, 2, 'the 500 should have been retried once');
  });

  it('reports 529 as overloaded', async () => {
    api.fake.enqueue(overloaded());
    const error = errorOf(await api.client().stream(request()));
    assert.equal(error.kind, 'overloaded');
    assert.equal(error.status, 529);
    assert.equal(error.midStream, undefined, 'a 529 before the stream started is not mid-stream');
  });

  it('reports a mid-stream overloaded error and keeps the partial text and usage', async () => {
    api.fake.enqueue(interrupted('error', 2, { text: ['one ', 'two ', 'three'], usage: { inputTokens: 40 } }));
    const result = await api.client().stream(request());
    const error = errorOf(result);
    assert.equal(error.kind, 'overloaded');
    assert.equal(error.message, 'Overloaded');
    assert.equal(result.text, 'one two ');
    assert.equal(result.usage.inputTokens, 40, 'input tokens from message_start must be kept');
    assert.ok(result.usage.outputTokens >= 1, 'output already streamed must be counted');
  });

  it('stops a stalled stream after the idle timeout and closes the connection', async () => {
    api.fake.enqueue(interrupted('stall', 1, { text: ['first ', 'second'] }));
    const started = Date.now();
    const result = await api.client({ idleTimeoutMs: 300 }).stream(request());
    const error = errorOf(result);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /stalled.*0\.3 s/);
    assert.ok(Date.now() - started < 2000, 'the watchdog should fire after ~300 ms');
    assert.equal(result.text, 'first ');
    await waitFor(() => api.fake.requests[0]?.closedAt !== undefined, 'the fake should see the socket close');
    assert.equal(api.fake.requests[0]?.completed, false);
  });

  it('reports a cut connection as a network error with the partial text', async () => {
    api.fake.enqueue(interrupted('disconnect', 2, { text: ['alpha ', 'beta ', 'gamma'] }));
    const result = await api.client().stream(request());
    assert.equal(errorOf(result).kind, 'network');
    assert.equal(errorOf(result).midStream, true, 'the API was reached: the failure is mid-stream, not a bad address');
    assert.equal(result.text, 'alpha beta ');
  });

  it('reports an unreadable event as a server error', async () => {
    api.fake.enqueue(interrupted('malformed', 1, { text: ['ok ', 'then garbage'] }));
    const result = await api.client().stream(request());
    assert.equal(errorOf(result).kind, 'server');
    assert.equal(errorOf(result).midStream, true);
    assert.match(errorOf(result).message, /not valid JSON/);
    assert.equal(result.text, 'ok ');
  });

  it('reports a header timeout as timeout', async () => {
    api.fake.enqueue(ok({ latencyMs: 1500 }));
    const error = errorOf(await api.client({ headersTimeoutMs: 200 }).stream(request()));
    assert.equal(error.kind, 'timeout');
  });

  it('reports an error thrown by the delta handler and stops the stream', async () => {
    api.fake.enqueue(ok({ text: ['a', 'b', 'c'], deltaDelayMs: 50 }));
    const result = await api.client().stream(request(), () => {
      throw new Error('view disposed');
    });
    const error = errorOf(result);
    assert.equal(error.kind, 'unknown');
    assert.match(error.message, /view disposed/);
  });

  it('never leaves an unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(api.unhandled, [], 'an errored stream leaked an unhandled rejection');
  });
});
