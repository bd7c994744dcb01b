/**
 * Inline completions on a local server through its own fill-in-the-middle endpoint: Ollama's
 * `/api/generate` with a suffix (or, for a model whose template has none, its family's FIM template
 * sent raw), llama.cpp's `/infill`; the messages endpoint where neither works, remembered so the next
 * completion goes straight there. The real endpoint router against the loopback fake local server.
 */
import assert from 'node:assert/strict';
import type { LlmRequest } from '../../src/core/model/llm';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { createEndpointRouter, createLocalClient, LocalServerHealth } from '../../src/llm/endpointRouter';
import { fimTemplateFor } from '../../src/llm/fim';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { startFakeAnthropic } from '../fakes/fakeAnthropic';
import type { FakeLocalServerOptions } from '../fakes/fakeLocalServer';
import { startFakeLocalServer } from '../fakes/fakeLocalServer';

const PREFIX = 'export function add(a: number, b: number): number {\n  ';
const SUFFIX = '\n}\n';

/** A completion as the completer sends it: the hole-filler messages, and the hole for FIM. */
const completion = (model: string): LlmRequest => ({
  model,
  system: [{ type: 'text', text: 'You are a code completion engine.', cache: '5m' }],
  messages: [{ role: 'user', content: `${PREFIX}<HOLE/>${SUFFIX}` }],
  maxTokens: 64,
  stopSequences: ['\n'],
  tier: 'fast',
  local: true,
  fim: { prefix: PREFIX, suffix: SUFFIX },
});

