/**
 * Training of the learned router over the shared hashed features: an embedding bag with a tanh
 * hidden layer (the shipped model) or a linear model, each with a task-kind softmax, a tier head and
 * a logistic sensitive head, fitted by AdaGrad with a fixed seed (the same corpus and options give
 * the same bytes), then quantized to int8 (one scale per column) and calibrated (softmax
 * temperature) on the dev split.
 */
import { seededRandom } from '../../bench/stats';
import type { FeatureInput, Features } from '../../src/core/routing/features';
import { FEATURE_VERSION, featuresOf } from '../../src/core/routing/features';
import { kindProbabilities, modelScores } from '../../src/core/routing/learnedClassifier';
import type { ModelMeta, RouterModel } from '../../src/core/routing/routerModel';
import { decodeRouterModel, encodeRouterModel } from '../../src/core/routing/routerModel';
import { sensitiveDomains } from '../../src/core/routing/sensitiveStems';
import type { TaskKind } from '../../src/core/routing/taskKinds';
import { TASK_KINDS } from '../../src/core/routing/taskKinds';
import { TIERS, tierRank } from '../../src/core/routing/tiers';
import type { CorpusExample } from './corpus';

export interface TrainOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty per update on the touched weights. */
  readonly l2: number;
  /** How much more a missed sensitive example costs than a false alarm. */
  readonly sensitiveWeight: number;
  readonly seed: number;
  /** Train a tier head on each prompt's acceptable tiers besides the kind head. */
  readonly tierHead?: boolean;
  /**
   * What the tier head learns: `cheapest`, the cheapest acceptable tier as the one right answer; or
   * `accepted`, the probability of landing on any acceptable tier (where the guide accepts two, it
   * does not punish the other), leaving the choice between them to the thresholds and the cost.
   */
  readonly tierLoss?: 'cheapest' | 'accepted';
  /** Average the weights of the epochs from this share of training on (0.5: the second half); off when absent. */
  readonly averageFrom?: number;
  /** The hidden layer's size (an embedding bag with tanh and a dense layer on top); a linear model when absent. */
  readonly hidden?: number;
  /** Bits per stored weight in the artifact: 8 (absent) or 4 (half the bytes). */
  readonly weightBits?: 4 | 8;
  /**
   * An ensemble of this many hidden-layer fits with consecutive seeds, their logits averaged. Stored
   * as one wider hidden layer (each member's units side by side, the output layer divided by the
   * count), so the artifact and inference are those of a single model of `hidden` × `members` units.
   */
  readonly members?: number;
}

/** The linear model's options (the router before the hidden layer), measured beside it by train-router. */
export const LINEAR_TRAIN_OPTIONS: TrainOptions = { bits: 16, epochs: 16, learningRate: 0.4, l2: 1e-4, sensitiveWeight: 3, seed: 7, tierHead: true, tierLoss: 'accepted' };

/** One embedding bag of 64 units over 2^15 buckets with a tanh layer, 24 epochs, 4-bit weights (1.0 MB). */
export const SINGLE_TRAIN_OPTIONS: TrainOptions = { ...LINEAR_TRAIN_OPTIONS, bits: 15, epochs: 24, learningRate: 0.1, hidden: 64, weightBits: 4 };

/** Three such fits of 24 units each (seeds 7, 8, 9), logits averaged, 4-bit weights: the model shipped before DEFAULT_TRAIN_OPTIONS. */
export const THREE_TRAIN_OPTIONS: TrainOptions = { ...SINGLE_TRAIN_OPTIONS, hidden: 24, members: 3 };

/**
 * The shipped model's: four fits of 18 units each (seeds 7-10), logits averaged, 4-bit weights, a
 * missed sensitive example weighing 6 (chosen on dev, media/routerModel.md).
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { ...SINGLE_TRAIN_OPTIONS, hidden: 18, members: 4, sensitiveWeight: 6 };

/** The benchmarks' seeded generator (Mulberry32), so the shuffle is the same on every run. */
const seeded = seededRandom;

