/**
 * The LLM port: everything the extension needs from a model provider. The Anthropic adapter in
 * src/llm implements it; tests use it against the loopback fake of the API, and nothing else in
 * the project knows which SDK is behind it.
 */
import type { Usage } from './usage';

export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** A system or message text block; `cache` marks the end of the stable prefix for prompt caching. */
export interface TextBlock {
  readonly type: 'text';
  readonly text: string;
  readonly cache?: '5m' | '1h';
}

export interface ToolUseBlock {
  readonly type: 'tool_use';
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
}

export interface ToolResultBlock {
  readonly type: 'tool_result';
  readonly toolUseId: string;
  readonly content: string;
  readonly isError?: boolean;
  /** Marks the end of the stable prefix, as on a text block: the last step of a tool loop. */
  readonly cache?: '5m' | '1h';
}

export interface ImageBlock {
  readonly type: 'image';
  readonly mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  /** Base64 data. */
  readonly data: string;
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock | ImageBlock;

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string | readonly ContentBlock[];
}

export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Record<string, unknown>;
}

export interface LlmRequest {
  readonly model: string;
  readonly system: readonly TextBlock[];
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly stopSequences?: readonly string[];
  readonly effort?: Effort;
  /** 'adaptive' lets the model decide; absent sends no thinking parameter. */
  readonly thinking?: 'adaptive' | 'disabled';
  readonly tools?: readonly ToolDefinition[];
  /** `any` makes the model call one of the tools; default `auto`, the model's choice. */
  readonly toolChoice?: 'auto' | 'any';
  /** Aborting cancels the HTTP request at once; the outcome is then `cancelled`, not an error. */
  readonly signal?: AbortSignal;
  /** The tier the request was routed to (a gateway's attribution headers name it). */
  readonly tier?: 'fast' | 'balanced' | 'frontier';
  /**
   * True: send it to the user's local server (its tier's endpoint is `local` in user settings, and it
   * has not fallen back to the cloud). The engine decides this, never a model id. Absent: the cloud.
   */
  readonly local?: boolean;
  /** What the request is for, sent to a gateway as attribution headers when the user turned them on. */
  readonly attribution?: { readonly taskKind: string; readonly surface: string };
  /**
   * An inline completion's hole (the text before and after the cursor, cut to budget): a local
   * server with a fill-in-the-middle endpoint is sent this instead of the messages. Others ignore it.
   */
  readonly fim?: { readonly prefix: string; readonly suffix: string };
}

/** Streamed pieces of an answer, in arrival order. */
export type LlmDelta =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'thinking'; readonly text: string }
  | { readonly type: 'toolUse'; readonly id: string; readonly name: string; readonly input: unknown };

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/** The few kinds of failure the UI distinguishes; each maps to one actionable message. */
export type LlmErrorKind =
  | 'auth'
  | 'rateLimit'
  | 'overloaded'
  | 'network'
  | 'timeout'
  | 'badRequest'
  | 'server'
  | 'unknown';

export interface LlmError {
  readonly kind: LlmErrorKind;
  /** The provider's own message, kept for the log and the user. Never contains the API key. */
  readonly message: string;
  readonly status?: number;
  /** Seconds the provider asked us to wait, when it said so. */
  readonly retryAfterSeconds?: number;
  /** The failure came after the answer had started to stream: the API was reached, and what arrived is in the result. */
  readonly midStream?: boolean;
  /** The base URL of the user's local server when the failure came from it (not the Anthropic API). */
  readonly localServer?: string;
  /** The gateway (`api.baseUrl`) the request went to, and whether it was sent its own key (Set Gateway Key) rather than the Anthropic key. */
  readonly gateway?: GatewayEndpoint;
  /** Amazon Bedrock or Vertex AI, when the request went there (its tier's endpoint). */
  readonly platform?: PlatformError;
}

/** Where a Bedrock or Vertex request went, and whether it failed for want of credentials (nothing was sent). */
export interface PlatformError {
  readonly name: 'bedrock' | 'vertex';
  /** "us-east-1", or "my-project, us-east5". */
  readonly where: string;
  readonly missingCredentials?: boolean;
}

/** A gateway in front of the Anthropic API: its base URL, and whether it gets a key of its own. */
export interface GatewayEndpoint {
  readonly url: string;
  readonly ownKey: boolean;
}

/** How a request ended. Usage is reported in every case, because a broken stream still bills. */
export type LlmResult = LlmResultMeta &
  (
    | { readonly outcome: 'ok'; readonly usage: Usage; readonly stopReason: StopReason | null; readonly model: string; readonly text: string }
    | { readonly outcome: 'cancelled'; readonly usage: Usage; readonly text: string }
    | { readonly outcome: 'error'; readonly usage: Usage; readonly error: LlmError; readonly text: string }
  );

/** What every result may also say about where its usage came from. */
export interface LlmResultMeta {
  /**
   * True when some of `usage` is the client's estimate rather than the API's report: a request
   * cancelled or cut before the API reported its input (the API may bill a prompt it began
   * processing), or output that streamed without its final count.
   */
  readonly usageEstimated?: boolean;
  /** The API's id of the request (its `request-id` header), for support and for matching records. */
  readonly requestId?: string;
  /** What a gateway said it billed for the request (LiteLLM's `x-litellm-response-cost`), in micro-dollars. */
  readonly gatewayCostMicros?: number;
  /** The usage carried prompt-cache fields: the server honours caching (a local server's answers may not). */
  readonly cacheFieldsReported?: boolean;
}

export interface LlmClient {
  /**
   * Streams one request. `onDelta` is called for each piece as it arrives. Never rejects: every
   * failure, cancellation included, is a result with the usage incurred so far.
   */
  stream(request: LlmRequest, onDelta?: (delta: LlmDelta) => void): Promise<LlmResult>;
  /** Input tokens the request would use; falls back to a local estimate when the API cannot say. */
  countTokens(request: Omit<LlmRequest, 'maxTokens' | 'signal'>, signal?: AbortSignal): Promise<number>;
}
