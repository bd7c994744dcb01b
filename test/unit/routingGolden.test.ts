/**
 * Routing stays what it was while its code gets faster. Three checks on ~300 corpus prompts (three
 * of every language and prompt shape, stored in test/unit/golden/routing.json with what the code
 * made of them when they were recorded):
 *
 * - the hashed features are the same, bit for bit (a follow-up's with its previous turn as recorded,
 *   so for any model): the model was trained on exactly these, so a change that does not bump
 *   FEATURE_VERSION (and retrain) would quietly degrade every decision;
 * - the model's scores equal the plain definition of the network (embedding bag, tanh, dense
 *   heads), bit for bit, for whatever model is in media/ (a retrain needs nothing here);
 * - the decisions (tier, kind, rule, reasons, floor, confidence) are the recorded ones, with the
 *   model they were recorded with (pending, and saying so, after a retrain).
 *
 * Re-record after an intended change (a FEATURE_VERSION bump, a retrain):
 * `npm run compile-tests && UPDATE_ROUTING_GOLDEN=1 npx mocha --no-config --timeout 60000 out/test/unit/routingGolden.test.js`
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Features } from '../../src/core/routing/features';
import { FEATURE_VERSION, featuresOf } from '../../src/core/routing/features';
import { modelScores } from '../../src/core/routing/learnedClassifier';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import type { RouteDecision, RouteRequest } from '../../src/core/routing/router';
import { previousTurnOf, route } from '../../src/core/routing/router';
import type { RouterModel } from '../../src/core/routing/routerModel';
import { routerModel } from '../../src/core/routing/routerModel';
import { routerModelPath } from '../../src/node/routerModelFile';
import { loadCorpus } from '../../scripts/router/corpus';
import { REPO_ROOT, withLearnedRouter } from './helpers/routerModel';

interface GoldenPrompt {
  readonly id: string;
  readonly prompt: string;
  readonly files: readonly string[];
  /** A follow-up's previous turn, routed first as the chat would (for the decision)… */
  readonly previousPrompt?: string;
  /** …and what that gave when recorded (for the features, so that they do not depend on the model). */
  readonly previous?: NonNullable<RouteRequest['previous']>;
  /** sha256 of the indices (int32) and values (float64) as bytes, then the concepts and the sensitive domains. */
  readonly features: string;
  readonly decision: ReturnType<typeof summary>;
}

interface Golden {
  readonly featureVersion: number;
  /** sha256 of media/routerModel.bin the decisions were recorded with. */
  readonly model: string;
  readonly prompts: readonly GoldenPrompt[];
}

const GOLDEN = join(REPO_ROOT, 'test', 'unit', 'golden', 'routing.json');
const PER_GROUP = 3;

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (array: Int32Array | Float64Array): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

function featureDigest(features: Features): string {
  return sha256(Buffer.concat([bytesOf(features.indices), bytesOf(features.values), Buffer.from(JSON.stringify([features.concepts, features.domains]))]));
}

const round = (x: number | undefined): number | undefined => (x === undefined ? undefined : Math.round(x * 1e6) / 1e6);

function summary(decision: RouteDecision) {
  return {
    tier: decision.tier,
    taskKind: decision.taskKind,
    rule: decision.rule,
    reasons: decision.reasons,
    sensitive: decision.sensitive,
    floor: decision.floor ?? null,
    confidence: round(decision.classification?.confidence) ?? null,
    sensitiveHead: round(decision.classification?.learned?.sensitive) ?? null,
    model: decision.model,
    effort: decision.effort ?? null,
  };
}

type Entry = Pick<GoldenPrompt, 'prompt' | 'files' | 'previousPrompt'>;

/** What the chat sends for an entry: a follow-up's previous turn is routed first, as in bench/routing. */
function requestOf(entry: Entry): { prompt: string; files: readonly string[]; previous?: NonNullable<RouteRequest['previous']> } {
  if (entry.previousPrompt === undefined) return { prompt: entry.prompt, files: entry.files };
  const before = route({ surface: 'chat', prompt: entry.previousPrompt, canAutomate: true }, DEFAULT_POLICY);
  return { prompt: entry.prompt, files: entry.files, previous: previousTurnOf(before) };
}