/**
 * The feature input of an example. A follow-up's previous turn is known to the chat as the kind it
 * was routed to and whether it was floored; in training, that flag is read from the previous text.
 */
export function inputOf(example: CorpusExample): FeatureInput {
  const previous = example.previousKind
    ? { kind: example.previousKind, sensitive: example.previousKind === 'security' || sensitiveDomains(example.previous ?? '').length > 0 }
    : undefined;
  return { prompt: example.prompt, files: example.files ?? [], ...(previous ? { previous } : {}) };
}

export interface Trained {
  /** Per bucket: the outputs' weights (linear) or the hidden units' embedding (`hidden`). */
  readonly weights: Float64Array;
  readonly biases: Float64Array;
  readonly kinds: readonly TaskKind[];
  readonly bits: number;
  readonly tierHead: boolean;
  readonly hidden?: { readonly size: number; readonly biases: Float64Array; readonly out: Float64Array };
  readonly weightBits?: 4 | 8;
}

interface Example {
  readonly features: Features;
  readonly kind: number;
  readonly tier: number;
  readonly accepted: readonly boolean[];
  readonly sensitive: boolean;
}

/** The output gradient of one example (kind softmax, tier head, sensitive logistic) from its scores. */
function outputGradient(example: Example, scores: Float64Array, gradient: Float64Array, kinds: number, tierHead: boolean, options: TrainOptions): void {
  const { kind, tier, accepted, sensitive } = example;
  const tierOutputs = tierHead ? TIERS.length : 0;
  const sensitiveOutput = kinds + tierOutputs;
  const probabilities = kindProbabilities(scores, kinds, 1);
  for (let k = 0; k < kinds; k++) gradient[k] = probabilities[k] - (k === kind ? 1 : 0);
  if (tierHead) {
    const tiers = kindProbabilities(scores.subarray(kinds, kinds + tierOutputs), tierOutputs, 1);
    if (options.tierLoss === 'accepted') {
      let mass = 0;
      for (let t = 0; t < tierOutputs; t++) if (accepted[t]) mass += tiers[t];
      for (let t = 0; t < tierOutputs; t++) gradient[kinds + t] = tiers[t] - (accepted[t] ? tiers[t] / Math.max(mass, 1e-12) : 0);
    } else {
      for (let t = 0; t < tierOutputs; t++) gradient[kinds + t] = tiers[t] - (t === tier ? 1 : 0);
    }
  }
  const p = 1 / (1 + Math.exp(-scores[sensitiveOutput]));
  gradient[sensitiveOutput] = sensitive ? (p - 1) * options.sensitiveWeight : p;
}

/**
 * Fits the embedding bag with a hidden layer: sparse AdaGrad on the touched embedding rows, dense
 * on the small layer; the embedding starts at zero (buckets no example touches stay empty and
 * are left out of the artifact) and the dense layer at seeded uniform noise.
 */
