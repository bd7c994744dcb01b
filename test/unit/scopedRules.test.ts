// Folder and language rules (policy.rules, src/core/routing/scopedRules.ts): which requests they
// match, the tier and the reason they give, that a workspace's or team file's rule only raises a
// tier and the floor still holds, and that a bad rule is refused with an error naming it.
import assert from 'node:assert/strict';
import { parsePolicy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import type { RouteRequest } from '../../src/core/routing/router';
import { mergeTeamLayer, ruleMatches } from '../../src/core/routing/scopedRules';
import { parseConfig, policyLayerFromConfig } from '../../src/core/settings/config';
import type { SettingKey } from '../../src/core/settings/settings';
import { parseLayeredSettings } from '../../src/core/settings/tightening';

type Values = Partial<Record<SettingKey, unknown>>;

/** The policy the editor builds: user and workspace settings (tightening-only), then a team file. */
function policyOf(user: Values, workspace: Values = {}, team: Record<string, unknown> = {}, trusted = true) {
  const settings = parseLayeredSettings(
    (key) => workspace[key] ?? user[key],
    (key) => ({ user: user[key], workspace: workspace[key] }),
    trusted,
  );
  const teamLayer = parsePolicy(team).layer;
  return { ...parsePolicy(mergeTeamLayer(policyLayerFromConfig(settings.config), trusted ? teamLayer : {})), settings };
}

const refactor = (files: string[], languageId?: string): RouteRequest => ({ surface: 'chat', taskKind: 'refactor', prompt: 'tidy this up', signals: { files, ...(languageId ? { languageId } : {}) } });
const BILLING_TO_FRONTIER = { taskKind: 'refactor', paths: ['src/reports/**'], tier: 'frontier' };

describe('folder and language rules: matching', () => {
  const rule = { taskKind: 'refactor' as const, paths: ['src/reports/**', 'lib/*.ts'] };
  it('matches a file under a glob, by kind, with either slash', () => {
    assert.ok(ruleMatches(rule, 'refactor', { files: ['src/reports/monthly/pdf.ts'] }));
    assert.ok(ruleMatches(rule, 'refactor', { files: ['README.md', 'lib\\util.ts'] }), 'any file of the request, back slashes as forward');
    assert.ok(ruleMatches(rule, 'refactor', { files: ['./src/reports/a.ts'] }));
    assert.ok(!ruleMatches(rule, 'refactor', { files: ['src/reportsX/a.ts', 'lib/deep/util.ts'] }), '* stays within one folder');
    assert.ok(!ruleMatches(rule, 'explain', { files: ['src/reports/a.ts'] }), 'another task kind');
    assert.ok(!ruleMatches(rule, 'refactor', { files: [] }), 'a request without files is not in the folder');
  });

  it('languages: the request’s language id must be listed; with paths, both must hold', () => {
    assert.ok(ruleMatches({ taskKind: 'refactor', languages: ['python'] }, 'refactor', { files: [], languageId: 'python' }));
    assert.ok(!ruleMatches({ taskKind: 'refactor', languages: ['python'] }, 'refactor', { files: ['a.py'] }), 'no language id, no match');
    const both = { taskKind: 'refactor' as const, paths: ['src/**'], languages: ['python'] };
    assert.ok(ruleMatches(both, 'refactor', { files: ['src/a.py'], languageId: 'python' }));
    assert.ok(!ruleMatches(both, 'refactor', { files: ['src/a.ts'], languageId: 'typescript' }));
    assert.ok(!ruleMatches(both, 'refactor', { files: ['tools/a.py'], languageId: 'python' }));
  });
});

describe('folder and language rules: routing', () => {
  it('a user rule moves the kind in its folder, names itself in the reasons, and leaves other folders alone', () => {
    const { policy, issues } = policyOf({ 'policy.rules': [BILLING_TO_FRONTIER] });
    assert.deepEqual(issues, []);
    const inFolder = route(refactor(['src/reports/invoice.ts']), policy);
    assert.equal(inFolder.tier, 'frontier');
    assert.equal(inFolder.rule, 'rule:refactor');
    assert.ok(inFolder.reasons.includes('Rule in your user settings: refactor in src/reports/** → frontier'), JSON.stringify(inFolder.reasons));
    const elsewhere = route(refactor(['src/ui/button.ts']), policy);
    assert.equal(elsewhere.tier, 'balanced');
    assert.ok(!elsewhere.reasons.some((reason) => reason.startsWith('Rule ')));
  });

  it('a rule Apply wrote says it came from your feedback, when and on how many signals', () => {
    const learned = { ...BILLING_TO_FRONTIER, learned: { on: '2026-12-03', signals: 4, of: 5, said: 'stronger' } };
    const decision = route(refactor(['src/reports/invoice.ts']), policyOf({ 'policy.rules': [learned] }).policy);
    assert.ok(decision.reasons.includes('Rule from your feedback, applied 2026-12-03 (4 of 5 signals said it needed a stronger tier), in your user settings: refactor in src/reports/** → frontier'), JSON.stringify(decision.reasons));
  });

  it('the user’s later rule wins over an earlier one; a language rule applies by language', () => {
    const rules = [
      { taskKind: 'refactor', paths: ['src/**'], tier: 'fast' },
      { taskKind: 'refactor', paths: ['src/reports/**'], tier: 'frontier' },
      { taskKind: 'refactor', languages: ['markdown'], tier: 'fast' },
    ];
    const { policy } = policyOf({ 'policy.rules': rules });
    assert.equal(route(refactor(['src/reports/a.ts']), policy).tier, 'frontier');
    assert.equal(route(refactor(['src/ui/a.ts']), policy).tier, 'fast');
    const docs = route(refactor(['docs/guide.md'], 'markdown'), policy);
    assert.equal(docs.tier, 'fast');
    assert.ok(docs.reasons.includes('Rule in your user settings: refactor in markdown files → fast'));
  });

  it('a user rule lowering a tier never takes sensitive work below the floor', () => {
    const { policy } = policyOf({ 'policy.rules': [{ taskKind: 'refactor', paths: ['src/**'], tier: 'fast' }] });
    const auth = route(refactor(['src/auth/session.ts']), policy);
    assert.equal(auth.tier, 'frontier', 'the floor holds after the rule');
    assert.equal(auth.rule, 'floor:sensitive');
  });

  it('a team file’s rule may raise a tier, never lower it, whatever `from` it claims', () => {
    const raise = policyOf({}, {}, { rules: [{ ...BILLING_TO_FRONTIER, from: 'user' }] });
    assert.deepEqual(raise.issues, []);
    assert.equal(raise.policy.rules[0].from, 'team', 'the origin is set on merging, not read from the file');
    const up = route(refactor(['src/reports/a.ts']), raise.policy);
    assert.equal(up.tier, 'frontier');
    assert.ok(up.reasons.includes('Rule in the team policy file: refactor in src/reports/** → frontier'));

    const lower = policyOf({}, {}, { rules: [{ taskKind: 'refactor', paths: ['src/**'], tier: 'fast', from: 'user' }] });
    const kept = route(refactor(['src/ui/a.ts']), lower.policy);
    assert.equal(kept.tier, 'balanced', 'a team rule cannot make a request cheaper');
    assert.ok(kept.reasons.includes('Rule in the team policy file: refactor in src/** → fast: not applied, a rule from the team policy file may only raise the tier'), JSON.stringify(kept.reasons));
  });

  it('the team file’s rules add to the user’s, which still apply first', () => {
    const { policy } = policyOf({ 'policy.rules': [{ taskKind: 'refactor', paths: ['src/**'], tier: 'fast' }] }, {}, { rules: [BILLING_TO_FRONTIER] });
    assert.deepEqual(policy.rules.map((rule) => rule.from), ['user', 'team']);
    assert.equal(route(refactor(['src/ui/a.ts']), policy).tier, 'fast', 'the user’s own rule lowers it');
    assert.equal(route(refactor(['src/reports/a.ts']), policy).tier, 'frontier', 'the team’s raises it in its folder');
  });

  it('a workspace’s settings: its rules only raise, and apply only in a trusted workspace', () => {
    const workspace = { 'policy.rules': [BILLING_TO_FRONTIER, { taskKind: 'explain', paths: ['**'], tier: 'fast' }] };
    const trusted = policyOf({}, workspace);
    assert.deepEqual(trusted.policy.rules.map((rule) => rule.from), ['workspace', 'workspace']);
    assert.equal(route(refactor(['src/reports/a.ts']), trusted.policy).tier, 'frontier');
    const explain = route({ surface: 'chat', taskKind: 'explain', prompt: 'explain', signals: { files: ['src/a.ts'] } }, trusted.policy);
    assert.equal(explain.tier, 'balanced', 'a workspace rule cannot lower explanations');
    assert.ok(explain.reasons.some((reason) => reason.endsWith('not applied, a rule from the workspace settings may only raise the tier')));
    const untrusted = policyOf({}, workspace, {}, false);
    assert.deepEqual(untrusted.policy.rules, []);

    // Completions run at every pause in typing: a workspace or team rule cannot make them dearer; the user's can.
    const dearer = { taskKind: 'completion', languages: ['typescript'], tier: 'frontier' };
    const completion: RouteRequest = { surface: 'completion', taskKind: 'completion', signals: { files: ['src/a.ts'], languageId: 'typescript' } };
    for (const { policy } of [policyOf({}, { 'policy.rules': [dearer] }), policyOf({}, {}, { rules: [dearer] })]) {
      const typed = route(completion, policy);
      assert.equal(typed.tier, 'fast', typed.reasons.join('; '));
      assert.ok(typed.reasons.some((reason) => reason.endsWith('not applied, only your user settings may make inline completions dearer')), typed.reasons.join('; '));
    }
    assert.equal(route(completion, policyOf({ 'policy.rules': [dearer] }).policy).tier, 'frontier', 'the user’s own rule applies');
    assert.ok(untrusted.settings.notes.some((note) => note.includes('modelRouter.policy.rules') && note.includes('trust')), JSON.stringify(untrusted.settings.notes));
  });
});

describe('folder and language rules: validation', () => {
  const messages = (rules: unknown) => parsePolicy({ rules }).issues.map((issue) => `${issue.path}: ${issue.message}`);

  it('a rule without paths or languages, a bad glob, an absolute path or a bad language id is refused, naming it; the good rules stay', () => {
    const { policy, issues } = parsePolicy({ rules: [{ taskKind: 'refactor', tier: 'frontier' }, BILLING_TO_FRONTIER] });
    assert.equal(policy.rules.length, 1, 'the good rule stays');
    assert.deepEqual(
      issues.map((issue) => `${issue.path}: ${issue.message}`),
      ['rules.0: a rule needs "paths" (globs such as "src/billing/**"), "languages" (language ids such as "python"), or both, got an object; this rule is ignored, the others still apply'],
    );
    assert.deepEqual(messages([{ taskKind: 'refactor', paths: ['src/[z-a]'], tier: 'fast' }, { taskKind: 'refactor', paths: ['/etc/**'], tier: 'fast' }]), [
      'rules.0.paths.0: the path pattern "src/[z-a]" has the range z-a out of order in [z-a], got "src/[z-a]"; this rule is ignored, the others still apply',
      'rules.1.paths.0: the path pattern "/etc/**" must be relative to the workspace folder, without a leading / or .. (such as "src/billing/**"), got "/etc/**"; this rule is ignored, the others still apply',
    ]);
    assert.ok(messages([{ taskKind: 'refactor', paths: ['/etc/**'], tier: 'fast' }]).some((m) => m.includes('must be relative to the workspace folder')));
    assert.ok(messages([{ taskKind: 'refactor', paths: ['../other/**'], tier: 'fast' }]).some((m) => m.includes('must be relative to the workspace folder')));
    assert.ok(messages([{ taskKind: 'refactor', paths: ['src/[x](http://e)'], tier: 'fast' }]).some((m) => m.includes('must be 1-200 characters')), 'nothing that could make a link in the reasons');
    assert.ok(messages([{ taskKind: 'refactor', languages: ['py thon'], tier: 'fast' }]).some((m) => m.startsWith('rules.0.languages.0: ')));
    assert.ok(messages([{ taskKind: 'refactorr', paths: ['src/**'], tier: 'fast' }]).some((m) => m.startsWith('rules.0.taskKind: ')));
    assert.ok(messages([{ taskKind: 'refactor', paths: ['src/**'], tier: 'automated' }]).some((m) => m.startsWith('rules.0.tier: ')));
  });

  it('in settings, a bad rule is an issue naming the entry, and the good rules still apply', () => {
    const { config, issues } = parseConfig((key) => (key === 'policy.rules' ? [BILLING_TO_FRONTIER, { taskKind: 'refactor', paths: [], tier: 'fast' }] : undefined));
    assert.deepEqual(config['policy.rules'], [BILLING_TO_FRONTIER]);
    assert.deepEqual(
      issues.map((issue) => `${issue.path}: ${issue.message}`),
      ['modelRouter.policy.rules.1: must have at least 1 entries, got a list (entry 1.paths); this entry is ignored, the others still apply'],
    );
    const from = parseConfig((key) => (key === 'policy.rules' ? [{ ...BILLING_TO_FRONTIER, from: 'team' }] : undefined));
    assert.equal(from.issues.length, 1, '`from` is not a setting’s field');
  });
});