/** The features of an entry with its previous turn as recorded: the same for any model. */
const featuresFor = (model: RouterModel, entry: Pick<GoldenPrompt, 'prompt' | 'files' | 'previous'>): Features =>
  featuresOf({ prompt: entry.prompt, files: entry.files, ...(entry.previous ? { previous: entry.previous } : {}) }, model.meta.bits);

function routed(entry: Entry): RouteDecision {
  const { prompt, files, previous } = requestOf(entry);
  return route({ surface: 'chat', prompt, signals: { files }, canAutomate: true, ...(previous ? { previous } : {}) }, DEFAULT_POLICY);
}

/** The network as written down once, loop by loop: the definition the fast path must equal. */
function plainScores(model: RouterModel, features: Features): Float64Array {
  const { outputs, weights, meta } = model;
  const sums = new Float64Array(outputs);
  const hidden = meta.hidden;
  if (hidden === undefined) {
    for (let i = 0; i < features.indices.length; i++) {
      for (let k = 0; k < outputs; k++) sums[k] += weights[features.indices[i] * outputs + k] * features.values[i];
    }
    for (let k = 0; k < outputs; k++) sums[k] = sums[k] * meta.scales[k] + meta.biases[k];
    return sums;
  }
  // The bag: for each distinct feature weight, in the order it first appears, the integer sum of
  // its features' rows, unit by unit, times that weight.
  const units = new Float64Array(hidden.size);
  const distinct = [...new Set(features.values)];
  for (const value of distinct) {
    const total = new Array<number>(hidden.size).fill(0);
    for (let i = 0; i < features.indices.length; i++) {
      if (features.values[i] !== value) continue;
      for (let j = 0; j < hidden.size; j++) total[j] += weights[features.indices[i] * hidden.size + j];
    }
    for (let j = 0; j < hidden.size; j++) units[j] += total[j] * value;
  }
  for (let k = 0; k < outputs; k++) sums[k] = meta.biases[k];
  for (let j = 0; j < hidden.size; j++) {
    const h = Math.tanh(units[j] * hidden.scales[j] + hidden.biases[j]);
    for (let k = 0; k < outputs; k++) sums[k] += hidden.out[j * outputs + k] * h;
  }
  return sums;
}

function record(model: RouterModel): Golden {
  const groups = new Map<string, GoldenPrompt[]>();
  const corpus = [...loadCorpus(join(REPO_ROOT, 'corpus', 'routing'))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const example of corpus) {
    const key = `${example.lang}/${example.shape}`;
    const group = groups.get(key) ?? [];
    if (group.length >= PER_GROUP) continue;
    const asked = { id: example.id, prompt: example.prompt, files: example.files ?? [], ...(example.previous !== undefined ? { previousPrompt: example.previous } : {}) };
    const { previous } = requestOf(asked);
    const entry = { ...asked, ...(previous ? { previous } : {}) };
    group.push({ ...entry, features: featureDigest(featuresFor(model, entry)), decision: summary(routed(entry)) });
    groups.set(key, group);
  }
  return { featureVersion: FEATURE_VERSION, model: sha256(readFileSync(routerModelPath(REPO_ROOT))), prompts: [...groups.values()].flat() };
}

