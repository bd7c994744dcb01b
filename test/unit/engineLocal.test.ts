/**
 * A tier on the user's local server, through the engine as every surface uses it: requests reach
 * the Ollama-flavoured fake with no key while the cloud tiers reach the fake API, the ledger records
 * them as local at $0 with savings against the cheapest cloud tier, and a server that is not running
 * sends the request to the next cloud tier and says so, or, with the fallback off, fails with a
 * message naming the URL and what to do.
 */
import assert from 'node:assert/strict';
import type { RunOptions, RunResult } from '../../src/core/engine';
import { Engine } from '../../src/core/engine';
import { describeError } from '../../src/core/model/errorMessages';
import { evaluateBudget } from '../../src/core/routing/budget';
import { OverrideState } from '../../src/core/routing/overrides';
import { parsePolicy, type Policy } from '../../src/core/routing/policy';
import { policyLayerFromConfig, priceOverridesFromConfig } from '../../src/core/settings/config';
import type { TierEndpoints } from '../../src/core/settings/endpoints';
import { tierEndpoints, withLocalModels, withLocalPrice } from '../../src/core/settings/endpoints';
import type { SettingKey } from '../../src/core/settings/settings';
import { parseLayeredSettings } from '../../src/core/settings/tightening';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { describeSpend } from '../../src/core/spend/statusBarText';
import { buildChatPrompt } from '../../src/core/prompts/chatPrompt';
import { createAnthropicClient } from '../../src/llm/anthropicClient';
import { clientForEndpoints, LOCAL_PLACEHOLDER_KEY } from '../../src/llm/endpointRouter';
import type { FakeAnthropic } from '../fakes/fakeAnthropic';
import { ok, startFakeAnthropic } from '../fakes/fakeAnthropic';
import type { FakeLocalServer } from '../fakes/fakeLocalServer';
import { closedLocalUrl, startFakeLocalServer } from '../fakes/fakeLocalServer';

const MODEL = 'qwen2.5-coder:7b';

