/**
 * A company gateway at `api.baseUrl`: with attribution on, each request carries its tier, task kind
 * and surface (LiteLLM's `x-litellm-tags`) and no prompt text; the cost the gateway reports is kept
 * beside Model Router's own estimate, and `model-router report` shows both and the difference.
 * The real SDK through the fake gateway to the fake API.
 */
import assert from 'node:assert/strict';
import { Engine } from '../../src/core/engine';
import type { RunResult } from '../../src/core/engine';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { Ledger } from '../../src/core/spend/ledger';
import { LedgerReportBuilder } from '../../src/core/spend/ledgerReport';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { reportedCostMicros } from '../../src/llm/gateway';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import type { FakeGateway } from '../fakes/fakeGateway';
import { startFakeGateway } from '../fakes/fakeGateway';

describe('a gateway at api.baseUrl: attribution headers and the cost it reports', () => {
  let cloud: FakeAnthropic;
  let gateway: FakeGateway;
  before(async () => {
    cloud = await startFakeAnthropic();
    gateway = await startFakeGateway(cloud.url);
  });
  after(async () => {
    await gateway.close();
    await cloud.close();
  });
  beforeEach(() => {
    cloud.reset();
    gateway.requests.length = 0;
    gateway.setCost(undefined);
  });

  function engineWith(attributionHeaders: boolean, ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' })) {
    const client = createAnthropicClient({ apiKey: cloud.apiKey, baseURL: gateway.url, maxRetries: 0, attributionHeaders });
    const engine = new Engine({ policy: () => DEFAULT_POLICY, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), ledger, overrides: new OverrideState(), client: async () => client, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    return { engine, ledger };
  }
  const ask = (engine: Engine, prompt: string, taskKind: 'tests' | 'commitMessage') =>
    engine.run({ request: { surface: 'chat', prompt, taskKind }, prompt: () => buildChatPrompt({ history: [], question: prompt }) });
  function done(result: RunResult) {
    if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
    return result;
  }

  it('tags each request with its tier, task kind and surface, and nothing of the prompt', async () => {
    const { engine } = engineWith(true);
    done(await ask(engine, 'write tests for the date parser', 'tests'));
    const [seen] = gateway.requests;
    assert.equal(seen?.attribution['x-litellm-tags'], 'model-router,tier:balanced,task:tests,surface:chat');
    assert.equal(seen?.attribution['x-model-router-tier'], 'balanced');
    assert.equal(seen?.attribution['x-model-router-task'], 'tests');
    assert.equal(seen?.attribution['x-model-router-surface'], 'chat');
    assert.ok(!Object.values(seen?.attribution ?? {}).some((value) => /parser|date/.test(value)), 'no prompt words in a header');
    assert.equal(cloud.requests[0]?.authorized, true, 'the gateway got the key and passed it on');
  });

  it('sends no attribution header when the setting is off', async () => {
    const { engine } = engineWith(false);
    done(await ask(engine, 'write tests for the parser', 'tests'));
    assert.deepEqual(gateway.requests[0]?.attribution, {});
  });

  it('keeps the billed cost beside its own estimate, and the report shows the difference', async () => {
    const { engine, ledger } = engineWith(true);
    gateway.setCost('0.0081');
    cloud.enqueue(ok({ usage: { inputTokens: 1000, outputTokens: 500 } }));
    const billed = done(await ask(engine, 'write tests for the parser', 'tests'));
    gateway.setCost(undefined);
    const unbilled = done(await ask(engine, 'write a commit message', 'commitMessage'));
    assert.equal(billed.record.gatewayCostMicros, 8100, 'the gateway said $0.0081');
    assert.equal(billed.record.costMicros, 7000, 'Model Router\'s own estimate stays the cost: 1000 × $2 + 500 × $10 per MTok');
    assert.equal(unbilled.record.gatewayCostMicros, undefined, 'no header, no billed cost');

    const builder = new LedgerReportBuilder();
    for (const record of [billed.record, unbilled.record]) builder.add(record, { file: 'export.jsonl' });
    assert.equal(ledger.snapshot().session.requests, 2);
    const { total } = builder.report();
    assert.equal(total.gatewayRequests, 1);
    assert.equal(total.gatewayCostMicros, 8100);
    assert.equal(total.gatewayEstimateMicros, 7000);
  });

  it('ignores a cost header that is not an amount', () => {
    const headers = (value: string) => new Headers({ 'x-litellm-response-cost': value });
    assert.equal(reportedCostMicros(headers('0.000123')), 123);
    assert.equal(reportedCostMicros(headers('1.5e-5')), 15);
    for (const bad of ['', 'NaN', '-1', '5000', '$0.01', 'abc']) assert.equal(reportedCostMicros(headers(bad)), undefined, bad);
    assert.equal(reportedCostMicros(new Headers()), undefined);
  });
});
