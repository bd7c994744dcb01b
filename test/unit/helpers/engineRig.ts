// The engine as most unit tests build it: the default policy, a warning budget, no price overrides,
// the real API client against the loopback fake, and a silent log. Each test names only what it
// changes (its own ledger, policy, overrides or log).
import type { EngineDeps, EngineLog } from '../../../src/core/engine';
import { Engine } from '../../../src/core/engine';
import type { LlmClient } from '../../../src/core/model/llm';
import { OverrideState } from '../../../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../../../src/core/routing/policy';
import { createAnthropicClient } from '../../../src/llm/anthropicClient';
import type { FakeAnthropic } from '../../fakes/fakeAnthropic';

export const SILENT_LOG: EngineLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The real client pointed at the fake, without retries (a test scripts each answer itself). */
export function clientFor(fake: FakeAnthropic, idleTimeoutMs = 2000): LlmClient {
  return createAnthropicClient({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0, idleTimeoutMs });
}

/** An engine asking `fake`, recording into `deps.ledger`; anything else in `deps` replaces the default. */
export function engineFor(fake: FakeAnthropic, deps: Pick<EngineDeps, 'ledger'> & Partial<EngineDeps>): Engine {
  const client = clientFor(fake);
  return new Engine({ policy: () => DEFAULT_POLICY, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), overrides: new OverrideState(), client: async () => client, log: SILENT_LOG, ...deps });
}
