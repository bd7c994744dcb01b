/**
 * Task-kind rules scoped to folders or languages (`policy.rules`): "refactor in src/billing/** →
 * frontier". Matched against the request's files (workspace-relative) and its file's language id.
 * The user's own rules replace the kind's tier, the last matching one winning; rules that came from
 * the workspace's settings or the team policy file may only raise it — a workspace tightens, never
 * loosens — and the sensitive-work floor applies after all of them. Each rule that decided is named
 * in the decision's reasons with its origin (and, for one an Apply wrote, the signals behind it).
 */
import { matchesGlob } from '../glob';
import type { RuleOrigin, ScopedRule, ScopedRuleInput } from './policy';
import { mergePolicyLayers } from './policy';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import type { Tier } from './tiers';
import { tierRank } from './tiers';

const WHERE: Readonly<Record<RuleOrigin, string>> = { user: 'your user settings', workspace: 'the workspace settings', team: 'the team policy file' };

/** What a request offers the rules. */
export interface RuleTarget {
  /** Workspace-relative paths with forward or back slashes. */
  readonly files: readonly string[];
  readonly languageId?: string;
}

/** One rule's effect on the tier, in route order. */
export interface RuleStep {
  readonly tier: Tier;
  readonly reason: string;
  /** False for a workspace or team rule that would have lowered the tier: it is named, not applied. */
  readonly applied: boolean;
}

/** Whether `rule` is about `kind` and covers the target: a file matches one of its globs, and its language is listed. */
export function ruleMatches(rule: Pick<ScopedRule, 'taskKind' | 'paths' | 'languages'>, kind: TaskKind, target: RuleTarget): boolean {
  if (rule.taskKind !== kind) return false;
  if (rule.paths !== undefined) {
    const files = target.files.map((file) => file.replace(/\\/g, '/').replace(/^\.\//, ''));
    if (!files.some((file) => rule.paths!.some((glob) => matchesGlob(file, glob)))) return false;
  }
  if (rule.languages !== undefined && (target.languageId === undefined || !rule.languages.includes(target.languageId))) return false;
  return true;
}

/**
 * The steps the rules take from `tier` for `kind` on `target`: the last matching rule of the user
 * sets the tier; each matching workspace or team rule then raises it, or is named as not applied
 * (it may not lower a tier, nor raise an inline completion's).
 */
export function ruleSteps(rules: readonly ScopedRule[], kind: TaskKind, target: RuleTarget, tier: Tier): RuleStep[] {
  const matching = rules.filter((rule) => ruleMatches(rule, kind, target));
  const steps: RuleStep[] = [];
  const own = matching.filter((rule) => rule.from === 'user').at(-1);
  let current = tier;
  if (own !== undefined) {
    current = own.tier;
    steps.push({ tier: current, reason: ruleReason(own), applied: true });
  }
  for (const rule of matching.filter((candidate) => candidate.from !== 'user')) {
    // Completions run at every pause in typing: only the user makes them dearer (as with taskKinds and pins).
    if (kind === 'completion' && tierRank(rule.tier) > tierRank(current)) {
      steps.push({ tier: current, reason: `${ruleReason(rule)}: not applied, only your user settings may make inline completions dearer`, applied: false });
      continue;
    }
    if (tierRank(rule.tier) < tierRank(current)) {
      steps.push({ tier: current, reason: `${ruleReason(rule)}: not applied, a rule from ${WHERE[rule.from]} may only raise the tier`, applied: false });
      continue;
    }
    current = rule.tier;
    steps.push({ tier: current, reason: ruleReason(rule), applied: true });
  }
  return steps;
}

/** The tier `kind` gets on `target` from the rules alone, starting at `tier`. */
export function ruledTier(rules: readonly ScopedRule[], kind: TaskKind, target: RuleTarget, tier: Tier): Tier {
  return ruleSteps(rules, kind, target, tier).at(-1)?.tier ?? tier;
}

/** "refactor in src/billing/**", "refactor in python files", "refactor in src/** (python files)". */
export function ruleScopeText(rule: Pick<ScopedRuleInput, 'taskKind' | 'paths' | 'languages'>): string {
  const label = TASK_KIND_INFO[rule.taskKind].label;
  const languages = rule.languages === undefined ? undefined : `${rule.languages.join(', ')} files`;
  if (rule.paths === undefined) return `${label} in ${languages ?? 'any file'}`;
  return `${label} in ${rule.paths.join(', ')}${languages === undefined ? '' : ` (${languages})`}`;
}

/**
 * "Rule from your feedback, applied 2026-12-03 (4 of 5 signals said it needed a stronger tier), in
 * your user settings: refactor in src/billing/** → frontier", or "Rule in the team policy file: …".
 */
export function ruleReason(rule: ScopedRule): string {
  const what = `${ruleScopeText(rule)} → ${rule.tier}`;
  const learned = rule.learned;
  if (learned === undefined) return `Rule in ${WHERE[rule.from]}: ${what}`;
  const said = learned.said === 'cheaper' ? 'it could have been cheaper' : 'it needed a stronger tier';
  return `Rule from your feedback, applied ${learned.on} (${learned.signals} of ${Math.max(learned.of, learned.signals)} signals said ${said}), in ${WHERE[rule.from]}: ${what}`;
}

/** `rules` as coming from `from`, whatever a `from` they carried said. */
export function rulesFrom(rules: unknown, from: RuleOrigin): Array<Record<string, unknown>> {
  if (!Array.isArray(rules)) return [];
  return rules.filter((rule): rule is Record<string, unknown> => typeof rule === 'object' && rule !== null && !Array.isArray(rule)).map((rule) => ({ ...rule, from }));
}

/** Whether two rules cover the same requests (same kind, same globs, same languages). */
export function sameScope(a: Pick<ScopedRuleInput, 'taskKind' | 'paths' | 'languages'>, b: Pick<ScopedRuleInput, 'taskKind' | 'paths' | 'languages'>): boolean {
  return a.taskKind === b.taskKind && JSON.stringify(a.paths ?? null) === JSON.stringify(b.paths ?? null) && JSON.stringify(a.languages ?? null) === JSON.stringify(b.languages ?? null);
}

/**
 * The user's policy layer (from settings) under a team policy file's: fields merge as
 * mergePolicyLayers does, except `rules`, where both layers' rules apply, the team's marked as
 * coming from the team file (so they may only raise a tier).
 */
export function mergeTeamLayer(user: Record<string, unknown>, team: Record<string, unknown>): Record<string, unknown> {
  const merged = mergePolicyLayers(user, team);
  return { ...merged, rules: [...(Array.isArray(user.rules) ? (user.rules as unknown[]) : []), ...rulesFrom(team.rules, 'team')] };
}
