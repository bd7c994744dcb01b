/**
 * Hashed features of a request for the learned router (fastText-style): words and word pairs of
 * the ask, character n-grams of 2–4 (which carry Chinese and Japanese, where words are not
 * separated, and typos and inflections everywhere else), coarse markers of what was pasted, the
 * words of the attached paths, sensitive stems and the previous turn. The trainer and the
 * inference share this one function, so they cannot drift apart.
 */
import { annotationsOf } from './annotations';
import { conceptsOf } from './concepts';
import type { SplitPrompt } from './pasted';
import { splitPrompt } from './pasted';
import type { SensitiveDomain } from './sensitiveStems';
import { sensitiveDomains } from './sensitiveStems';

/** Bumped whenever featurization changes: an artifact trained on another version is refused. */
export const FEATURE_VERSION = 2;

export interface FeatureInput {
  readonly prompt: string;
  readonly files?: readonly string[];
  /** The previous turn of the conversation, when this request is a follow-up. */
  readonly previous?: { readonly kind: string; readonly sensitive: boolean };
}

export interface Features {
  /** Hash buckets, one per active feature (repeats summed), and their weights (L2-normalized). */
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly split: SplitPrompt;
  /** Sensitive domains found in the ask, the paths and the pasted material. */
  readonly domains: { readonly ask: readonly SensitiveDomain[]; readonly paths: readonly SensitiveDomain[]; readonly pasted: readonly SensitiveDomain[] };
}

/** Relative weights of the feature families, chosen on the dev split (media/routerModel.md). */
const NGRAM_WEIGHT = 0.3;
const CONCEPT_WEIGHT = 2;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function fnv(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Hashes features into `bits` buckets; the same input always gives the same features. */
export function featuresOf(input: FeatureInput, bits: number): Features {
  const mask = (1 << bits) - 1;
  const counts = new Map<number, number>();
  const addBucket = (bucket: number, weight: number): void => {
    counts.set(bucket, (counts.get(bucket) ?? 0) + weight);
  };
  const add = (feature: string, seed: number, weight = 1): void => addBucket(fnv(feature, seed) & mask, weight);

  const split = splitPrompt(input.prompt);
  const ask = split.ask.normalize('NFKC').toLowerCase();
  const words = ask.match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    add(word, 1);
    if (i + 1 < words.length) add(`${word} ${words[i + 1]}`, 2);
    // Character n-grams hashed as they are read (no substring per n-gram: this is the hot loop).
    const padded = CJK.test(word) ? word : `<${word}>`;
    for (let start = 0; start + 1 < padded.length; start++) {
      let hash = (0x811c9dc5 ^ 3) >>> 0;
      for (let n = 1; n <= 4 && start + n <= padded.length; n++) {
        hash = Math.imul(hash ^ padded.charCodeAt(start + n - 1), 0x01000193);
        if (n >= 2) addBucket((hash >>> 0) & mask, NGRAM_WEIGHT);
      }
    }
  }
  for (const concept of conceptsOf(ask)) add(`concept:${concept}`, 9, CONCEPT_WEIGHT);
  add(`words:${Math.min(words.length, 12) >> 1}`, 4);
  if (/[?？]\s*$/.test(ask)) add('ends:?', 4);
  for (const sort of split.sorts) add(`pasted:${sort}`, 4, 2);
  if (split.sorts.size > 0 && words.length <= 4) add('pasted:shortAsk', 4);

  const annotations = annotationsOf(input.prompt);
  for (const [axis, value] of Object.entries(annotations)) add(`note:${axis}=${value}`, 4, 2);

  const files = input.files ?? [];
  add(`files:${files.length >= 5 ? 5 : files.length}`, 5);
  for (const file of files) {
    for (const part of file.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (part.length > 1) add(`path:${part}`, 5);
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

  if (input.previous) {
    add(`prev:${input.previous.kind}`, 7, 2);
    add(`prevSensitive:${input.previous.sensitive}`, 7, 2);
  }
  add('bias', 8);

  const indices = new Int32Array(counts.size);
  const values = new Float64Array(counts.size);
  let norm = 0;
  let i = 0;
  for (const [bucket, value] of counts) {
    indices[i] = bucket;
    values[i] = value;
    norm += value * value;
    i++;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let j = 0; j < values.length; j++) values[j] *= scale;
  return { indices, values, split, domains };
}
