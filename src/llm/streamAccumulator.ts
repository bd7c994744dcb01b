/**
 * Folds the raw Messages stream events of one request into what the port reports: deltas as they
 * arrive, tool calls once their JSON is complete, the text so far, the stop reason and the usage.
 * Usage in message_start and message_delta is cumulative, so each value replaces the last.
 */
import type { MessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { LlmDelta, StopReason } from '../core/model/llm';
import type { Usage } from '../core/model/usage';
import { tokenWeightedLength } from '../core/model/tokens';

/** The usage fields the API may send, any of them absent or null in a given event. */
export interface WireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number } | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
}

interface PendingTool {
  readonly id: string;
  readonly name: string;
  json: string;
}

/**
 * Characters per token for the output estimate of a stream that broke before its final usage (a
 * Chinese, Japanese or Korean character counts as four, about a token: `tokenWeightedLength`).
 */
const CHARS_PER_TOKEN = 3.5;

export class StreamAccumulator {
  #text = '';
  /** The streamed text's length in Latin-text characters worth the same tokens. */
  #streamedChars = 0;
  #model: string;
  #stopReason: StopReason | null = null;
  #finished = false;
  #started = false;
  #usage: WireUsage = {};
  readonly #tools = new Map<number, PendingTool>();
  #listenerError: { error: unknown } | undefined;

  constructor(
    requestedModel: string,
    private readonly onDelta?: (delta: LlmDelta) => void,
  ) {
    this.#model = requestedModel;
  }

  get text(): string {
    return this.#text;
  }
  get model(): string {
    return this.#model;
  }
  get stopReason(): StopReason | null {
    return this.#stopReason;
  }
  /** Whether message_start arrived, i.e. the API accepted the request and began to answer. */
  get started(): boolean {
    return this.#started;
  }
  /** Whether message_stop arrived, i.e. the answer is complete. */
  get finished(): boolean {
    return this.#finished;
  }
  /** Whether the usage carried prompt-cache fields (a server that ignores caching sends none). */
  get reportsCacheFields(): boolean {
    return this.#usage.cache_creation_input_tokens !== undefined || this.#usage.cache_read_input_tokens !== undefined;
  }
  /** Set when the caller's onDelta threw; the stream is then stopped. */
  get listenerError(): { error: unknown } | undefined {
    return this.#listenerError;
  }

  add(event: MessageStreamEvent): void {
    switch (event.type) {
      case 'message_start':
        this.#started = true;
        this.#model = event.message.model;
        this.#mergeUsage(event.message.usage);
        break;
      case 'content_block_start':
        if (event.content_block.type === 'tool_use') {
          this.#tools.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
        }
        break;
      case 'content_block_delta':
        this.#addDelta(event.index, event.delta);
        break;
      case 'content_block_stop':
        this.#finishTool(event.index);
        break;
      case 'message_delta':
        this.#stopReason = event.delta.stop_reason;
        this.#mergeUsage(event.usage);
        break;
      case 'message_stop':
        this.#finished = true;
        break;
    }
  }

  #addDelta(index: number, delta: Extract<MessageStreamEvent, { type: 'content_block_delta' }>['delta']): void {
    if (delta.type === 'text_delta') {
      this.#text += delta.text;
      this.#streamedChars += tokenWeightedLength(delta.text);
      this.#emit({ type: 'text', text: delta.text });
    } else if (delta.type === 'thinking_delta') {
      this.#streamedChars += tokenWeightedLength(delta.thinking);
      this.#emit({ type: 'thinking', text: delta.thinking });
    } else if (delta.type === 'input_json_delta') {
      const tool = this.#tools.get(index);
      if (tool) tool.json += delta.partial_json;
      this.#streamedChars += tokenWeightedLength(delta.partial_json);
    }
  }

  #finishTool(index: number): void {
    const tool = this.#tools.get(index);
    if (!tool) return;
    this.#tools.delete(index);
    let input: unknown;
    try {
      input = tool.json.trim() === '' ? {} : JSON.parse(tool.json);
    } catch {
      // Only a block cut off by max_tokens ends with broken JSON; the stop reason tells the caller.
      return;
    }
    this.#emit({ type: 'toolUse', id: tool.id, name: tool.name, input });
  }

  #emit(delta: LlmDelta): void {
    try {
      this.onDelta?.(delta);
    } catch (error) {
      // Rethrown so the SDK stops reading and closes the connection; the result reports it.
      this.#listenerError ??= { error };
      throw error;
    }
  }

  #mergeUsage(update: WireUsage): void {
    const next: WireUsage = { ...this.#usage };
    for (const [key, value] of Object.entries(update) as [keyof WireUsage, unknown][]) {
      if (value !== null && value !== undefined) (next as Record<string, unknown>)[key] = value;
    }
    this.#usage = next;
  }

  /**
   * Usage so far. A stream that broke before its final message_delta has billed output the API
   * never reported, so the output is then at least an estimate from the characters received.
   */
  /**
   * Whether `usage()` holds an estimate: the API never reported the input (no message_start) or
   * the output streamed without its final count. `estimatedInput` is what the client reckons the
   * prompt to be, used only when the API said nothing about it.
   */
  usageWithEstimate(estimatedInput: () => number): { readonly usage: Usage; readonly estimated: boolean } {
    const usage = this.usage();
    const reportedOutput = this.#usage.output_tokens ?? 0;
    const outputEstimated = !this.#finished && usage.outputTokens > reportedOutput;
    if (this.#usage.input_tokens !== undefined) return { usage, estimated: outputEstimated };
    return { usage: { ...usage, inputTokens: estimatedInput() }, estimated: true };
  }

  usage(): Usage {
    const usage = usageFromWire(this.#usage);
    if (this.#finished) return usage;
    return { ...usage, outputTokens: Math.max(usage.outputTokens, Math.ceil(this.#streamedChars / CHARS_PER_TOKEN)) };
  }

}

/** The port's usage for the API's usage object (a stream's, or a batch result's Message). */
export function usageFromWire(wire: WireUsage): Usage {
  const cacheTotal = wire.cache_creation_input_tokens ?? 0;
  let write5m = wire.cache_creation?.ephemeral_5m_input_tokens ?? 0;
  const write1h = wire.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  // Without the TTL split (or with less in it than the total) the rest was written at the default 5m.
  write5m += Math.max(0, cacheTotal - write5m - write1h);
  const thinking = wire.output_tokens_details?.thinking_tokens;
  return {
    inputTokens: wire.input_tokens ?? 0,
    outputTokens: wire.output_tokens ?? 0,
    cacheWrite5mTokens: write5m,
    cacheWrite1hTokens: write1h,
    cacheReadTokens: wire.cache_read_input_tokens ?? 0,
    ...(thinking !== undefined ? { thinkingTokens: thinking } : {}),
  };
}
