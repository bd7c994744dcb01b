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

/** The hidden layer's sums and activations, and one weight's integer sums, reused across calls (classification is synchronous). */
let units = new Float64Array(64);
let activations = new Float64Array(64);
let totals = new Int32Array(64);

/**
 * The features grouped by their weight, in the order each weight first appears: `rowOf[i]` is the
 * i-th grouped feature's bucket, `groupEnd[g]` where group g ends, `groupValue[g]` its weight. A
 * prompt's features carry about ten distinct weights (each family's normalization, a few repeats).
 */
let rowOf = new Int32Array(256);
let groupEnd = new Int32Array(16);
let groupValue = new Float64Array(16);
let groupOf = new Int32Array(256);

function groupByValue(features: Features): number {
  const { indices, values } = features;
  const count = indices.length;
  if (rowOf.length < count) {
    rowOf = new Int32Array(count * 2);
    groupOf = new Int32Array(count * 2);
  }
  let groups = 0;
  let last = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    let g = last < groups && groupValue[last] === value ? last : -1;
    for (let k = 0; g < 0 && k < groups; k++) if (groupValue[k] === value) g = k;
    if (g < 0) {
      if (groups === groupValue.length) {
        const [ends, weights] = [new Int32Array(groups * 2), new Float64Array(groups * 2)];
        ends.set(groupEnd);
        weights.set(groupValue);
        [groupEnd, groupValue] = [ends, weights];
      }
      g = groups++;
      groupValue[g] = value;
      groupEnd[g] = 0;
    }
    groupOf[i] = g;
    groupEnd[g]++;
    last = g;
  }
  // Counting sort: sizes become ends, then each feature takes the next slot of its group.
  for (let g = 0, at = 0; g < groups; g++) {
    at += groupEnd[g];
    groupEnd[g] = at;
  }
  for (let i = count - 1; i >= 0; i--) rowOf[--groupEnd[groupOf[i]]] = indices[i];
  for (let g = 0; g < groups; g++) groupEnd[g] = g + 1 < groups ? groupEnd[g + 1] : count;
  return groups;
}

/**
 * The integer sums, unit by unit, of the 4-bit rows of features `from`…`to` (grouped), read as
 * words of eight nibbles stored as weight + 8: each word is split into two words of four byte lanes
 * (the even and the odd units), added for up to 17 features (15 × 17 fits a byte), then widened
 * into 16-bit lanes, emptied into `totals` before they can overflow. Exact: integers throughout.
 */
function nibbleSums(words: Int32Array, rowWords: number, from: number, to: number): void {
  for (let w = 0; w < rowWords; w++) {
    let t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
    for (let i = from; i < to; ) {
      const stop = Math.min(to, i + 256 * 17);
      const counted = stop - i;
      let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
      while (i < stop) {
        const end = Math.min(stop, i + 17);
        let even = 0;
        let odd = 0;
        for (; i < end; i++) {
          const word = words[rowOf[i] * rowWords + w];
          even = (even + (word & 0x0f0f0f0f)) | 0;
          odd = (odd + ((word >>> 4) & 0x0f0f0f0f)) | 0;
        }
        l0 = (l0 + (even & 0x00ff00ff)) | 0;
        l1 = (l1 + ((even >>> 8) & 0x00ff00ff)) | 0;
        l2 = (l2 + (odd & 0x00ff00ff)) | 0;
        l3 = (l3 + ((odd >>> 8) & 0x00ff00ff)) | 0;
      }
      const offset = 8 * counted;
      t0 += (l0 & 0xffff) - offset;
      t4 += (l0 >>> 16) - offset;
      t2 += (l1 & 0xffff) - offset;
      t6 += (l1 >>> 16) - offset;
      t1 += (l2 & 0xffff) - offset;
      t5 += (l2 >>> 16) - offset;
      t3 += (l3 & 0xffff) - offset;
      t7 += (l3 >>> 16) - offset;
    }
    const j = w * 8;
    totals[j] = t0;
    totals[j + 1] = t1;
    totals[j + 2] = t2;
    totals[j + 3] = t3;
    totals[j + 4] = t4;
    totals[j + 5] = t5;
    totals[j + 6] = t6;
    totals[j + 7] = t7;
  }
}

