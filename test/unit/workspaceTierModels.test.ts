import assert from 'node:assert/strict';
import { parsePolicy } from '../../src/core/routing/policy';
import type { RouteRequest } from '../../src/core/routing/router';
import { route } from '../../src/core/routing/router';
import { mergeTeamLayer } from '../../src/core/routing/scopedRules';
import { policyLayerFromConfig } from '../../src/core/settings/config';
import type { SettingKey } from '../../src/core/settings/settings';
import { parseLayeredSettings } from '../../src/core/settings/tightening';
import { checkTeamTierChoices } from '../../src/core/settings/tierChoices';

type Layer = Partial<Record<SettingKey, unknown>>;

/**
 * What the settings service does at each reload: VS Code's resolved values (the workspace's win, as
 * `get()` returns them; Restricted Mode holds back only the restricted settings, which the caller
 * models by leaving them out of `workspace`), each layer as `inspect()` gives it, then the team file
 * checked and merged over the result.
 */
function effective(user: Layer, workspace: Layer, options: { trusted?: boolean; team?: Record<string, unknown> } = {}) {
  const trusted = options.trusted ?? true;
  const layered = parseLayeredSettings(
    (key) => workspace[key] ?? user[key],
    (key) => ({ user: user[key], workspace: workspace[key] }),
    trusted,
  );
  const team = checkTeamTierChoices(options.team ?? {}, layered.own, layered.config);
  const { policy } = parsePolicy(mergeTeamLayer(policyLayerFromConfig(layered.config), team.layer));
  return { policy, config: layered.config, notes: layered.notes, notApplied: [...layered.refused, ...team.refused].map((refusal) => refusal.text) };
}

/** A one-line fix in the payment code: the floor holds it on frontier. */
const SENSITIVE: RouteRequest = { surface: 'chat', taskKind: 'bugfix', signals: { files: ['src/billing/payment.ts'], selectionLines: 1 } };
const COMPLETION: RouteRequest = { surface: 'completion', taskKind: 'completion', prompt: 'x' };

const sent = (request: RouteRequest, policy: ReturnType<typeof effective>['policy']) => {
  const decision = route(request, policy);
  return { tier: decision.tier, model: decision.model, effort: decision.effort, rule: decision.rule };
};