describe('Fill-in-the-middle on a local server', () => {
  let cloud: FakeAnthropic;
  const closers: Array<() => Promise<void>> = [];
  before(async () => {
    cloud = await startFakeAnthropic();
  });
  after(async () => {
    await cloud.close();
    await Promise.all(closers.map((close) => close()));
  });

  async function setUp(options: FakeLocalServerOptions) {
    const server = await startFakeLocalServer(options);
    closers.push(() => server.close());
    const client = createEndpointRouter({
      cloud: createAnthropicClient({ apiKey: cloud.apiKey, baseURL: cloud.url, maxRetries: 0 }),
      local: { url: server.url, client: createLocalClient({ url: server.url, timeoutMs: 2000 }), timeoutMs: 2000, idleTimeoutMs: 2000 },
      health: new LocalServerHealth(),
    });
    return { server, client };
  }

  it('Ollama: the hole goes to /api/generate as prompt and suffix, and its streamed middle is the answer', async () => {
    const { server, client } = await setUp({ flavour: 'ollama' });
    server.setFimAnswer(['return ', 'a + b;']);
    const pieces: string[] = [];
    const result = await client.stream(completion('qwen2.5-coder:1.5b'), (delta) => delta.type === 'text' && pieces.push(delta.text));
    assert.equal(result.outcome, 'ok');
    assert.equal(result.outcome === 'ok' && result.text, 'return a + b;');
    assert.deepEqual(pieces, ['return ', 'a + b;'], 'streamed as it came');
    assert.deepEqual(server.requests.map((r) => r.path), ['/api/generate'], 'no messages request');
    const body = server.requests[0]!.body;
    assert.equal(body['prompt'], PREFIX);
    assert.equal(body['suffix'], SUFFIX);
    assert.deepEqual((body['options'] as Record<string, unknown>)['stop'], ['\n'], 'a one-line completion stops at the line end');
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0, 'Ollama\'s own counts');
    assert.equal(result.usageEstimated, true, 'Ollama\'s counts are approximate');
  });

  it('Ollama model without a suffix in its template: its family\'s FIM template, sent raw, and remembered', async () => {
    const { server, client } = await setUp({ flavour: 'ollama', suffixModels: [] });
    const first = await client.stream(completion('qwen2.5-coder:7b-base'));
    assert.equal(first.outcome === 'ok' && first.text, 'return result;');
    assert.deepEqual(server.requests.map((r) => [r.path, r.body['raw'] === true]), [['/api/generate', false], ['/api/generate', true]]);
    assert.equal(server.requests[1]!.body['prompt'], `<|fim_prefix|>${PREFIX}<|fim_suffix|>${SUFFIX}<|fim_middle|>`, 'Qwen\'s FIM template');
    assert.ok(((server.requests[1]!.body['options'] as Record<string, unknown>)['stop'] as string[]).includes('<|endoftext|>'), 'and its end tokens as stops');
    await client.stream(completion('qwen2.5-coder:7b-base'));
    assert.equal(server.requests.length, 3, 'the next completion goes raw at once');
  });

  it('a model with neither (an unknown family without insert) goes to the messages endpoint, and stays there', async () => {
    const { server, client } = await setUp({ flavour: 'ollama', suffixModels: [] });
    const first = await client.stream(completion('llama3.2:3b'));
    assert.equal(first.outcome, 'ok');
    assert.match(first.outcome === 'ok' ? first.text : '', /^\[local llama3\.2:3b\]/, 'the messages endpoint answered');
    await client.stream(completion('llama3.2:3b'));
    assert.deepEqual(server.requests.map((r) => r.path), ['/api/generate', '/v1/messages', '/v1/messages']);
  });

  it('llama.cpp: the hole goes to /infill, with exact counts', async () => {
    const { server, client } = await setUp({ flavour: 'llamacpp' });
    server.setFimAnswer(['return a', ' + b;']);
    const result = await client.stream(completion('qwen2.5-coder-7b-q4_k_m.gguf'));
    assert.equal(result.outcome === 'ok' && result.text, 'return a + b;');
    assert.deepEqual(server.requests.map((r) => r.path), ['/infill']);
    assert.equal(server.requests[0]!.body['input_prefix'], PREFIX);
    assert.equal(server.requests[0]!.body['input_suffix'], SUFFIX);
    assert.equal(server.requests[0]!.body['n_predict'], 64);
    assert.notEqual(result.usageEstimated, true, 'llama.cpp reports its token counts');
  });

  it('llama.cpp with a model without FIM tokens: the messages endpoint', async () => {
    const { server, client } = await setUp({ flavour: 'llamacpp', infill: false });
    const result = await client.stream(completion('llama-3.2-3b.gguf'));
    assert.equal(result.outcome, 'ok');
    await client.stream(completion('llama-3.2-3b.gguf'));
    assert.deepEqual(server.requests.map((r) => r.path), ['/infill', '/v1/messages', '/v1/messages']);
  });

  it('a chat request (no hole) and a vLLM server (no FIM endpoint) use the messages endpoint', async () => {
    const ollama = await setUp({ flavour: 'ollama' });
    const { fim: _hole, ...chat } = completion('qwen2.5-coder:1.5b');
    await ollama.client.stream(chat);
    assert.deepEqual(ollama.server.requests.map((r) => r.path), ['/v1/messages']);
    const vllm = await setUp({ flavour: 'vllm' });
    await vllm.client.stream(completion('Qwen/Qwen2.5-Coder-7B'));
    assert.deepEqual(vllm.server.requests.map((r) => r.path), ['/v1/messages']);
  });

  it('knows the common code families\' templates by model name', () => {
    const hole = { prefix: 'P', suffix: 'S' };
    assert.equal(fimTemplateFor('codellama:7b-code')?.render(hole), '<PRE> P <SUF>S <MID>');
    assert.equal(fimTemplateFor('deepseek-coder:1.3b-base')?.render(hole), '<｜fim▁begin｜>P<｜fim▁hole｜>S<｜fim▁end｜>');
    assert.equal(fimTemplateFor('starcoder2:3b')?.render(hole), '<fim_prefix>P<fim_suffix>S<fim_middle>');
    assert.equal(fimTemplateFor('codestral:22b')?.render(hole), '[SUFFIX]S[PREFIX]P');
    assert.equal(fimTemplateFor('llama3.2:3b'), undefined);
  });
});
