/**
 * Where requests go is the user's to say: a tier's endpoint, the local server's URL and model come
 * from user settings only (a workspace's values are ignored, a team policy file has no field for
 * them), a server on another machine needs its host allowed, and a local tier runs the local model
 * at $0 whatever a team file names for it.
 */
import assert from 'node:assert/strict';
import { mergePolicyLayers, parsePolicy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import { policyLayerFromConfig, priceOverridesFromConfig } from '../../src/core/settings/config';
import { cloudModelOf, endpointLabel, isThisMachine, tierEndpoints, withLocalModels, withLocalPrice } from '../../src/core/settings/endpoints';
import type { SettingKey } from '../../src/core/settings/settings';
import { SETTINGS } from '../../src/core/settings/settings';
import { parseLayeredSettings } from '../../src/core/settings/tightening';
import { anthropicModelOf, costOf } from '../../src/core/spend/pricing';
import { usageOf } from '../../src/core/model/usage';

type Values = Partial<Record<SettingKey, unknown>>;
const LOCAL: Values = { 'local.url': 'http://localhost:11434', 'local.model': 'qwen2.5-coder:7b', 'tiers.fast.endpoint': 'local' };

function settings(user: Values, workspace: Values = {}, trusted = true) {
  // What VS Code's get() would return if it let a workspace value through: the workspace wins.
  return parseLayeredSettings(
    (key) => workspace[key] ?? user[key],
    (key) => ({ user: user[key], workspace: workspace[key] }),
    trusted,
  );
}

describe('endpoints: where each tier\'s requests go', () => {
  it('keeps every endpoint setting out of a workspace\'s reach (application scope)', () => {
    for (const key of ['tiers.fast.endpoint', 'tiers.balanced.endpoint', 'tiers.frontier.endpoint', 'local.url', 'local.model', 'local.allowedHosts', 'local.timeoutSeconds', 'local.fallback'] as const) {
      assert.equal(SETTINGS[key].scope, 'application', `${key} must be application-scoped`);
    }
  });

  it('ignores a workspace that points a tier at a server, even when trusted, and says so in the log', () => {
    const hostile: Values = { 'tiers.balanced.endpoint': 'local', 'local.url': 'http://localhost:9999', 'local.model': 'evil', 'local.allowedHosts': ['evil.example'], 'api.baseUrl': 'https://evil.example' };
    const { config, notes } = settings(LOCAL, hostile, true);
    assert.equal(config['tiers.balanced.endpoint'], 'anthropic', 'the workspace cannot move balanced to a local server');
    assert.equal(config['local.url'], 'http://localhost:11434', 'the user\'s local URL holds');
    assert.equal(config['local.model'], 'qwen2.5-coder:7b');
    assert.deepEqual(config['local.allowedHosts'], []);
    assert.equal(config['api.baseUrl'], '', 'the workspace cannot redirect the cloud either');
    assert.ok(notes.some((note) => note.includes('modelRouter.local.url') && note.includes('ignored')), notes.join('\n'));
  });

  it('refuses a local URL on another machine unless its host is allowed, naming the setting to change', () => {
    const refused = settings({ ...LOCAL, 'local.url': 'http://10.0.0.7:11434' });
    assert.equal(refused.config['local.url'], '');
    assert.equal(refused.config['tiers.fast.endpoint'], 'anthropic', 'without a server the tier stays on the Anthropic API');
    const issue = refused.issues.find((i) => i.key === 'local.url');
    assert.match(issue?.message ?? '', /10\.0\.0\.7 is not this machine.*modelRouter\.local\.allowedHosts/);
    const allowed = settings({ ...LOCAL, 'local.url': 'http://10.0.0.7:11434', 'local.allowedHosts': ['10.0.0.7'] });
    assert.equal(allowed.config['local.url'], 'http://10.0.0.7:11434');
    assert.deepEqual(tierEndpoints(allowed.config).localTiers, ['fast']);
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'ollama.localhost']) assert.ok(isThisMachine(host), host);
    for (const host of ['10.0.0.7', 'localhost.evil.example', '128.0.0.1', 'example.com']) assert.ok(!isThisMachine(host), host);
  });

  it('keeps a tier set to local on the Anthropic API until the URL and the model are set, and says which is missing', () => {
    const { config, issues } = settings({ 'tiers.fast.endpoint': 'local', 'local.url': 'http://localhost:11434' });
    assert.equal(config['tiers.fast.endpoint'], 'anthropic');
    assert.match(issues.find((i) => i.key === 'tiers.fast.endpoint')?.message ?? '', /needs modelRouter\.local\.model/);
    assert.deepEqual(tierEndpoints(config).localTiers, []);
  });

  it('gives no team policy file a way to say where requests go', () => {
    const { issues, policy } = parsePolicy({ tiers: { fast: { model: 'claude-haiku-5-5', endpoint: 'local', url: 'http://evil.example' } }, local: { url: 'http://evil.example' } });
    assert.ok(issues.some((i) => i.path === 'tiers.fast.endpoint'), issues.map((i) => i.path).join(', '));
    assert.ok(issues.some((i) => i.path === 'local'), 'a top-level local field is unknown');
    assert.equal(policy.tiers.fast.model, 'claude-haiku-5-5');
  });

  it('runs the local model on a local tier whatever the team file names, at $0, with the tier\'s cloud model kept for fallback and savings', () => {
    const { config } = settings(LOCAL);
    const team = { tiers: { fast: { model: 'claude-haiku-4-5' } } };
    const { policy, endpoints } = withLocalModels(parsePolicy(mergePolicyLayers(policyLayerFromConfig(config), team)).policy, tierEndpoints(config));
    assert.equal(policy.tiers.fast.model, 'qwen2.5-coder:7b', 'the local tier runs the user\'s local model');
    assert.equal(policy.tiers.balanced.model, 'claude-sonnet-5-5');
    const decision = route({ surface: 'command', taskKind: 'commitMessage', prompt: 'write a commit message' }, policy);
    assert.equal(decision.tier, 'fast');
    assert.equal(decision.model, 'qwen2.5-coder:7b');
    assert.equal(cloudModelOf('fast', endpoints), 'claude-haiku-4-5', 'the fast tier\'s cloud model (the team file\'s) is its fallback and savings basis');
    const prices = withLocalPrice(priceOverridesFromConfig(config), endpoints);
    const usage = usageOf({ inputTokens: 10_000, outputTokens: 2_000 });
    assert.deepEqual(costOf(usage, 'qwen2.5-coder:7b', { overrides: prices }), { kind: 'priced', micros: 0 }, 'a local model costs $0, not unpriced');
    const priced = settings({ ...LOCAL, prices: { 'qwen2.5-coder:7b': { input: 0.05, output: 0.1 } } }).config;
    const own = withLocalPrice(priceOverridesFromConfig(priced), tierEndpoints(priced));
    assert.deepEqual(costOf(usage, 'qwen2.5-coder:7b', { overrides: own }), { kind: 'priced', micros: 700 }, 'the user\'s own price for the local model applies (electricity, a shared GPU)');
  });

  it('sends a tier to Bedrock or Vertex only from user settings with the region (and project) set, and says what is missing', () => {
    for (const key of ['bedrock.region', 'vertex.region', 'vertex.projectId'] as const) assert.equal(SETTINGS[key].scope, 'application', `${key} must be application-scoped`);
    const user: Values = { 'tiers.frontier.endpoint': 'bedrock', 'bedrock.region': 'us-east-1', 'tiers.balanced.endpoint': 'vertex', 'vertex.region': 'us-east5', 'vertex.projectId': 'router-proj-42' };
    const endpoints = tierEndpoints(settings(user).config);
    assert.deepEqual(endpoints.bedrock, { region: 'us-east-1', tiers: ['frontier'] });
    assert.deepEqual(endpoints.vertex, { region: 'us-east5', projectId: 'router-proj-42', tiers: ['balanced'] });
    assert.equal(endpointLabel('frontier', endpoints), 'Amazon Bedrock (us-east-1)');
    assert.equal(endpointLabel('balanced', endpoints), 'Vertex AI (router-proj-42, us-east5)');

    const hostile: Values = { 'tiers.fast.endpoint': 'bedrock', 'bedrock.region': 'eu-west-1', 'vertex.projectId': 'evil-project-1' };
    const fromWorkspace = settings({}, hostile, true).config;
    assert.deepEqual([fromWorkspace['tiers.fast.endpoint'], fromWorkspace['bedrock.region'], fromWorkspace['vertex.projectId']], ['anthropic', '', ''], 'a workspace cannot move a tier to a cloud platform');

    const missing = settings({ 'tiers.frontier.endpoint': 'bedrock', 'tiers.balanced.endpoint': 'vertex', 'vertex.region': 'us-east5' });
    assert.deepEqual([missing.config['tiers.frontier.endpoint'], missing.config['tiers.balanced.endpoint']], ['anthropic', 'anthropic']);
    assert.equal(missing.issues.find((i) => i.key === 'tiers.frontier.endpoint')?.message, '"bedrock" needs modelRouter.bedrock.region (e.g. "us-east-1"); the frontier tier stays on the Anthropic API until you set it for Amazon Bedrock');
    assert.equal(missing.issues.find((i) => i.key === 'tiers.balanced.endpoint')?.message, '"vertex" needs modelRouter.vertex.projectId; the balanced tier stays on the Anthropic API until you set it for Vertex AI');
    assert.match(settings({ 'bedrock.region': 'US East' }).issues.find((i) => i.key === 'bedrock.region')?.message ?? '', /expected an AWS region such as us-east-1/);
  });

  it('prices a Bedrock or Vertex model id as the Anthropic model it names', () => {
    assert.equal(anthropicModelOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), 'claude-sonnet-4-5-20250929');
    assert.equal(anthropicModelOf('anthropic.claude-haiku-5-5-v1:0'), 'claude-haiku-5-5');
    assert.equal(anthropicModelOf('claude-opus-5-5@20261101'), 'claude-opus-5-5');
    assert.equal(anthropicModelOf('qwen2.5-coder:7b'), 'qwen2.5-coder:7b');
    const usage = usageOf({ inputTokens: 1_000_000 });
    assert.deepEqual(costOf(usage, 'global.anthropic.claude-opus-5-5-v1:0'), costOf(usage, 'claude-opus-5-5'));
    assert.deepEqual(costOf(usage, 'claude-sonnet-5-5@20261101'), costOf(usage, 'claude-sonnet-5-5'));
    assert.equal(costOf(usage, 'claude-sonnet-5-5').kind, 'priced');
  });
});
