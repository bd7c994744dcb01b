/**
 * Markdown that grows while an answer streams. Every block but the last is finished once the next
 * one starts, so it is rendered once and kept; only the text from the start of the last block is
 * lexed and rendered again on each frame. The cost of a delta is the size of one block, not of
 * the whole answer.
 */
import type { CodeActions } from './markdown';
import { block, lexBlocks } from './markdown';
import { capMarkdownNesting } from '../../core/validation/markdownNesting';

export class StreamingMarkdown {
  /** Characters of the text already rendered into finished blocks. */
  private stable = 0;
  /** Nodes of the last, still growing block(s), replaced on each render. */
  private tail: Node[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly actions: CodeActions,
  ) {}

  /** Renders `text`, which must extend the text of the previous call (streaming only appends). */
  render(text: string): void {
    // Offsets are kept in the capped text: capping works line by line, so finished blocks never change.
    const capped = capMarkdownNesting(text);
    if (capped.length < this.stable) return this.reset(text);
    const tokens = lexBlocks(capped.slice(this.stable));
    for (const node of this.tail) node.parentNode?.removeChild(node);
    this.tail = [];
    tokens.forEach((token, index) => {
      const node = block(token, this.actions);
      if (node) this.container.appendChild(node);
      if (index < tokens.length - 1) {
        // A block followed by another is finished: keep its node and never lex it again.
        this.stable += token.raw.length;
      } else if (node) {
        this.tail.push(node);
      }
    });
  }

  /** Starts over, e.g. when the finished answer replaces the streamed text. */
  reset(text: string): void {
    this.container.replaceChildren();
    this.stable = 0;
    this.tail = [];
    this.render(text);
  }
}
