/**
 * The conversation thread: messages, streaming answers (rendered at most once per frame, reusing
 * the blocks that did not change), the footer under each answer, its retry and feedback buttons,
 * and errors with the actions that fix them.
 */
import type { ChatMessageView, FromChat } from '../../shared/chatProtocol';
import { ERROR_ACTION_LABELS } from '../../core/model/errorMessages';
import { formatTokens } from '../../core/model/tokens';
import { h } from '../dom';
import { emptyState } from './emptyState';
import { StreamingMarkdown } from './streamingMarkdown';

const FEEDBACK: Array<[NonNullable<ChatMessageView['feedback']>, string]> = [
  ['right', 'Right tier'],
  ['cheaper', 'Could have been cheaper'],
  ['stronger', 'Needed stronger'],
];

export class Thread {
  readonly element = h('div', { class: 'thread', role: 'log', 'aria-live': 'polite' });
  private readonly messages = new Map<string, { data: ChatMessageView; node: HTMLElement; body: HTMLElement; markdown: StreamingMarkdown }>();
  private pending = new Set<string>();
  private frame: number | undefined;

  constructor(private readonly send: (message: FromChat) => void) {}

  reset(messages: readonly ChatMessageView[]): void {
    this.messages.clear();
    this.element.replaceChildren();
    messages.forEach((message) => this.append(message));
    if (messages.length === 0) this.element.appendChild(emptyState(this.send));
  }

  append(message: ChatMessageView): void {
    this.element.querySelector('.empty')?.remove();
    const body = h('div', { class: 'body' });
    const node = h('div', { class: `message ${message.role}`, 'data-id': message.id }, body);
    // What an editor command asked about (Explain Selection's selection), under the user's turn.
    if (message.chips?.length) node.appendChild(h('div', { class: 'chips' }, ...message.chips.map((chip) => h('span', { class: `chip ${chip.kind}`, title: chip.label }, chip.kind === 'selection' ? '⌶ ' : '📄 ', chip.label))));
    const markdown = new StreamingMarkdown(body, { copy: (code) => void navigator.clipboard.writeText(code), insert: (code) => this.send({ type: 'insert', code }) });
    this.messages.set(message.id, { data: { ...message }, node, body, markdown });
    this.element.appendChild(node);
    this.renderMessage(message.id);
    node.scrollIntoView({ block: 'end' });
  }

  delta(id: string, text: string): void {
    const entry = this.messages.get(id);
    if (!entry) return;
    entry.data.text += text;
    this.pending.add(id);
    // Many deltas per frame cost one render: the handler itself only appends to a string.
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  finish(message: ChatMessageView): void {
    const entry = this.messages.get(message.id);
    if (!entry) return this.append(message);
    const replaced = !message.text.startsWith(entry.data.text);
    const follow = this.nearBottom();
    entry.data = { ...message };
    this.pending.delete(message.id);
    if (replaced) entry.markdown.reset(message.text);
    this.renderMessage(message.id);
    // The footer and its buttons come last: keep them in view unless the user scrolled up to read.
    if (follow) this.element.scrollTop = this.element.scrollHeight;
  }

  /** Whether the thread shows its end, give or take a line. */
  private nearBottom(): boolean {
    return this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 40;
  }

  /** Renders whatever is pending now; also used by the benchmark to measure a frame's cost. */
  flush(): void {
    this.frame = undefined;
    const atBottom = this.nearBottom();
    for (const id of this.pending) this.renderBody(id);
    this.pending.clear();
    // Keep the newest text in view while it streams, unless the user scrolled up to read.
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
  }

  private renderMessage(id: string): void {
    const entry = this.messages.get(id)!;
    const { data, node } = entry;
    node.querySelectorAll(':scope > .footer, :scope > .error, :scope > .actions').forEach((n) => n.remove());
    node.classList.toggle('streaming', data.status === 'streaming');
    this.renderBody(id);
    if (data.role !== 'assistant') return;
    if (data.error) node.appendChild(this.errorBox(data));
    if (data.status === 'cancelled') node.appendChild(h('div', { class: 'error' }, 'Stopped. The text above is what arrived.'));
    if (data.footer) node.appendChild(this.footer(data));
  }

  private renderBody(id: string): void {
    const { data, body, markdown } = this.messages.get(id)!;
    if (data.role !== 'assistant') return body.replaceChildren(h('p', {}, data.text));
    try {
      markdown.render(data.text);
    } catch {
      // Whatever an answer holds, it must not stop the thread (and the Stop button) at this message.
      body.replaceChildren(h('p', { class: 'raw' }, data.text));
    }
  }


  private footer(data: ChatMessageView): HTMLElement {
    const f = data.footer!;
    const cache = f.cacheReadTokens + f.cacheWriteTokens > 0 ? ` · cache ${formatTokens(f.cacheReadTokens)} read / ${formatTokens(f.cacheWriteTokens)} write` : '';
    const line = h(
      'div',
      { class: 'footer-line' },
      h('span', { class: 'model' }, f.model),
      ` · ${f.tier}${f.effort ? ` · ${f.effort} effort` : ''}${f.thinking === 'adaptive' ? ' · thinking' : f.thinking === 'disabled' ? ' · no thinking' : ''} · `,
      h('span', { class: 'rule', title: f.reasons.join('\n'), tabindex: '0' }, f.rule),
      // A $0 check used no tokens: its footer says who ran it, the rule and the cost.
      f.tier === 'automated' ? ' · ' : ` · ${formatTokens(f.inputTokens)} in · ${formatTokens(f.outputTokens)} out${cache} · `,
      h('span', { class: 'cost' }, f.cost),
    );
    const retries =
      f.tier === 'automated'
        ? [this.button('↻ Run again', () => this.send({ type: 'retry', id: data.id, direction: 'same' })), this.button('↑ Ask a model', () => this.send({ type: 'retry', id: data.id, direction: 'up' }))]
        : [
            this.button('↑ Retry one tier up', () => this.send({ type: 'retry', id: data.id, direction: 'up' }), f.tier === 'frontier'),
            this.button('↓ Retry one tier down', () => this.send({ type: 'retry', id: data.id, direction: 'down' }), f.tier === 'fast'),
          ];
    const buttons = h(
      'div',
      { class: 'actions' },
      ...retries,
      // Nothing is cheaper than a $0 check: its feedback is only right tier or needed stronger.
      ...FEEDBACK.filter(([value]) => f.tier !== 'automated' || value !== 'cheaper').map(([value, label]) => {
        const button = this.button(label, () => this.send({ type: 'feedback', id: data.id, value }), !data.recordId);
        button.classList.add('feedback');
        button.setAttribute('aria-pressed', String(data.feedback === value));
        return button;
      }),
    );
    return h('div', { class: 'footer' }, line, buttons);
  }

  private errorBox(data: ChatMessageView): HTMLElement {
    const error = data.error!;
    return h(
      'div',
      { class: 'error', role: 'alert' },
      h('span', {}, error.message),
      ...error.actions.map((action) => this.button(ERROR_ACTION_LABELS[action], () => this.send({ type: 'action', action, id: data.id }))),
    );
  }

  private button(label: string, onClick: () => void, disabled = false): HTMLButtonElement {
    const button = h('button', { type: 'button', ...(disabled ? { disabled: '' } : {}) }, label);
    button.addEventListener('click', onClick);
    return button;
  }
}
