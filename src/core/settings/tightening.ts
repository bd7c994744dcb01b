/**
 * A workspace may tighten what protects the user, never loosen it. The settings that protect the
 * user — which files are secret, the sensitive-work floor, budgets, how much a completion sends,
 * how often and on which tier completions run — are read per layer (the user's own value and the
 * workspace's) and combined so the stricter one wins: secret patterns are the union, the floor is
 * on if either turns it on, a budget is the lower one, a size the smaller one, and a workspace never
 * puts completions on a dearer tier than the user's. A workspace's model or effort for a tier applies
 * only when it makes that tier no cheaper and no weaker (tierChoices.ts), its effort or thinking for
 * a task kind only when it is no lower than the user's (dialChoices.ts). In an untrusted workspace
 * the workspace's values of these settings do not apply at all. Application-scoped settings (where requests go) come from the
 * user's settings only. Every other setting is read as VS Code resolves it.
 */
import { globProblem } from '../glob';
import type { ModelTier, Tier } from '../routing/tiers';
import { tierRank } from '../routing/tiers';
import { rulesFrom } from '../routing/scopedRules';
import type { ConfigIssue } from './config';
import { parseConfig, SETTING_KEYS } from './config';
import type { Config, SettingKey } from './settings';
import { SECTION, SETTINGS } from './settings';
import { checkEndpoints } from './endpoints';
import type { TierChoiceRefusal } from './tierChoices';
import { completionTierOf, isTierChoice, refusalText, TIER_CHOICE_KEYS, tierChoiceProblem, tiersServingCompletions } from './tierChoices';
import type { DialField } from './dialChoices';
import { checkDialChoices, DIAL_SETTING, isDialChoice } from './dialChoices';

/** The values one setting has in each layer, as `WorkspaceConfiguration.inspect` reports them. */
export interface SettingLayers {
  readonly user?: unknown;
  /** The workspace's value (`.vscode/settings.json` or the .code-workspace file), folder first. */
  readonly workspace?: unknown;
}

type Combine<K extends SettingKey> = (user: Config[K], workspace: Config[K]) => Config[K];

const union = <T>(user: readonly T[], workspace: readonly T[]): T[] => [...new Set([...user, ...workspace])];
const smaller = (user: number, workspace: number): number => Math.min(user, workspace);
/** 0 means "no budget", the loosest value, so a workspace's 0 changes nothing and its limit may add one. */
const lowerBudget = (user: number, workspace: number): number => (user === 0 ? workspace : workspace === 0 ? user : Math.min(user, workspace));
const EXCEED_ORDER = ['warn', 'stepDown', 'stop'] as const;
const stricterExceed = (user: Config['budget.onExceed'], workspace: Config['budget.onExceed']) => (EXCEED_ORDER.indexOf(workspace) > EXCEED_ORDER.indexOf(user) ? workspace : user);

/** The completion tier the user gets from their own settings: a pin, else their task-kind tier, else the default. */
function userCompletionTier(user: Pick<Config, 'policy.taskKinds' | 'policy.pins'>): Tier {
  return completionTierOf(user['policy.pins'], user['policy.taskKinds']);
}

/** Each protective setting and how the user's and the workspace's values combine. */
export const PROTECTIVE: { readonly [K in SettingKey]?: Combine<K> } = {
  'completions.exclude': union,
  'completions.disabledLanguages': union,
  'completions.enabled': (user, workspace) => user && workspace,
  'completions.debounceMs': Math.max,
  'completions.maxFileSizeKb': smaller,
  'completions.prefixChars': smaller,
  'completions.suffixChars': smaller,
  'policy.floor.enabled': (user, workspace) => user || workspace,
  'policy.floor.pathTerms': union,
  'policy.floor.promptTerms': union,
  'budget.sessionUsd': lowerBudget,
  'budget.dailyUsd': lowerBudget,
  'budget.onExceed': stricterExceed,
  'escalation.maxSteps': smaller,
  // Task kinds and pins merge entry by entry; the completion tier is held separately (completionsNotDearer).
  'policy.taskKinds': (user, workspace) => ({ ...user, ...workspace }),
  'policy.pins': (user, workspace) => ({ ...user, ...workspace }),
  // Both layers' folder and language rules apply; the workspace's are marked so routing lets them only raise a tier.
  'policy.rules': (user, workspace) => [...user, ...(rulesFrom(workspace, 'workspace') as unknown as typeof workspace)],
};

