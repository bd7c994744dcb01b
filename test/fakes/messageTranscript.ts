/**
 * Turns a request and an ok scenario into the exact Messages API output: the SSE event list for a
 * streamed request and the JSON Message for a plain one. Kept apart from the HTTP server so the
 * event order, which the real SDK is strict about, can be read in one place.
 */
import type { FakeStopReason, OkScenario } from './scenarios';

export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
  /** content_block_delta events are what interruptions and slow streams count. */
  readonly isDelta: boolean;
}

type Block =
  | { readonly type: 'thinking'; readonly chunks: readonly string[] }
  | { readonly type: 'text'; readonly chunks: readonly string[] }
  | { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly input: unknown; readonly pieces: readonly string[] };

export interface MessagePlan {
  readonly id: string;
  readonly model: string;
  readonly blocks: readonly Block[];
  readonly stopReason: FakeStopReason;
  /** The final, cumulative usage as the API reports it. */
  readonly usage: Record<string, unknown>;
}

/** Rough token count the way the tests expect it: a quarter of the characters, at least 1. */
export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

/** Keys whose values are structure, not prompt text (image data is priced apart by the real API). */
const STRUCTURAL_KEYS = new Set(['role', 'type', 'id', 'tool_use_id', 'media_type', 'cache_control', 'data']);

/** Characters of prompt text in a JSON value: its strings, minus the structural ones. */
export function stringChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + stringChars(item), 0);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).reduce((sum: number, [key, item]) => sum + (STRUCTURAL_KEYS.has(key) ? 0 : stringChars(item)), 0);
  }
  return 0;
}

export function estimateInputTokens(body: Record<string, unknown>): number {
  return estimateTokens(stringChars([body['system'], body['messages'], body['tools']]));
}

/** Splits an answer into a few word-aligned chunks, as the API streams several tokens per delta. */
export function chunkText(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(''));
  return chunks.length > 0 ? chunks : [text];
}

function splitInPieces(json: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(json.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out;
}

/** Cuts text chunks to at most `maxChars` characters in total. */
function truncateChunks(chunks: readonly string[], maxChars: number): string[] {
  const out: string[] = [];
  let left = maxChars;
  for (const chunk of chunks) {
    if (left <= 0) break;
    out.push(chunk.slice(0, left));
    left -= chunk.length;
  }
  return out;
}

export function planMessage(body: Record<string, unknown>, scenario: OkScenario, answer: string, sequence: number): MessagePlan {
  const blocks: Block[] = [];
  if (scenario.thinking) blocks.push({ type: 'thinking', chunks: scenario.thinking });
  let text = scenario.text ?? chunkText(answer);
  const maxTokens = typeof body['max_tokens'] === 'number' ? body['max_tokens'] : Infinity;
  const tooLong = estimateTokens(text.join('').length) > maxTokens;
  if (tooLong && !scenario.stopReason) text = truncateChunks(text, maxTokens * 4);
  if (text.length > 0) blocks.push({ type: 'text', chunks: text });
  if (scenario.toolUse) {
    const json = JSON.stringify(scenario.toolUse.input);
    blocks.push({
      type: 'tool_use',
      id: scenario.toolUse.id ?? `toolu_fake_${sequence}`,
      name: scenario.toolUse.name,
      input: scenario.toolUse.input,
      pieces: splitInPieces(json, scenario.toolUse.pieces ?? 3),
    });
  }
  const stopReason = scenario.stopReason ?? (tooLong ? 'max_tokens' : scenario.toolUse ? 'tool_use' : 'end_turn');

  const thinkingChars = (scenario.thinking ?? []).join('').length;
  const outputChars = thinkingChars + text.join('').length + (scenario.toolUse ? JSON.stringify(scenario.toolUse.input).length : 0);
  const u = scenario.usage ?? {};
  const write5m = u.cacheWrite5mTokens ?? 0;
  const write1h = u.cacheWrite1hTokens ?? 0;
  const usage: Record<string, unknown> = {
    input_tokens: u.inputTokens ?? estimateInputTokens(body),
    cache_creation_input_tokens: write5m + write1h,
    cache_read_input_tokens: u.cacheReadTokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
    output_tokens: u.outputTokens ?? estimateTokens(outputChars),
  };
  const thinkingTokens = u.thinkingTokens ?? (thinkingChars > 0 ? estimateTokens(thinkingChars) : undefined);
  if (thinkingTokens !== undefined) usage['output_tokens_details'] = { thinking_tokens: thinkingTokens };

  const model = scenario.model ?? (typeof body['model'] === 'string' ? body['model'] : 'claude-fake');
  return { id: `msg_fake_${String(sequence).padStart(4, '0')}`, model, blocks, stopReason, usage };
}

function startBlockFor(block: Block): Record<string, unknown> {
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  if (block.type === 'text') return { type: 'text', text: '' };
  return { type: 'tool_use', id: block.id, name: block.name, input: {} };
}

function deltasFor(block: Block): Record<string, unknown>[] {
  if (block.type === 'thinking') {
    return [...block.chunks.map((thinking) => ({ type: 'thinking_delta', thinking })), { type: 'signature_delta', signature: 'c2lnLWZha2U=' }];
  }
  if (block.type === 'text') return block.chunks.map((text) => ({ type: 'text_delta', text }));
  return block.pieces.map((partial_json) => ({ type: 'input_json_delta', partial_json }));
}

/** The SSE transcript the real API sends, ping after the first block start included. */
export function sseEvents(plan: MessagePlan): SseEvent[] {
  const events: SseEvent[] = [];
  const push = (event: string, data: Record<string, unknown>, isDelta = false): void => {
    events.push({ event, data: { type: event, ...data }, isDelta });
  };
  const startUsage: Record<string, unknown> = { ...plan.usage, output_tokens: 1 };
  delete startUsage['output_tokens_details'];
  push('message_start', {
    message: { id: plan.id, type: 'message', role: 'assistant', model: plan.model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage },
  });
  plan.blocks.forEach((block, index) => {
    push('content_block_start', { index, content_block: startBlockFor(block) });
    if (index === 0) push('ping', {});
    for (const delta of deltasFor(block)) push('content_block_delta', { index, delta }, true);
    push('content_block_stop', { index });
  });
  push('message_delta', { delta: { stop_reason: plan.stopReason, stop_sequence: null }, usage: plan.usage });
  push('message_stop', {});
  return events;
}

/** The non-streaming answer: one Message with the blocks assembled. */
export function jsonMessage(plan: MessagePlan): Record<string, unknown> {
  const content = plan.blocks.map((block) => {
    if (block.type === 'thinking') return { type: 'thinking', thinking: block.chunks.join(''), signature: 'c2lnLWZha2U=' };
    if (block.type === 'text') return { type: 'text', text: block.chunks.join('') };
    return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  });
  return { id: plan.id, type: 'message', role: 'assistant', model: plan.model, content, stop_reason: plan.stopReason, stop_sequence: null, usage: plan.usage };
}
