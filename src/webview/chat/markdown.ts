/**
 * Markdown → DOM for model answers, built node by node from marked's tokens. No HTML string is
 * ever parsed: raw HTML in an answer (`<img onerror>`, `<script>`) is shown as text, links keep only
 * http(s) and mailto targets, and code blocks get Copy and Insert buttons.
 */
import type { Token, Tokens } from 'marked';
import { Lexer } from 'marked';
import { capMarkdownNesting } from '../../core/validation/markdownNesting';
import { h } from '../dom';

export interface CodeActions {
  copy(code: string): void;
  insert(code: string): void;
}

/**
 * The top-level blocks of a text; their `raw` strings add up to `capMarkdownNesting(text)`, which is
 * the text itself unless it nests deeper than any answer needs. A text the lexer still cannot take
 * is one plain-text block, so a hostile answer shows as text instead of stopping the thread.
 */
export function lexBlocks(text: string): Token[] {
  const capped = capMarkdownNesting(text);
  try {
    return Lexer.lex(capped, { gfm: true });
  } catch {
    return [plainBlock(capped)];
  }
}

/** A block shown as the text it is (the `default` case of `block`). */
function plainBlock(text: string): Token {
  return { type: 'plain', raw: text } as unknown as Token;
}

/** One top-level block as DOM, or null for blank space; a block that cannot be rendered is shown as text. */
export function block(token: Token, actions: CodeActions): Node | null {
  try {
    return renderBlock(token, actions);
  } catch {
    return h('p', { class: 'raw' }, token.raw);
  }
}

function renderBlock(token: Token, actions: CodeActions): Node | null {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'heading': {
      const t = token as Tokens.Heading;
      return withInline(document.createElement(`h${Math.min(6, Math.max(3, t.depth + 2))}`), t.tokens);
    }
    case 'paragraph':
      return withInline(h('p'), (token as Tokens.Paragraph).tokens);
    case 'code':
      return codeBlock(token as Tokens.Code, actions);
    case 'blockquote': {
      const quote = h('blockquote');
      for (const child of (token as Tokens.Blockquote).tokens) appendNode(quote, block(child, actions));
      return quote;
    }
    case 'list': {
      const t = token as Tokens.List;
      const list = t.ordered ? h('ol', t.start && t.start !== 1 ? { start: String(t.start) } : {}) : h('ul');
      for (const item of t.items) {
        const li = h('li');
        if (item.task) li.appendChild(h('input', { type: 'checkbox', disabled: '', ...(item.checked ? { checked: '' } : {}) }));
        for (const child of item.tokens) appendNode(li, child.type === 'text' ? withInline(h('span'), (child as Tokens.Text).tokens ?? [child]) : block(child, actions));
        list.appendChild(li);
      }
      return list;
    }
    case 'table': {
      const t = token as Tokens.Table;
      const head = h('tr', {}, ...t.header.map((cell) => withInline(h('th'), cell.tokens)));
      const rows = t.rows.map((row) => h('tr', {}, ...row.map((cell) => withInline(h('td'), cell.tokens))));
      return h('table', {}, h('thead', {}, head), h('tbody', {}, ...rows));
    }
    case 'hr':
      return h('hr');
    case 'text': {
      const t = token as Tokens.Text;
      return withInline(h('p'), t.tokens ?? [t]);
    }
    default:
      // html and anything unknown: shown as the text it is, never interpreted.
      return h('p', { class: 'raw' }, token.raw);
  }
}

function codeBlock(token: Tokens.Code, actions: CodeActions): HTMLElement {
  const copy = h('button', { type: 'button', class: 'code-action', title: 'Copy' }, 'Copy');
  const insert = h('button', { type: 'button', class: 'code-action', title: 'Insert at cursor' }, 'Insert');
  copy.addEventListener('click', () => actions.copy(token.text));
  insert.addEventListener('click', () => actions.insert(token.text));
  const language = (token.lang ?? '').split(/\s/)[0];
  return h('div', { class: 'code' }, h('div', { class: 'code-bar' }, h('span', { class: 'code-lang' }, language), copy, insert), h('pre', {}, h('code', {}, token.text)));
}

function withInline<E extends HTMLElement>(element: E, tokens: readonly Token[] | undefined): E {
  for (const token of tokens ?? []) appendNode(element, inline(token));
  return element;
}

function inline(token: Token): Node | null {
  switch (token.type) {
    case 'text':
    case 'escape': {
      const t = token as Tokens.Text;
      return t.tokens ? withInline(h('span'), t.tokens) : document.createTextNode(t.text);
    }
    case 'strong':
      return withInline(h('strong'), (token as Tokens.Strong).tokens);
    case 'em':
      return withInline(h('em'), (token as Tokens.Em).tokens);
    case 'del':
      return withInline(h('del'), (token as Tokens.Del).tokens);
    case 'codespan':
      return h('code', {}, (token as Tokens.Codespan).text);
    case 'br':
      return h('br');
    case 'link': {
      const t = token as Tokens.Link;
      const safe = safeHref(t.href);
      return withInline(safe ? h('a', { href: t.href, title: t.title ?? undefined }) : h('span'), t.tokens);
    }
    case 'image': {
      const t = token as Tokens.Image;
      return document.createTextNode(`[image: ${t.text || t.href}]`);
    }
    default:
      return document.createTextNode(token.raw);
  }
}

/** Only http(s) and mailto targets that parse as URLs: a prefix test would pass `https:command:foo`. */
function safeHref(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'https:' || url.protocol === 'http:') ? url.host !== '' : url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

function appendNode(parent: Node, child: Node | null): void {
  if (child) parent.appendChild(child);
}