export function isProtective(key: SettingKey): boolean {
  return PROTECTIVE[key] !== undefined;
}

/**
 * Application-scoped settings (where requests go, with which timeouts, at what price) are read from
 * the user's settings alone. VS Code already ignores them in a workspace's settings; reading only the
 * user layer keeps that true whatever VS Code resolves.
 */
export function isUserOnly(key: SettingKey): boolean {
  return SETTINGS[key].scope === 'application';
}

export interface LayeredSettings {
  readonly config: Config;
  readonly issues: ConfigIssue[];
  /** What a workspace tried and did not get, for the log (`modelRouter.x: …`). */
  readonly notes: string[];
  /** A trusted workspace's tier models and efforts, and task kinds' efforts and thinking, that are not applied, each named for the user. */
  readonly refused: TierChoiceRefusal[];
  /** The user's own settings (else the defaults) before any workspace value: what a team file's tiers are checked against. */
  readonly own: Config;
}

/**
 * The settings with the protective ones combined tightening-only. `read(key)` is VS Code's resolved
 * value (used for every other setting); `layers(key)` the user's and the workspace's values.
 */
export function parseLayeredSettings(read: (key: SettingKey) => unknown, layers: (key: SettingKey) => SettingLayers, trusted: boolean): LayeredSettings {
  const perLayer = (key: SettingKey) => isProtective(key) || isTierChoice(key) || isDialChoice(key);
  const user = parseConfig((key) => (perLayer(key) || isUserOnly(key) ? layers(key).user : read(key)));
  const set = SETTING_KEYS.filter((key) => perLayer(key) && layers(key).workspace !== undefined);
  const refused: TierChoiceRefusal[] = [];
  const notes: string[] = [];
  const ignored = SETTING_KEYS.filter((key) => isUserOnly(key) && layers(key).workspace !== undefined);
  if (ignored.length > 0) notes.push(`${ignored.map((key) => `${SECTION}.${key}`).join(', ')}: only your user settings say where requests go and what they cost, so the workspace's values are ignored`);
  const config: Record<string, unknown> = { ...user.config };
  const issues = [...user.issues];
  if (set.length > 0 && !trusted) {
    notes.push(`the workspace's values of ${set.map((key) => `${SECTION}.${key}`).join(', ')} do not apply until you trust this workspace`);
  } else if (set.length > 0) {
    const workspace = parseConfig((key) => (set.includes(key) ? layers(key).workspace : undefined));
    for (const issue of workspace.issues) if (set.includes(issue.key)) issues.push({ ...issue, message: `${issue.message} (workspace settings)` });
    const choices: SettingKey[] = [];
    for (const key of set) {
      if (workspace.issues.some((issue) => issue.key === key && issue.path === `${SECTION}.${key}`)) continue;
      if (isTierChoice(key) || isDialChoice(key)) {
        choices.push(key);
        continue;
      }
      const combine = PROTECTIVE[key] as Combine<typeof key>;
      const combined = combine(user.config[key] as never, workspace.config[key] as never);
      config[key] = combined;
      // The workspace's rules are kept (marked raise-only), not replaced by a stricter value: nothing to note.
      if (key !== 'policy.rules' && JSON.stringify(combined) !== JSON.stringify(workspace.config[key])) {
        notes.push(`${SECTION}.${key}: the workspace's value would loosen a protection, so the stricter value ${JSON.stringify(combined)} applies`);
      }
    }
    completionsNotDearer(user.config, config, notes);
    tierChoices(user.config, workspace.config, choices, config, refused);
    dialChoices(user.config, workspace.config, choices, config, refused);
  }
  const exclude = validPatterns(config['completions.exclude'] as string[], issues);
  config['completions.exclude'] = exclude;
  const endpoints = checkEndpoints(config as Config);
  issues.push(...endpoints.issues);
  return { config: endpoints.config, issues, notes, refused, own: user.config };
}

