import assert from 'node:assert/strict';
import { classify } from '../../src/core/routing/classifier';
import { filesMentioned, sensitiveTerms } from '../../src/core/routing/scope';

describe('classify', () => {
  const cases: Array<[string, string]> = [
    ['Write a commit message for these changes', 'commitMessage'],
    ['add a docstring to this function', 'docstring'],
    ['organize imports', 'imports'],
    ['summarize this file', 'summarize'],
    ['scaffold a new express app', 'boilerplate'],
    ['update the README with the new flags', 'docs'],
    ['explain this regex-free parser', 'explain'],
    ['what does this function return?', 'explain'],
    ['write tests for the tokenizer', 'tests'],
    ['implement a LRU cache class', 'implement'],
    ['fix the crash when the list is empty', 'bugfix'],
    ['refactor this function to use early returns', 'refactor'],
    ['review my diff', 'review'],
    ['write a SQL query for monthly active users', 'query'],
    ['plan the migration step by step', 'migration'],
    ['propose an architecture for the ingestion pipeline', 'architecture'],
    ['design the REST endpoints for orders', 'apiDesign'],
    ['debug why the upload hangs intermittently', 'debug'],
    ['there is a race condition in the job queue, fix it', 'concurrency'],
    ['optimize this loop, it is too slow', 'performance'],
    ['check this handler for SQL injection', 'security'],
    ['rename the variable', 'rename'],
    ['rename the config key across all services', 'multiFileRefactor'],
    ['is there a built-in for this?', 'question'],
  ];
  for (const [text, kind] of cases) {
    it(`“${text}” → ${kind}`, () => {
      const result = classify(text);
      assert.equal(result.kind, kind, `matched ${JSON.stringify(result.matched)}`);
    });
  }

  it('treats a stack trace as a bug report', () => {
    const text = 'TypeError: x is undefined\n    at parse (src/parse.ts:10:5)\n    at main (src/main.ts:3:1)';
    assert.equal(classify(text).kind, 'bugfix');
  });

  it('a refactor across 3+ files is a multi-file refactor', () => {
    assert.equal(classify('refactor these', { files: ['a.ts', 'b.ts', 'c.ts'] }).kind, 'multiFileRefactor');
  });

  it('falls back to implement with zero confidence when nothing matches', () => {
    assert.deepEqual(classify('make the button blue'), { kind: 'implement', confidence: 0, matched: [] });
  });

  it('classifies a huge pasted prompt quickly by its head and tail', () => {
    const text = `write tests for this\n${'const x = 1;\n'.repeat(200_000)}`;
    const start = process.hrtime.bigint();
    assert.equal(classify(text).kind, 'tests');
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 50, 'classifying a 2.6 MB prompt should not scan all of it');
  });
});

describe('scope helpers', () => {
  it('finds file names in a prompt', () => {
    assert.deepEqual(filesMentioned('fix src/auth/session.ts and `api.py`, then README.md.'), ['src/auth/session.ts', 'api.py', 'README.md']);
  });
  it('matches sensitive words whole, plurals included, phrases in a row', () => {
    assert.deepEqual(sensitiveTerms('src/authMiddleware/tokens.ts', ['auth', 'token']), ['auth', 'token']);
    assert.deepEqual(sensitiveTerms('src/tokenizer/lexer.ts', ['token']), []);
    assert.deepEqual(sensitiveTerms('Write the schema migration for users', ['schema migration']), ['schema migration']);
    assert.deepEqual(sensitiveTerms('the schema and a migration', ['schema migration']), []);
  });
});
