/**
 * What the router understands of a free-text request with the learned model: the task kind and
 * how sure it is, whether the work is sensitive and why, and whether a follow-up inherited its
 * previous turn. The rules here are only the hard ones: a confident cosmetic verdict of the
 * sensitive head may veto a stem hit, a user's own floor terms never can, and when in doubt
 * the request goes up.
 */
import type { LearnedClassification } from './learnedClassifier';
import type { SplitPrompt } from './pasted';
import { classifyLearned } from './learnedClassifier';
import type { RouterModel } from './routerModel';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import type { Tier } from './tiers';
import { TIERS, tierAbove, tierRank } from './tiers';

/** The previous turn of a conversation, as the surface that routed it remembers it. */
export interface PreviousTurn {
  readonly kind: TaskKind;
  /** Whether the previous turn was held at the sensitive-work floor. */
  readonly sensitive: boolean;
  /**
   * The sensitive domains the previous turn named, floored or not: a summary of the failing refund
   * tests is read-only and not floored, but a follow-up that goes on to change that code is sensitive.
   */
  readonly touches?: readonly string[];
}

export interface Understanding {
  readonly kind: TaskKind;
  readonly confidence: number;
  /** The model is not sure enough of the kind: the request goes up, to `routeTo`. */
  readonly unsure: boolean;
  /** Where an unsure request goes (one tier above its kind's, or where the tiers' probability says). */
  readonly routeTo?: Tier;
  /** When the tiers' probability sent it up: the probability of `routeTo` and the tiers above it. */
  readonly routeMass?: number;
  /** The kind came from the previous turn (a follow-up). */
  readonly inherited: boolean;
  /** Why the work is sensitive, in words (empty when it is not). */
  readonly sensitive: readonly string[];
  /** The sensitive domains the request names (its words, files, pasted code, floor terms), whether or not it is sensitive work. */
  readonly touches: readonly string[];
  readonly learned: LearnedClassification;
}

/** Balanced kinds that read and answer without changing code: explaining it, answering a question. */
const READ_ONLY_KINDS: ReadonlySet<TaskKind> = new Set<TaskKind>(['explain', 'question']);

/** The tier the tiers' probability decides (see `ModelMeta.tierAt`). */
export function tierByMass(tierMass: readonly number[], at: NonNullable<RouterModel['meta']['tierAt']>): Tier {
  const frontier = tierMass[3];
  if (frontier >= at.frontier) return 'frontier';
  if (frontier + tierMass[2] >= at.balanced) return 'balanced';
  return frontier + tierMass[2] + tierMass[1] >= at.fast ? 'fast' : 'automated';
}

/** The likeliest kind whose default tier is `tier`. */
function likeliestOfTier(model: RouterModel, probabilities: Float64Array, tier: Tier): number {
  let best = -1;
  for (let k = 0; k < model.kinds.length; k++) {
    if (TASK_KIND_INFO[model.kinds[k]].defaultTier === tier && (best < 0 || probabilities[k] > probabilities[best])) best = k;
  }
  return best;
}

/**
 * Understands a request. `defaultTermHits` are hits of the built-in floor terms (vetoable like the
 * stems); `userTermHits` are hits of terms a user or team added, which always floor.
 */