function fitHidden(examples: readonly CorpusExample[], options: TrainOptions, size: number): Trained {
  const kinds = TASK_KINDS.filter((kind) => examples.some((example) => example.kind === kind));
  const kindIndex = new Map(kinds.map((kind, i) => [kind, i]));
  const tierHead = options.tierHead === true;
  const outputs = kinds.length + (tierHead ? TIERS.length : 0) + 1;
  const buckets = 1 << options.bits;
  const embedding = new Float64Array(buckets * size);
  const embeddingSquares = new Float64Array(buckets * size);
  const hiddenBiases = new Float64Array(size);
  const hiddenBiasSquares = new Float64Array(size);
  const out = new Float64Array(size * outputs);
  const outSquares = new Float64Array(size * outputs);
  const biases = new Float64Array(outputs);
  const biasSquares = new Float64Array(outputs);
  const random = seeded(options.seed);
  const spread = Math.sqrt(6 / (size + outputs));
  for (let i = 0; i < out.length; i++) out[i] = (random() * 2 - 1) * spread;
  const data: Example[] = examples.map((example) => ({
    features: featuresOf(inputOf(example), options.bits),
    kind: kindIndex.get(example.kind)!,
    tier: Math.min(...example.accept.map(tierRank)),
    accepted: TIERS.map((tier) => example.accept.includes(tier)),
    sensitive: example.sensitive,
  }));
  const order = data.map((_, i) => i);
  const gradient = new Float64Array(outputs);
  const scores = new Float64Array(outputs);
  const units = new Float64Array(size);
  const unitGradient = new Float64Array(size);
  const rate = options.learningRate;
  const step = (values: Float64Array, squares: Float64Array, at: number, g: number): void => {
    squares[at] += g * g;
    values[at] -= (rate * g) / Math.sqrt(squares[at] + 1e-8);
  };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const index of order) {
      const example = data[index];
      const { indices, values } = example.features;
      units.set(hiddenBiases);
      for (let f = 0; f < indices.length; f++) {
        const row = indices[f] * size;
        for (let j = 0; j < size; j++) units[j] += embedding[row + j] * values[f];
      }
      for (let j = 0; j < size; j++) units[j] = Math.tanh(units[j]);
      scores.set(biases);
      for (let j = 0; j < size; j++) {
        const row = j * outputs;
        for (let k = 0; k < outputs; k++) scores[k] += out[row + k] * units[j];
      }
      outputGradient(example, scores, gradient, kinds.length, tierHead, options);
      for (let j = 0; j < size; j++) {
        const row = j * outputs;
        let sum = 0;
        for (let k = 0; k < outputs; k++) {
          sum += out[row + k] * gradient[k];
          step(out, outSquares, row + k, gradient[k] * units[j] + options.l2 * out[row + k]);
        }
        unitGradient[j] = sum * (1 - units[j] * units[j]);
        step(hiddenBiases, hiddenBiasSquares, j, unitGradient[j]);
      }
      for (let k = 0; k < outputs; k++) step(biases, biasSquares, k, gradient[k]);
      for (let f = 0; f < indices.length; f++) {
        const row = indices[f] * size;
        const value = values[f];
        for (let j = 0; j < size; j++) step(embedding, embeddingSquares, row + j, unitGradient[j] * value + options.l2 * embedding[row + j]);
      }
    }
  }
  return { weights: embedding, biases, kinds, bits: options.bits, tierHead, hidden: { size, biases: hiddenBiases, out }, ...(options.weightBits ? { weightBits: options.weightBits } : {}) };
}

