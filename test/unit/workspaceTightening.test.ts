import assert from 'node:assert/strict';
import { globProblem, matchesGlob } from '../../src/core/glob';
import { isSecretFile } from '../../src/core/privacy/secretFiles';
import { parsePolicy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import { policyLayerFromConfig, budgetFromConfig } from '../../src/core/settings/config';
import type { SettingKey } from '../../src/core/settings/settings';
import { DEFAULT_SECRET_PATTERNS, MAX_PREFIX_CHARS } from '../../src/core/settings/settings';
import { floorLoweredBy, parseLayeredSettings } from '../../src/core/settings/tightening';

/** The hostile `.vscode/settings.json` of the audit (H1), with the user's own budget of $5 and "stop". */
const HOSTILE_WORKSPACE: Partial<Record<SettingKey, unknown>> = {
  'budget.sessionUsd': 0,
  'budget.onExceed': 'warn',
  'policy.taskKinds': { completion: 'frontier' },
  'policy.pins': { completion: 'frontier' },
  'policy.floor.enabled': false,
  'completions.exclude': [],
  'completions.prefixChars': 1e8,
  'completions.debounceMs': 0,
};
const USER: Partial<Record<SettingKey, unknown>> = { 'budget.sessionUsd': 5, 'budget.onExceed': 'stop' };

function settings(user: Partial<Record<SettingKey, unknown>>, workspace: Partial<Record<SettingKey, unknown>>, trusted: boolean) {
  // What VS Code's get() returns: the workspace wins (Restricted Mode only holds back restricted settings).
  return parseLayeredSettings(
    (key) => workspace[key] ?? user[key],
    (key) => ({ user: user[key], workspace: workspace[key] }),
    trusted,
  );
}

describe('a workspace may tighten the protections, never loosen them', () => {
  for (const trusted of [true, false]) {
    it(`keeps every protection against a hostile .vscode/settings.json (${trusted ? 'trusted' : 'untrusted'} workspace)`, () => {
      const { config, notes } = settings(USER, HOSTILE_WORKSPACE, trusted);
      assert.ok(isSecretFile('app/.env', config['completions.exclude']), 'an empty exclude list must not make .env sendable');
      assert.equal(config['policy.floor.enabled'], true, 'the workspace must not turn the floor off');
      assert.deepEqual(budgetFromConfig(config), { sessionUsd: 5, dailyUsd: 0, onExceed: 'stop' }, 'the user’s $5 budget and "stop" must hold');
      assert.equal(config['completions.prefixChars'], 6000, 'the prefix must stay at the user’s size');
      assert.equal(config['completions.debounceMs'], 75, 'the debounce must not drop to 0');
      const decision = route({ surface: 'completion', taskKind: 'completion', prompt: 'x' }, parsePolicy(policyLayerFromConfig(config)).policy);
      assert.equal(decision.tier, 'fast', `completions must stay on fast, got ${decision.tier} (${decision.reasons.join('; ')})`);
      assert.ok(notes.length > 0, 'the log must say what the workspace did not get');
    });
  }

  it('lets a trusted workspace add secret patterns, lower a budget, shrink the prefix and turn the floor on', () => {
    const { config } = settings(
      { 'policy.floor.enabled': false, 'budget.dailyUsd': 10 },
      { 'completions.exclude': ['**/*.vault'], 'budget.dailyUsd': 2, 'budget.sessionUsd': 1, 'completions.prefixChars': 1000, 'policy.floor.enabled': true, 'policy.taskKinds': { completion: 'fast', explain: 'balanced' } },
      true,
    );
    assert.ok(isSecretFile('x/a.vault', config['completions.exclude']) && isSecretFile('.env', config['completions.exclude']), 'the new pattern is added to the built-in ones');
    assert.equal(config['budget.dailyUsd'], 2);
    assert.equal(config['budget.sessionUsd'], 1, 'a workspace may add a budget where the user has none');
    assert.equal(config['completions.prefixChars'], 1000);
    assert.equal(config['policy.floor.enabled'], true);
    assert.equal(config['policy.taskKinds'].explain, 'balanced', 'other routing entries of a trusted workspace apply');
  });

  it('does not apply an untrusted workspace’s values at all, even tightening ones', () => {
    const { config, notes } = settings({}, { 'budget.dailyUsd': 2, 'completions.exclude': ['**/*.vault'] }, false);
    assert.equal(config['budget.dailyUsd'], 0);
    assert.ok(!config['completions.exclude'].includes('**/*.vault'));
    assert.match(notes.join('\n'), /do not apply until you trust this workspace/);
  });

  it('keeps the user’s own choices: a user may still pin completions to balanced', () => {
    const { config } = settings({ 'policy.pins': { completion: 'balanced' } }, { 'policy.pins': { completion: 'frontier' } }, true);
    assert.equal(config['policy.pins'].completion, 'balanced');
  });

  it('caps the completion sizes and says so', () => {
    const { config, issues } = settings({ 'completions.prefixChars': 1e8 }, {}, true);
    assert.equal(config['completions.prefixChars'], 6000);
    const issue = issues.find((each) => each.key === 'completions.prefixChars');
    assert.ok(issue && issue.message.includes(String(MAX_PREFIX_CHARS).slice(0, 3)), `the issue must name the ceiling: ${issue?.message}`);
  });

  it('reports a pattern that cannot compile and keeps the others', () => {
    const { config, issues } = settings({ 'completions.exclude': ['[z-a]', '**/*.vault'] }, {}, true);
    assert.deepEqual(config['completions.exclude'], ['**/*.vault']);
    assert.match(issues.map((issue) => issue.message).join('\n'), /\[z-a\].*out of order/);
    assert.ok(!isSecretFile('src/a.ts', ['[z-a]']), 'a bad pattern matches nothing instead of throwing');
  });

  it('names the field when a trusted team file lowers the floor', () => {
    const { config } = settings({}, {}, true);
    assert.deepEqual(floorLoweredBy({ floor: { enabled: false } }, config), ['floor.enabled: false']);
    assert.deepEqual(floorLoweredBy({ floor: { tier: 'fast' } }, config), ['floor.tier: "fast"']);
    assert.deepEqual(floorLoweredBy({ floor: { tier: 'frontier', enabled: true } }, config), []);
  });
});

describe('secret-file globs', () => {
  it('matches hostile patterns in linear time', () => {
    const started = performance.now();
    const path = `src/${'a'.repeat(60)}.ts`;
    for (let i = 0; i < 100; i++) assert.equal(matchesGlob(path, '**/*a*a*a*a*a*a*a*a*a*a*b'), false);
    const ms = performance.now() - started;
    assert.ok(ms < 200, `100 matches of a 10-star pattern took ${ms.toFixed(0)} ms (a backtracking matcher takes seconds for one)`);
  });

  it('reports patterns that cannot compile', () => {
    assert.match(globProblem('[z-a]') ?? '', /out of order/);
    assert.match(globProblem('**/{a,b') ?? '', /never closed/);
    assert.equal(globProblem('**/*.{pem,key}'), undefined);
  });

  it('treats the usual credential files as secret by default', () => {
    for (const path of ['.ssh/id_ed25519', 'home/.aws/credentials', '.npmrc', '.netrc', '.pgpass', '.git-credentials', 'certs/a.pfx', 'keys/store.jks', 'gcp/my-service-account-key.json', 'home/.kube/config', 'infra/terraform.tfvars', '.envrc']) {
      assert.ok(isSecretFile(path, DEFAULT_SECRET_PATTERNS), `${path} must be secret by default`);
    }
    assert.ok(!isSecretFile('src/npmrc.ts', DEFAULT_SECRET_PATTERNS));
  });
});
