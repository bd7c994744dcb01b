import assert from 'node:assert/strict';
import { capMarkdownNesting, MAX_LIST_INDENT, MAX_QUOTE_DEPTH } from '../../src/core/validation/markdownNesting';

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

/** How deep lists nest in marked's tokens (a list's items hold the nested lists). */
function listDepth(tokens: readonly Token[] | undefined): number {
  let deepest = 0;
  for (const token of tokens ?? []) {
    const inner = listDepth(token.tokens) + (token.type === 'list' ? 1 : 0);
    const items = token.type === 'list' ? Math.max(0, ...((token as unknown as { items: Token[] }).items ?? []).map((item) => listDepth(item.tokens) + 1)) : 0;
    deepest = Math.max(deepest, inner, items);
  }
  return deepest;
}

describe('hostile nesting in a chat answer', () => {
  it('lexes 2,500 nested > (which overflows marked unchanged) into a capped quote', () => {
    const hostile = `${'>'.repeat(2500)} hi`;
    assert.throws(() => Lexer.lex(hostile, { gfm: true }), RangeError, 'the premise: marked alone overflows on this answer');
    const tokens = lex(hostile);
    assert.equal(quoteDepth(tokens), MAX_QUOTE_DEPTH, 'the quote keeps the capped depth');
    assert.match(JSON.stringify(tokens), /hi/, 'the text is still there');
  });

  it('pulls a 3,000-deep nested list back to a bounded depth before marked sees it', () => {
    const list = Array.from({ length: 3000 }, (_, depth) => `${'  '.repeat(depth)}- item ${depth}`).join('\n');
    const capped = capMarkdownNesting(list);
    // What marked lexes is bounded by the cap, whatever the answer's depth (9 MB of indentation here).
    const widest = Math.max(...capped.split('\n').map((line) => line.length - line.trimStart().length));
    assert.equal(widest, MAX_LIST_INDENT);
    assert.ok(capped.length < 3000 * (MAX_LIST_INDENT + 20), `${capped.length} characters reach the lexer`);
    const tokens = lex(list);
    // Two columns per level from column 0 to the cap: 33 levels at most.
    assert.ok(listDepth(tokens) <= MAX_LIST_INDENT / 2 + 1, `lists nest ${listDepth(tokens)} deep`);
    assert.match(JSON.stringify(tokens), /item 2999/, 'every item is still there');
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
