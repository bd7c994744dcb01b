/**
 * The Anthropic adapter as the extension loads it: its own bundle (dist/llm.js, with the SDK),
 * required on the first request by src/vscode/platform/clientProvider.ts, so activation neither
 * reads nor compiles it. It shares no state with dist/extension.js: the core modules it bundles a
 * copy of (usage, tokens) are pure, and what crosses over is the LlmClient port's plain data.
 */
export { createAnthropicClient } from './anthropicClient';
export { clientForEndpoints, LocalServerHealth } from './endpointRouter';
export { createBatchClient } from './batchClient';
