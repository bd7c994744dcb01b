/**
 * The dial inside a tier — effort on frontier and thinking, per task kind (routing/dial.ts) — is the
 * user's choice, as the tier's model is (tierChoices.ts). A workspace — its `.vscode/settings.json`,
 * the .code-workspace file or the team policy file's `dial` — may raise a kind's effort or thinking,
 * never lower it: otherwise a cloned repository could run security reviews at low effort or
 * migrations without thinking, on the user's own model. A workspace's value for a kind applies only
 * when it is at least what the user's own settings give that kind, else the built-in tables (for
 * effort, then `tiers.frontier.effort`). Thinking ranks off, then left to the model, then adaptive:
 * `off` applies only where the user's own is off too. Inline completions keep the user's cost: only
 * user settings may raise the completion kind's thinking, or its frontier effort when frontier
 * serves completions. Whatever is not applied is named, with what to do.
 */
import type { Effort } from '../model/llm';
import { DEFAULT_FRONTIER_EFFORT, DEFAULT_THINKING, EFFORTS, effortRank } from '../routing/dial';
import type { Thinking } from '../routing/policy';
import { THINKING_MODES } from '../routing/policy';
import type { TaskKind } from '../routing/taskKinds';
import { TASK_KIND_INFO, TASK_KINDS } from '../routing/taskKinds';
import type { Config } from './settings';
import { SECTION } from './settings';
import type { ChoiceContext, ChoiceOrigin, TierChoiceRefusal } from './tierChoices';
import { teamCompletionTiers } from './tierChoices';

/** The dial's fields, as the team file's `dial` names them. */
export type DialField = 'frontierEffort' | 'thinking';
const DIAL_FIELDS: readonly DialField[] = ['frontierEffort', 'thinking'];
/** The user setting of each dial field. */
export const DIAL_SETTING = { frontierEffort: 'policy.frontierEffort', thinking: 'policy.thinking' } as const;
export type DialChoiceKey = (typeof DIAL_SETTING)[DialField];
export const DIAL_CHOICE_KEYS: readonly DialChoiceKey[] = Object.values(DIAL_SETTING);

export function isDialChoice(key: string): key is DialChoiceKey {
  return (DIAL_CHOICE_KEYS as readonly string[]).includes(key);
}

/** The effort `kind` gets on frontier from the user's own settings: their entry, else the built-in table, else the tier's effort. */
export function ownFrontierEffort(kind: TaskKind, own: Config): Effort {
  return own['policy.frontierEffort'][kind] ?? DEFAULT_FRONTIER_EFFORT[kind] ?? own['tiers.frontier.effort'];
}

/** The thinking `kind` gets from the user's own settings: their entry, else the built-in table, else undefined (left to the model). */
export function ownThinking(kind: TaskKind, own: Config): Thinking | undefined {
  return own['policy.thinking'][kind] ?? DEFAULT_THINKING[kind];
}

/** Off, then whatever the model does by default, then adaptive: less thinking is a lower rank. */
const thinkingRank = (mode: Thinking | undefined): number => (mode === 'off' ? 0 : mode === undefined ? 1 : 2);

const RAISE_ONLY = 'a workspace may raise the effort or thinking of a task kind, never lower it';
const DEARER = 'only your user settings may make inline completions dearer';

/** Why a workspace's `value` for `kind` may not apply, or undefined when it may. */
export function dialChoiceProblem(field: DialField, kind: TaskKind, value: string, context: ChoiceContext): { problem: string; rule: string } | undefined {
  if (field === 'frontierEffort') {
    const own = ownFrontierEffort(kind, context.own);
    const rank = effortRank(value as Effort) - effortRank(own);
    if (rank < 0) return { problem: `is below your "${own}"`, rule: RAISE_ONLY };
    if (rank > 0 && kind === 'completion' && context.completionTiers.includes('frontier')) {
      return { problem: `is above your "${own}" for inline completions, which run on the frontier tier`, rule: DEARER };
    }
    return undefined;
  }
  const own = ownThinking(kind, context.own);
  const rank = thinkingRank(value as Thinking) - thinkingRank(own);
  if (rank < 0) return { problem: own === undefined ? 'turns off the thinking your settings leave to the model' : `is less thinking than your "${own}"`, rule: RAISE_ONLY };
  if (rank > 0 && kind === 'completion') return { problem: `is more thinking than your "${own ?? 'left to the model'}" for inline completions (thinking is billed as output)`, rule: DEARER };
  return undefined;
}

/** The sentence the user sees: the entry, why it does not apply, what the kind keeps, and how to have it anyway. */
export function dialRefusalText(field: DialField, kind: TaskKind, value: string, from: ChoiceOrigin, why: { problem: string; rule: string }, own: Config): string {
  const setting = `${SECTION}.${DIAL_SETTING[field]}`;
  const subject = from === 'workspace' ? `${setting}: the workspace's "${kind}": "${value}"` : `.vscode/model-router.json: dial.${field}.${kind} "${value}"`;
  const label = TASK_KIND_INFO[kind].label;
  const thinking = ownThinking(kind, own);
  const stays =
    field === 'frontierEffort'
      ? `the frontier tier keeps ${ownFrontierEffort(kind, own)} effort for ${label}`
      : `thinking stays ${thinking === 'adaptive' ? 'on (adaptive)' : thinking === 'off' ? 'off' : 'left to the model'} for ${label}`;
  return `${subject} ${why.problem}, so it does not apply (${why.rule}); ${stays}. To use it, set "${kind}": "${value}" in ${setting} in your user settings.`;
}

/**
 * `dial` with each entry a workspace may not set taken out, and those entries named. Entries that are
 * not a task kind with a valid value are left for the policy's parser to report.
 */
export function checkDialChoices(dial: Readonly<Record<string, unknown>>, from: ChoiceOrigin, context: ChoiceContext): { dial: Record<string, unknown>; refused: TierChoiceRefusal[] } {
  const refused: TierChoiceRefusal[] = [];
  const kept: Record<string, unknown> = { ...dial };
  for (const field of DIAL_FIELDS) {
    const entries = dial[field];
    if (!isPlainObject(entries)) continue;
    const values: readonly string[] = field === 'frontierEffort' ? EFFORTS : THINKING_MODES;
    const keep: Record<string, unknown> = {};
    for (const [kind, value] of Object.entries(entries)) {
      const why = isTaskKind(kind) && typeof value === 'string' && values.includes(value) ? dialChoiceProblem(field, kind, value, context) : undefined;
      if (why === undefined) keep[kind] = value;
      else refused.push({ setting: `${SECTION}.${DIAL_SETTING[field]}`, from, text: dialRefusalText(field, kind as TaskKind, value as string, from, why, context.own) });
    }
    kept[field] = keep;
  }
  return { dial: kept, refused };
}

/**
 * A trusted team policy layer with its `dial` checked against the user's own settings (`own`), as
 * checkTeamTierChoices checks its `tiers`; `config` is the settings with the workspace's applied.
 */
export function checkTeamDialChoices(layer: Record<string, unknown>, own: Config, config: Config): { layer: Record<string, unknown>; refused: TierChoiceRefusal[] } {
  if (!isPlainObject(layer.dial)) return { layer, refused: [] };
  const { dial, refused } = checkDialChoices(layer.dial, 'team', { own, completionTiers: teamCompletionTiers(layer, own, config) });
  return { layer: { ...layer, dial }, refused };
}

function isTaskKind(kind: string): kind is TaskKind {
  return (TASK_KINDS as readonly string[]).includes(kind);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
