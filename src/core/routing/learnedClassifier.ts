/**
 * Inference of the learned router: an embedding bag over hashed features (see features.ts) with a
 * small tanh layer on top (or, for older artifacts, a linear model), and three heads: the task kind
 * (a temperature-scaled softmax, so its confidence is calibrated), the tier (a softmax over the
 * four tiers, trained on the acceptable ones) and sensitive-or-not (a logistic output). Pure
 * TypeScript (no WebAssembly, no native code), a few tens of microseconds per prompt.
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

/** Features per pass of the embedding bag: their rows (64 bytes each at 64 units) fit the first cache. */
const CHUNK = 32;

/** The hidden layer's sums and activations, reused across calls (classification is synchronous). */
let units = new Float64Array(64);
let activations = new Float64Array(64);

/**
 * Raw scores of every output: the kind logits, the tier logits (when the model has a tier head), then the sensitive logit.
 * The loops are unrolled by eight into locals, but every sum adds the same products in the same order
 * as the plain loop (feature by feature, unit by unit), so the scores are the same to the last bit.
 */
export function modelScores(model: RouterModel, features: Features): Float64Array {
  const { outputs, weights, meta } = model;
  const sums = new Float64Array(outputs);
  const { indices, values } = features;
  const count = indices.length;
  const hidden = meta.hidden;
  if (hidden !== undefined) {
    // Embedding bag: the features' rows summed (int8, one scale per unit), tanh, then a small dense layer.
    const size = hidden.size;
    if (units.length < size) {
      units = new Float64Array(size);
      activations = new Float64Array(size);
    }
    // Eight units at a time in registers, over a chunk of features whose rows stay in the CPU's
    // first cache for all the units; each unit's sum still adds every feature in order. Where the
    // rows are 4-byte aligned, the eight int8 weights are read as two int32 words and split by shifts.
    units.fill(0, 0, size);
    const words = size % 4 === 0 ? wordsOf(model) : undefined;
    const rowWords = size >> 2;
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK);
      let j = 0;
      for (; j + 8 <= size; j += 8) {
        let u0 = units[j], u1 = units[j + 1], u2 = units[j + 2], u3 = units[j + 3];
        let u4 = units[j + 4], u5 = units[j + 5], u6 = units[j + 6], u7 = units[j + 7];
        if (words !== undefined) {
          for (let i = from; i < to; i++) {
            const at = indices[i] * rowWords + (j >> 2);
            const value = values[i];
            const low = words[at];
            const high = words[at + 1];
            u0 += ((low << 24) >> 24) * value;
            u1 += ((low << 16) >> 24) * value;
            u2 += ((low << 8) >> 24) * value;
            u3 += (low >> 24) * value;
            u4 += ((high << 24) >> 24) * value;
            u5 += ((high << 16) >> 24) * value;
            u6 += ((high << 8) >> 24) * value;
            u7 += (high >> 24) * value;
          }
        } else {
          for (let i = from; i < to; i++) {
            const row = indices[i] * size + j;
            const value = values[i];
            u0 += weights[row] * value;
            u1 += weights[row + 1] * value;
            u2 += weights[row + 2] * value;
            u3 += weights[row + 3] * value;
            u4 += weights[row + 4] * value;
            u5 += weights[row + 5] * value;
            u6 += weights[row + 6] * value;
            u7 += weights[row + 7] * value;
          }
        }
        units[j] = u0;
        units[j + 1] = u1;
        units[j + 2] = u2;
        units[j + 3] = u3;
        units[j + 4] = u4;
        units[j + 5] = u5;
        units[j + 6] = u6;
        units[j + 7] = u7;
      }
      for (; j < size; j++) {
        let u = units[j];
        for (let i = from; i < to; i++) u += weights[indices[i] * size + j] * values[i];
        units[j] = u;
      }
    }
    for (let k = 0; k < size; k++) activations[k] = Math.tanh(units[k] * hidden.scales[k] + hidden.biases[k]);
    const out = outLayer(model);
    // Eight outputs at a time, each summed over the units in order from its bias.
    let k = 0;
    for (; k + 8 <= outputs; k += 8) {
      let s0 = meta.biases[k], s1 = meta.biases[k + 1], s2 = meta.biases[k + 2], s3 = meta.biases[k + 3];
      let s4 = meta.biases[k + 4], s5 = meta.biases[k + 5], s6 = meta.biases[k + 6], s7 = meta.biases[k + 7];
      for (let unit = 0; unit < size; unit++) {
        const h = activations[unit];
        const row = unit * outputs + k;
        s0 += out[row] * h;
        s1 += out[row + 1] * h;
        s2 += out[row + 2] * h;
        s3 += out[row + 3] * h;
        s4 += out[row + 4] * h;
        s5 += out[row + 5] * h;
        s6 += out[row + 6] * h;
        s7 += out[row + 7] * h;
      }
      sums[k] = s0;
      sums[k + 1] = s1;
      sums[k + 2] = s2;
      sums[k + 3] = s3;
      sums[k + 4] = s4;
      sums[k + 5] = s5;
      sums[k + 6] = s6;
      sums[k + 7] = s7;
    }
    for (; k < outputs; k++) {
      let sum = meta.biases[k];
      for (let unit = 0; unit < size; unit++) sum += out[unit * outputs + k] * activations[unit];
      sums[k] = sum;
    }
    return sums;
  }
  for (let i = 0; i < count; i++) {
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

/** Whether the first byte of a word is its lowest (every platform VS Code runs on, but it is checked). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const wordViews = new WeakMap<RouterModel, Int32Array | null>();

/** The weights as int32 words of four int8 weights each, when they are 4-byte aligned on a little-endian platform. */
function wordsOf(model: RouterModel): Int32Array | undefined {
  let view = wordViews.get(model);
  if (view === undefined) {
    const { weights } = model;
    view = LITTLE_ENDIAN && weights.byteOffset % 4 === 0 && weights.length % 4 === 0 ? new Int32Array(weights.buffer, weights.byteOffset, weights.length >> 2) : null;
    wordViews.set(model, view);
  }
  return view ?? undefined;
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
