/**
 * Shared setup for the Anthropic adapter tests: one fake API per suite, a typical request, and
 * small helpers that make failures say what went wrong rather than dump a result object.
 */
import * as assert from 'node:assert/strict';
import type { LlmClient, LlmDelta, LlmError, LlmRequest, LlmResult } from '../../src/core/model/llm';
import { createAnthropicClient, type AnthropicClientOptions } from '../../src/llm/anthropicClient';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/fakeAnthropic';

export const MODEL = 'claude-haiku-5-5';

export function request(overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    model: MODEL,
    system: [{ type: 'text', text: 'You are a careful coding assistant.', cache: '1h' }],
    messages: [{ role: 'user', content: 'Explain function parse in two sentences.' }],
    maxTokens: 512,
    ...overrides,
  };
}

export async function collect(client: LlmClient, req: LlmRequest): Promise<{ result: LlmResult; deltas: LlmDelta[] }> {
  const deltas: LlmDelta[] = [];
  const result = await client.stream(req, (d) => deltas.push(d));
  return { result, deltas };
}

export function errorOf(result: LlmResult): LlmError {
  if (result.outcome !== 'error') assert.fail(`expected an error result, got ${JSON.stringify(result)}`);
  return result.error;
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface FakeApiSuite {
  readonly fake: FakeAnthropic;
  /** A client for the fake; no retries unless the test asks, to keep the suite fast. */
  client(options?: Partial<AnthropicClientOptions>): LlmClient;
  /** Unhandled rejections seen while the suite ran; an errored stream must never leave one. */
  readonly unhandled: readonly unknown[];
}

/** Registers mocha hooks that start one fake per suite and forget its requests after each test. */
export function useFakeApi(): FakeApiSuite {
  let fake: FakeAnthropic | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  before(async () => {
    fake = await startFakeAnthropic();
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => fake?.reset());
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await fake?.close();
  });
  const suite: FakeApiSuite = {
    get fake(): FakeAnthropic {
      if (!fake) throw new Error('the fake API is not running; use it inside a test');
      return fake;
    },
    client: (options = {}) => createAnthropicClient({ apiKey: suite.fake.apiKey, baseURL: suite.fake.url, maxRetries: 0, ...options }),
    unhandled,
  };
  return suite;
}