/** Fits the heads on `examples`: a linear model, or an embedding bag with a hidden layer when `options.hidden` is set. */
export function fit(examples: readonly CorpusExample[], options: TrainOptions): Trained {
  if (options.hidden !== undefined && (options.members ?? 1) > 1) {
    const fits = Array.from({ length: options.members! }, (_, i) => fitHidden(examples, { ...options, seed: options.seed + i }, options.hidden!));
    return mergeMembers(fits);
  }
  if (options.hidden !== undefined) return fitHidden(examples, options, options.hidden);
  const kinds = TASK_KINDS.filter((kind) => examples.some((example) => example.kind === kind));
  const kindIndex = new Map(kinds.map((kind, i) => [kind, i]));
  const tierHead = options.tierHead === true;
  const tierOutputs = tierHead ? TIERS.length : 0;
  const outputs = kinds.length + tierOutputs + 1;
  const sensitiveOutput = outputs - 1;
  const buckets = 1 << options.bits;
  const weights = new Float64Array(buckets * outputs);
  const squares = new Float64Array(buckets * outputs);
  const biases = new Float64Array(outputs);
  const biasSquares = new Float64Array(outputs);
  const data: Array<{ features: Features; kind: number; tier: number; accepted: readonly boolean[]; sensitive: boolean }> = examples.map((example) => ({
    features: featuresOf(inputOf(example), options.bits),
    kind: kindIndex.get(example.kind)!,
    tier: Math.min(...example.accept.map(tierRank)),
    accepted: TIERS.map((tier) => example.accept.includes(tier)),
    sensitive: example.sensitive,
  }));
  const averaging = options.averageFrom === undefined ? -1 : Math.floor(options.epochs * options.averageFrom);
  const averaged = averaging < 0 ? undefined : { weights: new Float64Array(weights.length), biases: new Float64Array(outputs), snapshots: 0 };
  const random = seeded(options.seed);
  const order = data.map((_, i) => i);
  const gradient = new Float64Array(outputs);
  const scores = new Float64Array(outputs);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const index of order) {
      const { features, kind, tier, accepted, sensitive } = data[index];
      scores.set(biases);
      for (let f = 0; f < features.indices.length; f++) {
        const row = features.indices[f] * outputs;
        for (let k = 0; k < outputs; k++) scores[k] += weights[row + k] * features.values[f];
      }
      const probabilities = kindProbabilities(scores, kinds.length, 1);
      for (let k = 0; k < kinds.length; k++) gradient[k] = probabilities[k] - (k === kind ? 1 : 0);
      if (tierHead) {
        const tiers = kindProbabilities(scores.subarray(kinds.length, kinds.length + tierOutputs), tierOutputs, 1);
        if (options.tierLoss === 'accepted') {
          // -log of the probability of an acceptable tier: each acceptable tier is pulled up in proportion to its share.
          let mass = 0;
          for (let t = 0; t < tierOutputs; t++) if (accepted[t]) mass += tiers[t];
          for (let t = 0; t < tierOutputs; t++) gradient[kinds.length + t] = tiers[t] - (accepted[t] ? tiers[t] / Math.max(mass, 1e-12) : 0);
        } else {
          for (let t = 0; t < tierOutputs; t++) gradient[kinds.length + t] = tiers[t] - (t === tier ? 1 : 0);
        }
      }
      const p = 1 / (1 + Math.exp(-scores[sensitiveOutput]));
      gradient[sensitiveOutput] = sensitive ? (p - 1) * options.sensitiveWeight : p;
      for (let f = 0; f < features.indices.length; f++) {
        const row = features.indices[f] * outputs;
        const value = features.values[f];
        for (let k = 0; k < outputs; k++) {
          const g = gradient[k] * value + options.l2 * weights[row + k];
          squares[row + k] += g * g;
          weights[row + k] -= (options.learningRate * g) / Math.sqrt(squares[row + k] + 1e-8);
        }
      }
      for (let k = 0; k < outputs; k++) {
        biasSquares[k] += gradient[k] * gradient[k];
        biases[k] -= (options.learningRate * gradient[k]) / Math.sqrt(biasSquares[k] + 1e-8);
      }
    }
    if (averaged !== undefined && epoch >= averaging) {
      for (let i = 0; i < weights.length; i++) averaged.weights[i] += weights[i];
      for (let k = 0; k < outputs; k++) averaged.biases[k] += biases[k];
      averaged.snapshots++;
    }
  }
  if (averaged !== undefined && averaged.snapshots > 0) {
    for (let i = 0; i < weights.length; i++) weights[i] = averaged.weights[i] / averaged.snapshots;
    for (let k = 0; k < outputs; k++) biases[k] = averaged.biases[k] / averaged.snapshots;
  }
  return { weights, biases, kinds, bits: options.bits, tierHead, ...(options.weightBits ? { weightBits: options.weightBits } : {}) };
}

/**
 * Averages the logits of several hidden-layer fits as one wider layer: the buckets' rows side by
 * side, the hidden biases concatenated, the output rows stacked and divided by the count, the
 * output biases averaged. The sum over the wide layer is the members' mean logit.
 */