/**
 * The workspace's tier models and efforts that make no tier cheaper or weaker than the user's own
 * (nor completions dearer) apply; each of the others is named, and the user's value stays.
 */
function tierChoices(own: Config, workspace: Config, choices: readonly SettingKey[], config: Record<string, unknown>, refused: TierChoiceRefusal[]): void {
  const completionTiers = tiersServingCompletions([userCompletionTier(own), userCompletionTier(config as Config)]);
  for (const key of TIER_CHOICE_KEYS) {
    if (!choices.includes(key) || workspace[key] === own[key]) continue;
    const [, tier, field] = key.split('.') as [string, ModelTier, 'model' | 'effort'];
    const value = workspace[key];
    const why = tierChoiceProblem(tier, field, value, { own, completionTiers });
    if (why === undefined) config[key] = value;
    else refused.push({ setting: `${SECTION}.${key}`, from: 'workspace', text: refusalText(tier, field, value, 'workspace', why, own) });
  }
}

/**
 * The workspace's effort and thinking per task kind merge over the user's entry by entry, each only
 * when it is no lower than what the user's own settings give that kind (nor makes completions dearer);
 * each of the others is named, and the user's value for that kind stays.
 */
function dialChoices(own: Config, workspace: Config, choices: readonly SettingKey[], config: Record<string, unknown>, refused: TierChoiceRefusal[]): void {
  const fields = (Object.keys(DIAL_SETTING) as DialField[]).filter((field) => choices.includes(DIAL_SETTING[field]));
  if (fields.length === 0) return;
  const dial = Object.fromEntries(fields.map((field) => [field, workspace[DIAL_SETTING[field]]]));
  const checked = checkDialChoices(dial, 'workspace', { own, completionTiers: tiersServingCompletions([userCompletionTier(own), userCompletionTier(config as Config)]) });
  for (const field of fields) config[DIAL_SETTING[field]] = { ...own[DIAL_SETTING[field]], ...(checked.dial[field] as object) };
  refused.push(...checked.refused);
}

/** A workspace may make completions cheaper, never dearer: its completion entries above the user's tier are dropped. */
function completionsNotDearer(user: Config, config: Record<string, unknown>, notes: string[]): void {
  const limit = tierRank(userCompletionTier(user));
  for (const key of ['policy.taskKinds', 'policy.pins'] as const) {
    const value = { ...(config[key] as Record<string, Tier | ModelTier>) };
    const tier = value.completion;
    if (tier === undefined || tierRank(tier) <= limit) continue;
    if (user[key].completion === undefined) delete value.completion;
    else value.completion = user[key].completion;
    config[key] = value;
    notes.push(`${SECTION}.${key}: the workspace's "completion": "${tier}" would make completions dearer than your settings, so it does not apply`);
  }
}

/** Secret patterns that compile; each bad one is an issue naming it, and the others still apply. */
function validPatterns(patterns: readonly string[], issues: ConfigIssue[]): string[] {
  return patterns.filter((pattern, index) => {
    const problem = globProblem(pattern.replace(/\\/g, '/'));
    if (problem === undefined) return true;
    issues.push({ key: 'completions.exclude', path: `${SECTION}.completions.exclude.${index}`, message: `the pattern ${JSON.stringify(pattern.slice(0, 80))} ${problem}; it is ignored, the other patterns still apply` });
    return false;
  });
}

/**
 * The fields of a trusted team policy layer that lower the user's sensitive-work floor (turn it off,
 * or put it on a cheaper tier than the built-in frontier), e.g. `floor.enabled`, for a one-time notice.
 */
export function floorLoweredBy(layer: Record<string, unknown>, config: Config): string[] {
  const floor = layer.floor;
  if (typeof floor !== 'object' || floor === null) return [];
  const { enabled, tier } = floor as { enabled?: unknown; tier?: unknown };
  const fields: string[] = [];
  if (enabled === false && config['policy.floor.enabled']) fields.push('floor.enabled: false');
  if (typeof tier === 'string' && (enabled ?? config['policy.floor.enabled']) !== false && tierRank(tier as Tier) < tierRank('frontier')) fields.push(`floor.tier: "${tier}"`);
  return fields;
}
