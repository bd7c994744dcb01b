/**
 * Which model serves a tier, and at what effort, is the user's choice. A workspace — its
 * `.vscode/settings.json`, the .code-workspace file or the team policy file — may name a stronger
 * one, never a cheaper or weaker one: otherwise a cloned repository could put the work the
 * sensitive-work floor holds on frontier (auth, payments, crypto, migrations) on a cheap model, or
 * name any id at all, billed on the user's own account. A workspace's model for a tier applies only
 * when it is in the built-in price table, costs at least as much per token (input and output) as
 * the model the user's own settings (or the defaults) give that tier, is not an older model of the
 * same family, and is the same kind of id (on Amazon Bedrock the id's prefix is the inference
 * profile, which says in which regions requests are processed); its effort only when it is at
 * least the user's. The tier that serves inline completions keeps the user's cost: only user
 * settings may make completions dearer. Whatever is not applied is named, with what to do.
 */
import { effortRank } from '../routing/dial';
import { DEFAULT_POLICY } from '../routing/policy';
import type { Effort } from '../model/llm';
import type { ModelPrice } from '../spend/pricing';
import { anthropicModelOf, priceFor } from '../spend/pricing';
import type { ModelTier, Tier } from '../routing/tiers';
import { maxTier, MODEL_TIERS } from '../routing/tiers';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { Config } from './settings';
import { SECTION } from './settings';

export type TierField = 'model' | 'effort';
/** Where a tier choice came from: the workspace's settings, or the team policy file. */
export type ChoiceOrigin = 'workspace' | 'team';

/** A workspace's model or effort for a tier that is not applied, and why, in the user's words. */
export interface TierChoiceRefusal {
  /** The user setting that decides instead, e.g. `modelRouter.tiers.frontier.model`. */
  readonly setting: string;
  readonly from: ChoiceOrigin;
  readonly text: string;
}

export const TIER_CHOICE_KEYS = MODEL_TIERS.flatMap((tier) => [`tiers.${tier}.model`, `tiers.${tier}.effort`] as const);
export type TierChoiceKey = (typeof TIER_CHOICE_KEYS)[number];

export function isTierChoice(key: string): key is TierChoiceKey {
  return (TIER_CHOICE_KEYS as readonly string[]).includes(key);
}

/** The tier inline completions run on under these pins and task kinds: a pin, else the kind's tier, else fast. */
export function completionTierOf(pins: Readonly<Partial<Record<string, Tier>>>, taskKinds: Readonly<Partial<Record<string, Tier>>>): Tier {
  return pins.completion ?? taskKinds.completion ?? TASK_KIND_INFO.completion.defaultTier;
}

/** The tier a multi-line completion in sensitive code is raised to, by default (the policy's `scope.sensitiveMultiLineCompletion`). */
const SENSITIVE_MULTILINE_COMPLETION_TIER: ModelTier = DEFAULT_POLICY.scope.sensitiveMultiLineCompletion;

/**
 * Every tier an inline completion can run on when its own tier is `tier`: that one, and the tier a
 * multi-line completion in sensitive code is raised to (`scope.sensitiveMultiLineCompletion`).
 */
export function tiersServingCompletions(tiers: readonly Tier[], multiLineSensitive: Tier = SENSITIVE_MULTILINE_COMPLETION_TIER): Tier[] {
  return [...new Set(tiers.flatMap((tier) => [tier, maxTier(tier, multiLineSensitive)]))];
}

/** What a choice is checked against: the user's own settings, and the tiers that serve completions. */
export interface ChoiceContext {
  /** The user's own settings (their values, else the defaults), before any workspace value. */
  readonly own: Config;
  /** Tiers inline completions run on, with and without the workspace's routing. */
  readonly completionTiers: readonly Tier[];
}

const DATE_SUFFIX = /-\d{8}$/;
const BEDROCK_PROFILE = /^(?:([a-z]{2,7})\.)?anthropic\./;
const VERSIONED = /^claude-([a-z]+)-(\d+)(?:-(\d+))?$/;

/** Why `value` may not serve `tier` from a workspace, or undefined when it may. */
export function tierChoiceProblem(tier: ModelTier, field: TierField, value: string, context: ChoiceContext): { problem: string; rule: string } | undefined {
  const stronger = { rule: 'a workspace may choose a stronger model or effort for a tier, never a cheaper or weaker one' };
  const completions = context.completionTiers.includes(tier);
  const dearer = { rule: 'only your user settings may make inline completions dearer' };
  if (field === 'effort') {
    const own = context.own[`tiers.${tier}.effort`];
    const rank = effortRank(value as Effort) - effortRank(own);
    if (rank < 0) return { problem: `is below your "${own}"`, ...stronger };
    if (rank > 0 && completions) return { problem: `is above your "${own}" on the tier that serves inline completions`, ...dearer };
    return undefined;
  }
  const own = context.own[`tiers.${tier}.model`];
  if (value === own) return undefined;
  const price = priceFor(value);
  if (price === undefined) return { problem: 'is not in the built-in price table, so neither its price nor its strength is known', ...stronger };
  if (idKind(value) !== idKind(own)) {
    const bedrock = context.own[`tiers.${tier}.endpoint`] === 'bedrock' || idKind(own) !== 'plain';
    return { problem: `is not the same kind of model id as your "${own}"${bedrock ? ' (on Amazon Bedrock the prefix names the inference profile, which says in which regions requests are processed)' : ''}`, ...stronger };
  }
  // Both from the built-in table: a contract rate of the user's (modelRouter.prices) says what they
  // pay, not how strong the model is, and must not let a weaker list-price model through.
  const ownPrice = priceFor(own);
  if (ownPrice === undefined) return { problem: `cannot be compared with your "${own}", which is not in the built-in price table`, ...stronger };
  if (price.input < ownPrice.input || price.output < ownPrice.output) return { problem: `costs less than your "${own}" (${perMTok(price)} against ${perMTok(ownPrice)} per million tokens in / out)`, ...stronger };
  const older = olderOfSameFamily(value, own);
  if (older !== undefined) return { problem: `is an older ${older} than your "${own}"`, ...stronger };
  if (completions && (price.input > ownPrice.input || price.output > ownPrice.output)) {
    return { problem: `costs more than your "${own}" (${perMTok(price)} against ${perMTok(ownPrice)} per million tokens in / out) on the tier that serves inline completions`, ...dearer };
  }
  return undefined;
}

