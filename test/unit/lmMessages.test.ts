import assert from 'node:assert/strict';
import type { LmMessage, LmPart } from '../../src/core/languageModel/lmMessages';
import { toPortConversation, withoutNotices } from '../../src/core/languageModel/lmMessages';
import type { ContentBlock } from '../../src/core/model/llm';

const user = (...parts: LmPart[]): LmMessage => ({ role: 'user', parts });
const assistant = (...parts: LmPart[]): LmMessage => ({ role: 'assistant', parts });
const text = (value: string): LmPart => ({ type: 'text', text: value });
const call = (callId: string, input: unknown = {}): LmPart => ({ type: 'toolCall', callId, name: 'readFile', input });
const result = (callId: string, value: string, isError = false): LmPart => ({ type: 'toolResult', callId, text: value, isError });

function blocks(content: string | readonly ContentBlock[]): readonly ContentBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

describe('VS Code language model messages on the LLM port', () => {
  it('maps text, tool calls, tool results and images, and caches the system prompt and the conversation’s end', () => {
    const port = toPortConversation(
      [
        { role: 'system', parts: [text('You are an agent.')] },
        user(text('what is in this file?'), { type: 'image', mimeType: 'image/png', data: 'iVBORw0' }),
        assistant(text('Reading it.'), call('c1', { path: 'a.ts' })),
        user(result('c1', 'export const a = 1;')),
      ],
      'fallback',
    );
    assert.deepEqual(port.system, [{ type: 'text', text: 'You are an agent.', cache: '5m' }]);
    assert.deepEqual(port.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual(blocks(port.messages[0].content)[1], { type: 'image', mediaType: 'image/png', data: 'iVBORw0' });
    assert.deepEqual(blocks(port.messages[1].content)[1], { type: 'tool_use', id: 'c1', name: 'readFile', input: { path: 'a.ts' } });
    assert.deepEqual(blocks(port.messages[2].content), [{ type: 'tool_result', toolUseId: 'c1', content: 'export const a = 1;', cache: '5m' }]);
  });

  it('uses the fallback system prompt when the caller sends none', () => {
    assert.deepEqual(toPortConversation([user(text('hi'))], 'Be brief.').system, [{ type: 'text', text: 'Be brief.', cache: '5m' }]);
  });

  it('merges turns of the same role, drops empty text and a leading answer, so roles alternate', () => {
    const port = toPortConversation([assistant(text('Hello!')), user(text('one')), user(text('  ')), user(text('two')), assistant(text(''))], 'system');
    assert.equal(port.messages.length, 1);
    assert.deepEqual(blocks(port.messages[0].content).map((b) => (b.type === 'text' ? b.text : b.type)), ['one', 'two']);
  });

  it('answers a tool call the editor never ran, and turns a result without its call into text', () => {
    const port = toPortConversation([user(text('go')), assistant(call('c1'), call('c2')), user(result('c2', 'done'), result('c9', 'stray'))], 'system');
    const last = blocks(port.messages[2].content);
    assert.deepEqual(
      last.map((b) => (b.type === 'tool_result' ? `result ${b.toolUseId}${b.isError ? ' (error)' : ''}` : b.type === 'text' ? b.text : b.type)),
      ['result c2', 'result c1 (error)', 'Result of tool call c9: stray'],
      'tool results come first, one for every call',
    );
  });

  it('closes a conversation that ends in tool calls with their results', () => {
    const port = toPortConversation([user(text('go')), assistant(call('c1'))], 'system');
    assert.equal(port.messages[port.messages.length - 1].role, 'user');
    assert.deepEqual(blocks(port.messages[2].content)[0], { type: 'tool_result', toolUseId: 'c1', content: 'The tool was not run.', isError: true, cache: '5m' });
  });

  it('keeps a tool error flagged, and describes an image type the model cannot read', () => {
    const port = toPortConversation([user(text('go')), assistant(call('c1')), user(result('c1', 'ERROR while calling tool: boom', true), { type: 'image', mimeType: 'image/bmp', data: 'Qk0' })], 's');
    const last = blocks(port.messages[2].content);
    assert.equal(last[0].type === 'tool_result' && last[0].isError, true);
    assert.match(last[1].type === 'text' ? last[1].text : '', /image\/bmp was left out/);
  });

  it('leaves Model Router’s own notices out of earlier answers', () => {
    assert.equal(withoutNotices('↑ Model Router: escalated to frontier after the same tool error twice\n\nFixed it.'), '\nFixed it.');
    const port = toPortConversation([user(text('q')), assistant(text('↑ Model Router: balanced → frontier (x)\n\nAnswer')), user(text('next'))], 's');
    assert.deepEqual(blocks(port.messages[1].content), [{ type: 'text', text: '\nAnswer' }]);
  });
});
