// Every setting and every team-policy field given a value of the wrong type. The tables are read
// from SETTINGS and from the policy schema, so a field added later is covered without a new case.
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { DEFAULT_CONFIG, parseConfig, policyLayerFromConfig } from '../../src/core/settings/config';
import { describeValue, policyFileNotice, settingNotice, valueAt } from '../../src/core/validation/issueText';
import { DEFAULT_POLICY, mergePolicyLayers, parsePolicy, policySchema } from '../../src/core/routing/policy';
import type { Policy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import type { SettingKey } from '../../src/core/settings/settings';
import { SETTINGS } from '../../src/core/settings/settings';

/** A value of another JSON type than `sample` (the field's default), as a hand-edited file might hold. */
function wrongTypeFor(sample: unknown): unknown {
  if (typeof sample === 'number') return 'ten';
  if (typeof sample === 'boolean') return 'yes';
  if (Array.isArray(sample)) return 'auth, billing';
  if (typeof sample === 'object' && sample !== null) return 7;
  return 42; // strings, and optional fields without a default
}

interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { def: SchemaDef }).def;

/** Dotted paths of every leaf field of an object schema, looking through defaults and optionals. */
function leafPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  let def = defOf(schema);
  while (['default', 'prefault', 'optional'].includes(def.type) && def.innerType) def = defOf(def.innerType);
  if (def.type !== 'object' || !def.shape) return [prefix];
  return Object.entries(def.shape).flatMap(([key, field]) => leafPaths(field, [...prefix, key]));
}

function withValue(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/** The extension keeps working: a chat request still routes to a configured model. */
function assertRoutes(policy: Policy, what: string): void {
  const decision = route({ surface: 'chat', prompt: 'write unit tests for the date parser' }, policy);
  assert.ok(decision.tier === 'fast' || decision.tier === 'balanced' || decision.tier === 'frontier', `${what}: no tier chosen`);
  assert.equal(decision.model, policy.tiers[decision.tier].model, `${what}: the request did not reach a tier's model`);
}

const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

describe('a setting of the wrong type', () => {
  for (const key of SETTING_KEYS) {
    it(`modelRouter.${key}: names the setting and what it takes, keeps the rest, and still routes`, () => {
      const wrong = wrongTypeFor(DEFAULT_CONFIG[key]);
      // A valid setting beside the bad one, which must still apply.
      const witness: SettingKey = key === 'budget.dailyUsd' ? 'budget.sessionUsd' : 'budget.dailyUsd';
      const { config, issues } = parseConfig((k) => (k === key ? wrong : k === witness ? 7 : undefined));

      assert.equal(issues.length, 1, `expected one issue, got ${JSON.stringify(issues)}`);
      const notice = settingNotice(issues[0]);
      assert.ok(notice.includes(`modelRouter.${key}:`), `the notice must name the setting: ${notice}`);
      assert.match(notice, /\b(expected|must)\b/, `the notice must say what the setting takes: ${notice}`);
      assert.ok(notice.includes(`got ${describeValue(wrong)}`), `the notice must say what it got: ${notice}`);
      assert.match(notice, /default.* applies until you correct it\.$/, `the notice must say what happens meanwhile: ${notice}`);
      assert.doesNotMatch(notice, /Invalid input|record|received/, `zod's wording leaked into the notice: ${notice}`);

      assert.deepEqual(config[key], DEFAULT_CONFIG[key], 'the bad setting falls back to its default');
      assert.equal(config[witness], 7, 'the valid setting beside it still applies');
      assertRoutes(parsePolicy(mergePolicyLayers(policyLayerFromConfig(config))).policy, key);
    });
  }
});

describe('a team policy field of the wrong type', () => {
  const leaves = leafPaths(policySchema);

  it('finds every field of the schema, nested ones included', () => {
    const names = leaves.map((path) => path.join('.'));
    for (const expected of ['$schema', 'tiers.fast.model', 'tiers.frontier.effort', 'taskKinds', 'scope.frontierOnCrossFolder', 'floor.exemptKinds', 'escalation.maxSteps']) {
      assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
    }
  });

  for (const path of leaves) {
    const field = path.join('.');
    it(`${field}: names the field and what it takes, keeps the rest, and still routes`, () => {
      const wrong = wrongTypeFor(valueAt(DEFAULT_POLICY, path));
      const witness = field === 'scope.balancedAtFiles' ? { floor: { enabled: false } } : { scope: { balancedAtFiles: 4 } };
      const { policy, issues, layer } = parsePolicy(mergePolicyLayers(witness, withValue(path, wrong)));

      assert.deepEqual(issues.map((issue) => issue.path), [field], `expected one issue for ${field}, got ${JSON.stringify(issues)}`);
      const notice = policyFileNotice('.vscode/model-router.json', issues[0]);
      assert.ok(notice.startsWith(`.vscode/model-router.json › ${field}: `), `the notice must name the field: ${notice}`);
      assert.match(notice, /\b(expected|must)\b/, `the notice must say what the field takes: ${notice}`);
      assert.ok(notice.includes(`got ${describeValue(wrong)}`), `the notice must say what it got: ${notice}`);
      assert.match(notice, /until you correct it\.$/, `the notice must say what happens meanwhile: ${notice}`);
      assert.doesNotMatch(notice, /Invalid input|record|received/, `zod's wording leaked into the notice: ${notice}`);

      assert.deepEqual(valueAt(policy, path), valueAt(DEFAULT_POLICY, path), 'the bad field falls back to its default');
      assert.equal(valueAt(layer, path), undefined, 'the bad field is not in the layer merged over the user settings');
      if (field === 'scope.balancedAtFiles') assert.equal(policy.floor.enabled, false, 'the valid field beside it still applies');
      else assert.equal(policy.scope.balancedAtFiles, 4, 'the valid field beside it still applies');
      assertRoutes(policy, field);
    });
  }

  it("leaves the user's own setting in force under a bad file field, not the built-in default", () => {
    const user = policyLayerFromConfig(parseConfig((key) => (key === 'policy.scope.frontierAtFiles' ? 8 : undefined)).config);
    const file = parsePolicy({ scope: { frontierAtFiles: 'lots' } });
    assert.equal(parsePolicy(mergePolicyLayers(user, file.layer)).policy.scope.frontierAtFiles, 8);
  });
});
