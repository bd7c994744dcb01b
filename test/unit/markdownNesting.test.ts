import assert from 'node:assert/strict';
import { capMarkdownNesting, MAX_QUOTE_DEPTH } from '../../src/core/validation/markdownNesting';

/** The part of marked's tokens these tests read. */
interface Token {
  readonly type: string;
  readonly tokens?: Token[];
}
interface MarkedLexer {
  lex(text: string, options: { gfm: boolean }): Token[];
}

// marked is an ES module and the unit tests are CommonJS, so it is loaded with import().
let Lexer: MarkedLexer;
before(async () => {
  Lexer = ((await import('marked')) as unknown as { Lexer: MarkedLexer }).Lexer;
});

/** What the chat webview does with an answer before rendering it (src/webview/chat/markdown.ts#lexBlocks). */
const lex = (text: string): Token[] => Lexer.lex(capMarkdownNesting(text), { gfm: true });

function quoteDepth(tokens: Token[]): number {
  let depth = 0;
  let level: Token[] = tokens;
  for (;;) {
    const quote = level.find((token) => token.type === 'blockquote');
    if (!quote?.tokens) return depth;
    depth++;
    level = quote.tokens;
  }
}

describe('hostile nesting in a chat answer', () => {
  it('lexes 2,500 nested > (which overflows marked unchanged) into a capped quote', () => {
    const hostile = `${'>'.repeat(2500)} hi`;
    assert.throws(() => Lexer.lex(hostile, { gfm: true }), RangeError, 'the premise: marked alone overflows on this answer');
    const tokens = lex(hostile);
    assert.equal(quoteDepth(tokens), MAX_QUOTE_DEPTH, 'the quote keeps the capped depth');
    assert.match(JSON.stringify(tokens), /hi/, 'the text is still there');
  });

  it('lexes a 3,000-deep nested list quickly', () => {
    const list = Array.from({ length: 3000 }, (_, depth) => `${'  '.repeat(depth)}- item ${depth}`).join('\n');
    const started = performance.now();
    lex(list);
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `a 3,000-deep list took ${ms.toFixed(0)} ms to lex`);
  });

  it('leaves ordinary answers and fenced code exactly as written', () => {
    const answer = '> quoted\n>> twice\n\n- a\n  - b\n\n```\n' + '>'.repeat(40) + '\n' + ' '.repeat(100) + '- deep code\n```\n';
    assert.equal(capMarkdownNesting(answer), answer);
  });

  it('caps line by line, so a finished block never changes while the answer streams', () => {
    const done = `${'>'.repeat(30)} first\n\nsecond`;
    const capped = capMarkdownNesting(done);
    assert.ok(capMarkdownNesting(`${done} and more`).startsWith(capped.slice(0, capped.indexOf('second'))));
  });
});