/** The sentence the user sees, naming the value, why it does not apply, and the setting to use instead. */
export function refusalText(tier: ModelTier, field: TierField, value: string, from: ChoiceOrigin, why: { problem: string; rule: string }, own: Config): string {
  const setting = `${SECTION}.tiers.${tier}.${field}`;
  const subject = from === 'workspace' ? `${setting}: the workspace's "${value}"` : `.vscode/model-router.json: tiers.${tier}.${field} "${value}"`;
  const stays = field === 'model' ? `the ${tier} tier stays on ${own[`tiers.${tier}.model`]}` : `the ${tier} tier stays at ${own[`tiers.${tier}.effort`]} effort`;
  return `${subject} ${why.problem}, so it does not apply (${why.rule}); ${stays}. To use "${value}" there, set ${setting} in your user settings.`;
}

/**
 * A trusted team policy layer with its tier choices checked against the user's own settings (`own`):
 * the ones that may apply stay, the others are taken out and named. `config` is the settings with
 * the workspace's applied, under which (and under the file's own pins and task kinds) completions
 * run. An untrusted workspace's file is never read (policyFile.ts).
 */
export function checkTeamTierChoices(layer: Record<string, unknown>, own: Config, config: Config): { layer: Record<string, unknown>; refused: TierChoiceRefusal[] } {
  const tiers = layer.tiers;
  if (!isPlainObject(tiers)) return { layer, refused: [] };
  const context: ChoiceContext = { own, completionTiers: teamCompletionTiers(layer, own, config) };
  const refused: TierChoiceRefusal[] = [];
  const kept: Record<string, unknown> = {};
  for (const [tier, choice] of Object.entries(tiers)) {
    if (!(MODEL_TIERS as readonly string[]).includes(tier) || !isPlainObject(choice)) continue;
    const keep: Record<string, unknown> = {};
    for (const field of ['model', 'effort'] as const) {
      const value = choice[field];
      if (typeof value !== 'string') continue;
      const why = tierChoiceProblem(tier as ModelTier, field, value, context);
      if (why === undefined) keep[field] = value;
      else refused.push({ setting: `${SECTION}.tiers.${tier}.${field}`, from: 'team', text: refusalText(tier as ModelTier, field, value, 'team', why, context.own) });
    }
    if (Object.keys(keep).length > 0) kept[tier] = keep;
  }
  const { tiers: _dropped, ...rest } = layer;
  return { layer: Object.keys(kept).length > 0 ? { ...rest, tiers: kept } : rest, refused };
}

/** The tiers inline completions run on under the user's own settings, and under `config` with a team layer's pins and task kinds. */
export function teamCompletionTiers(layer: Record<string, unknown>, own: Config, config: Config): Tier[] {
  const entries = (field: string) => (isPlainObject(layer[field]) ? (layer[field] as Partial<Record<string, Tier>>) : {});
  const scope = isPlainObject(layer.scope) ? layer.scope.sensitiveMultiLineCompletion : undefined;
  const multiLine: Tier = (MODEL_TIERS as readonly unknown[]).includes(scope) ? maxTier(scope as ModelTier, SENSITIVE_MULTILINE_COMPLETION_TIER) : SENSITIVE_MULTILINE_COMPLETION_TIER;
  return tiersServingCompletions(
    [completionTierOf(own['policy.pins'], own['policy.taskKinds']), completionTierOf({ ...config['policy.pins'], ...entries('pins') }, { ...config['policy.taskKinds'], ...entries('taskKinds') })],
    multiLine,
  );
}

/** A model id's kind: a Bedrock id with its inference profile's prefix ("bedrock:eu", "bedrock:" for none), else "plain". */
function idKind(model: string): string {
  const match = BEDROCK_PROFILE.exec(model);
  return match === null ? 'plain' : `bedrock:${match[1] ?? ''}`;
}

/** The family name ("Opus") when `value` is an older version of the same Claude family as `own`. */
function olderOfSameFamily(value: string, own: string): string | undefined {
  const mine = VERSIONED.exec(anthropicModelOf(own).replace(DATE_SUFFIX, ''));
  const theirs = VERSIONED.exec(anthropicModelOf(value).replace(DATE_SUFFIX, ''));
  if (mine === null || theirs === null || mine[1] !== theirs[1]) return undefined;
  const version = (match: RegExpExecArray) => Number(match[2]) * 1000 + Number(match[3] ?? 0);
  return version(theirs) < version(mine) ? `${mine[1].charAt(0).toUpperCase()}${mine[1].slice(1)}` : undefined;
}

function perMTok(price: ModelPrice): string {
  return `${usd(price.input)} / ${usd(price.output)}`;
}

function usd(value: number): string {
  return Number.isInteger(value) ? `$${value}` : `$${value.toFixed(2)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
