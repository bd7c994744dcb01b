/**
 * The learned router's weights: a compact binary artifact (int8 weights with one scale per output,
 * only the hash buckets that carry weight) and the port that reads it. The bytes are read on the
 * first classification, not at activation: core never touches the file system, so each host (the
 * extension, the CLI, tests) says once where the bytes come from with `useRouterModel`.
 *
 * Layout: "MRW2", a uint32 (LE) length, that many bytes of JSON (`ModelMeta` without the hidden
 * layer's `out`), the hidden layer's `out` as float32 (LE, `size` × outputs, absent for a linear
 * model), a bitmap of the buckets present (1 bit per bucket), then for each present bucket one int8
 * per output (a linear model) or per hidden unit (`ModelMeta.hidden`). The output layer in binary
 * takes 12 KB where its decimal text took 30 KB; float32 is the precision it is trained to keep.
 * With `weightBits: 4` each weight is a signed nibble (-7…7), two per byte, the first in the low
 * half, a row padded to whole bytes; decoded, they are int8 again, so inference does not change.
 */
import type { TaskKind } from './taskKinds';
import { isTaskKind } from './taskKinds';
import { FEATURE_VERSION } from './features';

export interface ModelMeta {
  readonly featureVersion: number;
  readonly bits: number;
  /** The kind head's outputs, in order; then the tier head's four (when `tierHead`), then the sensitive head. */
  readonly kinds: readonly string[];
  /**
   * A tier head: a softmax over automated, fast, balanced, frontier trained on each prompt's
   * cheapest acceptable tier, blended with the kinds' tier mass by `tierBlend` (its share).
   */
  readonly tierHead?: boolean;
  readonly tierBlend?: number;
  /**
   * A hidden layer (fastText's embedding bag with a nonlinearity on top): the buckets hold
   * `size` int8 embedding weights each (`scales`: one step per unit), summed over the features
   * with `biases`, through tanh, then `out` (`size` rows of one weight per output) and the
   * model's `biases`. Absent: the buckets hold the outputs' weights directly (a linear model).
   */
  readonly hidden?: { readonly size: number; readonly scales: readonly number[]; readonly biases: readonly number[]; readonly out: readonly number[] };
  /** Bits per stored weight: 8 (absent) or 4 (signed nibbles, half the bytes; the scales are per step either way). */
  readonly weightBits?: 4 | 8;
  /** Per output: the weight of one int8 step (linear models only), and the bias. */
  readonly scales: readonly number[];
  readonly biases: readonly number[];
  /** Softmax temperature fitted on the dev split (calibration). */
  readonly temperature: number;
  /** Below this calibrated confidence the request goes one tier up (when `tierAt` is absent). */
  readonly unsureBelow: number;
  /**
   * Route up by the mass of the tiers: the tier is the highest one whose kinds, with every tier
   * above it, hold at least this much probability (never below the likeliest kind's tier).
   */
  readonly routeUpMass?: number;
  /**
   * The tier decided over the tiers' probability rather than the top kind's: frontier when the
   * frontier kinds hold at least `frontier`; else balanced when balanced and frontier together hold
   * at least `balanced`; else fast when everything but automated holds at least `fast`; else
   * automated. A low bar for the upper tiers is the must-frontier asymmetry: missing hard work
   * costs more than over-serving easy work. Replaces `unsureBelow` and `routeUpMass` when set.
   */
  readonly tierAt?: { readonly frontier: number; readonly balanced: number; readonly fast: number };
  /** A follow-up keeps its previous turn's kind unless its own words name another kind with at least this confidence. */
  readonly followUpClearAt?: number;
  /**
   * The sensitive head: at or above `floorAt` it floors alone; a stem hit floors unless below
   * `vetoBelow`, or below `mechanicalVetoBelow` (which is then also the bar to floor alone) when the work is mechanical or read-only (a fast or
   * automated kind, an explanation or a question: a typo, a docstring, a rename in a sensitive file, how the login middleware works is not sensitive work).
   */
  readonly sensitive: { readonly floorAt: number; readonly vetoBelow: number; readonly mechanicalVetoBelow?: number };
  /** What it was trained on and how it measured; for people, never read by the router. */
  readonly notes?: Record<string, unknown>;
}

export interface RouterModel {
  readonly meta: ModelMeta;
  readonly kinds: readonly TaskKind[];
  /** Dense int8 weights, `rowWidth` per bucket: small enough (a few MB at most) to keep decoded. */
  readonly weights: Int8Array;
  readonly outputs: number;
  /** Int8 weights per bucket: the hidden layer's size, or `outputs` for a linear model. */
  readonly rowWidth: number;
}

const MAGIC = 'MRW2';

/** Outputs per hash bucket: the kinds, the tier head's four when present, the sensitive head. */
export function outputsOf(meta: Pick<ModelMeta, 'kinds' | 'tierHead'>): number {
  return meta.kinds.length + (meta.tierHead ? 4 : 0) + 1;
}

/** Int8 weights per hash bucket. */
export function rowWidthOf(meta: Pick<ModelMeta, 'kinds' | 'tierHead' | 'hidden'>): number {
  return meta.hidden?.size ?? outputsOf(meta);
}