export function understand(
  model: RouterModel,
  input: { readonly prompt: string; readonly files: readonly string[]; readonly split?: SplitPrompt; readonly previous?: PreviousTurn },
  defaultTermHits: readonly string[],
  userTermHits: readonly string[],
): Understanding {
  // The model learned `prevSensitive` from whether the previous text named a sensitive domain.
  const touchedBefore = input.previous?.touches ?? [];
  const learned = classifyLearned(model, input.previous && touchedBefore.length > 0 && !input.previous.sensitive ? { ...input, previous: { ...input.previous, sensitive: true } } : input);
  const { meta } = model;
  const { floorAt, vetoBelow } = meta.sensitive;
  const { domains } = learned.features;
  const stems = [...new Set([...domains.ask, ...domains.paths, ...domains.pasted, ...defaultTermHits])];
  const previous = input.previous;

  let kind = learned.kind;
  let confidence = learned.confidence;
  // A follow-up continues what came before ("and the other one too", "make it shorter") unless
  // its own words clearly name another task ("now design the architecture for it"): the kind holds
  // at least `followUpClearAt` of the probability, or a higher tier than the previous kind's does.
  // The cheaper tiers' mass never takes a follow-up down by itself: many cheap kinds share it, so
  // an unsure "how would you make it shorter?" would leave an explanation for a commit message.
  const clearAt = meta.followUpClearAt ?? meta.unsureBelow;
  const ownTier = TASK_KIND_INFO[kind].defaultTier;
  const clearlyOther =
    previous !== undefined &&
    kind !== previous.kind &&
    (confidence >= clearAt || (tierRank(ownTier) > tierRank(TASK_KIND_INFO[previous.kind].defaultTier) && learned.tierMass[tierRank(ownTier)] >= clearAt));
  const inherited = previous !== undefined && !clearlyOther;
  let routeTo: Tier | undefined;
  let routeMass: number | undefined;
  if (inherited) {
    const index = model.kinds.indexOf(previous.kind);
    kind = previous.kind;
    confidence = index < 0 ? confidence : Math.max(confidence, learned.probabilities[index]);
  } else if (meta.tierAt !== undefined) {
    const decided = tierByMass(learned.tierMass, meta.tierAt);
    const kindTier = TASK_KIND_INFO[kind].defaultTier;
    if (tierRank(decided) > tierRank(kindTier)) {
      routeTo = decided;
      routeMass = learned.tierMass.slice(tierRank(decided)).reduce((sum, mass) => sum + mass, 0);
    }
    else if (tierRank(decided) < tierRank(kindTier) && previous === undefined) {
      // The cheaper tier holds most of the probability: its likeliest kind is the better answer.
      // Not for a follow-up that clearly names its task: the conversation is already on that work.
      const index = likeliestOfTier(model, learned.probabilities, decided);
      if (index >= 0) {
        kind = model.kinds[index];
        confidence = learned.probabilities[index];
      }
    }
  } else {
    const kindTier = TASK_KIND_INFO[kind].defaultTier;
    if (confidence < meta.unsureBelow) routeTo = tierAbove(kindTier) ?? kindTier;
    const mass = meta.routeUpMass;
    if (mass !== undefined) {
      let above = 0;
      for (let rank = TIERS.length - 1; rank > tierRank(kindTier); rank--) {
        above += learned.tierMass[rank];
        if (above >= mass) {
          if (routeTo === undefined || rank > tierRank(routeTo)) routeTo = TIERS[rank];
          break;
        }
      }
    }
  }

  // Mechanical or read-only work (a typo, a docstring, a rename, finding where something is,
  // explaining how the login middleware works) that merely touches a sensitive word or file changes
  // none of that code, so it is not sensitive work (the guide); the head must be surer to floor it.
  const mechanical = tierRank(routeTo ?? TASK_KIND_INFO[kind].defaultTier) <= tierRank('fast');
  // Asking whether such code is right or safe ("is this guard right?", "c'est sûr ça ?") judges it:
  // a review of sensitive code, not an explanation of how it works.
  const judged = learned.features.concepts.includes('judge');
  const readOnly = mechanical || (READ_ONLY_KINDS.has(kind) && !judged && tierRank(routeTo ?? 'balanced') <= tierRank('balanced'));
  const veto = readOnly ? (meta.sensitive.mechanicalVetoBelow ?? vetoBelow) : vetoBelow;
  // The head floors alone at `floorAt`, but never below the bar that mechanical or read-only work needs.
  const floorBar = readOnly ? Math.max(floorAt, veto) : floorAt;
  const sensitive: string[] = [...userTermHits];
  // A follow-up that goes on with work that was not sensitive ("same for the other two") inherits
  // that too, unless its own words or files name a sensitive domain: the head alone does not floor it.
  const inheritsNotSensitive = inherited && previous?.sensitive === false && stems.length === 0;
  // The sensitive code a read-only turn named, as the reason of a follow-up that goes on to change it.
  const namedBefore = previous !== undefined && touchedBefore.length > 0 ? `${touchedBefore.join(', ')}, named in the ${TASK_KIND_INFO[previous.kind].label} before` : undefined;
  if (inheritsNotSensitive) {
    // nothing: not sensitive, as the turn it continues
  } else if (learned.sensitive >= floorBar) {
    // The head read the previous turn's domains as its input (above): when the follow-up's own words
    // name none, they are what decided, and the reason says so rather than "sensitive by meaning".
    sensitive.push(...(stems.length > 0 ? stems : previous?.sensitive ? [`follow-up to the ${TASK_KIND_INFO[previous.kind].label}`] : namedBefore !== undefined ? [namedBefore] : ['sensitive by meaning']));
  }
  else if (learned.sensitive >= veto) {
    if (stems.length > 0) sensitive.push(...stems);
    else if (previous?.sensitive && (inherited || !mechanical)) sensitive.push(`follow-up to the ${TASK_KIND_INFO[previous.kind].label}`);
  }
  // A follow-up that goes on changing the code of sensitive work ("fix the three points you found"
  // after a security review) is that work still, however its own words weigh: the guide keeps a
  // follow-up of sensitive work sensitive unless it is cosmetic or read-only work, or starts
  // something else of that kind (which the lines above leave to the head).
  if (sensitive.length === userTermHits.length && previous?.sensitive && !readOnly) sensitive.push(`follow-up to the ${TASK_KIND_INFO[previous.kind].label}`);
  // A follow-up that leaves a turn which only named sensitive code (a summary of the failing refund
  // tests, an explanation of the tenant filter) for work that changes it ("now fix the three") changes
  // that code: the guide makes it sensitive, whatever its own few words weigh.
  if (sensitive.length === userTermHits.length && namedBefore !== undefined && !inherited && !readOnly) sensitive.push(namedBefore);
  // The domains by name ("payments"), else the floor terms that matched ("payment").
  const named = [...new Set([...domains.ask, ...domains.paths, ...domains.pasted])];
  const touches = [...new Set([...(named.length > 0 ? named : defaultTermHits), ...userTermHits])];
  return { kind, confidence, unsure: routeTo !== undefined, ...(routeTo ? { routeTo } : {}), ...(routeMass !== undefined ? { routeMass } : {}), inherited, sensitive: [...new Set(sensitive)], touches, learned };
}

/** The reason line for the task kind, in words a user reads ("Tests (learned, 92% sure) → balanced"). */
export function kindReason(understanding: Understanding, previous: PreviousTurn | undefined, tier: string): string {
  const label = TASK_KIND_INFO[understanding.kind].label;
  if (understanding.inherited && previous !== undefined) {
    const sensitive = previous.sensitive ? ', sensitive work' : '';
    return `Follow-up to the ${TASK_KIND_INFO[previous.kind].label}${sensitive} → ${tier}`;
  }
  const pasted = [...understanding.learned.features.split.sorts].map((sort) => PASTED_WORDS[sort]);
  const withPasted = pasted.length > 0 ? `, with ${pasted.join(' and ')}` : '';
  const label0 = label.charAt(0).toUpperCase() + label.slice(1);
  return `${label0} (learned, ${Math.round(understanding.confidence * 100)}% sure${withPasted}) → ${tier}`;
}

const PASTED_WORDS = { code: 'pasted code', stackTrace: 'a stack trace', log: 'a log', diff: 'a diff', json: 'JSON' } as const;