/**
 * The same integer sums from int8 rows: eight units at a time in registers, read as two int32 words
 * and split by shifts where the rows are 4-byte aligned, else byte by byte, then the remainder.
 */
function byteSums(weights: Int8Array, words: Int32Array | undefined, size: number, from: number, to: number): void {
  const rowWords = size >> 2;
  let j = 0;
  for (; j + 8 <= size; j += 8) {
    let u0 = 0, u1 = 0, u2 = 0, u3 = 0, u4 = 0, u5 = 0, u6 = 0, u7 = 0;
    if (words !== undefined) {
      for (let i = from; i < to; i++) {
        const at = rowOf[i] * rowWords + (j >> 2);
        const low = words[at];
        const high = words[at + 1];
        u0 = (u0 + ((low << 24) >> 24)) | 0;
        u1 = (u1 + ((low << 16) >> 24)) | 0;
        u2 = (u2 + ((low << 8) >> 24)) | 0;
        u3 = (u3 + (low >> 24)) | 0;
        u4 = (u4 + ((high << 24) >> 24)) | 0;
        u5 = (u5 + ((high << 16) >> 24)) | 0;
        u6 = (u6 + ((high << 8) >> 24)) | 0;
        u7 = (u7 + (high >> 24)) | 0;
      }
    } else {
      for (let i = from; i < to; i++) {
        const row = rowOf[i] * size + j;
        u0 = (u0 + weights[row]) | 0;
        u1 = (u1 + weights[row + 1]) | 0;
        u2 = (u2 + weights[row + 2]) | 0;
        u3 = (u3 + weights[row + 3]) | 0;
        u4 = (u4 + weights[row + 4]) | 0;
        u5 = (u5 + weights[row + 5]) | 0;
        u6 = (u6 + weights[row + 6]) | 0;
        u7 = (u7 + weights[row + 7]) | 0;
      }
    }
    totals[j] = u0;
    totals[j + 1] = u1;
    totals[j + 2] = u2;
    totals[j + 3] = u3;
    totals[j + 4] = u4;
    totals[j + 5] = u5;
    totals[j + 6] = u6;
    totals[j + 7] = u7;
  }
  for (; j < size; j++) {
    let u = 0;
    for (let i = from; i < to; i++) u = (u + weights[rowOf[i] * size + j]) | 0;
    totals[j] = u;
  }
}

/**
 * Raw scores of every output: the kind logits, the tier logits (when the model has a tier head), then the sensitive logit.
 * The embedding bag sums the rows of the features that share a weight as integers (exact), then adds
 * each unit's sum times that weight, one weight after another in the order they first appear: the
 * network's definition, with one rounding per distinct weight instead of one per feature.
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
      totals = new Int32Array(size);
    }
    units.fill(0, 0, size);
    const nibbles = nibbleWordsOf(model);
    const words = nibbles === undefined && size % 4 === 0 ? wordsOf(model) : undefined;
    const groups = groupByValue(features);
    for (let g = 0; g < groups; g++) {
      const from = g === 0 ? 0 : groupEnd[g - 1];
      if (nibbles !== undefined) nibbleSums(nibbles, size >> 3, from, groupEnd[g]);
      else byteSums(weights, words, size, from, groupEnd[g]);
      const value = groupValue[g];
      for (let j = 0; j < size; j++) units[j] += totals[j] * value;
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

const nibbleViews = new WeakMap<RouterModel, Int32Array | null>();

/**
 * A 4-bit model's rows as words of eight nibbles (weight + 8, the first unit in the lowest bits),
 * built once from the decoded weights; none when the rows are not whole words of eight units.
 */
function nibbleWordsOf(model: RouterModel): Int32Array | undefined {
  let view = nibbleViews.get(model);
  if (view === undefined) {
    const size = model.rowWidth;
    view = null;
    if (model.meta.weightBits === 4 && model.meta.hidden !== undefined && size % 8 === 0) {
      const { weights } = model;
      view = new Int32Array(weights.length >> 3);
      for (let word = 0; word < view.length; word++) {
        let packed = 0;
        for (let n = 0; n < 8; n++) packed |= ((weights[word * 8 + n] + 8) & 0x0f) << (n * 4);
        view[word] = packed;
      }
    }
    nibbleViews.set(model, view);
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
