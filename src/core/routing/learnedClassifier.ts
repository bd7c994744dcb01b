/**
 * Inference of the learned router: an embedding bag over hashed features (see features.ts) with a
 * small tanh layer on top (or, for older artifacts, a linear model), and three heads: the task kind
 * (a temperature-scaled softmax, so its confidence is calibrated), the tier (a softmax over the
 * four tiers, trained on the acceptable ones) and sensitive-or-not (a logistic output). Pure
 * TypeScript, a few tens of microseconds per prompt.
 */
import type { FeatureInput, Features } from './features';
import { featuresOf } from './features';
import type { RouterModel } from './routerModel';
import type { TaskKind } from './taskKinds';
import { TASK_KIND_INFO } from './taskKinds';
import { TIERS, tierRank } from './tiers';

export interface LearnedClassification {
  readonly kind: TaskKind;
  /** The calibrated probability of `kind`. */
  readonly confidence: number;
  /** The next most likely kind, for reasons and for the bench. */
  readonly runnerUp: { readonly kind: TaskKind; readonly confidence: number };
  /** The sensitive head's probability that the work is on the must-stay-frontier list. */
  readonly sensitive: number;
  /** The calibrated probability of every kind, in the model's kind order. */
  readonly probabilities: Float64Array;
  /** The probability mass of the kinds of each tier (automated, fast, balanced, frontier), at their default tiers. */
  readonly tierMass: readonly number[];
  readonly features: Features;
}

/** Raw scores of every output: the kind logits, the tier logits (when the model has a tier head), then the sensitive logit. */
export function modelScores(model: RouterModel, features: Features): Float64Array {
  const { outputs, weights, meta } = model;
  const sums = new Float64Array(outputs);
  const { indices, values } = features;
  const hidden = meta.hidden;
  if (hidden !== undefined) {
    // Embedding bag: the features' rows summed (int8, one scale per unit), tanh, then a small dense layer.
    const size = hidden.size;
    const units = new Float64Array(size);
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i] * size;
      const value = values[i];
      for (let j = 0; j < size; j++) units[j] += weights[row + j] * value;
    }
    const out = outLayer(model);
    for (let k = 0; k < outputs; k++) sums[k] = meta.biases[k];
    for (let j = 0; j < size; j++) {
      const h = Math.tanh(units[j] * hidden.scales[j] + hidden.biases[j]);
      const row = j * outputs;
      for (let k = 0; k < outputs; k++) sums[k] += out[row + k] * h;
    }
    return sums;
  }
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i] * outputs;
    const value = values[i];
    for (let k = 0; k < outputs; k++) sums[k] += weights[row + k] * value;
  }
  for (let k = 0; k < outputs; k++) sums[k] = sums[k] * meta.scales[k] + meta.biases[k];
  return sums;
}

/** Softmax of the kind logits at `temperature`. */
export function kindProbabilities(scores: Float64Array, kinds: number, temperature: number): Float64Array {
  const probabilities = new Float64Array(kinds);
  let max = -Infinity;
  for (let k = 0; k < kinds; k++) max = Math.max(max, scores[k] / temperature);
  let total = 0;
  for (let k = 0; k < kinds; k++) {
    probabilities[k] = Math.exp(scores[k] / temperature - max);
    total += probabilities[k];
  }
  for (let k = 0; k < kinds; k++) probabilities[k] /= total;
  return probabilities;
}

const outLayers = new WeakMap<RouterModel, Float64Array>();

/** The hidden layer's output weights as a typed array, once per model. */
function outLayer(model: RouterModel): Float64Array {
  let out = outLayers.get(model);
  if (out === undefined) {
    out = Float64Array.from(model.meta.hidden?.out ?? []);
    outLayers.set(model, out);
  }
  return out;
}

const tierRanks = new WeakMap<RouterModel, Int8Array>();

/** The rank of each kind's default tier, once per model. */
function kindTierRanks(model: RouterModel): Int8Array {
  let ranks = tierRanks.get(model);
  if (ranks === undefined) {
    ranks = Int8Array.from(model.kinds, (kind) => tierRank(TASK_KIND_INFO[kind].defaultTier));
    tierRanks.set(model, ranks);
  }
  return ranks;
}

/** Classifies one request with the learned model. */
export function classifyLearned(model: RouterModel, input: FeatureInput): LearnedClassification {
  const features = featuresOf(input, model.meta.bits);
  const scores = modelScores(model, features);
  const count = model.kinds.length;
  const probabilities = kindProbabilities(scores, count, model.meta.temperature);
  let best = 0;
  let second = 1;
  for (let k = 0; k < count; k++) {
    if (probabilities[k] > probabilities[best]) {
      second = best;
      best = k;
    } else if (k !== best && (second === best || probabilities[k] > probabilities[second])) {
      second = k;
    }
  }
  const ranks = kindTierRanks(model);
  const tierMass = [0, 0, 0, 0];
  for (let k = 0; k < count; k++) tierMass[ranks[k]] += probabilities[k];
  if (model.meta.tierHead) {
    // The tier head saw each prompt's cheapest acceptable tier: it knows what the kinds' mass cannot
    // (a fix that is trivial, a follow-up's scope). Blended, the two disagree less often than either errs.
    const tiers = kindProbabilities(scores.subarray(count, count + TIERS.length), TIERS.length, 1);
    const blend = model.meta.tierBlend ?? 0.5;
    for (let t = 0; t < TIERS.length; t++) tierMass[t] = (1 - blend) * tierMass[t] + blend * tiers[t];
  }
  return {
    kind: model.kinds[best],
    confidence: probabilities[best],
    runnerUp: { kind: model.kinds[second], confidence: probabilities[second] },
    sensitive: 1 / (1 + Math.exp(-scores[model.outputs - 1])),
    probabilities,
    tierMass,
    features,
  };
}
