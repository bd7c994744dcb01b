/**
 * Applying a suggestion, written where the user picks — their user settings, or (in a trusted
 * workspace) the team policy file — through a port, so the rule is tested without an editor. For a
 * kind everywhere: one entry of `policy.taskKinds` with its origin in `learning.applied` (the date
 * and the signals behind it, which the decision's reasons name). For a kind in one folder or
 * language: one rule of `policy.rules` with its origin in the rule's `learned`, replacing a rule of
 * the same scope. Everything else at the target is kept as it is.
 */
import type { ApplyTarget, LearnedRule, ScopedRuleInput } from '../routing/policy';
import { ruleScopeText, sameScope } from '../routing/scopedRules';
import type { TaskKind } from '../routing/taskKinds';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { Tier } from '../routing/tiers';
import type { Suggestion } from './suggestions';
import { suggestedRule } from './suggestions';

export { APPLY_TARGETS } from '../routing/policy';
export type { ApplyTarget } from '../routing/policy';

/** What one target holds of the rules an Apply writes. */
export interface LearnedRules {
  readonly taskKinds: Readonly<Partial<Record<TaskKind, Tier>>>;
  readonly applied: Readonly<Partial<Record<TaskKind, LearnedRule>>>;
  /** `policy.rules` (settings) or `rules` (team file). */
  readonly rules: readonly ScopedRuleInput[];
}

/** Reads and writes `taskKinds`, `learning.applied` and `rules` at one target. */
export interface TaskKindsWriter {
  /** The target's own entries (empty when it has none). */
  read(target: ApplyTarget): Promise<LearnedRules>;
  /** Writes the fields given, leaving the others as they are. */
  write(target: ApplyTarget, rules: Partial<LearnedRules>): Promise<void>;
}

const WHERE: Readonly<Record<ApplyTarget, { taskKinds: string; rules: string }>> = {
  user: { taskKinds: 'your user settings (modelRouter.policy.taskKinds)', rules: 'your user settings (modelRouter.policy.rules)' },
  team: { taskKinds: 'the team policy file (.vscode/model-router.json, taskKinds)', rules: 'the team policy file (.vscode/model-router.json, rules)' },
};

/** Why `suggestion` cannot be written to `target`, or undefined: a team file's folder rule may only raise a tier. */
export function applyRefusal(suggestion: Suggestion, target: ApplyTarget): string | undefined {
  if (target !== 'team' || suggestion.scope === undefined || suggestion.direction !== 'cheaper') return undefined;
  return 'a folder or language rule in the team policy file may only raise a tier (a workspace tightens, never loosens); apply it to your user settings';
}

/** Writes the suggestion's tier at `target`, dated `today` (YYYY-MM-DD); returns what to tell the user. */
export async function applySuggestion(suggestion: Suggestion, writer: TaskKindsWriter, target: ApplyTarget, today: string): Promise<string> {
  const refusal = applyRefusal(suggestion, target);
  if (refusal !== undefined) throw new Error(refusal);
  const current = await writer.read(target);
  const origin = { on: today, signals: suggestion.count, of: suggestion.of, said: suggestion.direction };
  if (suggestion.scope !== undefined) {
    const rule: ScopedRuleInput = { ...suggestedRule(suggestion.taskKind, suggestion.scope), tier: suggestion.to, learned: origin };
    await writer.write(target, { rules: [...current.rules.filter((other) => !sameScope(other, rule)), rule] });
    return `${capitalize(ruleScopeText(rule))} now routes to ${suggestion.to}, written to ${WHERE[target].rules}.`;
  }
  const rule: LearnedRule = { tier: suggestion.to, ...origin, where: target };
  await writer.write(target, { taskKinds: { ...current.taskKinds, [suggestion.taskKind]: suggestion.to }, applied: { ...current.applied, [suggestion.taskKind]: rule } });
  return `${capitalize(TASK_KIND_INFO[suggestion.taskKind].label)} now routes to ${suggestion.to}, written to ${WHERE[target].taskKinds}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
