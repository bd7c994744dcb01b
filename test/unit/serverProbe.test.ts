/**
 * Capability probing: what a local server or a gateway supports is found out once and adapted to.
 * Ollama (no count_tokens, cache fields ignored, approximate usage): no cache markers ever, the local
 * estimate without asking again, usage marked estimated. llama.cpp: its own count_tokens, exact usage.
 * vLLM: cache markers once its answers carried cache fields. A gateway without count_tokens is asked
 * once. The real SDK against the loopback fakes.
 */
import assert from 'node:assert/strict';
import type { LlmRequest } from '../../src/core/model/llm';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { createEndpointRouter, createLocalClient, LocalServerHealth } from '../../src/llm/endpointRouter';
import { probeServer } from '../../src/llm/serverProbe';
import { estimateInputTokens } from '../../src/llm/wire';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { startFakeAnthropic } from '../fakes/fakeAnthropic';
import { startFakeGateway } from '../fakes/fakeGateway';
import type { FakeLocalServer, LocalFlavour } from '../fakes/fakeLocalServer';
import { closedLocalUrl, startFakeLocalServer } from '../fakes/fakeLocalServer';

const MODEL = 'qwen2.5-coder:7b';

const request = (local = true): LlmRequest => ({
  model: MODEL,
  system: [{ type: 'text', text: 'You are a coder.', cache: '5m' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'write a docstring for the function that parses the settings file', cache: '5m' }] }],
  maxTokens: 100,
  tier: 'fast',
  ...(local ? { local: true } : {}),
});

const hasCacheMarker = (body: unknown): boolean => JSON.stringify(body).includes('cache_control');

describe('Capability probing of local servers and gateways', () => {
  let cloud: FakeAnthropic;
  const servers: FakeLocalServer[] = [];
  before(async () => {
    cloud = await startFakeAnthropic();
  });
  after(async () => {
    await cloud.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  async function serve(flavour: LocalFlavour): Promise<FakeLocalServer> {
    const server = await startFakeLocalServer({ flavour, models: [MODEL] });
    servers.push(server);
    return server;
  }
  const routerFor = (server: FakeLocalServer, health = new LocalServerHealth()) =>
    createEndpointRouter({
      cloud: createAnthropicClient({ apiKey: cloud.apiKey, baseURL: cloud.url, maxRetries: 0 }),
      local: { url: server.url, client: createLocalClient({ url: server.url, timeoutMs: 2000 }) },
      health,
    });

  it('tells the servers apart and finds count_tokens where it answers', async () => {
    const found = await Promise.all((['ollama', 'llamacpp', 'vllm'] as const).map(async (flavour) => probeServer((await serve(flavour)).url, MODEL, fetch, 'k')));
    assert.deepEqual(found.map((c) => c && [c.kind, c.countTokens, c.usageApproximate, c.fim ?? null]), [
      ['ollama', false, true, 'ollama'],
      ['llamacpp', true, false, 'llamacpp'],
      ['vllm', true, false, null],
    ]);
    assert.equal(await probeServer(await closedLocalUrl(), MODEL, fetch, 'k'), undefined, 'a server that is not running is not described at all');
  });

  it('Ollama: no cache markers, its answers marked estimated, tokens estimated locally after one probe', async () => {
    const ollama = await serve('ollama');
    const client = routerFor(ollama);
    const first = await client.stream(request());
    const second = await client.stream(request());
    assert.equal(first.outcome, 'ok');
    assert.equal(first.usageEstimated, true, 'Ollama says its counts are approximate: the ledger marks them estimated');
    assert.equal(second.usageEstimated, true);
    assert.ok(ollama.requests.every((r) => !hasCacheMarker(r.body)), 'cache fields it ignores are never sent');
    const tokens = await client.countTokens(request());
    const again = await client.countTokens(request());
    assert.equal(tokens, estimateInputTokens(request()), 'the local estimate');
    assert.equal(again, tokens);
    assert.equal(ollama.probes.filter((p) => p === 'POST /v1/messages/count_tokens').length, 1, 'count_tokens was tried once, by the probe, never again');
    assert.equal(ollama.probes.filter((p) => p === 'GET /api/version').length, 1, 'the server was probed once for four requests');
  });

  it('llama.cpp: tokens counted by the server itself, usage as reported (not estimated)', async () => {
    const llamacpp = await serve('llamacpp');
    const client = routerFor(llamacpp);
    const tokens = await client.countTokens(request());
    assert.ok(tokens > 0);
    assert.equal(llamacpp.probes.filter((p) => p === 'POST /v1/messages/count_tokens').length, 2, 'the probe, then the real count');
    const answer = await client.stream(request());
    assert.equal(answer.outcome, 'ok');
    assert.notEqual(answer.usageEstimated, true, 'llama.cpp reports exact counts');
    await client.stream(request());
    assert.ok(llamacpp.requests.every((r) => !hasCacheMarker(r.body)), 'no cache fields came back, so no markers go');
  });

  it('vLLM: cache markers once an answer carried cache fields', async () => {
    const vllm = await serve('vllm');
    const client = routerFor(vllm);
    await client.stream(request());
    await client.stream(request());
    assert.equal(vllm.requests.length, 2);
    assert.equal(hasCacheMarker(vllm.requests[0]!.body), false, 'the first request carries none: not yet known to be honoured');
    assert.equal(hasCacheMarker(vllm.requests[1]!.body), true, 'its usage had cache fields, so the stable prefix is marked from then on');
  });

  it('one probe per server for the window: the chat\'s and the completions\' clients share it', async () => {
    const ollama = await serve('ollama');
    const health = new LocalServerHealth();
    await routerFor(ollama, health).countTokens(request());
    await routerFor(ollama, health).countTokens(request());
    await routerFor(ollama, health).stream(request());
    assert.equal(ollama.probes.filter((p) => p === 'GET /api/version').length, 1);
  });

  it('a gateway without count_tokens is asked once, then the estimate is used', async () => {
    const gateway = await startFakeGateway(cloud.url);
    try {
      gateway.setCountTokens(false);
      const client = createAnthropicClient({ apiKey: cloud.apiKey, baseURL: gateway.url, maxRetries: 0 });
      const cloudRequest = { ...request(false), model: 'claude-haiku-5-5' };
      const first = await client.countTokens(cloudRequest);
      const second = await client.countTokens(cloudRequest);
      assert.equal(first, estimateInputTokens(cloudRequest));
      assert.equal(second, first);
      assert.equal(gateway.requests.filter((r) => r.path.startsWith('/v1/messages/count_tokens')).length, 1, 'one 404, then no more round trips');
      const answer = await client.stream(cloudRequest);
      assert.equal(answer.outcome, 'ok');
      assert.ok(hasCacheMarker(gateway.requests.at(-1)!.body), 'a gateway in front of the API keeps its cache markers');
    } finally {
      await gateway.close();
    }
  });
});
