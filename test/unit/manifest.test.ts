import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/core/commands';
import { DEFAULT_CONFIG, parseConfig } from '../../src/core/settings/config';
import { manifestCommands, manifestConfiguration, manifestJsonValidation, POLICY_SCHEMA_PATH, policyJsonSchema, restrictedSettings } from '../../src/core/manifest';
import { policySchema } from '../../src/core/routing/policy';
import { SECTION, SETTINGS } from '../../src/core/settings/settings';

// out/test/unit → the repository root
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('package.json agrees with the code', () => {
  it('contributes exactly the settings of the schema, with their defaults, types and scopes', () => {
    const contributed = manifest.contributes.configuration.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(contributed).sort(), Object.keys(SETTINGS).map((key) => `${SECTION}.${key}`).sort());
    for (const [key, spec] of Object.entries(SETTINGS)) {
      const entry = contributed[`${SECTION}.${key}`];
      assert.deepEqual(entry.default, spec.schema.parse(undefined), `default of ${key}`);
      assert.equal(entry.scope, spec.scope, `scope of ${key}`);
      assert.ok(typeof entry.markdownDescription === 'string' && entry.markdownDescription.length > 10, `${key} needs a description`);
    }
    assert.deepEqual(manifest.contributes.configuration, manifestConfiguration(), 'run `npm run sync-manifest`');
  });

  it('contributes exactly the commands of the command table', () => {
    assert.deepEqual(manifest.contributes.commands, manifestCommands(), 'run `npm run sync-manifest`');
    assert.deepEqual(
      manifest.contributes.commands.map((c: { command: string }) => c.command).sort(),
      Object.values(COMMANDS).map((c) => c.id).sort(),
    );
  });

  it('offers commands that edit files only in a trusted workspace, in every menu', () => {
    const editing = Object.values(COMMANDS).filter((spec) => 'editsFiles' in spec && spec.editsFiles);
    assert.ok(editing.length >= 5, 'Add Docstring, Write Tests, Refactor, Fix and Implement the Plan edit files');
    const menus = manifest.contributes.menus as Record<string, Array<{ command?: string; when?: string }>>;
    for (const spec of editing) {
      const entries = Object.entries(menus).flatMap(([menu, items]) => items.filter((item) => item.command === spec.id).map((item) => ({ menu, ...item })));
      assert.ok(entries.some((entry) => entry.menu === 'commandPalette'), `${spec.id} needs a commandPalette entry with a when clause`);
      for (const entry of entries) assert.match(entry.when ?? '', /\bisWorkspaceTrusted\b/, `${spec.id} in ${entry.menu} must require a trusted workspace`);
    }
  });

  it('keeps settings that say where requests go out of workspace reach', () => {
    for (const key of ['api.baseUrl', 'api.idleTimeoutSeconds', 'api.maxRetryAfterSeconds', 'prices'] as const) {
      assert.ok(['application', 'machine'].includes(SETTINGS[key].scope), `${key} must not be workspace-scoped`);
    }
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, restrictedSettings());
    assert.ok(restrictedSettings().includes('modelRouter.tiers.frontier.model'));
  });

  it('points VS Code at the team policy file\'s JSON schema, generated from the policy schema', () => {
    assert.deepEqual(manifest.contributes.jsonValidation, manifestJsonValidation());
    const written = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', POLICY_SCHEMA_PATH), 'utf8'));
    assert.deepEqual(written, policyJsonSchema(), 'run `npm run sync-manifest`');
    const properties = written.properties as Record<string, { type?: string; properties?: Record<string, { type?: string; maximum?: number }> }>;
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(policySchema.shape).sort(), 'every policy field is in the schema');
    assert.equal(written.additionalProperties, false, 'an unknown field (baseUrl, apiKey) is flagged in the editor');
    assert.equal(properties.escalation.properties?.maxSteps.type, 'integer');
    assert.equal(properties.escalation.properties?.maxSteps.maximum, 2);
    assert.equal(properties.fallback.properties?.onOverloaded.type, 'boolean');
    assert.equal(written.required, undefined, 'every field is optional');
  });

  it('is a real extension manifest', () => {
    assert.equal(manifest.name, 'model-router');
    assert.equal(manifest.displayName, 'Model Router');
    assert.equal(manifest.main, './dist/extension.js');
    const engine = /^\^(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
    assert.ok(engine, 'engines.vscode should be a caret range');
    assert.equal(manifest.devDependencies['@types/vscode'], manifest.engines.vscode.slice(1), '@types/vscode must match engines.vscode');
    for (const script of ['build', 'watch', 'check-types', 'lint', 'test', 'bench', 'package']) {
      assert.ok(manifest.scripts[script], `missing script ${script}`);
    }
  });
});

describe('parseConfig', () => {
  it('gives every default with no issues when nothing is set', () => {
    const { config, issues } = parseConfig(() => undefined);
    assert.deepEqual(issues, []);
    assert.equal(config['tiers.fast.model'], 'claude-haiku-5-5');
    assert.equal(config['completions.debounceMs'], 75);
  });

  it('reports a bad value by its full path and uses the default', () => {
    const values: Record<string, unknown> = { 'budget.dailyUsd': 'ten', 'completions.debounceMs': 50, 'api.baseUrl': 'ftp://x' };
    const { config, issues } = parseConfig((key) => values[key]);
    assert.deepEqual(issues.map((issue) => issue.path), ['modelRouter.budget.dailyUsd', 'modelRouter.api.baseUrl']);
    assert.match(issues[0].message, /expected a number, got "ten"; the default \(0\) applies/);
    assert.equal(config['budget.dailyUsd'], 0);
    assert.equal(config['completions.debounceMs'], 50);
    assert.equal(config['api.baseUrl'], DEFAULT_CONFIG['api.baseUrl']);
  });

  it('keeps the good entries of an object setting and names the bad one', () => {
    const { config, issues } = parseConfig((key) => (key === 'policy.taskKinds' ? { explain: 'fast', tests: 'turbo' } : undefined));
    assert.deepEqual(config['policy.taskKinds'], { explain: 'fast' });
    assert.deepEqual(issues.map((issue) => issue.path), ['modelRouter.policy.taskKinds.tests']);
  });
});
