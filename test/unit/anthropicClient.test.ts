/**
 * The Anthropic adapter against the loopback fake, through the real SDK, when things go right:
 * answers stream, requests carry what the API needs and nothing it rejects, usage is counted, and
 * cancelling stops the request at once without being reported as an error.
 */
import * as assert from 'node:assert/strict';
import type { LlmDelta } from '../../src/core/model/llm';
import { estimateTokensOfChars } from '../../src/core/model/tokens';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { ok, serverError } from '../fakes/fakeAnthropic';
import { collect, MODEL, request, useFakeApi, waitFor } from './llmTestKit';

describe('Anthropic client: answers', function () {
  this.timeout(10_000);
  const api = useFakeApi();

  it('streams the answer and reports usage, cache writes by TTL and cache reads', async () => {
    api.fake.enqueue(ok({ text: ['Hello', ', world!'], usage: { inputTokens: 25, cacheWrite5mTokens: 100, cacheWrite1hTokens: 2000, cacheReadTokens: 300, outputTokens: 12 } }));
    const { result, deltas } = await collect(api.client(), request());
    assert.equal(result.outcome, 'ok', `stream failed: ${JSON.stringify(result)}`);
    assert.deepEqual(deltas, [{ type: 'text', text: 'Hello' }, { type: 'text', text: ', world!' }], 'text deltas should arrive in order');
    assert.equal(result.text, 'Hello, world!');
    assert.deepEqual(
      result.usage,
      { inputTokens: 25, outputTokens: 12, cacheWrite5mTokens: 100, cacheWrite1hTokens: 2000, cacheReadTokens: 300 },
      'usage from message_delta must replace, not add to, message_start usage',
    );
    if (result.outcome === 'ok') {
      assert.equal(result.stopReason, 'end_turn');
      assert.equal(result.model, MODEL, 'the model the API echoed should be reported');
    }
  });

  it('sends model, cached system, tools and effort, never sampling parameters, with Bearer auth', async () => {
    const tool = { name: 'read_file', description: 'Reads a file', inputSchema: { properties: { path: { type: 'string' } } } };
    const req = request({
      tools: [tool],
      effort: 'low',
      thinking: 'adaptive',
      stopSequences: ['\n\n'],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look at this' }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a.ts' } }] },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 'toolu_1', content: 'export const a = 1;' }] },
      ],
    });
    const result = await api.client().stream(req);
    assert.equal(result.outcome, 'ok', JSON.stringify(result));
    const [seen] = api.fake.requests;
    assert.ok(seen, 'the fake should have received the request');
    assert.equal(seen.authorized, true, 'the fake should accept the Bearer key');
    assert.equal(seen.headers['authorization'], '[redacted]', 'recorded headers must not hold the key');
    assert.equal(seen.headers['anthropic-version'], '2026-10-21');
    assert.equal(seen.model, MODEL);
    assert.equal(seen.stream, true);
    for (const name of ['temperature', 'top_p', 'top_k']) assert.ok(!(name in seen.body), `${name} must never be sent`);
    assert.deepEqual(seen.body['system'], [{ type: 'text', text: 'You are a careful coding assistant.', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    assert.deepEqual(seen.body['tools'], [
      { name: 'read_file', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } }, cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
    assert.deepEqual(seen.body['output_config'], { effort: 'low' });
    assert.deepEqual(seen.body['thinking'], { type: 'adaptive' });
    assert.deepEqual(seen.body['stop_sequences'], ['\n\n']);
    const messages = seen.body['messages'] as { content: unknown[] }[];
    assert.deepEqual(messages[0]?.content[1], { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } });
    assert.deepEqual(messages[2]?.content[0], { type: 'tool_result', tool_use_id: 'toolu_1', content: 'export const a = 1;' });
  });

  it('keeps a slow but steady stream alive past the idle timeout', async () => {
    api.fake.enqueue(ok({ text: ['a', 'b', 'c', 'd', 'e', 'f'], deltaDelayMs: 100 }));
    const result = await api.client({ idleTimeoutMs: 300 }).stream(request());
    assert.equal(result.outcome, 'ok', `a 600 ms stream with 100 ms gaps must not time out: ${JSON.stringify(result)}`);
    assert.equal(result.text, 'abcdef');
  });

  it('cancels on abort: no error, the socket closes early, usage so far is kept', async () => {
    api.fake.enqueue(ok({ text: ['1 ', '2 ', '3 ', '4 ', '5 ', '6'], deltaDelayMs: 150, usage: { inputTokens: 33 } }));
    const controller = new AbortController();
    const deltas: LlmDelta[] = [];
    const pending = api.client().stream(request({ signal: controller.signal }), (d) => {
      deltas.push(d);
      if (deltas.length === 2) controller.abort();
    });
    const result = await pending;
    assert.equal(result.outcome, 'cancelled', `abort must be a cancellation, got ${JSON.stringify(result)}`);
    assert.equal(result.text, '1 2 ');
    assert.equal(result.usage.inputTokens, 33);
    await waitFor(() => api.fake.requests[0]?.closedAt !== undefined, 'the fake should see the socket close');
    assert.equal(api.fake.requests[0]?.completed, false, 'the fake must not have finished the answer');
  });

  it('does not send a request whose signal is already aborted', async () => {
    const result = await api.client().stream(request({ signal: AbortSignal.abort() }));
    assert.equal(result.outcome, 'cancelled');
    assert.equal(api.fake.requests.length, 0);
  });

  it('forwards thinking before the text and reports thinking tokens', async () => {
    api.fake.enqueue(ok({ thinking: ['Let me ', 'think.'], text: ['Done.'] }));
    const { result, deltas } = await collect(api.client(), request({ thinking: 'adaptive' }));
    assert.equal(result.outcome, 'ok');
    assert.deepEqual(deltas, [{ type: 'thinking', text: 'Let me ' }, { type: 'thinking', text: 'think.' }, { type: 'text', text: 'Done.' }]);
    assert.equal(result.text, 'Done.', 'thinking must not leak into the answer text');
    assert.equal(result.usage.thinkingTokens, 4);
  });

  it('assembles a tool call from its JSON pieces', async () => {
    const input = { path: 'src/a.ts', lines: [1, 20], options: { follow: true } };
    api.fake.enqueue(ok({ text: ['Reading it.'], toolUse: { id: 'toolu_9', name: 'read_file', input, pieces: 4 } }));
    const { result, deltas } = await collect(api.client(), request());
    assert.equal(result.outcome, 'ok');
    assert.deepEqual(deltas.at(-1), { type: 'toolUse', id: 'toolu_9', name: 'read_file', input });
    if (result.outcome === 'ok') assert.equal(result.stopReason, 'tool_use');
  });

  it('reports a max_tokens stop as a finished answer with that reason', async () => {
    const result = await api.client().stream(request({ maxTokens: 3, messages: [{ role: 'user', content: 'Explain function parse' }] }));
    assert.equal(result.outcome, 'ok');
    if (result.outcome === 'ok') assert.equal(result.stopReason, 'max_tokens');
    assert.ok(result.text.length <= 12, `the fake should cut the answer to 3 tokens, got ${result.text.length} chars`);
  });

  it('counts tokens with the API, and estimates when it cannot', async () => {
    const req = request();
    const counted = await api.client().countTokens(req);
    assert.equal(api.fake.requests[0]?.path, '/v1/messages/count_tokens');
    assert.ok(counted > 0, 'the API count should be positive');
    api.fake.enqueue(serverError());
    const estimated = await api.client().countTokens(req);
    const chars = 'You are a careful coding assistant.'.length + 'Explain function parse in two sentences.'.length;
    assert.equal(estimated, estimateTokensOfChars(chars), `the fallback should be the core's estimate of ${chars} characters`);
    const offline = await createAnthropicClient({ apiKey: 'sk-ant-x', baseURL: 'http://127.0.0.1:9' }).countTokens(req);
    assert.equal(offline, estimated, 'an unreachable API should also fall back to the estimate');
    const question = '请用两句话解释 parse 函数。';
    api.fake.enqueue(serverError());
    const chinese = await api.client().countTokens(request({ messages: [{ role: 'user', content: question.repeat(100) }] }));
    // 1,000 Chinese characters (punctuation included) at about 1.3 tokens each; at 4 characters a token it said 564.
    assert.ok(chinese >= 1_300 && chinese <= 1_700 * 1.3, `the fallback for 1,700 characters, 1,000 of them Chinese, said ${chinese} tokens`);
  });

  it('never leaves an unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(api.unhandled, [], 'an errored stream leaked an unhandled rejection');
  });
});
