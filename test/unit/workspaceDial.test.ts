import assert from 'node:assert/strict';
import type { Policy } from '../../src/core/routing/policy';
import { parsePolicy } from '../../src/core/routing/policy';
import type { RouteRequest } from '../../src/core/routing/router';
import { route } from '../../src/core/routing/router';
import { mergeTeamLayer } from '../../src/core/routing/scopedRules';
import { policyLayerFromConfig } from '../../src/core/settings/config';
import { checkTeamDialChoices } from '../../src/core/settings/dialChoices';
import type { SettingKey } from '../../src/core/settings/settings';
import { parseLayeredSettings } from '../../src/core/settings/tightening';
import { checkTeamTierChoices } from '../../src/core/settings/tierChoices';

type Layer = Partial<Record<SettingKey, unknown>>;

/**
 * What the settings service does at each reload: VS Code's resolved values (the workspace's win, as
 * `get()` returns them), each layer as `inspect()` gives it, then the team file's tiers and dial
 * checked against the user's own settings and merged over the result.
 */
function effective(user: Layer, workspace: Layer, options: { trusted?: boolean; team?: Record<string, unknown> } = {}) {
  const layered = parseLayeredSettings(
    (key) => workspace[key] ?? user[key],
    (key) => ({ user: user[key], workspace: workspace[key] }),
    options.trusted ?? true,
  );
  const tiers = checkTeamTierChoices(options.team ?? {}, layered.own, layered.config);
  const team = checkTeamDialChoices(tiers.layer, layered.own, layered.config);
  const { policy } = parsePolicy(mergeTeamLayer(policyLayerFromConfig(layered.config), team.layer));
  return { policy, notes: layered.notes, notApplied: [...layered.refused, ...tiers.refused, ...team.refused].map((refusal) => refusal.text) };
}

const SECURITY: RouteRequest = { surface: 'chat', taskKind: 'security', signals: { files: ['src/auth/session.ts'] } };
/** A code review on balanced (Sonnet 5.5, which can turn thinking off). */
const REVIEW: RouteRequest = { surface: 'chat', taskKind: 'review', signals: { files: ['src/util/strings.ts'] } };
const TESTS: RouteRequest = { surface: 'chat', taskKind: 'tests', signals: { files: ['src/util/strings.ts'] } };
const COMPLETION: RouteRequest = { surface: 'completion', taskKind: 'completion', prompt: 'x' };

const sent = (request: RouteRequest, policy: Policy) => {
  const decision = route(request, policy);
  return { tier: decision.tier, model: decision.model, effort: decision.effort, thinking: decision.thinking };
};

