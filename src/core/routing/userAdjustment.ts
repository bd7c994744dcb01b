/**
 * The per-user adjustment of the shipped classifier: the user's own corrections (a flag, a retry,
 * a redo or a Choose Tier that named the right tier) kept as examples — the prompt's hashed
 * features, the kind the classifier gave it and the tier that was right — and, for a new prompt,
 * the tier its nearest examples agree on. It sits after the classifier and reads only its output
 * (the kind, the tier) and the prompt's features, so the shipped model can change underneath it.
 *
 * Bounded: the newest `MAX_EXAMPLES` examples of at most `MAX_BUCKETS` features each (a few tens
 * of KB in the extension's global storage). It never holds the prompt's text. It moves the tier
 * only; the sensitive-work floor comes after it in the router, so it can never send work below it.
 */
import type { TaskKind } from './taskKinds';
import { isTaskKind, TASK_KIND_INFO } from './taskKinds';
import type { Tier } from './tiers';
import { TIERS } from './tiers';

/** Examples kept: the newest win. */
export const MAX_EXAMPLES = 100;
/** Features kept per example: the heaviest, which carry most of the cosine. */
export const MAX_BUCKETS = 64;
/** Cosine similarity at or above which an example counts as "a similar request". */
export const SIMILAR_AT = 0.5;
/** Similar examples that must agree on a tier before it moves. */
export const MIN_AGREEING = 2;
/** The agreeing examples' share of the similar ones' weight. */
const MAJORITY = 0.6;

/** The hashed features of a prompt, as the classifier computed them (L2-normalized). */
export interface PromptFeatures {
  readonly indices: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** One correction: a prompt like this one, classified as `kind`, was right on `tier` (not `from`). */
export interface LearnedExample {
  readonly kind: TaskKind;
  readonly from: Tier;
  readonly tier: Tier;
  readonly buckets: readonly number[];
  readonly weights: readonly number[];
  /** ISO 8601: when the correction was given. */
  readonly time: string;
}

/** What the router asks: the classifier's kind, the tier routing reached so far, the prompt's features. */
export interface AdjustmentQuery {
  readonly kind: TaskKind;
  readonly tier: Tier;
  readonly features: PromptFeatures;
}

/** A tier the user's corrections agree on, with the words the decision shows. */
export interface AdjustmentVerdict {
  readonly tier: Tier;
  /** Similar examples that said `tier`, out of the similar ones. */
  readonly count: number;
  readonly of: number;
  readonly reason: string;
}

/** The narrow port the router uses (RouteState.adjustment). */
export interface RouteAdjustment {
  adjust(query: AdjustmentQuery): AdjustmentVerdict | undefined;
}

/** What is stored: a version, then the examples. */
export interface StoredAdjustment {
  readonly v: 1;
  readonly examples: readonly LearnedExample[];
}

/** The features an example keeps: the `MAX_BUCKETS` heaviest, weights to 3 decimals. */
export function compactFeatures(features: PromptFeatures): { buckets: number[]; weights: number[] } {
  const order = Array.from({ length: features.indices.length }, (_, i) => i).sort((a, b) => Math.abs(features.values[b]) - Math.abs(features.values[a]));
  const kept = order.slice(0, MAX_BUCKETS);
  return { buckets: kept.map((i) => features.indices[i]), weights: kept.map((i) => Math.round(features.values[i] * 1000) / 1000) };
}

export class UserAdjustment implements RouteAdjustment {
  private readonly vectors: readonly ReadonlyMap<number, number>[];

  constructor(readonly examples: readonly LearnedExample[] = []) {
    this.vectors = examples.map((example) => new Map(example.buckets.map((bucket, i) => [bucket, example.weights[i]])));
  }

  /** Reads what was stored; anything malformed is dropped, never thrown. */
  static parse(raw: unknown): UserAdjustment {
    const examples = (raw as Partial<StoredAdjustment> | undefined)?.examples;
    if (!Array.isArray(examples)) return new UserAdjustment();
    return new UserAdjustment(examples.filter(isExample).slice(-MAX_EXAMPLES));
  }

  get size(): number {
    return this.examples.length;
  }

  /** This adjustment with one more example (the oldest dropped beyond `MAX_EXAMPLES`). */
  with(example: { kind: TaskKind; from: Tier; tier: Tier; features: PromptFeatures; time: string }): UserAdjustment {
    const { buckets, weights } = compactFeatures(example.features);
    const added: LearnedExample = { kind: example.kind, from: example.from, tier: example.tier, buckets, weights, time: example.time };
    return new UserAdjustment([...this.examples, added].slice(-MAX_EXAMPLES));
  }

  toJSON(): StoredAdjustment {
    return { v: 1, examples: this.examples };
  }

  adjust(query: AdjustmentQuery): AdjustmentVerdict | undefined {
    if (this.examples.length < MIN_AGREEING) return undefined;
    const votes = new Map<Tier, { weight: number; count: number }>();
    let total = 0;
    let similar = 0;
    for (let e = 0; e < this.examples.length; e++) {
      if (this.examples[e].kind !== query.kind) continue;
      const similarity = dot(this.vectors[e], query.features);
      if (similarity < SIMILAR_AT) continue;
      const vote = votes.get(this.examples[e].tier) ?? { weight: 0, count: 0 };
      votes.set(this.examples[e].tier, { weight: vote.weight + similarity, count: vote.count + 1 });
      total += similarity;
      similar++;
    }
    let best: [Tier, { weight: number; count: number }] | undefined;
    for (const entry of votes) if (best === undefined || entry[1].weight > best[1].weight) best = entry;
    if (best === undefined || best[0] === query.tier || best[1].count < MIN_AGREEING || best[1].weight < MAJORITY * total) return undefined;
    const [tier, { count }] = best;
    const label = TASK_KIND_INFO[query.kind].label;
    const said = TIERS.indexOf(tier) > TIERS.indexOf(query.tier) ? `needed ${tier}` : `could have been on ${tier}`;
    return { tier, count, of: similar, reason: `Learned from your feedback: ${count} of ${similar} similar ${label} requests ${said} → ${tier}` };
  }
}

function dot(example: ReadonlyMap<number, number>, features: PromptFeatures): number {
  let sum = 0;
  for (let i = 0; i < features.indices.length; i++) sum += (example.get(features.indices[i]) ?? 0) * features.values[i];
  return sum;
}

function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

function isExample(value: unknown): value is LearnedExample {
  const example = value as Partial<LearnedExample> | null;
  return (
    typeof example === 'object' &&
    example !== null &&
    typeof example.kind === 'string' &&
    isTaskKind(example.kind) &&
    isTier(example.from) &&
    isTier(example.tier) &&
    typeof example.time === 'string' &&
    Array.isArray(example.buckets) &&
    Array.isArray(example.weights) &&
    example.buckets.length === example.weights.length &&
    example.buckets.length <= MAX_BUCKETS &&
    example.buckets.every((bucket) => Number.isInteger(bucket) && bucket >= 0) &&
    example.weights.every((weight) => typeof weight === 'number' && Number.isFinite(weight))
  );
}
