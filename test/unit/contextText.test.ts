import assert from 'node:assert/strict';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { contextNotes, fitSource } from '../../src/core/prompts/contextText';
import type { TextSource } from '../../src/core/prompts/contextText';

/** A document of `lines` numbered lines, read only through slice, which counts what it copies. */
function bigSource(lines: number): TextSource & { charsRead: number; text: string } {
  const text = Array.from({ length: lines }, (_, i) => `const line${i} = ${i}; // padding to make the line longer`).join('\n');
  const source = {
    text,
    charsRead: 0,
    length: text.length,
    lineCount: lines,
    slice(start: number, end: number) {
      source.charsRead += end - start;
      return text.slice(start, end);
    },
  };
  return source;
}

describe('context from a huge or binary file', () => {
  it('reads only the head and tail of a 20 MB document and counts the lines left out exactly', () => {
    const source = bigSource(400_000);
    assert.ok(source.length > 20_000_000, `the fixture is ${source.length} chars`);
    const { text, omittedLines } = fitSource(source, 30_000);
    assert.ok(source.charsRead <= 30_000, `read ${source.charsRead} chars of a 20 MB document`);
    assert.ok(text.length <= 30_000 + 80, `the text sent is ${text.length} chars`);
    assert.ok(text.startsWith('const line0 = 0;'));
    assert.ok(text.endsWith('const line399999 = 399999; // padding to make the line longer'), 'the tail is the real end of the file');
    const kept = text.split('\n').filter((line) => line.startsWith('const line')).length;
    assert.equal(kept + omittedLines, 400_000, 'every line is either sent or counted as left out');
    assert.match(text, new RegExp(`\\[${omittedLines} lines omitted to fit the context budget\\]`));
  });

  it('passes a small document whole', () => {
    const source = bigSource(10);
    assert.deepEqual(fitSource(source, 30_000), { text: source.text, omittedLines: 0 });
  });

  it('tells the user what was left out: binary content, and lines cut from a long item', () => {
    const notes = contextNotes(
      [
        { label: 'file assets/logo.png', text: '\u0000' },
        { label: 'file big.ts', text: 'head', omittedLines: 399_000 },
        { label: 'selection in a.ts:1-2', text: 'short' },
      ],
      60_000,
    );
    assert.deepEqual(notes, ['file assets/logo.png: binary content left out', 'file big.ts: 399,000 lines in the middle left out to fit the context budget']);
  });

  it('never sends binary content as text', () => {
    const { messages } = buildChatPrompt({ history: [], question: 'what is this?', context: [{ label: 'file logo.png', text: '\u0000PNG\u0000\u0001' }] });
    const question = messages[messages.length - 1].content as string;
    assert.ok(!question.includes('\u0000'), 'a NUL reached the prompt');
    assert.match(question, /\[binary content left out\]/);
  });
});
