/**
 * Applying a suggestion: one entry of `policy.taskKinds` written where the user picks — their user
 * settings, or (in a trusted workspace) the team policy file — through a port, so the rule is
 * tested without an editor. Other kinds' entries are kept as they are.
 */
import type { TaskKind } from '../routing/taskKinds';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { Tier } from '../routing/tiers';
import type { Suggestion } from './suggestions';

export const APPLY_TARGETS = ['user', 'team'] as const;
/** Where an applied suggestion is written: user settings, or the team policy file. */
export type ApplyTarget = (typeof APPLY_TARGETS)[number];

/** Reads and writes `taskKinds` at one target. */
export interface TaskKindsWriter {
  /** The target's own `taskKinds` (empty when it has none). */
  read(target: ApplyTarget): Promise<Readonly<Partial<Record<TaskKind, Tier>>>>;
  write(target: ApplyTarget, taskKinds: Readonly<Partial<Record<TaskKind, Tier>>>): Promise<void>;
}

/** Writes the suggestion's tier for its kind at `target`; returns what to tell the user. */
export async function applySuggestion(suggestion: Suggestion, writer: TaskKindsWriter, target: ApplyTarget): Promise<string> {
  const current = await writer.read(target);
  await writer.write(target, { ...current, [suggestion.taskKind]: suggestion.to });
  const where = target === 'user' ? 'your user settings (modelRouter.policy.taskKinds)' : 'the team policy file (.vscode/model-router.json, taskKinds)';
  return `${capitalize(TASK_KIND_INFO[suggestion.taskKind].label)} now routes to ${suggestion.to}, written to ${where}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
