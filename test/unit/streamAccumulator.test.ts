/**
 * Usage bookkeeping of a stream, event by event: the numbers a user's spend total is built from,
 * including the wire shapes the fake API does not send (no TTL split, no final usage).
 */
import * as assert from 'node:assert/strict';
import type { LlmDelta } from '../../src/core/model/llm';
import { StreamAccumulator } from '../../src/llm/streamAccumulator';

type StreamEvent = Parameters<StreamAccumulator['add']>[0];

/** Builds an event with only the fields the accumulator reads; the SDK type has many more. */
function event(raw: Record<string, unknown>): StreamEvent {
  return raw as unknown as StreamEvent;
}

function start(usage: Record<string, unknown>): StreamEvent {
  return event({ type: 'message_start', message: { model: 'claude-sonnet-5-5', usage } });
}

function textDelta(text: string): StreamEvent {
  return event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
}

describe('stream usage bookkeeping', () => {
  it('counts cache writes without a TTL split as 5-minute writes', () => {
    const acc = new StreamAccumulator('m');
    acc.add(start({ input_tokens: 10, output_tokens: 1, cache_creation_input_tokens: 500, cache_read_input_tokens: 20 }));
    acc.add(event({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } }));
    acc.add(event({ type: 'message_stop' }));
    assert.deepEqual(acc.usage(), { inputTokens: 10, outputTokens: 7, cacheWrite5mTokens: 500, cacheWrite1hTokens: 0, cacheReadTokens: 20 });
  });

  it('replaces cumulative message_delta usage instead of adding it up', () => {
    const acc = new StreamAccumulator('m');
    acc.add(start({ input_tokens: 10, output_tokens: 1 }));
    acc.add(event({ type: 'message_delta', delta: { stop_reason: null }, usage: { input_tokens: 10, output_tokens: 5 } }));
    acc.add(event({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { input_tokens: 10, output_tokens: 9, output_tokens_details: { thinking_tokens: 3 } } }));
    acc.add(event({ type: 'message_stop' }));
    const usage = acc.usage();
    assert.equal(usage.inputTokens, 10, 'input tokens repeated in message_delta must not double');
    assert.equal(usage.outputTokens, 9);
    assert.equal(usage.thinkingTokens, 3);
    assert.equal(acc.stopReason, 'end_turn');
    assert.equal(acc.model, 'claude-sonnet-5-5', 'the model echoed in message_start wins');
  });

  it('estimates output already streamed when the stream breaks before its final usage', () => {
    const acc = new StreamAccumulator('m');
    acc.add(start({ input_tokens: 10, output_tokens: 1 }));
    acc.add(textDelta('x'.repeat(70)));
    assert.equal(acc.finished, false);
    assert.equal(acc.usage().outputTokens, 20, '70 characters at 3.5 per token');
    assert.equal(acc.text, 'x'.repeat(70));
  });

  it('estimates a broken Chinese or Japanese answer at about a token a character, not a quarter of that', () => {
    const acc = new StreamAccumulator('m');
    acc.add(start({ input_tokens: 10, output_tokens: 1 }));
    acc.add(textDelta('这个函数在并发调用时会重复扣款'.repeat(5))); // 75 characters
    acc.add(textDelta('認証トークンの更新処理を見直します')); // 17 characters
    const tokens = acc.usage().outputTokens;
    assert.ok(tokens >= 92 && tokens <= 110, `92 CJK characters estimated at ${tokens} tokens (by characters alone: 27)`);
  });

  it('emits a tool call once its JSON is complete, and none for JSON cut off by max_tokens', () => {
    const deltas: LlmDelta[] = [];
    const acc = new StreamAccumulator('m', (d) => deltas.push(d));
    acc.add(start({ input_tokens: 1, output_tokens: 1 }));
    acc.add(event({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't1', name: 'open', input: {} } }));
    acc.add(event({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"path":' } }));
    assert.deepEqual(deltas, [], 'no tool call before the block ends');
    acc.add(event({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"a.ts"}' } }));
    acc.add(event({ type: 'content_block_stop', index: 0 }));
    assert.deepEqual(deltas, [{ type: 'toolUse', id: 't1', name: 'open', input: { path: 'a.ts' } }]);
    acc.add(event({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 't2', name: 'open', input: {} } }));
    acc.add(event({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"pa' } }));
    acc.add(event({ type: 'content_block_stop', index: 1 }));
    assert.equal(deltas.length, 1, 'a truncated tool call must not be emitted');
  });
});
