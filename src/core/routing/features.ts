/**
 * Hashed features of a request for the learned router (fastText-style): words and word pairs of
 * the ask, character n-grams of 2–4 (which carry Chinese and Japanese, where words are not
 * separated, and typos and inflections everywhere else), coarse markers of what was pasted, the
 * words of the attached paths, sensitive stems, and for a follow-up the previous turn's kind and
 * whether it was sensitive. The trainer and the inference share this one function, so they cannot
 * drift apart.
 */
import { annotationsOf } from './annotations';
import { conceptsOf } from './concepts';
import type { SplitPrompt } from './pasted';
import { splitPrompt } from './pasted';
import type { SensitiveDomain } from './sensitiveStems';
import { sensitiveDomains } from './sensitiveStems';
import { CJK_SCRIPT, LETTER, NUMBER, PAIR, classAt, wordCharWidth } from './wordChars';

/** Bumped whenever featurization changes: an artifact trained on another version is refused. */
export const FEATURE_VERSION = 6;

export interface FeatureInput {
  readonly prompt: string;
  readonly files?: readonly string[];
  /**
   * The previous turn of the conversation, when this request is a follow-up: that it is one, the
   * previous turn's kind (as the router decided it; in training, its label) and whether it was
   * sensitive are features, so the model reads "same for the other two" after tests as tests work.
   * Whether the follow-up keeps that kind is still the router's decision (understanding.ts).
   * Measured on dev (four fits of 18, each with its own thresholds): objective 0.732 → 0.740,
   * kind accuracy 76.2% → 78.7%, must-frontier kept 96.4% → 97.0%.
   */
  readonly previous?: { readonly kind: string; readonly sensitive: boolean };
  /** `splitPrompt(prompt)`, when the caller has it already (the router does). */
  readonly split?: SplitPrompt;
}

export interface Features {
  /** Hash buckets, one per active feature (repeats summed), and their weights (L2-normalized). */
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly split: SplitPrompt;
  /** Sensitive domains found in the ask, the paths and the pasted material. */
  readonly domains: { readonly ask: readonly SensitiveDomain[]; readonly paths: readonly SensitiveDomain[]; readonly pasted: readonly SensitiveDomain[] };
  /** The lexicon's concepts found in the ask (concepts.ts). */
  readonly concepts: readonly string[];
}

/** Relative weights of the feature families, chosen on the dev split (media/routerModel.md). */
const NGRAM_WEIGHT = 0.3;
const CONCEPT_WEIGHT = 2;

/** The words `wordsIn` found last: where each starts and ends in the ask, and its n-grams' padding (0 for a CJK word, else 1). */
let wordStarts = new Int32Array(256);
let wordEnds = new Int32Array(256);
let wordPads = new Uint8Array(256);

/**
 * The words of a lower-cased ask, as `/[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu` finds them (a run of
 * letters and numbers, with an apostrophe and the letters after it: don't, l’api), found by one
 * walk over its characters into the arrays above (no match, array or string per word); returns
 * how many there are.
 */
