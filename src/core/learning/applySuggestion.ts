/**
 * Applying a suggestion: one entry of `policy.taskKinds` written where the user picks — their user
 * settings, or (in a trusted workspace) the team policy file — together with its origin in
 * `learning.applied` (the date and the signals behind it, which the decision's reasons name),
 * through a port, so the rule is tested without an editor. Other kinds' entries are kept as they are.
 */
import type { ApplyTarget, LearnedRule } from '../routing/policy';
import type { TaskKind } from '../routing/taskKinds';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { Tier } from '../routing/tiers';
import type { Suggestion } from './suggestions';

export { APPLY_TARGETS } from '../routing/policy';
export type { ApplyTarget } from '../routing/policy';

/** What one target holds of the rules an Apply writes. */
export interface LearnedRules {
  readonly taskKinds: Readonly<Partial<Record<TaskKind, Tier>>>;
  readonly applied: Readonly<Partial<Record<TaskKind, LearnedRule>>>;
}

/** Reads and writes `taskKinds` and `learning.applied` at one target. */
export interface TaskKindsWriter {
  /** The target's own entries (empty when it has none). */
  read(target: ApplyTarget): Promise<LearnedRules>;
  write(target: ApplyTarget, rules: LearnedRules): Promise<void>;
}

/** Writes the suggestion's tier for its kind at `target`, dated `today` (YYYY-MM-DD); returns what to tell the user. */
export async function applySuggestion(suggestion: Suggestion, writer: TaskKindsWriter, target: ApplyTarget, today: string): Promise<string> {
  const current = await writer.read(target);
  const rule: LearnedRule = { tier: suggestion.to, on: today, signals: suggestion.count, of: suggestion.of, said: suggestion.direction, where: target };
  await writer.write(target, { taskKinds: { ...current.taskKinds, [suggestion.taskKind]: suggestion.to }, applied: { ...current.applied, [suggestion.taskKind]: rule } });
  const where = target === 'user' ? 'your user settings (modelRouter.policy.taskKinds)' : 'the team policy file (.vscode/model-router.json, taskKinds)';
  return `${capitalize(TASK_KIND_INFO[suggestion.taskKind].label)} now routes to ${suggestion.to}, written to ${where}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
