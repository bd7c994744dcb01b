import assert from 'node:assert/strict';
import type { TextBlock } from '../../src/core/model/llm';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { buildCommandPrompt } from '../../src/core/prompts/commandPrompt';
import { HOLE, buildCompletionPrompt, opensEmptyBlock } from '../../src/core/prompts/completionPrompt';
import { fitToBudget, looksBinary, renderContext } from '../../src/core/prompts/contextText';

describe('completion prompt', () => {
  it('is single-line with a newline stop and a small max_tokens in the middle of a line', () => {
    const prompt = buildCompletionPrompt({ path: 'a.ts', languageId: 'typescript', prefix: 'const total = items.', suffix: '\nexport {};' })!;
    assert.equal(prompt.multiLine, false);
    assert.deepEqual(prompt.stopSequences, ['\n', '</file>']);
    assert.equal(prompt.maxTokens, 64);
    assert.match(prompt.messages[0].content as string, new RegExp(`const total = items\\.${HOLE}\\nexport \\{\\};`));
  });

  it('is multi-line when the cursor opens an empty block', () => {
    const prompt = buildCompletionPrompt({ path: 'a.ts', languageId: 'typescript', prefix: 'function sum(xs: number[]) {\n  ', suffix: '\n}\n' })!;
    assert.equal(prompt.multiLine, true);
    assert.equal(prompt.maxTokens, 256);
    assert.ok(!prompt.stopSequences.includes('\n'));
  });

  it('recognises empty blocks across languages, and not filled ones', () => {
    assert.equal(opensEmptyBlock('def f(x):\n    ', '\n\ndef g():\n    pass'), true);
    assert.equal(opensEmptyBlock('if (ok) {', '\n}'), true);
    assert.equal(opensEmptyBlock('if (ok) {\n  ', '\n  return 1;\n}'), false);
    assert.equal(opensEmptyBlock('call(', ')'), false);
    assert.equal(opensEmptyBlock('const x = 1;\n', '\n'), false);
  });

  it('puts the fixed instructions first, marked for caching', () => {
    const prompt = buildCompletionPrompt({ path: 'a.py', languageId: 'python', prefix: 'x = ', suffix: '' })!;
    assert.equal(prompt.system[0].cache, '5m');
    assert.match(prompt.system[0].text, /exactly the text that belongs at the hole/);
  });

  it('cuts prefix and suffix to their budgets at line boundaries', () => {
    const prefix = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\nconst x = ';
    const suffix = '\n' + Array.from({ length: 1000 }, (_, i) => `after ${i}`).join('\n');
    const prompt = buildCompletionPrompt({ path: 'a.ts', languageId: 'typescript', prefix, suffix, prefixChars: 200, suffixChars: 100 })!;
    assert.ok(prompt.prefix.length <= 200 && prompt.prefix.endsWith('const x = '));
    assert.match(prompt.prefix, /^line \d+\n/, 'the prefix should start at a whole line');
    assert.ok(prompt.suffix.length <= 100);
  });

  it('refuses binary text', () => {
    assert.equal(buildCompletionPrompt({ path: 'a.bin', languageId: 'plaintext', prefix: 'PK\u0003\u0004\u0000\u0000', suffix: '' }), undefined);
  });
});

describe('chat prompt', () => {
  it('caches the system prompt and the history up to the last answer, and puts context before the question', () => {
    const prompt = buildChatPrompt({
      history: [
        { role: 'user', text: 'What is a monad?' },
        { role: 'assistant', text: 'A monoid in the category of endofunctors.' },
      ],
      question: 'Explain this',
      context: [{ label: 'selection in a.ts', path: 'a.ts', languageId: 'typescript', text: 'const x = 1;' }],
    });
    assert.equal(prompt.system[0].cache, '5m');
    assert.equal(prompt.messages.length, 3);
    const lastAnswer = prompt.messages[1].content as readonly TextBlock[];
    assert.equal(lastAnswer[0].cache, '5m');
    assert.match(prompt.messages[2].content as string, /<context label="selection in a.ts" path="a.ts" language="typescript">\nconst x = 1;\n<\/context>\n\nExplain this$/);
  });

  it('keeps roles alternating when an earlier question got no answer', () => {
    const prompt = buildChatPrompt({ history: [{ role: 'user', text: 'first' }, { role: 'assistant', text: '' }], question: 'second' });
    assert.deepEqual(prompt.messages.map((m) => m.role), ['user', 'assistant', 'user']);
  });
});

describe('command prompt', () => {
  it('asks each command for a format it can parse', () => {
    const prompt = buildCommandPrompt({ kind: 'review', context: [{ label: 'diff', text: '+x' }] });
    assert.match(prompt.system[0].text, /path:line: severity: message/);
    assert.equal(prompt.system[0].cache, '5m');
    const refactor = buildCommandPrompt({ kind: 'refactor', instruction: 'use early returns', context: [] });
    assert.match(refactor.messages[0].content as string, /The user asks: use early returns/);
  });
});

describe('context text', () => {
  it('keeps the head and the tail of a long file and says how much it left out', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `row ${i}`).join('\n');
    const fitted = fitToBudget(text, 2000);
    assert.ok(fitted.text.length < 2200);
    assert.match(fitted.text, /^row 0\n/);
    assert.match(fitted.text, /row 9999$/);
    assert.match(fitted.text, /\[\d+ lines omitted to fit the context budget\]/);
  });
  it('leaves binary content out', () => {
    assert.equal(looksBinary('abc\u0000def'), true);
    assert.match(renderContext([{ label: 'image', text: '\u0000\u0001' }], 100), /\[binary content left out\]/);
  });
});

describe('validation prompt', () => {
  it('sends only the plan and the requirements, in one user message, asking for what is wrong', () => {
    const prompt = buildCommandPrompt({ kind: 'validation', context: [{ label: 'the plan', text: '## Step 1: add a cache\nFiles: src/cache.ts' }, { label: 'the requirements', text: 'Prices must never be stale.' }] });
    assert.equal(prompt.messages.length, 1, 'a validation must carry no earlier turn');
    const text = prompt.messages[0].content as string;
    assert.match(text, /Step 1: add a cache/, 'the plan is missing from the request');
    assert.match(text, /never be stale/, 'the requirements are missing from the request');
    assert.match(prompt.system[0].text, /confirmation bias/, 'the system prompt does not ask for a critical reading');
    assert.match(prompt.system[0].text, /missing steps/);
  });
});