function wordsIn(ask: string): number {
  const length = ask.length;
  let count = 0;
  let at = 0;
  while (at < length) {
    let char = classAt(ask, at);
    if ((char & (LETTER | NUMBER)) === 0) {
      at++;
      continue;
    }
    const start = at;
    let classes = 0;
    do {
      classes |= char;
      at += (char & PAIR) !== 0 ? 2 : 1;
    } while (at < length && ((char = classAt(ask, at)) & (LETTER | NUMBER)) !== 0);
    const quote = at + 1 < length ? ask.charCodeAt(at) : 0;
    if ((quote === 0x27 || quote === 0x2019) && ((char = classAt(ask, at + 1)) & LETTER) !== 0) {
      at++;
      do {
        classes |= char;
        at += (char & PAIR) !== 0 ? 2 : 1;
      } while (at < length && ((char = classAt(ask, at)) & LETTER) !== 0);
    }
    if (count === wordStarts.length) {
      const grown = { starts: new Int32Array(count * 2), ends: new Int32Array(count * 2), pads: new Uint8Array(count * 2) };
      grown.starts.set(wordStarts);
      grown.ends.set(wordEnds);
      grown.pads.set(wordPads);
      ({ starts: wordStarts, ends: wordEnds, pads: wordPads } = grown);
    }
    wordStarts[count] = start;
    wordEnds[count] = at;
    wordPads[count] = (classes & CJK_SCRIPT) !== 0 ? 0 : 1;
    count++;
  }
  return count;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function fnv(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a continued over `text` from `start` to `end` from `hash` (so "a b" hashes without building the string). */
function hashSpan(hash: number, text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** FNV-1a of "path:" from seed 5, as `fnv` begins every path word's feature. */
const PATH_HASH = hashSpan((FNV_OFFSET ^ 5) >>> 0, 'path:', 0, 5);

/**
 * Words past this many get no character n-grams: a long ask (a pasted document without fences)
 * costs time linear in its length, and its first few hundred words already say what it is.
 */
const MAX_NGRAM_WORDS = 200;

/**
 * The accumulator of one featurization, reused across calls: a small open-addressing table from
 * bucket to summed weight (a few hundred features fill a few KB, which stays in the CPU's cache,
 * where a dense array of every bucket would not) and the slots in first-touch order (the order a
 * Map would keep), so reading and clearing them needs no probing. Featurization is synchronous, so
 * one accumulator is never shared by two calls.
 */
let slots = 1 << 11;
let keys = new Int32Array(slots).fill(-1);
let sums = new Float64Array(slots);
let touched = new Int32Array(slots >> 1);
let touchedCount = 0;

function slotOf(bucket: number): number {
  let slot = Math.imul(bucket, 0x9e3779b1) >>> 0 & (slots - 1);
  while (keys[slot] !== -1 && keys[slot] !== bucket) slot = (slot + 1) & (slots - 1);
  return slot;
}

function addBucket(bucket: number, weight: number): void {
  let slot = slotOf(bucket);
  if (keys[slot] === -1) {
    if (touchedCount === touched.length) {
      grow();
      slot = slotOf(bucket);
    }
    keys[slot] = bucket;
    touched[touchedCount++] = slot;
  }
  sums[slot] += weight;
}

/** Doubles the table (kept at most half full) and re-inserts what it holds, in first-touch order. */
function grow(): void {
  const old = { keys, sums, touched };
  slots *= 2;
  keys = new Int32Array(slots).fill(-1);
  sums = new Float64Array(slots);
  touched = new Int32Array(slots >> 1);
  for (let i = 0; i < touchedCount; i++) {
    const bucket = old.keys[old.touched[i]];
    const slot = slotOf(bucket);
    keys[slot] = bucket;
    sums[slot] = old.sums[old.touched[i]];
    touched[i] = slot;
  }
}

/** Hashes features into `bits` buckets; the same input always gives the same features. */
export function featuresOf(input: FeatureInput, bits: number): Features {
  const mask = (1 << bits) - 1;
  touchedCount = 0;
  const add = (feature: string, seed: number, weight = 1): void => addBucket(fnv(feature, seed) & mask, weight);

  const split = input.split ?? splitPrompt(input.prompt);
  // NFKC leaves ASCII as it is, and is the costlier half of this line.
  const ask = (isAscii(split.ask) ? split.ask : split.ask.normalize('NFKC')).toLowerCase();
  const words = wordsIn(ask);
  for (let i = 0; i < words; i++) {
    const start = wordStarts[i];
    const end = wordEnds[i];
    addBucket((hashSpan((FNV_OFFSET ^ 1) >>> 0, ask, start, end) >>> 0) & mask, 1);
    if (i + 1 < words) addBucket((hashSpan(Math.imul(hashSpan((FNV_OFFSET ^ 2) >>> 0, ask, start, end) ^ 32, FNV_PRIME), ask, wordStarts[i + 1], wordEnds[i + 1]) >>> 0) & mask, 1);
    if (i >= MAX_NGRAM_WORDS) continue;
    // Character n-grams of the word padded with < and > (CJK words unpadded), hashed as they are
    // read: no substring and no padded copy per word, this is the hot loop.
    const pad = wordPads[i];
    const length = end - start + 2 * pad;
    const from = start - pad;
    for (let first = 0; first + 1 < length; first++) {
      let hash = (FNV_OFFSET ^ 3) >>> 0;
      for (let n = 1; n <= 4 && first + n <= length; n++) {
        const at = first + n - 1;
        const code = pad === 0 ? ask.charCodeAt(start + at) : at === 0 ? 60 : at === length - 1 ? 62 : ask.charCodeAt(from + at);
        hash = Math.imul(hash ^ code, FNV_PRIME);
        if (n >= 2) addBucket((hash >>> 0) & mask, NGRAM_WEIGHT);
      }
    }
  }
  const concepts = conceptsOf(ask);
  for (const concept of concepts) add(`concept:${concept}`, 9, CONCEPT_WEIGHT);
  add(`words:${Math.min(words, 12) >> 1}`, 4);
  if (/[?？]\s*$/.test(ask)) add('ends:?', 4);
  for (const sort of split.sorts) add(`pasted:${sort}`, 4, 2);
  if (split.sorts.size > 0 && words <= 4) add('pasted:shortAsk', 4);

  const annotations = annotationsOf(input.prompt);
  for (const [axis, value] of Object.entries(annotations)) add(`note:${axis}=${value}`, 4, 2);

  const files = input.files ?? [];
  add(`files:${files.length >= 5 ? 5 : files.length}`, 5);
  for (const file of files) {
    // The path's runs of letters and numbers longer than one code unit, hashed after "path:" in place.
    const lower = file.toLowerCase();
    for (let at = 0; at < lower.length; ) {
      const start = at;
      for (let width; at < lower.length && (width = wordCharWidth(lower, at)) > 0; ) at += width;
      if (at - start > 1) addBucket((hashSpan(PATH_HASH, lower, start, at) >>> 0) & mask, 1);
      if (at === start) at++;
    }
  }

  const domains = {
    ask: sensitiveDomains(split.ask),
    paths: files.flatMap((file) => sensitiveDomains(file)),
    pasted: sensitiveDomains(split.pasted),
  };
  for (const domain of domains.ask) add(`stem:${domain}`, 6, 2);
  for (const domain of new Set(domains.paths)) add(`pathStem:${domain}`, 6, 2);
  for (const domain of domains.pasted) add(`pastedStem:${domain}`, 6);
  if (domains.ask.length + domains.paths.length + domains.pasted.length > 0) add('stem:any', 6, 2);

  if (input.previous?.sensitive) add('prevSensitive', 7, 2);
  if (input.previous) {
    add('followUp', 7);
    add(`prev:${input.previous.kind}`, 7);
  }
  add('bias', 8);

  // One buffer holds both arrays: a typed array's backing store is the costly part of making one.
  const buffer = new ArrayBuffer(touchedCount * 12);
  const values = new Float64Array(buffer, 0, touchedCount);
  const indices = new Int32Array(buffer, touchedCount * 8, touchedCount);
  let norm = 0;
  for (let i = 0; i < touchedCount; i++) {
    const slot = touched[i];
    const sum = sums[slot];
    indices[i] = keys[slot];
    values[i] = sum;
    norm += sum * sum;
    keys[slot] = -1;
    sums[slot] = 0;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let j = 0; j < values.length; j++) values[j] *= scale;
  return { indices, values, split, domains, concepts };
}
