// One source for each policy default: the settings, the team policy file's starter and the CLI
// (which routes with DEFAULT_POLICY) must agree with the policy schema; this fails when they drift.
import assert from 'node:assert/strict';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import { policyStarter } from '../../src/core/routing/policyStarter';
import { SETTINGS } from '../../src/core/settings/settings';

/** The value at a dotted path of the default policy, or undefined when it has no such field. */
function atPath(path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), DEFAULT_POLICY);
}

describe('policy defaults come from the policy schema', () => {
  it('every policy setting defaults to the policy’s own default', () => {
    const compared: string[] = [];
    for (const [key, spec] of Object.entries(SETTINGS)) {
      const path = key.startsWith('policy.') ? key.slice('policy.'.length) : key.startsWith('tiers.') ? key : undefined;
      if (path === undefined) continue;
      const policyValue = atPath(path) ?? atPath(`dial.${path}`);
      if (policyValue === undefined) continue;
      assert.deepEqual(spec.schema.parse(undefined), policyValue, `modelRouter.${key} defaults differently from the policy schema's ${path}`);
      compared.push(key);
    }
    for (const key of ['policy.scope.balancedAtFiles', 'policy.scope.frontierAtFiles', 'policy.floor.enabled', 'policy.fallback.onOverloaded', 'tiers.frontier.model', 'tiers.frontier.effort']) {
      assert.ok(compared.includes(key), `${key} must be compared with the policy schema; compared: ${compared.join(', ')}`);
    }
  });

  it('the policy file’s starter is valid and changes nothing', () => {
    const { policy, issues } = parsePolicy(policyStarter());
    assert.deepEqual(issues, [], 'the starter must have no issues');
    assert.deepEqual(policy, DEFAULT_POLICY, 'a workspace with the untouched starter must route as one without it');
  });
});
