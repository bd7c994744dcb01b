import assert from 'node:assert/strict';
import { CompletionCache } from '../../src/core/completions/completionCache';
import type { Hole } from '../../src/core/completions/hole';
import { holeAt, mayStillMatch, typedSince } from '../../src/core/completions/hole';

const budgets = { prefixChars: 6000, suffixChars: 2000 };
const hole = (prefix: string, suffix = '\n}\n'): Hole => holeAt(prefix, suffix, budgets);
const BODY = 'function total(items: Item[]) {\n  const sum = ';

describe('completion holes', () => {
  it('tells what was typed along the line since an earlier hole', () => {
    assert.equal(typedSince(hole(BODY), hole(BODY + 'items.')), 'items.');
    assert.equal(typedSince(hole(BODY), hole(BODY)), '');
    assert.equal(typedSince(hole(BODY + 'x'), hole(BODY)), undefined, 'a deletion is not typing');
    assert.equal(typedSince(hole(BODY), hole(BODY + 'a\n  ')), undefined, 'a new line is not typing along the line');
    assert.equal(typedSince(hole(BODY), hole(BODY + 'a', '\n};\n')), undefined, 'the text after the cursor changed');
    assert.equal(typedSince(hole(BODY), hole(BODY.replace('total', 'sum') + 'a')), undefined, 'a line above changed');
  });

  it('still recognises typing when a long file moves where the prefix budget cuts', () => {
    const long = Array.from({ length: 400 }, (_, i) => `const line${i} = ${i};`).join('\n') + '\nconst next = ';
    const small = { prefixChars: 500, suffixChars: 100 };
    const before = holeAt(long, '', small);
    const after = holeAt(`${long}compute(`, '', small);
    assert.ok(before.prefix.length <= 500 && after.prefix.length <= 500);
    assert.equal(typedSince(before, after), 'compute(');
  });

  it('cuts a hole exactly as the prompt does, so one hole is one prompt', () => {
    const big = 'x'.repeat(10) + '\n' + 'y'.repeat(300);
    assert.deepEqual(holeAt(big, 'tail', { prefixChars: 305, suffixChars: 2 }), { prefix: 'y'.repeat(300), suffix: 'ta' });
  });

  it('knows when a streaming answer may still match what was typed', () => {
    assert.equal(mayStillMatch('', 'abc'), true, 'nothing streamed yet may match anything');
    assert.equal(mayStillMatch('items.len', 'items.'), true);
    assert.equal(mayStillMatch('it', 'items.'), true);
    assert.equal(mayStillMatch('total', 'items'), false);
  });
});

describe('completion cache', () => {
  it('gives the same answer for the same hole', () => {
    const cache = new CompletionCache();
    cache.set({ hole: hole(BODY), text: 'items.length;', recordId: 'r1' });
    assert.deepEqual(cache.get(hole(BODY)), { text: 'items.length;', recordId: 'r1', typed: '' });
    assert.equal(cache.get(hole(BODY, '\n};\n')), undefined, 'a different suffix is a different hole');
  });

  it('gives the rest of an answer the user is typing through, and nothing once it is all typed', () => {
    const cache = new CompletionCache();
    cache.set({ hole: hole(BODY), text: 'items.length;', recordId: 'r1' });
    assert.deepEqual(cache.get(hole(BODY + 'items.')), { text: 'length;', recordId: 'r1', typed: 'items.' });
    assert.equal(cache.get(hole(BODY + 'itemz')), undefined, 'typing something else is a miss');
    assert.equal(cache.get(hole(BODY + 'items.length;')), undefined, 'nothing is left to suggest');
  });

  it('prefers the answer asked closest to the cursor', () => {
    const cache = new CompletionCache();
    cache.set({ hole: hole(BODY + 'items.'), text: 'length;', recordId: 'near' });
    cache.set({ hole: hole(BODY), text: 'items.lengthOf();', recordId: 'far' });
    assert.equal(cache.get(hole(BODY + 'items.len'))?.recordId, 'near');
  });

  it('keeps an empty answer for its exact hole only', () => {
    const cache = new CompletionCache();
    cache.set({ hole: hole(BODY), text: '', recordId: 'r1' });
    assert.deepEqual(cache.get(hole(BODY)), { text: '', recordId: 'r1', typed: '' });
    assert.equal(cache.get(hole(BODY + 'a')), undefined);
  });

  it('forgets the least recently used hole first', () => {
    const cache = new CompletionCache(2);
    cache.set({ hole: hole('a = '), text: '1', recordId: 'a' });
    cache.set({ hole: hole('b = '), text: '2', recordId: 'b' });
    assert.ok(cache.get(hole('a = ')), 'reading "a" makes "b" the oldest');
    cache.set({ hole: hole('c = '), text: '3', recordId: 'c' });
    assert.equal(cache.size, 2);
    assert.equal(cache.get(hole('b = ')), undefined, '"b" should have been evicted');
    assert.ok(cache.get(hole('a = ')) && cache.get(hole('c = ')));
  });
});
