import assert from 'node:assert/strict';
import type { CompletionContext } from '../../src/core/completions/completionCheck';
import { checkCompletion } from '../../src/core/completions/completionCheck';
import { holeAt } from '../../src/core/completions/hole';
import { postProcess, stripFences } from '../../src/core/completions/postProcess';
import { opensEmptyBlock } from '../../src/core/prompts/completionPrompt';

function at(prefix: string, suffix = '', languageId = 'typescript'): CompletionContext {
  const hole = holeAt(prefix, suffix, { prefixChars: 6000, suffixChars: 2000 });
  return { hole, languageId, multiLine: opensEmptyBlock(hole.prefix, hole.suffix) };
}

describe('completion post-processing', () => {
  it('strips code fences and keeps the code', () => {
    assert.equal(stripFences('```ts\nreturn total;\n```'), 'return total;');
    assert.equal(stripFences('```\nx\n```\n'), 'x');
    assert.equal(postProcess('```typescript', at('const x = ')), '', 'a one-line answer that is only a fence is nothing');
    assert.equal(postProcess('return `a`;', at('  ')), 'return `a`;', 'backticks inside code stay');
  });

  it('keeps one line for a one-line hole and drops whitespace-only answers', () => {
    assert.equal(postProcess('items.length;\nconsole.log(1);', at('const n = ')), 'items.length;');
    assert.equal(postProcess('   \n  ', at('const n = ')), '');
    assert.equal(postProcess('items.length;   ', at('const n = ')), 'items.length;', 'trailing blanks go');
  });

  it('drops what repeats the line before the cursor', () => {
    assert.equal(postProcess('return total;', at('function f() {\n  return ')), 'total;');
    assert.equal(postProcess('    return 1;', at('function f() {\n    ', '\n}')), 'return 1;', 'repeated indentation goes');
  });

  it('drops what repeats the rest of the line, where that keeps brackets balanced', () => {
    assert.equal(postProcess('b)', at('foo(a, ', ')')), 'b', '`)` is already after the cursor');
    assert.equal(postProcess('g(x)', at('foo(a, ', ')')), 'g(x)', 'g’s own `)` must stay');
    assert.equal(postProcess('x + 1;', at('const y = ', ' + 1;')), 'x');
    assert.equal(postProcess('result);', at('log(', ');')), 'result');
    assert.equal(postProcess('max', at('const a = ', 'x')), 'max', 'one letter in common is chance');
  });

  it('drops the closing lines of a block answer that follow the cursor already', () => {
    const context = at('function sum(xs: number[]) {\n  ', '\n}\n');
    assert.equal(context.multiLine, true);
    assert.equal(postProcess('let total = 0;\n  for (const x of xs) total += x;\n  return total;\n}', context), 'let total = 0;\n  for (const x of xs) total += x;\n  return total;');
  });
});

describe('completion local check', () => {
  it('passes balanced completions, including one that opens a block going on below', () => {
    assert.equal(checkCompletion('items.map((item) => item.price);', at('const prices = ')), undefined);
    assert.equal(checkCompletion('if (ready) {', at('  ')), undefined);
    assert.equal(checkCompletion('b)', at('foo(a, ')), undefined, 'closing what the line opened is fine');
    assert.equal(checkCompletion('a, b', at('foo(', ')')), undefined, 'the rest of the line closes it');
    assert.equal(checkCompletion('', at('x')), undefined, 'nothing to check');
  });

  it('fails brackets that do not match, close nothing, stay open or close twice', () => {
    assert.match(checkCompletion('foo(a]', at('const x = '))!, /another kind/);
    assert.match(checkCompletion('total);', at('const x = '))!, /not open/);
    assert.match(checkCompletion('compute(a, b', at('const x = '))!, /leaves a bracket open/);
    assert.match(checkCompletion('a.b(c, d))', at('foo(', ')'))!, /already closes/, 'the line’s own `)` would close nothing');
  });

  it('ignores brackets inside strings and comments of the file’s language', () => {
    assert.equal(checkCompletion('"(" + name;', at('const open = ')), undefined);
    assert.equal(checkCompletion('x  // closes )', at('const a = ')), undefined);
    assert.equal(checkCompletion('x  # closes )', at('a = ', '', 'python')), undefined);
    assert.equal(checkCompletion("it's)", at('print("', '', 'python')), undefined, 'the cursor is inside a string');
  });

  it('reads the open brackets of a long prefix, even one the budget cut in the middle', () => {
    const prefix = '}\n}\n' + 'call(first,\n  second,\n  ';
    assert.equal(checkCompletion('third)', at(prefix)), undefined);
  });

  it('fails an answer that only repeats the next line', () => {
    assert.match(checkCompletion('return total;', at('  ', '\n  return total;\n}'))!, /repeats the next line/);
  });
});
