/**
 * What the router understands of a free-text request with the learned model: the task kind and
 * how sure it is, whether the work is sensitive and why, and whether a follow-up inherited its
 * previous turn. The rules here are only the hard ones: a confident cosmetic verdict of the
 * sensitive head may veto a stem hit, a user's own floor terms never can, and when in doubt
 * the request goes up.
 */
import type { LearnedClassification } from './learnedClassifier';
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
}

export interface Understanding {
  readonly kind: TaskKind;
  readonly confidence: number;
  /** The model is not sure enough of the kind: the request goes up, to `routeTo`. */
  readonly unsure: boolean;
  /** Where an unsure request goes (one tier above its kind's, or where the tiers' probability says). */
  readonly routeTo?: Tier;
  /** The kind came from the previous turn (a follow-up). */
  readonly inherited: boolean;
  /** Why the work is sensitive, in words (empty when it is not). */
  readonly sensitive: readonly string[];
  readonly learned: LearnedClassification;
}

/**
 * Understands a request. `defaultTermHits` are hits of the built-in floor terms (vetoable like the
 * stems); `userTermHits` are hits of terms a user or team added, which always floor.
 */
export function understand(
  model: RouterModel,
  input: { readonly prompt: string; readonly files: readonly string[]; readonly previous?: PreviousTurn },
  defaultTermHits: readonly string[],
  userTermHits: readonly string[],
): Understanding {
  const learned = classifyLearned(model, input);
  const { floorAt, vetoBelow } = model.meta.sensitive;
  const { domains } = learned.features;
  const stems = [...new Set([...domains.ask, ...domains.paths, ...domains.pasted, ...defaultTermHits])];
  const previous = input.previous;

  let kind = learned.kind;
  let confidence = learned.confidence;
  let inherited = previous !== undefined && kind === previous.kind;
  // A follow-up the model cannot place ("and the other one too") continues what came before.
  if (previous !== undefined && !inherited && confidence < model.meta.unsureBelow) {
    kind = previous.kind;
    confidence = Math.max(confidence, learned.runnerUp.kind === previous.kind ? learned.runnerUp.confidence : 0);
    inherited = true;
  }

  const sensitive: string[] = [...userTermHits];
  if (learned.sensitive >= vetoBelow) {
    if (stems.length > 0) sensitive.push(...stems);
    else if (previous?.sensitive) sensitive.push(`follow-up to a ${TASK_KIND_INFO[previous.kind].label}`);
    else if (learned.sensitive >= floorAt) sensitive.push('sensitive by meaning');
  }
  const kindTier = TASK_KIND_INFO[kind].defaultTier;
  let routeTo: Tier | undefined;
  if (!inherited && confidence < model.meta.unsureBelow) routeTo = tierAbove(kindTier) ?? kindTier;
  const mass = model.meta.routeUpMass;
  if (!inherited && mass !== undefined) {
    let above = 0;
    for (let rank = TIERS.length - 1; rank > tierRank(kindTier); rank--) {
      above += learned.tierMass[rank];
      if (above >= mass) {
        if (routeTo === undefined || rank > tierRank(routeTo)) routeTo = TIERS[rank];
        break;
      }
    }
  }
  return { kind, confidence, unsure: routeTo !== undefined, ...(routeTo ? { routeTo } : {}), inherited, sensitive: [...new Set(sensitive)], learned };
}

/** The reason line for the task kind, in words a user reads ("Tests (learned, 92% sure) → balanced"). */
export function kindReason(understanding: Understanding, previous: PreviousTurn | undefined, tier: string): string {
  const label = TASK_KIND_INFO[understanding.kind].label;
  if (understanding.inherited && previous !== undefined) {
    const sensitive = previous.sensitive ? ', sensitive work' : '';
    return `Follow-up to a ${TASK_KIND_INFO[previous.kind].label}${sensitive} → ${tier}`;
  }
  const pasted = [...understanding.learned.features.split.sorts].map((sort) => PASTED_WORDS[sort]);
  const withPasted = pasted.length > 0 ? `, with ${pasted.join(' and ')}` : '';
  const label0 = label.charAt(0).toUpperCase() + label.slice(1);
  return `${label0} (learned, ${Math.round(understanding.confidence * 100)}% sure${withPasted}) → ${tier}`;
}

const PASTED_WORDS = { code: 'pasted code', stackTrace: 'a stack trace', log: 'a log', diff: 'a diff', json: 'JSON' } as const;
