/**
 * The composer: a multi-line input (Enter sends, Shift+Enter breaks the line), the tier selector,
 * removable context chips, the live estimate, and Send that becomes Stop while an answer streams.
 */
import type { ContextChip, FromChat, TierChoice } from '../../shared/chatProtocol';
import { TIER_CHOICES } from '../../shared/chatProtocol';
import { h } from '../dom';

const TIER_LABELS: Record<TierChoice, string> = { auto: 'Auto', fast: 'Fast', balanced: 'Balanced', frontier: 'Frontier' };

export class Composer {
  readonly element: HTMLElement;
  private readonly input = h('textarea', { class: 'input', rows: '3', placeholder: 'Ask Model Router… (Enter to send, Shift+Enter for a new line)', 'aria-label': 'Message' });
  private readonly tier = h('select', { class: 'tier', 'aria-label': 'Tier' }, ...TIER_CHOICES.map((choice) => h('option', { value: choice }, TIER_LABELS[choice])));
  private readonly chips = h('div', { class: 'chips' });
  private readonly estimate = h('div', { class: 'estimate', 'aria-live': 'polite' });
  private readonly sendButton = h('button', { type: 'button', class: 'send' }, 'Send');
  private attached: ContextChip[] = [];
  private removed = new Set<string>();
  private streaming = false;
  private draftTimer: number | undefined;

  constructor(
    private readonly post: (message: FromChat) => void,
    private readonly onDraftChange: (text: string) => void,
  ) {
    this.element = h('div', { class: 'composer' }, this.chips, this.input, this.estimate, h('div', { class: 'row' }, this.tier, h('span', { class: 'spacer' }), this.sendButton));
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.draftChanged());
    this.tier.addEventListener('change', () => this.draftChanged());
    this.sendButton.addEventListener('click', () => (this.streaming ? this.post({ type: 'stop' }) : this.submit()));
  }

  setTier(choice: TierChoice): void {
    this.tier.value = choice;
  }

  setText(text: string): void {
    this.input.value = text;
    if (text) this.draftChanged();
  }

  setChips(chips: readonly ContextChip[]): void {
    const changed = JSON.stringify(chips) !== JSON.stringify(this.attached);
    this.attached = [...chips];
    // Other chips mean another prompt: estimate the draft again.
    if (changed && this.input.value.trim() !== '') this.draftChanged();
    this.chips.replaceChildren(
      ...this.attached
        .filter((chip) => !this.removed.has(chip.id))
        .map((chip) => {
          const remove = h('button', { type: 'button', class: 'chip-remove', title: `Remove ${chip.label}`, 'aria-label': `Remove ${chip.label}` }, '×');
          remove.addEventListener('click', () => {
            this.removed.add(chip.id);
            this.setChips(this.attached);
            this.draftChanged();
          });
          // A secret file's chip stays visible, marked, with the reason on hover: its text is never sent.
          if (chip.leftOut !== undefined) {
            return h('span', { class: `chip ${chip.kind} left-out`, 'data-chip': chip.id, title: chip.leftOut }, '🔒 ', chip.label, h('span', { class: 'chip-note' }, ' — not sent (secret file)'), remove);
          }
          return h('span', { class: `chip ${chip.kind}`, 'data-chip': chip.id }, chip.kind === 'selection' ? '⌶ ' : '📄 ', chip.label, remove);
        }),
    );
  }

  /** An estimate that arrives after Send is about text no longer here: only a draft shows one. */
  setEstimate(text: string, title?: string): void {
    const shown = this.input.value.trim() === '' ? '' : text;
    this.estimate.textContent = shown;
    this.estimate.title = shown ? (title ?? '') : '';
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.sendButton.textContent = streaming ? 'Stop' : 'Send';
    this.sendButton.classList.toggle('stop', streaming);
  }

  private chipIds(): string[] {
    return this.attached.map((chip) => chip.id).filter((id) => !this.removed.has(id));
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.streaming) return;
    this.post({ type: 'send', text, tier: this.tier.value as TierChoice, chips: this.chipIds() });
    this.input.value = '';
    // The estimate was for what was just sent; a pending one would bring it back.
    window.clearTimeout(this.draftTimer);
    this.setEstimate('');
    this.removed.clear();
    this.setChips(this.attached);
    this.onDraftChange('');
  }

  private draftChanged(): void {
    this.onDraftChange(this.input.value);
    window.clearTimeout(this.draftTimer);
    // The estimate follows typing, but not on every keystroke.
    this.draftTimer = window.setTimeout(() => this.post({ type: 'draft', text: this.input.value, tier: this.tier.value as TierChoice, chips: this.chipIds() }), 150);
  }
}