/** Encodes a model; buckets whose weights are all zero are left out. */
export function encodeRouterModel(meta: ModelMeta, weights: Int8Array): Uint8Array {
  const outputs = rowWidthOf(meta);
  const buckets = 1 << meta.bits;
  const bitmap = new Uint8Array(Math.ceil(buckets / 8));
  const rows: number[] = [];
  for (let bucket = 0; bucket < buckets; bucket++) {
    let any = false;
    for (let k = 0; k < outputs && !any; k++) any = weights[bucket * outputs + k] !== 0;
    if (!any) continue;
    bitmap[bucket >> 3] |= 1 << (bucket & 7);
    rows.push(bucket);
  }
  const nibbles = meta.weightBits === 4;
  const rowBytes = nibbles ? Math.ceil(outputs / 2) : outputs;
  const out = meta.hidden?.out ?? [];
  const json = new TextEncoder().encode(JSON.stringify(meta.hidden === undefined ? meta : { ...meta, hidden: { ...meta.hidden, out: undefined } }));
  const outAt = 8 + json.length;
  const bytes = new Uint8Array(outAt + out.length * 4 + bitmap.length + rows.length * rowBytes);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, json.length, true);
  bytes.set(json, 8);
  out.forEach((weight, i) => view.setFloat32(outAt + i * 4, weight, true));
  bytes.set(bitmap, outAt + out.length * 4);
  let offset = outAt + out.length * 4 + bitmap.length;
  for (const bucket of rows) {
    if (nibbles) {
      for (let k = 0; k < outputs; k++) {
        const value = weights[bucket * outputs + k];
        if (value < -7 || value > 7) throw new Error(`A 4-bit router model holds weights from -7 to 7, not ${value}.`);
        bytes[offset + (k >> 1)] |= (value & 0x0f) << ((k & 1) * 4);
      }
    } else {
      bytes.set(new Uint8Array(weights.buffer, weights.byteOffset + bucket * outputs, outputs), offset);
    }
    offset += rowBytes;
  }
  return bytes;
}

/** Decodes an artifact; throws an error that says what is wrong and how to rebuild it. */
export function decodeRouterModel(bytes: Uint8Array): RouterModel {
  const fail = (what: string): never => {
    throw new Error(`The router model is unusable (${what}); rebuild it with npm run train-router.`);
  };
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) fail('not a router model file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true);
  if (8 + length > bytes.length) fail('truncated');
  const stored = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as ModelMeta;
  if (stored.featureVersion !== FEATURE_VERSION) fail(`features v${stored.featureVersion}, this build reads v${FEATURE_VERSION}`);
  const kinds = stored.kinds.filter(isTaskKind);
  if (kinds.length !== stored.kinds.length) fail(`unknown task kinds ${stored.kinds.filter((kind) => !isTaskKind(kind)).join(', ')}`);
  const outAt = 8 + length;
  const outCount = stored.hidden === undefined ? 0 : stored.hidden.size * outputsOf(stored);
  if (outAt + outCount * 4 > bytes.length) fail('truncated');
  const meta: ModelMeta =
    stored.hidden === undefined ? stored : { ...stored, hidden: { ...stored.hidden, out: Array.from({ length: outCount }, (_, i) => view.getFloat32(outAt + i * 4, true)) } };
  const outputs = rowWidthOf(meta);
  const buckets = 1 << meta.bits;
  const bitmapAt = outAt + outCount * 4;
  const bitmap = bytes.subarray(bitmapAt, bitmapAt + Math.ceil(buckets / 8));
  if (meta.weightBits !== undefined && meta.weightBits !== 4 && meta.weightBits !== 8) fail(`${String(meta.weightBits)}-bit weights`);
  const nibbles = meta.weightBits === 4;
  const rowBytes = nibbles ? Math.ceil(outputs / 2) : outputs;
  const weights = new Int8Array(buckets * outputs);
  let offset = bitmapAt + bitmap.length;
  for (let bucket = 0; bucket < buckets; bucket++) {
    if ((bitmap[bucket >> 3] & (1 << (bucket & 7))) === 0) continue;
    if (offset + rowBytes > bytes.length) fail('truncated');
    if (nibbles) {
      const row = bucket * outputs;
      for (let k = 0; k < outputs; k++) {
        const nibble = (bytes[offset + (k >> 1)] >> ((k & 1) * 4)) & 0x0f;
        weights[row + k] = nibble >= 8 ? nibble - 16 : nibble;
      }
    } else {
      weights.set(new Int8Array(bytes.buffer, bytes.byteOffset + offset, outputs), bucket * outputs);
    }
    offset += rowBytes;
  }
  return { meta, kinds, weights, outputs: outputsOf(meta), rowWidth: outputs };
}

/** Where the artifact's bytes come from: the host reads them when the router first needs them. */
export type RouterModelSource = () => Uint8Array;

let source: RouterModelSource | undefined;
let cached: RouterModel | undefined;
let failure: string | undefined;

/** Tells core where to read the model from; nothing is read until the first classification. */
export function useRouterModel(next: RouterModelSource | undefined): void {
  source = next;
  cached = undefined;
  failure = undefined;
}

/** The model, read and decoded on first use; `undefined` when no source is set or it failed (see `routerModelFailure`). */
export function routerModel(): RouterModel | undefined {
  if (cached !== undefined || source === undefined || failure !== undefined) return cached;
  try {
    cached = decodeRouterModel(source());
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  return cached;
}

/** Whether the artifact has been read yet (it must not be at activation). */
export function routerModelLoaded(): boolean {
  return cached !== undefined;
}

/** Why the model could not be read, if it could not. */
export function routerModelFailure(): string | undefined {
  return failure;
}