describe('a workspace may make a tier stronger, never cheaper or weaker', () => {
  it('keeps sensitive work on your frontier model when a trusted workspace names a cheap one', () => {
    const { policy, notApplied } = effective({}, { 'tiers.frontier.model': 'claude-haiku-5-5', 'tiers.frontier.effort': 'low' });
    assert.deepEqual(sent(SENSITIVE, policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'medium', rule: 'floor:sensitive' }, 'the payment fix must stay on Opus 5.5 at medium effort');
    assert.equal(notApplied.length, 2, notApplied.join('\n'));
  });

  it('names the value, why it does not apply and what to do instead', () => {
    const { notApplied } = effective({}, { 'tiers.frontier.model': 'claude-haiku-5-5', 'tiers.frontier.effort': 'low' });
    assert.deepEqual(notApplied, [
      'modelRouter.tiers.frontier.model: the workspace\'s "claude-haiku-5-5" costs less than your "claude-opus-5-5" ($0.10 / $0.50 against $4 / $20 per million tokens in / out), so it does not apply (a workspace may choose a stronger model or effort for a tier, never a cheaper or weaker one); the frontier tier stays on claude-opus-5-5. To use "claude-haiku-5-5" there, set modelRouter.tiers.frontier.model in your user settings.',
      'modelRouter.tiers.frontier.effort: the workspace\'s "low" is below your "medium", so it does not apply (a workspace may choose a stronger model or effort for a tier, never a cheaper or weaker one); the frontier tier stays at medium effort. To use "low" there, set modelRouter.tiers.frontier.effort in your user settings.',
    ]);
  });

  it('compares with your own model, not the default: a workspace cannot undo your stronger frontier', () => {
    const { policy, notApplied } = effective({ 'tiers.frontier.model': 'claude-mythos-5-1' }, { 'tiers.frontier.model': 'claude-opus-5-5' });
    assert.equal(sent(SENSITIVE, policy).model, 'claude-mythos-5-1');
    assert.match(notApplied.join('\n'), /"claude-opus-5-5" costs less than your "claude-mythos-5-1" \(\$4 \/ \$20 against \$10 \/ \$50/);
  });

  it('refuses a model id the price table does not know: it would be billed on your account at an unknown price', () => {
    const { policy, notApplied } = effective({}, { 'tiers.frontier.model': 'acme-finetune-9000' });
    assert.equal(sent(SENSITIVE, policy).model, 'claude-opus-5-5');
    assert.match(notApplied.join('\n'), /the workspace's "acme-finetune-9000" is not in the built-in price table, so neither its price nor its strength is known, so it does not apply/);
  });

  it('refuses an older model of the same family even when it costs more (Opus 4.5 over your Opus 5.5)', () => {
    const { policy, notApplied } = effective({}, { 'tiers.frontier.model': 'claude-opus-4-5' });
    assert.equal(sent(SENSITIVE, policy).model, 'claude-opus-5-5');
    assert.match(notApplied.join('\n'), /"claude-opus-4-5" is an older Opus than your "claude-opus-5-5"/);
  });

  it('compares list prices, not your contract rate: a weaker model does not pass because your own is discounted', () => {
    const { policy, notApplied } = effective({ prices: { 'claude-opus-5-5': { input: 1, output: 5 } } }, { 'tiers.frontier.model': 'claude-sonnet-5-5' });
    assert.equal(sent(SENSITIVE, policy).model, 'claude-opus-5-5');
    assert.match(notApplied[0], /"claude-sonnet-5-5" costs less than your "claude-opus-5-5"/);
  });

  it('honors a workspace that picks a stronger model and a higher effort for frontier', () => {
    const model = effective({}, { 'tiers.frontier.model': 'claude-mythos-5-1' });
    assert.deepEqual(sent(SENSITIVE, model.policy), { tier: 'frontier', model: 'claude-mythos-5-1', effort: undefined, rule: 'floor:sensitive' }, 'Mythos 5.1 takes no effort setting');
    const effort = effective({}, { 'tiers.frontier.effort': 'high' });
    assert.deepEqual(sent(SENSITIVE, effort.policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'high', rule: 'floor:sensitive' });
    assert.deepEqual([...model.notApplied, ...effort.notApplied], []);
  });

  it('does not make the balanced tier dearer either: a multi-line completion in sensitive code runs there', () => {
    const { policy, notApplied } = effective({}, { 'tiers.balanced.model': 'claude-opus-5-5' });
    const multiLine: RouteRequest = { surface: 'completion', taskKind: 'completion', prompt: 'x', signals: { files: ['src/payments/refund.ts'], multiLine: true } };
    assert.deepEqual(sent(multiLine, policy), { tier: 'balanced', model: 'claude-sonnet-5-5', effort: 'medium', rule: 'scope:sensitiveCompletion' });
    assert.equal(sent({ surface: 'chat', taskKind: 'tests', signals: { files: ['src/util/strings.ts'] } }, policy).model, 'claude-sonnet-5-5');
    assert.equal(sent(COMPLETION, policy).model, 'claude-haiku-5-5');
    assert.equal(notApplied.length, 1, notApplied.join('\n'));
    assert.match(notApplied[0], /"claude-opus-5-5" costs more than your "claude-sonnet-5-5" .* on the tier that serves inline completions, so it does not apply \(only your user settings may make inline completions dearer\)/);
  });

  it('does not make inline completions dearer: the fast tier keeps your model and effort', () => {
    const { policy, notApplied } = effective({}, { 'tiers.fast.model': 'claude-sonnet-5-5', 'tiers.fast.effort': 'high' });
    assert.deepEqual(sent(COMPLETION, policy), { tier: 'fast', model: 'claude-haiku-5-5', effort: 'low', rule: 'taskKind:completion' });
    assert.match(notApplied[0], /"claude-sonnet-5-5" costs more than your "claude-haiku-5-5" .* on the tier that serves inline completions, so it does not apply \(only your user settings may make inline completions dearer\)/);
    assert.match(notApplied[1], /"high" is above your "low" on the tier that serves inline completions/);
  });

  it('lets you choose any model for a tier in your own settings', () => {
    const { policy, notApplied } = effective({ 'tiers.frontier.model': 'claude-haiku-5-5' }, {});
    assert.equal(sent(SENSITIVE, policy).model, 'claude-haiku-5-5');
    assert.deepEqual(notApplied, []);
  });

  it('applies none of it in an untrusted workspace, effort included, and the log says so', () => {
    // Restricted Mode holds back the model settings itself; before they were read per layer, the effort applied.
    const { policy, notes, notApplied } = effective({}, { 'tiers.frontier.model': 'claude-mythos-5-1', 'tiers.frontier.effort': 'low' }, { trusted: false });
    assert.deepEqual(sent(SENSITIVE, policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'medium', rule: 'floor:sensitive' });
    assert.match(notes.join('\n'), /the workspace's values of .*modelRouter\.tiers\.frontier\.model, modelRouter\.tiers\.frontier\.effort.* do not apply until you trust this workspace/);
    assert.deepEqual(notApplied, [], 'nothing to refuse: nothing of it was read');
  });

  it('on Amazon Bedrock, keeps your inference profile: a workspace cannot move requests to another region', () => {
    const user: Layer = { 'tiers.frontier.endpoint': 'bedrock', 'bedrock.region': 'eu-west-1', 'tiers.frontier.model': 'eu.anthropic.claude-opus-5-5-v1:0' };
    const moved = effective(user, { 'tiers.frontier.model': 'us.anthropic.claude-mythos-5-1-v1:0' });
    assert.equal(sent(SENSITIVE, moved.policy).model, 'eu.anthropic.claude-opus-5-5-v1:0');
    assert.match(moved.notApplied.join('\n'), /is not the same kind of model id as your "eu\.anthropic\.claude-opus-5-5-v1:0" \(on Amazon Bedrock the prefix names the inference profile, which says in which regions requests are processed\)/);
    const stronger = effective(user, { 'tiers.frontier.model': 'eu.anthropic.claude-mythos-5-1-v1:0' });
    assert.equal(sent(SENSITIVE, stronger.policy).model, 'eu.anthropic.claude-mythos-5-1-v1:0');
  });

  describe('the team policy file', () => {
    it('keeps sensitive work on your frontier model when the file names a cheap one, and names the file and field', () => {
      const { policy, notApplied } = effective({}, {}, { team: { tiers: { frontier: { model: 'claude-sonnet-5-5', effort: 'low' } }, taskKinds: { explain: 'fast' } } });
      assert.deepEqual(sent(SENSITIVE, policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'medium', rule: 'floor:sensitive' });
      assert.equal(policy.taskKinds.explain, 'fast', 'the rest of the file still applies');
      assert.equal(
        notApplied[0],
        '.vscode/model-router.json: tiers.frontier.model "claude-sonnet-5-5" costs less than your "claude-opus-5-5" ($2 / $10 against $4 / $20 per million tokens in / out), so it does not apply (a workspace may choose a stronger model or effort for a tier, never a cheaper or weaker one); the frontier tier stays on claude-opus-5-5. To use "claude-sonnet-5-5" there, set modelRouter.tiers.frontier.model in your user settings.',
      );
      assert.match(notApplied[1], /^\.vscode\/model-router\.json: tiers\.frontier\.effort "low" is below your "medium"/);
    });

    it('honors a stronger model from the file and keeps a refused field from hiding a good one', () => {
      const { policy, notApplied } = effective({}, {}, { team: { tiers: { frontier: { model: 'claude-haiku-5-5', effort: 'high' } } } });
      assert.equal(sent(SENSITIVE, policy).model, 'claude-opus-5-5');
      assert.deepEqual(policy.tiers.frontier, { model: 'claude-opus-5-5', effort: 'high' }, 'the cheap model is refused, the higher effort applies');
      assert.equal(notApplied.length, 1, notApplied.join('\n'));
    });

    it('checks the file against your own settings, not what the workspace settings raised', () => {
      const { policy } = effective({}, { 'tiers.frontier.model': 'claude-mythos-5-1' }, { team: { tiers: { frontier: { model: 'claude-haiku-5-5' } } } });
      assert.equal(sent(SENSITIVE, policy).model, 'claude-mythos-5-1', 'the refused file value must not fall back to anything below the workspace’s honored one');
    });
  });
});
