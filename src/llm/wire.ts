/**
 * Maps the port's LlmRequest onto Messages API parameters. Sampling parameters (temperature,
 * top_p, top_k) are never sent: API version 2026-10-21 rejects them with 400.
 */
import type {
  CacheControlEphemeral,
  ContentBlockParam,
  MessageCountTokensParams,
  MessageCreateParamsNonStreaming,
  MessageParam,
  TextBlockParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage, ContentBlock, LlmRequest, TextBlock, ToolDefinition } from '../core/model/llm';
import { estimateTokensOfChars, IMAGE_TOKENS, tokenWeightedLength } from '../core/model/tokens';

/** The API allows at most this many cache_control breakpoints per request. */
const MAX_CACHE_BREAKPOINTS = 4;

export type StreamParams = Omit<MessageCreateParamsNonStreaming, 'stream'>;

function cacheControl(cache: TextBlock['cache']): { cache_control?: CacheControlEphemeral } {
  return cache ? { cache_control: { type: 'ephemeral', ttl: cache } } : {};
}

function textBlock(block: TextBlock): TextBlockParam {
  return { type: 'text', text: block.text, ...cacheControl(block.cache) };
}

function contentBlock(block: ContentBlock): ContentBlockParam {
  switch (block.type) {
    case 'text':
      return textBlock(block);
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.toolUseId,
        content: block.content,
        ...(block.isError ? { is_error: true } : {}),
        ...cacheControl(block.cache),
      };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: block.mediaType, data: block.data } };
  }
}

function message(chat: ChatMessage): MessageParam {
  return { role: chat.role, content: typeof chat.content === 'string' ? chat.content : chat.content.map(contentBlock) };
}

function breakpointsIn(request: Pick<LlmRequest, 'system' | 'messages'>): number {
  const inMessages = request.messages
    .flatMap((m) => (typeof m.content === 'string' ? [] : m.content))
    .filter((b) => (b.type === 'text' || b.type === 'tool_result') && b.cache);
  return request.system.filter((b) => b.cache).length + inMessages.length;
}

/**
 * Tools come before the system prompt in the cached prefix, so when the system is cached the last
 * tool gets a breakpoint too: the tools then stay cached when only the system text changes. Its
 * TTL is the longest in the system because 1h breakpoints must precede 5m ones.
 */
function tools(request: Pick<LlmRequest, 'system' | 'messages' | 'tools'>): Tool[] | undefined {
  const defined: readonly ToolDefinition[] = request.tools ?? [];
  if (defined.length === 0) return undefined;
  const systemTtls = request.system.map((b) => b.cache).filter((ttl) => ttl !== undefined);
  const ttl = systemTtls.includes('1h') ? '1h' : systemTtls.length > 0 ? '5m' : undefined;
  const roomForOne = breakpointsIn(request) < MAX_CACHE_BREAKPOINTS;
  return defined.map((tool, index) => ({
    name: tool.name,
    description: tool.description,
    // The API requires an object schema at the top level.
    input_schema: { ...tool.inputSchema, type: 'object' },
    ...(index === defined.length - 1 && roomForOne ? cacheControl(ttl) : {}),
  }));
}

type SharedParams = Pick<MessageCountTokensParams, 'model' | 'messages' | 'system' | 'output_config' | 'thinking'>;

/** Fields that message creation and token counting send alike. */
function shared(request: Omit<LlmRequest, 'maxTokens' | 'signal'>): SharedParams {
  return {
    model: request.model,
    messages: request.messages.map(message),
    ...(request.system.length > 0 ? { system: request.system.map(textBlock) } : {}),
    ...(request.effort ? { output_config: { effort: request.effort } } : {}),
    ...(request.thinking ? { thinking: request.thinking === 'adaptive' ? { type: 'adaptive' } : { type: 'disabled' } } : {}),
  };
}

export function toStreamParams(request: LlmRequest): StreamParams {
  const toolParams = tools(request);
  return {
    ...shared(request),
    ...(toolParams ? { tools: toolParams } : {}),
    ...(toolParams && request.toolChoice === 'any' ? { tool_choice: { type: 'any' } } : {}),
    max_tokens: request.maxTokens,
    ...(request.stopSequences && request.stopSequences.length > 0 ? { stop_sequences: [...request.stopSequences] } : {}),
  };
}

export function toCountParams(request: Omit<LlmRequest, 'maxTokens' | 'signal'>): MessageCountTokensParams {
  const toolParams = tools(request);
  return { ...shared(request), ...(toolParams ? { tools: toolParams } : {}) };
}

function blockChars(block: ContentBlock): number {
  if (block.type === 'text') return tokenWeightedLength(block.text);
  if (block.type === 'tool_use') return tokenWeightedLength(block.name) + tokenWeightedLength(JSON.stringify(block.input ?? null));
  if (block.type === 'tool_result') return tokenWeightedLength(block.content);
  return 0;
}

/** Local fallback when the API cannot count: the core's estimate (model/tokens.ts) of the request's text, plus a flat cost per image. */
export function estimateInputTokens(request: Omit<LlmRequest, 'maxTokens' | 'signal'>): number {
  let chars = request.system.reduce((sum, b) => sum + tokenWeightedLength(b.text), 0);
  let images = 0;
  for (const m of request.messages) {
    if (typeof m.content === 'string') chars += tokenWeightedLength(m.content);
    else {
      for (const block of m.content) {
        if (block.type === 'image') images += 1;
        else chars += blockChars(block);
      }
    }
  }
  for (const tool of request.tools ?? []) chars += tokenWeightedLength(tool.name) + tokenWeightedLength(tool.description) + tokenWeightedLength(JSON.stringify(tool.inputSchema));
  return estimateTokensOfChars(chars) + images * IMAGE_TOKENS;
}