describe('routing is unchanged by its faster code: recorded corpus prompts', () => {
  withLearnedRouter();

  let golden: Golden;
  before(function () {
    if (process.env.UPDATE_ROUTING_GOLDEN === '1' || !existsSync(GOLDEN)) {
      const model = routerModel();
      if (model === undefined) throw new Error('No router model in media/');
      mkdirSync(dirname(GOLDEN), { recursive: true });
      const { prompts, ...header } = record(model);
      // One prompt a line: a re-recorded golden's diff shows which prompts changed.
      writeFileSync(GOLDEN, `${JSON.stringify(header).slice(0, -1)},"prompts":[\n${prompts.map((entry) => JSON.stringify(entry)).join(',\n')}\n]}\n`);
    }
    golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  });

  it('covers every language and prompt shape, follow-ups and attached files', () => {
    assert.ok(golden.prompts.length >= 250, `only ${golden.prompts.length} prompts`);
    assert.ok(golden.prompts.some((entry) => entry.previousPrompt !== undefined), 'no follow-up');
    assert.ok(golden.prompts.some((entry) => entry.files.length > 0), 'no attached files');
    assert.ok(new Set(golden.prompts.map((entry) => entry.id.slice(0, 2))).size >= 8, 'not every language');
  });

  it('the hashed features are the recorded ones, bit for bit (the model was trained on them)', () => {
    const model = routerModel()!;
    assert.equal(FEATURE_VERSION, golden.featureVersion, `features are v${FEATURE_VERSION}, the golden v${golden.featureVersion}: re-record it (see the top of this file)`);
    const changed = golden.prompts.filter((entry) => featureDigest(featuresFor(model, entry)) !== entry.features).map((entry) => entry.id);
    assert.deepEqual(changed, [], `features changed for ${changed.length} prompts without a FEATURE_VERSION bump`);
  });

  it('the model scores equal the plain definition of the network, bit for bit', () => {
    const model = routerModel()!;
    for (const entry of golden.prompts) {
      const features = featuresFor(model, entry);
      assert.deepEqual([...modelScores(model, features)], [...plainScores(model, features)], entry.id);
    }
  });

  it('the scores equal the plain definition on every path: nibble words, int32 words and bytes, aligned or not, any hidden size', () => {
    const model = routerModel()!;
    // Seeded random models: 4-bit of 24 and 16 units (words of eight nibbles), 8-bit of 24 units
    // (int32 words when the weights are 4-byte aligned, bytes when not) and of 13 (eight units at a
    // time and a remainder of five), 4-bit of 12 (not whole words of eight: read as bytes).
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const randomModel = (size: number, aligned: boolean, bits: 4 | 8): RouterModel => {
      const weights = new Int8Array((1 << model.meta.bits) * size + 1).subarray(aligned ? 0 : 1, aligned ? -1 : undefined);
      for (let i = 0; i < weights.length; i++) weights[i] = Math.round(random() * (bits === 4 ? 7 : 127));
      const hidden = { size, scales: Array.from({ length: size }, () => random() / 50), biases: Array.from({ length: size }, random), out: Array.from({ length: size * model.outputs }, random) };
      return { ...model, weights, rowWidth: size, meta: { ...model.meta, hidden, weightBits: bits } };
    };
    const variants = [model, randomModel(24, true, 4), randomModel(16, true, 4), randomModel(24, true, 8), randomModel(24, false, 8), randomModel(13, true, 8), randomModel(12, true, 4)];
    // 10,000 features of one weight, more than the nibble path's 16-bit lanes hold (4,352): they must be emptied in time.
    const some = featuresFor(model, golden.prompts[0]);
    const many = { ...some, indices: Int32Array.from({ length: 10_000 }, (_, i) => (i * 7919) % (1 << model.meta.bits)), values: new Float64Array(10_000).fill(0.01) };
    for (const variant of variants) {
      for (const [id, features] of [...golden.prompts.map((entry) => [entry.id, featuresFor(model, entry)] as const), ['10,000 features of one weight', many] as const]) {
        const plain = [...plainScores(variant, features)];
        const what = `${variant.rowWidth} units, ${variant.meta.weightBits ?? 8}-bit, ${variant.weights.byteOffset % 4 === 0 ? 'aligned' : 'unaligned'}: ${id}`;
        assert.deepEqual([...modelScores(variant, features)], plain, what);
      }
    }
  });

  it('the decisions are the recorded ones: tier, kind, rule, reasons, floor, confidence', function () {
    const model = sha256(readFileSync(routerModelPath(REPO_ROOT)));
    if (model !== golden.model) {
      console.log(`    (the golden's decisions were recorded with another model, ${golden.model.slice(0, 12)}; re-record them: see the top of this file)`);
      this.skip();
    }
    for (const entry of golden.prompts) assert.deepEqual(summary(routed(entry)), entry.decision, `${entry.id}: ${entry.prompt.slice(0, 80)}`);
  });
});