function mergeMembers(fits: readonly Trained[]): Trained {
  const first = fits[0];
  const size = first.hidden!.size;
  const count = fits.length;
  const width = size * count;
  const buckets = 1 << first.bits;
  const outputs = first.biases.length;
  const weights = new Float64Array(buckets * width);
  for (let bucket = 0; bucket < buckets; bucket++) {
    for (let m = 0; m < count; m++) weights.set(fits[m].weights.subarray(bucket * size, (bucket + 1) * size), bucket * width + m * size);
  }
  const hiddenBiases = new Float64Array(width);
  const out = new Float64Array(width * outputs);
  const biases = new Float64Array(outputs);
  for (let m = 0; m < count; m++) {
    hiddenBiases.set(fits[m].hidden!.biases, m * size);
    for (let i = 0; i < size * outputs; i++) out[m * size * outputs + i] = fits[m].hidden!.out[i] / count;
    for (let k = 0; k < outputs; k++) biases[k] += fits[m].biases[k] / count;
  }
  return { ...first, weights, biases, hidden: { size: width, biases: hiddenBiases, out } };
}

/** Int8 weights (or 4-bit, -7…7), one scale per column of a bucket's row (its largest weight is the top step). */
export function quantize(trained: Trained, weightBits: 4 | 8 = 8): { weights: Int8Array; scales: number[] } {
  const outputs = trained.hidden?.size ?? trained.biases.length;
  const top = weightBits === 4 ? 7 : 127;
  const scales = Array.from({ length: outputs }, () => 0);
  for (let i = 0; i < trained.weights.length; i++) scales[i % outputs] = Math.max(scales[i % outputs], Math.abs(trained.weights[i]));
  for (let k = 0; k < outputs; k++) scales[k] = scales[k] === 0 ? 1 : Number((scales[k] / top).toPrecision(6));
  const weights = new Int8Array(trained.weights.length);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.round(trained.weights[i] / scales[i % outputs]);
  return { weights, scales };
}

/** The softmax temperature that minimizes the negative log-likelihood of the dev kinds. */
export function fitTemperature(model: RouterModel, dev: readonly CorpusExample[]): number {
  const scored = dev.map((example) => ({ scores: modelScores(model, featuresOf(inputOf(example), model.meta.bits)), kind: model.kinds.indexOf(example.kind) }));
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.3; t <= 4.001; t += 0.05) {
    let loss = 0;
    for (const { scores, kind } of scored) {
      const probabilities = kindProbabilities(scores, model.kinds.length, t);
      loss -= Math.log(Math.max(1e-12, kind < 0 ? 1e-12 : probabilities[kind]));
    }
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss;
      best = Number(t.toFixed(2));
    }
  }
  return best;
}

/** Builds the artifact bytes from a fit, with the given calibration and thresholds. */
export function artifact(trained: Trained, meta: Omit<ModelMeta, 'featureVersion' | 'bits' | 'kinds' | 'tierHead' | 'hidden' | 'scales' | 'biases' | 'weightBits'>): Uint8Array {
  const weightBits = trained.weightBits ?? 8;
  const { weights, scales } = quantize(trained, weightBits);
  const round = (values: Float64Array) => [...values].map((b) => Number(b.toPrecision(6)));
  const biases = round(trained.biases);
  const hidden = trained.hidden === undefined ? undefined : { size: trained.hidden.size, scales, biases: round(trained.hidden.biases), out: [...trained.hidden.out].map(Math.fround) };
  return encodeRouterModel(
    { featureVersion: FEATURE_VERSION, bits: trained.bits, kinds: trained.kinds, ...(trained.tierHead ? { tierHead: true } : {}), ...(hidden ? { hidden } : {}), ...(weightBits === 4 ? { weightBits: 4 as const } : {}), scales: hidden ? [] : scales, biases, ...meta },
    weights,
  );
}

/** Decodes bytes built by `artifact` (the trainer measures the quantized model, as it ships). */
export function load(bytes: Uint8Array): RouterModel {
  return decodeRouterModel(bytes);
}