describe('Engine with the fast tier on a local server', () => {
  let cloud: FakeAnthropic;
  let local: FakeLocalServer;
  let ledger: Ledger;
  let logs: string[];

  before(async () => {
    cloud = await startFakeAnthropic();
    local = await startFakeLocalServer({ models: [MODEL] });
  });
  after(async () => {
    await cloud.close();
    await local.close();
  });
  beforeEach(() => {
    cloud.reset();
    local.reset();
    logs = [];
    ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
  });

  /** The engine as the extension builds it from these user settings (and the fake's key, unless `noKey`). */
  function engineFor(user: Partial<Record<SettingKey, unknown>>, noKey = false): { engine: Engine; endpoints: TierEndpoints; policy: Policy } {
    const { config } = parseLayeredSettings((key) => user[key], (key) => ({ user: user[key] }), true);
    const { policy, endpoints } = withLocalModels(parsePolicy(policyLayerFromConfig(config)).policy, tierEndpoints(config));
    const cloudClient = createAnthropicClient({ apiKey: noKey ? '' : cloud.apiKey, baseURL: cloud.url, maxRetries: 0, idleTimeoutMs: 2000 });
    const client = clientForEndpoints(cloudClient, endpoints, 2000);
    const engine = new Engine({
      policy: () => policy,
      budget: () => ({ onExceed: 'warn' }),
      prices: () => withLocalPrice(priceOverridesFromConfig(config), endpoints),
      ledger,
      overrides: new OverrideState(),
      client: async () => client,
      endpoints: () => endpoints,
      log: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    });
    return { engine, endpoints, policy };
  }

  const local$ = (url: string, extra: Partial<Record<SettingKey, unknown>> = {}) => ({ 'local.url': url, 'local.model': MODEL, 'tiers.fast.endpoint': 'local', ...extra });
  const ask = (engine: Engine, prompt: string, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
    engine.run({ request: { surface: 'chat', prompt, taskKind: extra.request?.taskKind ?? 'commitMessage' }, prompt: () => buildChatPrompt({ history: [], question: prompt }), ...extra });
  function done(result: RunResult) {
    if (result.kind !== 'done') assert.fail(`expected a finished request, got ${result.kind}`);
    return result;
  }

  it('sends fast work to the local server with no key and records it as local at $0; balanced work still goes to the cloud', async () => {
    const { engine, endpoints } = engineFor(local$(local.url));
    const commit = done(await ask(engine, 'write a commit message for this diff'));
    cloud.enqueue(ok({ usage: { inputTokens: 1000, outputTokens: 500 } }));
    const tests = done(await ask(engine, 'write tests for the parser', { request: { surface: 'chat', prompt: 'write tests for the parser', taskKind: 'tests' } }));

    assert.equal(commit.decision.tier, 'fast');
    assert.equal(commit.result.outcome, 'ok');
    assert.match(commit.result.text, /^\[local qwen2\.5-coder:7b\]/, 'the answer came from the local model');
    assert.deepEqual(local.requests.map((r) => r.model), [MODEL]);
    assert.equal(local.requests[0]!.authorization, `Bearer ${LOCAL_PLACEHOLDER_KEY}`, 'the local server gets a placeholder, not the key');
    assert.ok(!JSON.stringify(local.requests).includes(cloud.apiKey), 'the user\'s key never reached the local server');
    assert.deepEqual(cloud.requests.map((r) => r.model), ['claude-sonnet-5-5'], 'the balanced request went to the cloud');
    assert.equal(cloud.requests[0]!.authorized, true, 'with the user\'s key');

    assert.equal(commit.record.endpoint, 'local');
    assert.equal(commit.record.model, MODEL);
    assert.equal(commit.record.costMicros, 0, 'a local request costs $0');
    assert.equal(commit.record.usageEstimated, true, 'Ollama\'s counts are approximate');
    assert.equal(commit.record.frontierModel, 'claude-haiku-5-5', 'savings are counted against the fast tier\'s cloud model');
    assert.ok((commit.record.frontierCostMicros ?? 0) > 0, 'the same work on the cloud would have cost something');
    assert.equal(tests.record.endpoint, undefined, 'a cloud request is not marked local');
    assert.equal(tests.record.costMicros, 7000);

    const view = describeSpend(ledger.snapshot(), evaluateBudget(ledger.snapshot(), { onExceed: 'warn' }), undefined, { local: { model: MODEL, url: endpoints.local!.url, tiers: endpoints.localTiers } });
    assert.match(view.tooltip, new RegExp(`Local: \\*\\*fast\\*\\* runs \`qwen2\\.5-coder:7b\` on \`${local.url.replace(/\./g, '\\.')}\` — 1 request, \\$0\\.00 this session\\.`), view.tooltip);
    assert.match(view.text, /^\$\(pulse\) \$0\.0070 · saved/, `the session costs only the cloud request's $0.007: ${view.text}`);
  });

  it('goes to the tier\'s cloud model when the local server is not running, says so, and does not try the server again for a minute', async () => {
    const url = await closedLocalUrl();
    const { engine } = engineFor(local$(url));
    const notices: string[] = [];
    const first = done(await ask(engine, 'write a commit message', { onFallback: (_decision, notice) => notices.push(notice) }));
    assert.equal(first.decision.tier, 'fast', 'the tier stays as routed');
    assert.equal(first.decision.model, 'claude-haiku-5-5', 'its cloud model answers');
    assert.equal(first.decision.rule, 'fallback:localDown');
    assert.equal(first.result.outcome, 'ok');
    assert.deepEqual(cloud.requests.map((r) => r.model), ['claude-haiku-5-5']);
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, new RegExp(`The local server at ${url.replace(/\./g, '\\.')} did not answer, so this answer comes from claude-haiku-5-5 \\(fast, in the cloud\\) instead`));
    assert.deepEqual(first.attempts.map((a) => [a.endpoint, a.outcome, a.errorKind]), [['local', 'error', 'network'], [undefined, 'ok', undefined]], 'both attempts are in the ledger');

    const started = Date.now();
    const second = done(await ask(engine, 'write another commit message', { fallback: false, request: { surface: 'completion', prompt: 'x', taskKind: 'completion' } }));
    assert.ok(Date.now() - started < 1000, 'the dead server is skipped at once');
    assert.equal(second.decision.model, 'claude-haiku-5-5', 'completions fall back too (they never fall back on overload)');
    assert.equal(second.record.endpoint, undefined, 'the answering attempt is a cloud request');
    assert.equal(second.attempts[0]?.endpoint, 'local');
    assert.ok(logs.some((line) => line.includes(`the local server at ${url} did not answer`)), logs.join('\n'));
  });

  it('with the fallback off, fails with a message naming the server and what to do, and no Set API Key', async () => {
    const url = await closedLocalUrl();
    const { engine } = engineFor(local$(url, { 'local.fallback': false }));
    const result = done(await ask(engine, 'write a commit message'));
    assert.equal(result.result.outcome, 'error');
    if (result.result.outcome !== 'error') return;
    const { message, actions } = describeError(result.result.error, result.decision.model);
    assert.match(message, new RegExp(`^The local server at ${url.replace(/\./g, '\\.')} did not answer \\(.+\\)\\. Start it \\(for Ollama: \`ollama serve\`\\), or change modelRouter\\.local\\.url`));
    assert.deepEqual(actions, ['retry', 'openSettings']);
    assert.equal(cloud.requests.length, 0, 'nothing went to the cloud');
  });

  it('works with no Anthropic key for the local tier, and a cloud tier asks for a key', async () => {
    const { engine } = engineFor(local$(local.url), true);
    const commit = done(await ask(engine, 'write a commit message'));
    assert.equal(commit.result.outcome, 'ok', 'the local tier needs no Anthropic key');
    const tests = done(await ask(engine, 'write tests for the parser', { request: { surface: 'chat', prompt: 'write tests for the parser', taskKind: 'tests' } }));
    assert.equal(tests.result.outcome, 'error');
    if (tests.result.outcome !== 'error') return;
    assert.deepEqual(describeError(tests.result.error, tests.decision.model), { message: 'No Anthropic API key is set, and claude-sonnet-5-5 runs on the Anthropic API. Set an Anthropic API key.', actions: ['setApiKey'] });
    assert.equal(cloud.requests.length, 0, 'nothing was sent without a key');
  });

  it('names the model to pull when the local server does not have it', async () => {
    const { engine } = engineFor(local$(local.url, { 'local.model': 'llama3.2' }));
    const result = done(await ask(engine, 'write a commit message'));
    assert.equal(result.result.outcome, 'error');
    if (result.result.outcome !== 'error') return;
    const { message } = describeError(result.result.error, result.decision.model);
    assert.match(message, /^The local server at .+ rejected the request \(.*model 'llama3\.2' not found.*\)\. Check that it has llama3\.2 \(for Ollama: `ollama pull llama3\.2`\)/);
    assert.equal(cloud.requests.length, 0, 'a bad model is not a dead server: no fallback');
  });
});
