import * as assert from 'node:assert/strict';
import { bracketProblem, editAnswerProblem, fencedBlocks, firstFencedCode, proseOf } from '../../src/core/agent/fencedCode';
import { findingsReport, parseFindings } from '../../src/core/agent/findings';
import { isTestFile, testFilePath } from '../../src/core/agent/testFilePath';
import { cleanCommitMessage, filesInDiff } from '../../src/core/agent/diffText';

describe('agent answers', () => {
  describe('fenced code', () => {
    it('finds every block with its info string, backtick and tilde fences alike', () => {
      const answer = 'Here:\n\n```ts\nconst a = 1;\n```\n\nand\n~~~src/b.py\nprint(1)\n~~~\nDone.';
      assert.deepEqual(fencedBlocks(answer), [
        { info: 'ts', code: 'const a = 1;' },
        { info: 'src/b.py', code: 'print(1)' },
      ]);
      assert.equal(firstFencedCode(answer), 'const a = 1;');
      assert.equal(proseOf(answer), 'Here:\n\nand\n\nDone.');
    });

    it('keeps shorter fences inside a longer one as code', () => {
      assert.equal(firstFencedCode('````md\n```js\nx\n```\n````'), '```js\nx\n```');
    });

    it('reads 80 KB of unclosed fences in linear time (a backtracking reading took 6 s on the extension host)', () => {
      const hostile = `Intro\n${'```ts\nx\n'.repeat(10_000)}\n~~~~\ncode\n~~~\n`;
      const started = performance.now();
      const blocks = fencedBlocks(hostile);
      const ms = performance.now() - started;
      assert.ok(ms < 500, `80 KB of unclosed fences took ${ms.toFixed(0)} ms`);
      assert.deepEqual(blocks, [{ info: '~', code: 'code' }], 'only the tilde block closes (on a shorter fence, as before)');
    });

    it('reads every answer as the regular expression it replaces does, CR and all', () => {
      // The reading before (quadratic on unclosed fences), kept as the reference.
      const reference = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\n`]*?)[ \t]*\n([\s\S]*?)\n?^\1\2[ \t]*$/gm;
      const pieces = ['```', '~~~', '````', '~~~~', '`', '~', ' ', '\t', '\n', '\n', '\r', 'a', 'ts'];
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % pieces.length;
      for (let i = 0; i < 20_000; i++) {
        const text = Array.from({ length: 1 + (i % 13) }, () => pieces[next()]).join('');
        const expected = [...text.matchAll(reference)].map((m) => ({ info: m[3], code: m[4] }));
        assert.deepEqual(fencedBlocks(text), expected, `fenced blocks of ${JSON.stringify(text)}`);
        assert.equal(proseOf(text), text.replace(reference, '').replace(/\n{3,}/g, '\n\n').trim(), `prose of ${JSON.stringify(text)}`);
      }
    });

    it('says there is no code when the answer has no fence', () => {
      assert.equal(firstFencedCode('just prose'), undefined);
      assert.equal(editAnswerProblem('just prose'), 'the answer has no code block to apply');
    });

    it('accepts balanced code and ignores brackets in strings and comments', () => {
      assert.equal(bracketProblem('function f(a) { return "(" + a[0]; } // )'), undefined);
      assert.equal(bracketProblem('def f():\n    return "}"  # {\n'), undefined);
      assert.equal(editAnswerProblem('```ts\nconst f = () => { return [1, 2]; };\n```'), undefined);
    });

    it('names the problem when brackets do not balance', () => {
      assert.equal(bracketProblem('function f( {'), '2 unclosed brackets (“{”)');
      assert.match(bracketProblem('a)') ?? '', /unmatched “\)”/);
      assert.match(editAnswerProblem('```ts\nfunction broken( {\n```') ?? '', /does not parse: 2 unclosed brackets/);
    });
  });

  describe('findings', () => {
    it('parses `path:line: severity: message` lines and keeps the rest as the summary', () => {
      const answer = [
        'src/app.ts:12: error: SQL built from user input',
        '- `src/util.ts:3:7: warning: unused variable`',
        'src/app.ts:40: high: token logged',
        '',
        '## Summary',
        'Mostly fine.',
      ].join('\n');
      const parsed = parseFindings(answer);
      assert.deepEqual(parsed.findings, [
        { path: 'src/app.ts', line: 12, severity: 'error', message: 'SQL built from user input' },
        { path: 'src/util.ts', line: 3, severity: 'warning', message: 'unused variable' },
        { path: 'src/app.ts', line: 40, severity: 'error', message: 'token logged' },
      ]);
      assert.equal(parsed.summary, '## Summary\nMostly fine.');
    });

    it('does not mistake prose with colons or URLs for findings', () => {
      const parsed = parseFindings('Note: see https://example.com:443/x for details\nTime: 10:30');
      assert.equal(parsed.findings.length, 0, JSON.stringify(parsed.findings));
    });

    it('reports findings most severe first, with the header', () => {
      const parsed = parseFindings('a.ts:1: info: style\nb.ts:2: error: bug | pipe\nSummary.');
      const report = findingsReport('Review', 'Sonnet 5.5 · balanced', parsed);
      assert.ok(report.indexOf('b.ts:2') < report.indexOf('a.ts:1'), report);
      assert.match(report, /bug \\\| pipe/);
      assert.match(report, /^# Review\n\n_Sonnet 5\.5 · balanced_/);
      assert.match(findingsReport('Review', 'h', parseFindings('All good.')), /_No findings\._/);
    });
  });

  describe('test file path', () => {
    it('puts the test beside the source with the name its runner finds', () => {
      assert.equal(testFilePath('src/date/parse.ts'), 'src/date/parse.test.ts');
      assert.equal(testFilePath('pkg/util.py'), 'pkg/test_util.py');
      assert.equal(testFilePath('cmd/main.go'), 'cmd/main_test.go');
      assert.equal(testFilePath('src/Foo.java'), 'src/FooTest.java');
      assert.equal(testFilePath('Makefile'), 'Makefile.test');
    });

    it('keeps a test file as it is', () => {
      assert.ok(isTestFile('src/a.spec.tsx'));
      assert.equal(testFilePath('src/a.test.ts'), 'src/a.test.ts');
      assert.equal(testFilePath('test_x.py'), 'test_x.py');
    });
  });
});

describe('diffs and commit messages', () => {
  it('lists the files a diff touches, renames by their new path', () => {
    const diff = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-x\n+y\ndiff --git a/old.md b/docs/new.md\nrename from old.md\n';
    assert.deepEqual(filesInDiff(diff), ['src/a.ts', 'docs/new.md']);
    assert.deepEqual(filesInDiff(''), []);
  });

  it('cleans a commit message of fences, preambles and quotes, and keeps the summary within 72 characters', () => {
    assert.equal(cleanCommitMessage('```\nAdd the cache\n\nBecause it is slow.\n```'), 'Add the cache\n\nBecause it is slow.');
    assert.equal(cleanCommitMessage('Here is the commit message:\n\n"Fix the parser"'), 'Fix the parser');
    const long = cleanCommitMessage(`${'a'.repeat(90)}\n\nbody`);
    assert.equal(long.split('\n')[0].length, 72);
    assert.match(long, /…\n\nbody$/);
  });
});
