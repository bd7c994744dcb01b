/**
 * Per-tier endpoints: a request for the local server goes there with a placeholder key and no cache
 * markers, usage marked estimated; the endpoint never follows the model id; a closed port
 * or a server slower than its limit is remembered as down, so the next request fails at once
 * instead of waiting again. The real SDK against the loopback fakes of the API and of Ollama.
 */
import assert from 'node:assert/strict';
import type { LlmRequest } from '../../src/core/model/llm';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { createEndpointRouter, createLocalClient, LOCAL_PLACEHOLDER_KEY, LocalServerHealth } from '../../src/llm/endpointRouter';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { startFakeAnthropic } from '../fakes/fakeAnthropic';
import type { FakeLocalServer } from '../fakes/fakeLocalServer';
import { closedLocalUrl, startFakeLocalServer } from '../fakes/fakeLocalServer';

/** A request the engine marked for the local server (`local`), or not. */
const request = (model: string, local: boolean): LlmRequest => ({
  model,
  system: [{ type: 'text', text: 'You are a coder.', cache: '5m' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'write a docstring', cache: '5m' }] }],
  maxTokens: 100,
  tier: 'fast',
  ...(local ? { local: true } : {}),
});

describe('Endpoint router: a tier on a local Anthropic-compatible server', () => {
  let cloud: FakeAnthropic;
  let local: FakeLocalServer;
  before(async () => {
    cloud = await startFakeAnthropic();
    local = await startFakeLocalServer({ models: ['qwen2.5-coder:7b'] });
  });
  after(async () => {
    await cloud.close();
    await local.close();
  });
  beforeEach(() => {
    cloud.reset();
    local.reset();
    local.setLatency(0);
  });

  const cloudClient = () => createAnthropicClient({ apiKey: cloud.apiKey, baseURL: cloud.url, maxRetries: 0 });
  const router = (url: string, extra: { downForMs?: number; now?: () => number; timeoutMs?: number } = {}) =>
    createEndpointRouter({ cloud: cloudClient(), local: { url, client: createLocalClient({ url, timeoutMs: extra.timeoutMs ?? 2000 }) }, ...extra });

  it('sends a local request to the local server with a placeholder key and no cache markers, the others to the cloud', async () => {
    const client = router(local.url);
    const fromLocal = await client.stream(request('qwen2.5-coder:7b', true));
    const fromCloud = await client.stream(request('claude-sonnet-5-5', false));
    assert.equal(fromLocal.outcome, 'ok', 'the local server should have answered');
    if (fromLocal.outcome === 'ok') assert.match(fromLocal.text, /^\[local qwen2\.5-coder:7b\]/, 'the answer is the local model\'s');
    assert.equal(fromCloud.outcome, 'ok', 'the cloud should have answered');
    assert.deepEqual(local.requests.map((r) => r.model), ['qwen2.5-coder:7b'], 'only the local request reaches the local server');
    assert.deepEqual(cloud.requests.map((r) => r.model), ['claude-sonnet-5-5'], 'only the cloud request reaches the cloud');
    assert.equal(local.requests[0]!.authorization, `Bearer ${LOCAL_PLACEHOLDER_KEY}`, 'the local server gets the placeholder key');
    assert.ok(!JSON.stringify(local.requests[0]).includes(cloud.apiKey), 'the user\'s key never reaches the local server, in any header or the body');
    assert.ok(!JSON.stringify(local.requests[0]!.body).includes('cache_control'), 'no prompt-cache marker goes to a local server');
    assert.ok(JSON.stringify(cloud.requests[0]!.body).includes('cache_control'), 'the cloud keeps its cache marker');
    assert.equal(fromLocal.usageEstimated, true, 'local usage is marked estimated');
    assert.equal(fromLocal.usage.cacheReadTokens, 0, 'Ollama reports no cache fields: none are counted');
    assert.ok(fromLocal.usage.inputTokens > 0 && fromLocal.usage.outputTokens > 0, 'the local server\'s own counts are kept');
    assert.notEqual(fromCloud.usageEstimated, true, 'cloud usage is reported, not estimated');
  });

  it('never follows the model id: the local model\'s id on a request not marked local still goes to the cloud', async () => {
    const client = router(local.url);
    await client.stream(request('qwen2.5-coder:7b', false));
    assert.equal(local.requests.length, 0, 'a request the engine sent to the cloud never goes to the local server');
    assert.equal(cloud.requests.length, 1);
  });

  it('counts a local request\'s tokens locally when the server has no count_tokens (Ollama), asking once', async () => {
    const client = router(local.url);
    const tokens = await client.countTokens(request('qwen2.5-coder:7b', true));
    await client.countTokens(request('qwen2.5-coder:7b', true));
    assert.ok(tokens > 0, 'an estimate');
    assert.equal(local.requests.length, 0, 'no answer was asked for');
    assert.equal(local.probes.filter((p) => p.endsWith('/count_tokens')).length, 1, 'Ollama\'s 404 is met once, by the probe');
  });

  it('names the server and the model when the server has not pulled it', async () => {
    const result = await router(local.url).stream(request('llama3', true));
    assert.equal(result.outcome, 'error');
    if (result.outcome !== 'error') return;
    assert.equal(result.error.kind, 'badRequest', `a 404 for the model, got ${result.error.kind}: ${result.error.message}`);
    assert.equal(result.error.localServer, local.url, 'the error says it came from the local server');
    assert.match(result.error.message, /model 'llama3' not found/);
  });

  it('remembers a server that refused the connection and does not wait for it twice', async () => {
    const url = await closedLocalUrl();
    let clock = 1_000_000;
    const client = router(url, { downForMs: 30_000, now: () => clock });
    const first = await client.stream(request('qwen2.5-coder:7b', true));
    assert.equal(first.outcome, 'error');
    if (first.outcome !== 'error') return;
    assert.equal(first.error.kind, 'network', `a closed port is a network failure, got ${first.error.kind}: ${first.error.message}`);
    assert.equal(first.error.localServer, url);
    const second = await client.stream(request('qwen2.5-coder:7b', true));
    assert.equal(second.outcome, 'error');
    if (second.outcome === 'error') assert.match(second.error.message, /skipped for 30 s more/, 'the second request says the server is skipped');
    clock += 31_000;
    const third = await client.stream(request('qwen2.5-coder:7b', true));
    if (third.outcome === 'error') assert.doesNotMatch(third.error.message, /skipped/, 'after the pause the server is tried again');
    assert.equal(cloud.requests.length, 0, 'nothing went to the cloud without the engine choosing it');
  });

  it('shares what it learnt: a client that meets a dead server spares the others the wait (chat and completions)', async () => {
    local.setLatency(3000);
    const health = new LocalServerHealth();
    const make = () => createEndpointRouter({ cloud: cloudClient(), local: { url: local.url, client: createLocalClient({ url: local.url, timeoutMs: 300 }) }, health });
    const chat = make();
    const completions = make();
    const first = await chat.stream(request('qwen2.5-coder:7b', true));
    assert.equal(first.outcome, 'error');
    const second = await completions.stream(request('qwen2.5-coder:7b', true));
    // Failing at once means not asking the server at all: the skip names the pause, nothing was sent.
    assert.equal(second.outcome, 'error');
    if (second.outcome === 'error') assert.match(second.error.message, /skipped for 60 s more/);
    assert.equal(local.requests.length, 1, 'the slow server was asked once in all');
  });

  it('gives up on a server slower than its limit and skips it next time without waiting', async () => {
    local.setLatency(3000);
    const client = router(local.url, { timeoutMs: 300 });
    const started = Date.now();
    const first = await client.stream(request('qwen2.5-coder:7b', true));
    const firstMs = Date.now() - started;
    assert.equal(first.outcome, 'error');
    if (first.outcome === 'error') assert.equal(first.error.kind, 'timeout', `a slow server times out, got ${first.error.kind}: ${first.error.message}`);
    assert.ok(firstMs < 2500, `the limit of 300 ms applied (took ${firstMs} ms)`);
    const second = await client.stream(request('qwen2.5-coder:7b', true));
    assert.equal(second.outcome, 'error');
    if (second.outcome === 'error') assert.match(second.error.message, /skipped/, 'the second request fails at once, without asking the server');
    assert.equal(local.requests.length, 1, 'the slow server was asked once');
  });
});
