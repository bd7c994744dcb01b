import assert from 'node:assert/strict';
import { DEFAULT_POLICY, mergePolicyLayers, parsePolicy } from '../../src/core/routing/policy';

describe('parsePolicy', () => {
  it('gives the built-in defaults for an empty policy, with no issues', () => {
    const { policy, issues } = parsePolicy({});
    assert.deepEqual(issues, []);
    assert.equal(policy.tiers.balanced.model, 'claude-sonnet-5-5');
    assert.equal(policy.scope.frontierAtFiles, 5);
    assert.equal(policy.floor.tier, 'frontier');
  });

  it('reports a policy nested 3,000 deep as one whole-file issue instead of overflowing the stack', () => {
    const deep = JSON.parse(`{"x":${'{"a":'.repeat(3000)}1${'}'.repeat(3001)}`);
    const { policy, issues } = parsePolicy(deep);
    assert.deepEqual(issues.map((issue) => issue.path), ['']);
    assert.match(issues[0].message, /nested more than 32 levels deep; the built-in defaults apply/);
    assert.equal(policy.floor.enabled, true);
  });

  it('refuses a team file’s model id that could carry Markdown into the trusted tooltip, keeping the default model', () => {
    const hostile = 'team-model\n\n![pixel](https://evil.example/p.png) [Menu](command:modelRouter.showMenu)';
    const { policy, issues } = parsePolicy({ tiers: { fast: { model: hostile }, balanced: { model: 'my-org/claude-sonnet-5-5@2026:eu' } } });
    assert.deepEqual(issues.map((issue) => issue.path), ['tiers.fast.model']);
    assert.match(issues[0].message, /expected a model id/);
    assert.equal(policy.tiers.fast.model, 'claude-haiku-5-5', 'the built-in model applies instead');
    assert.equal(policy.tiers.balanced.model, 'my-org/claude-sonnet-5-5@2026:eu', 'an ordinary id with / @ : stays');
  });

  it('cuts a huge unknown key in its issue', () => {
    const { issues } = parsePolicy({ ['k'.repeat(1_000_000)]: 1 });
    assert.ok(issues[0].message.length < 100, `the issue must not repeat a 1 MB key (${issues[0].message.length} characters)`);
  });

  it('reports each bad field by its path and keeps the default for it, and the good fields around it', () => {
    const { policy, issues } = parsePolicy({
      scope: { frontierAtFiles: 'many', balancedAtFiles: 4 },
      taskKinds: { tests: 'cheap', explain: 'fast', nonsense: 'fast' },
      floor: { enabled: 'yes' },
      apiKey: 'sk-should-not-be-here',
    });
    assert.deepEqual(
      issues.map((issue) => issue.path).sort(),
      ['apiKey', 'floor.enabled', 'scope.frontierAtFiles', 'taskKinds.nonsense', 'taskKinds.tests'],
    );
    assert.equal(policy.scope.frontierAtFiles, 5, 'the default applies to the bad field');
    assert.equal(policy.scope.balancedAtFiles, 4, 'the good sibling is kept');
    assert.equal(policy.taskKinds.explain, 'fast');
    assert.equal(policy.taskKinds.tests, undefined);
    assert.equal(policy.floor.enabled, true);
    assert.match(issues.find((issue) => issue.path === 'apiKey')!.message, /unknown field/);
  });

  it('never throws, whatever it is given', () => {
    for (const raw of [null, undefined, 42, 'text', [], [1, 2], { tiers: 7 }, { tiers: { fast: { model: '' } } }, { escalation: { maxSteps: 9 } }]) {
      const { policy } = parsePolicy(raw);
      assert.equal(policy.tiers.fast.model.length > 0, true, `no usable policy for ${JSON.stringify(raw)}`);
    }
    assert.equal(parsePolicy(42).issues[0].path, '');
  });

  it('exposes no field that says where requests go or which key is used', () => {
    const { issues } = parsePolicy({ baseUrl: 'https://evil.example', apiKey: 'x' });
    assert.equal(issues.length, 2);
  });
});

describe('mergePolicyLayers', () => {
  it('later layers win field by field; objects merge, arrays replace', () => {
    const merged = mergePolicyLayers(
      { scope: { balancedAtFiles: 4 }, floor: { pathTerms: ['auth', 'billing'] } },
      { scope: { frontierAtFiles: 8 }, floor: { pathTerms: ['pci'] } },
    );
    const { policy } = parsePolicy(merged);
    assert.equal(policy.scope.balancedAtFiles, 4);
    assert.equal(policy.scope.frontierAtFiles, 8);
    assert.deepEqual(policy.floor.pathTerms, ['pci']);
    assert.notEqual(DEFAULT_POLICY.scope.frontierAtFiles, 8);
  });
});
