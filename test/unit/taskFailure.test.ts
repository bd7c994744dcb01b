import assert from 'node:assert/strict';
import type { ToolExchange } from '../../src/core/languageModel/taskFailure';
import { detectFailure, editOf, looksLikeToolError, toolExchanges } from '../../src/core/languageModel/taskFailure';

let next = 0;
const exchange = (name: string, input: unknown, text: string, isError = looksLikeToolError(text)): ToolExchange => ({
  callId: `c${++next}`,
  name,
  input,
  result: { text, isError },
});
const failing = (message = 'ERROR while calling tool: file not found: src/parser.ts') => exchange('readFile', { path: 'src/parser.ts' }, message);
const edit = (before: string, after: string, path = 'src/parser.ts') => exchange('replaceString', { filePath: path, oldString: before, newString: after }, 'ok');

describe('signs that an agent task is failing', () => {
  it('knows VS Code’s agent’s tool errors', () => {
    assert.equal(looksLikeToolError('ERROR while calling tool: Invalid input path'), true);
    assert.equal(looksLikeToolError('Error: ENOENT'), true);
    assert.equal(looksLikeToolError('3 errors found in parser.ts'), false);
  });

  it('fires on the same tool error twice in a row, and not on one', () => {
    assert.equal(detectFailure([failing()]), undefined);
    assert.deepEqual(detectFailure([failing(), failing()]), { reason: 'the same tool error twice' });
  });

  it('does not fire on two different errors, or when a success came in between', () => {
    assert.equal(detectFailure([failing('ERROR while calling tool: a'), failing('ERROR while calling tool: b')]), undefined);
    assert.equal(detectFailure([failing(), exchange('readFile', {}, 'contents'), failing()]), undefined);
  });

  it('counts only the errors after those an escalation already answered', () => {
    const three = [failing(), failing(), failing()];
    assert.equal(detectFailure(three, 2), undefined, 'one new error after the escalation is not yet a pattern');
    assert.ok(detectFailure([...three, failing()], 2), 'two new identical errors are');
  });

  it('fires on an edit reverted and then made again', () => {
    assert.deepEqual(detectFailure([edit('a', 'b'), edit('b', 'a'), edit('a', 'b')]), { reason: 'an edit of src/parser.ts was reverted and made again' });
    assert.equal(detectFailure([edit('a', 'b'), edit('b', 'a')]), undefined, 'a revert alone is a change of mind');
    assert.equal(detectFailure([edit('a', 'b'), edit('b', 'a', 'src/other.ts'), edit('a', 'b')]), undefined, 'the revert must be in the same file');
    assert.equal(detectFailure([edit('a', 'b'), edit('b', 'a'), edit('a', 'b'), exchange('readFile', {}, 'ok')]), undefined, 'it fires on the redo, once');
  });

  it('reads edits whatever the tool calls its fields, and ignores inputs that are not edits', () => {
    assert.deepEqual(editOf({ path: 'a.ts', old_str: 'x', new_str: 'y' }), { path: 'a.ts', before: 'x', after: 'y' });
    assert.deepEqual(editOf({ file_path: 'a.ts', old_string: 'x', new_string: 'y' }), { path: 'a.ts', before: 'x', after: 'y' });
    assert.equal(editOf({ path: 'a.ts', content: 'x' }), undefined);
    assert.equal(editOf('not an object'), undefined);
  });

  it('pairs tool calls with their results from a turn on', () => {
    const exchanges = toolExchanges([
      { role: 'user', parts: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', parts: [{ type: 'toolCall', callId: 'c1', name: 'read', input: { path: 'a' } }] },
      { role: 'user', parts: [{ type: 'toolResult', callId: 'c1', text: 'ERROR while calling tool: no', isError: true }] },
      { role: 'assistant', parts: [{ type: 'toolCall', callId: 'c2', name: 'read', input: { path: 'b' } }] },
    ]);
    assert.deepEqual(exchanges.map((e) => [e.callId, e.result?.isError]), [['c1', true], ['c2', undefined]]);
  });
});
