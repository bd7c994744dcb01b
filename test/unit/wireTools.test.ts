import assert from 'node:assert/strict';
import type { LlmRequest } from '../../src/core/model/llm';
import { toStreamParams } from '../../src/llm/wire';

const TOOL = { name: 'readFile', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };

function request(overrides: Partial<LlmRequest>): LlmRequest {
  return {
    model: 'claude-sonnet-5-5',
    system: [{ type: 'text', text: 'You are an agent.', cache: '5m' }],
    messages: [
      { role: 'user', content: 'read a.ts' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'readFile', input: { path: 'a.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: 'const a = 1;', cache: '5m' }] },
    ],
    maxTokens: 1024,
    tools: [TOOL],
    ...overrides,
  };
}

describe('tool requests on the wire', () => {
  it('caches the conversation up to the last tool result, and the tools with the system prompt', () => {
    const params = toStreamParams(request({}));
    const last = params.messages[2].content as unknown as Array<Record<string, unknown>>;
    assert.deepEqual(last[0], { type: 'tool_result', tool_use_id: 'c1', content: 'const a = 1;', cache_control: { type: 'ephemeral', ttl: '5m' } });
    assert.deepEqual(params.tools?.[0], {
      name: 'readFile',
      description: 'Reads a file',
      input_schema: { type: 'object', properties: { path: { type: 'string' } } },
      cache_control: { type: 'ephemeral', ttl: '5m' },
    });
  });

  it('forces a tool call only when asked, and only with tools', () => {
    assert.equal(toStreamParams(request({})).tool_choice, undefined);
    assert.deepEqual(toStreamParams(request({ toolChoice: 'any' })).tool_choice, { type: 'any' });
    assert.equal(toStreamParams(request({ toolChoice: 'any', tools: [] })).tool_choice, undefined, 'tool_choice without tools is refused by the API');
  });

  it('sends images as base64 sources and flags a failed tool result', () => {
    const params = toStreamParams(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'readFile', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: 'ERROR while calling tool: no such file', isError: true }] },
        ],
      }),
    );
    const first = params.messages[0].content as unknown as Array<Record<string, unknown>>;
    assert.deepEqual(first[1], { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0' } });
    const last = params.messages[2].content as unknown as Array<Record<string, unknown>>;
    assert.equal(last[0].is_error, true);
    assert.equal(last[0].cache_control, undefined, 'only a block marked for the cache gets a breakpoint');
  });
});