describe('a workspace may raise the effort or thinking of a task kind, never lower it', () => {
  it('keeps a security review at high effort with thinking on when a trusted workspace says {"security": "low"} and {"security": "off"}', () => {
    const { policy, notApplied } = effective({}, { 'policy.frontierEffort': { security: 'low' }, 'policy.thinking': { security: 'off' } });
    assert.deepEqual(sent(SECURITY, policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'high', thinking: 'adaptive' }, 'the security review must keep high effort and thinking');
    assert.equal(route(SECURITY, policy).dialReason, 'Security review on frontier: high effort, thinking on');
    assert.equal(notApplied.length, 2, notApplied.join('\n'));
  });

  it('keeps thinking on for a code review on balanced, where "off" would have turned it off', () => {
    const { policy } = effective({}, { 'policy.thinking': { review: 'off' } });
    assert.equal(sent(REVIEW, policy).thinking, 'adaptive', 'Sonnet 5.5 would have been sent thinking disabled');
  });

  it('names each entry, why it does not apply, what the kind keeps and what to do instead', () => {
    const { notApplied } = effective({}, { 'policy.frontierEffort': { security: 'low' }, 'policy.thinking': { security: 'off', tests: 'off' } });
    assert.deepEqual(notApplied, [
      'modelRouter.policy.frontierEffort: the workspace\'s "security": "low" is below your "high", so it does not apply (a workspace may raise the effort or thinking of a task kind, never lower it); the frontier tier keeps high effort for security review. To use it, set "security": "low" in modelRouter.policy.frontierEffort in your user settings.',
      'modelRouter.policy.thinking: the workspace\'s "security": "off" is less thinking than your "adaptive", so it does not apply (a workspace may raise the effort or thinking of a task kind, never lower it); thinking stays on (adaptive) for security review. To use it, set "security": "off" in modelRouter.policy.thinking in your user settings.',
      'modelRouter.policy.thinking: the workspace\'s "tests": "off" turns off the thinking your settings leave to the model, so it does not apply (a workspace may raise the effort or thinking of a task kind, never lower it); thinking stays left to the model for tests. To use it, set "tests": "off" in modelRouter.policy.thinking in your user settings.',
    ]);
  });

  it('honors a higher effort and more thinking, entry by entry, beside a refused one', () => {
    const { policy, notApplied } = effective({}, { 'policy.frontierEffort': { security: 'max', migration: 'low' }, 'policy.thinking': { tests: 'adaptive' } });
    assert.equal(sent(SECURITY, policy).effort, 'max');
    assert.equal(sent({ surface: 'chat', taskKind: 'migration' }, policy).effort, 'high', 'the migration stays at high');
    assert.equal(sent(TESTS, policy).thinking, 'adaptive');
    assert.equal(notApplied.length, 1, notApplied.join('\n'));
  });

  it('compares with your own settings, not the built-in table: a workspace cannot undo your "max", and may raise your "low"', () => {
    const yours = effective({ 'policy.frontierEffort': { security: 'max' } }, { 'policy.frontierEffort': { security: 'high' } });
    assert.equal(sent(SECURITY, yours.policy).effort, 'max');
    assert.match(yours.notApplied.join('\n'), /"security": "high" is below your "max"/);
    const low = effective({ 'policy.frontierEffort': { security: 'low' } }, { 'policy.frontierEffort': { security: 'medium' } });
    assert.equal(sent(SECURITY, low.policy).effort, 'medium');
    assert.deepEqual(low.notApplied, []);
  });

  it('compares a kind without a table entry with your frontier effort', () => {
    const { policy, notApplied } = effective({ 'tiers.frontier.effort': 'high' }, { 'policy.frontierEffort': { plan: 'medium' } });
    assert.equal(sent({ surface: 'chat', taskKind: 'plan' }, policy).effort, 'high');
    assert.match(notApplied.join('\n'), /"plan": "medium" is below your "high".*the frontier tier keeps high effort for plan/);
  });

  it('keeps your own entries when the workspace sets others', () => {
    const { policy } = effective({ 'policy.thinking': { review: 'off' } }, { 'policy.thinking': { tests: 'adaptive' } });
    assert.deepEqual(policy.dial.thinking, { review: 'off', tests: 'adaptive' });
  });

  it('lets you lower any kind in your own settings', () => {
    const { policy, notApplied } = effective({ 'policy.frontierEffort': { security: 'low' }, 'policy.thinking': { review: 'off' } }, {});
    assert.equal(sent(SECURITY, policy).effort, 'low');
    assert.equal(sent(REVIEW, policy).thinking, 'disabled');
    assert.deepEqual(notApplied, []);
  });

  it('does not make inline completions dearer: no thinking for them, and no higher frontier effort when frontier serves them', () => {
    const thinking = effective({}, { 'policy.thinking': { completion: 'adaptive', commitMessage: 'adaptive' } });
    assert.equal(sent(COMPLETION, thinking.policy).thinking, 'disabled', 'completions must stay without thinking');
    assert.equal(sent({ surface: 'chat', taskKind: 'commitMessage' }, thinking.policy).thinking, 'adaptive', 'more thinking for commit messages applies');
    assert.deepEqual(thinking.notApplied, [
      'modelRouter.policy.thinking: the workspace\'s "completion": "adaptive" is more thinking than your "off" for inline completions (thinking is billed as output), so it does not apply (only your user settings may make inline completions dearer); thinking stays off for completion. To use it, set "completion": "adaptive" in modelRouter.policy.thinking in your user settings.',
    ]);
    const onFrontier = effective({ 'policy.pins': { completion: 'frontier' } }, { 'policy.frontierEffort': { completion: 'high' } });
    assert.deepEqual(sent(COMPLETION, onFrontier.policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'medium', thinking: undefined });
    assert.match(onFrontier.notApplied.join('\n'), /"completion": "high" is above your "medium" for inline completions, which run on the frontier tier, so it does not apply \(only your user settings may make inline completions dearer\)/);
  });

  it('applies none of it in an untrusted workspace, a higher value included, and the log says so', () => {
    const { policy, notes, notApplied } = effective({}, { 'policy.frontierEffort': { security: 'low', plan: 'max' }, 'policy.thinking': { security: 'off' } }, { trusted: false });
    assert.deepEqual(sent(SECURITY, policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'high', thinking: 'adaptive' });
    assert.deepEqual(policy.dial, { frontierEffort: {}, thinking: {} });
    assert.match(notes.join('\n'), /the workspace's values of .*modelRouter\.policy\.frontierEffort, modelRouter\.policy\.thinking.* do not apply until you trust this workspace/);
    assert.deepEqual(notApplied, [], 'nothing to refuse: nothing of it was read');
  });

  describe('the team policy file', () => {
    it('keeps a security review at high effort with thinking on when the file\'s dial lowers it, names the file and field, and applies the rest', () => {
      const { policy, notApplied } = effective({}, {}, { team: { dial: { frontierEffort: { security: 'low', plan: 'high' }, thinking: { security: 'off' } }, taskKinds: { explain: 'fast' } } });
      assert.deepEqual(sent(SECURITY, policy), { tier: 'frontier', model: 'claude-opus-5-5', effort: 'high', thinking: 'adaptive' });
      assert.equal(sent({ surface: 'chat', taskKind: 'plan' }, policy).effort, 'high', 'the higher plan effort applies');
      assert.equal(policy.taskKinds.explain, 'fast', 'the rest of the file still applies');
      assert.deepEqual(notApplied, [
        '.vscode/model-router.json: dial.frontierEffort.security "low" is below your "high", so it does not apply (a workspace may raise the effort or thinking of a task kind, never lower it); the frontier tier keeps high effort for security review. To use it, set "security": "low" in modelRouter.policy.frontierEffort in your user settings.',
        '.vscode/model-router.json: dial.thinking.security "off" is less thinking than your "adaptive", so it does not apply (a workspace may raise the effort or thinking of a task kind, never lower it); thinking stays on (adaptive) for security review. To use it, set "security": "off" in modelRouter.policy.thinking in your user settings.',
      ]);
    });

    it('checks the file against your own settings, and a refused entry leaves the workspace\'s honored one', () => {
      const { policy } = effective({}, { 'policy.frontierEffort': { security: 'max' } }, { team: { dial: { frontierEffort: { security: 'medium' } } } });
      assert.equal(sent(SECURITY, policy).effort, 'max', 'the refused file value must not replace the workspace’s higher one');
    });

    it('leaves an entry that is not valid to be reported as a bad field, not as a lower one', () => {
      const { policy, notApplied } = effective({}, {}, { team: { dial: { frontierEffort: { security: 'lowest' } } } });
      assert.equal(sent(SECURITY, policy).effort, 'high');
      assert.deepEqual(notApplied, []);
      assert.ok(parsePolicy({ dial: { frontierEffort: { security: 'lowest' } } }).issues.some((issue) => issue.path === 'dial.frontierEffort.security'), 'the policy parser reports it');
    });
  });
});
