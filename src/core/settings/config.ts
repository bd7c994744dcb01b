/**
 * Reading settings: `parseConfig` validates each `modelRouter.*` value against its schema and
 * never throws. A bad value is reported once by its full path and its default applies; inside an
 * object setting, or a list of rules, only the bad entries are dropped.
 */
import type { FieldIssue } from '../validation/lenientParse';
import { describeDefault, issueText, valueAt } from '../validation/issueText';
import { parseLeniently } from '../validation/lenientParse';
import type { Budget } from '../routing/budget';
import type { PriceOverrides } from '../spend/pricing';
import type { Config, SettingKey } from './settings';
import { SECTION, SETTINGS } from './settings';

export interface ConfigIssue extends FieldIssue {
  /** The setting's key without the section, to open it in the Settings editor. */
  readonly key: SettingKey;
}

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** Reads each setting through `read(key)` (undefined = unset) and validates it. */
export function parseConfig(read: (key: SettingKey) => unknown): { config: Config; issues: ConfigIssue[] } {
  const config: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const key of SETTING_KEYS) {
    const { schema } = SETTINGS[key];
    const raw = read(key);
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      config[key] = parsed.data;
      continue;
    }
    const fallback = schema.parse(undefined);
    if (isPlainObject(raw) && isPlainObject(fallback)) {
      // An object setting keeps its good entries; parseLeniently reports the bad ones by path.
      const lenient = parseLeniently(schema, raw);
      config[key] = lenient.value;
      for (const issue of lenient.issues) issues.push({ key, path: `${SECTION}.${key}.${issue.path}`, message: issue.message });
      continue;
    }
    if (Array.isArray(raw) && raw.some(isPlainObject) && Array.isArray(fallback)) {
      // A list of rules keeps its good rules: each bad one is reported by its index and dropped whole.
      const kept = raw.filter((entry, index) => {
        const alone = schema.safeParse([entry]);
        if (alone.success) return true;
        const first = alone.error.issues[0];
        const inner = first.path.slice(1);
        const where = [String(index), ...inner.map(String)].join('.');
        issues.push({ key, path: `${SECTION}.${key}.${index}`, message: `${issueText(first, valueAt(entry, inner))} (entry ${where}); this entry is ignored, the others still apply` });
        return false;
      });
      const again = schema.safeParse(kept);
      if (again.success) {
        config[key] = again.data;
        continue;
      }
    }
    config[key] = fallback;
    const first = parsed.error.issues[0];
    const problem = first ? issueText(first, valueAt(raw, first.path)) : 'not a valid value';
    const where = first && first.path.length > 0 ? ` (entry ${first.path.map(String).join('.')})` : '';
    issues.push({ key, path: `${SECTION}.${key}`, message: `${problem}${where}; ${describeDefault(fallback)} applies until you correct it` });
  }
  return { config: config as Config, issues };
}

export const DEFAULT_CONFIG: Config = parseConfig(() => undefined).config;

/** The routing part of the settings as a raw policy layer, to merge under a team policy file. */
export function policyLayerFromConfig(config: Config): Record<string, unknown> {
  return {
    tiers: {
      fast: { model: config['tiers.fast.model'], effort: config['tiers.fast.effort'] },
      balanced: { model: config['tiers.balanced.model'], effort: config['tiers.balanced.effort'] },
      frontier: { model: config['tiers.frontier.model'], effort: config['tiers.frontier.effort'] },
    },
    taskKinds: config['policy.taskKinds'],
    pins: config['policy.pins'],
    rules: config['policy.rules'],
    scope: {
      balancedAtFiles: config['policy.scope.balancedAtFiles'],
      frontierAtFiles: config['policy.scope.frontierAtFiles'],
      frontierAtContextTokens: config['policy.scope.frontierAtContextTokens'],
    },
    floor: {
      enabled: config['policy.floor.enabled'],
      pathTerms: config['policy.floor.pathTerms'],
      promptTerms: config['policy.floor.promptTerms'],
    },
    escalation: { maxSteps: config['escalation.maxSteps'] },
    cascade: { startLower: config['cascade.startLower'] },
    fallback: { onOverloaded: config['policy.fallback.onOverloaded'] },
    dial: { frontierEffort: config['policy.frontierEffort'], thinking: config['policy.thinking'] },
    learning: {
      minSignals: config['learning.minSignals'],
      share: config['learning.share'],
      scopedMinSignals: config['learning.scopedMinSignals'],
      scopedShare: config['learning.scopedShare'],
      applied: config['learning.applied'],
    },
  };
}

/** The budget settings; 0 means no limit. */
export function budgetFromConfig(config: Config): Budget {
  return { sessionUsd: config['budget.sessionUsd'], dailyUsd: config['budget.dailyUsd'], onExceed: config['budget.onExceed'] };
}

/** The `prices` setting as price overrides; unlisted cache prices follow the usual multipliers of input. */
export function priceOverridesFromConfig(config: Config): PriceOverrides {
  const prices: Record<string, PriceOverrides[string]> = {};
  for (const [model, price] of Object.entries(config.prices)) {
    prices[model] = {
      input: price.input,
      output: price.output,
      cacheWrite5m: price.cacheWrite5m ?? price.input * 1.25,
      cacheWrite1h: price.cacheWrite1h ?? price.input * 2,
      cacheRead: price.cacheRead ?? price.input * 0.1,
    };
  }
  return prices;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
