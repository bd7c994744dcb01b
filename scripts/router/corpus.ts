/**
 * The routing corpus (corpus/routing/*.jsonl, labeled by corpus/routing/LABELING.md) and its
 * train / dev / test split. The split is a seeded hash of each prompt's `id`, so a prompt keeps its
 * split as the corpus grows and nobody picks it by hand; the test split is never trained or tuned on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Tier } from '../../src/core/routing/tiers';
import { TIERS } from '../../src/core/routing/tiers';
import type { TaskKind } from '../../src/core/routing/taskKinds';
import { isTaskKind } from '../../src/core/routing/taskKinds';

export interface CorpusExample {
  readonly id: string;
  readonly lang: string;
  readonly prompt: string;
  readonly previous?: string;
  readonly previousKind?: TaskKind;
  readonly files?: readonly string[];
  readonly kind: TaskKind;
  readonly accept: readonly Tier[];
  readonly sensitive: boolean;
  readonly shape: string;
}

export type Split = 'train' | 'dev' | 'test';

/** The seed of the split; changing it reshuffles every prompt, so it never changes. */
export const SPLIT_SEED = 20_261_122;
export const SPLIT_SHARES = { train: 0.7, dev: 0.15 } as const;

/** FNV-1a of the seed and the id, mapped to [0, 1). */
function unitHash(id: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return (hash >>> 0) / 2 ** 32;
}

/** The split a prompt belongs to: 70% train, 15% dev, 15% test. */
export function splitOf(id: string, seed = SPLIT_SEED): Split {
  const u = unitHash(id, seed);
  return u < SPLIT_SHARES.train ? 'train' : u < SPLIT_SHARES.train + SPLIT_SHARES.dev ? 'dev' : 'test';
}

function parseLine(line: string): CorpusExample | undefined {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return undefined; // a line still being written
  }
  if (typeof row !== 'object' || row === null) return undefined;
  const r = row as Record<string, unknown>;
  const accept = Array.isArray(r.accept) ? r.accept.filter((t): t is Tier => (TIERS as readonly unknown[]).includes(t)) : [];
  if (typeof r.id !== 'string' || typeof r.prompt !== 'string' || typeof r.kind !== 'string' || !isTaskKind(r.kind) || accept.length === 0) return undefined;
  const previousKind = typeof r.previousKind === 'string' && isTaskKind(r.previousKind) ? r.previousKind : undefined;
  return {
    id: r.id,
    lang: typeof r.lang === 'string' ? r.lang : r.id.slice(0, 2),
    prompt: r.prompt,
    ...(typeof r.previous === 'string' && previousKind ? { previous: r.previous, previousKind } : {}),
    ...(Array.isArray(r.files) ? { files: r.files.filter((f): f is string => typeof f === 'string') } : {}),
    kind: r.kind,
    accept,
    sensitive: r.sensitive === true,
    shape: typeof r.shape === 'string' ? r.shape : 'sentence',
  };
}

/** Every well-formed example of the corpus, in file then line order; a repeated id keeps its first line. */
export function loadCorpus(dir: string): CorpusExample[] {
  const seen = new Set<string>();
  const examples: CorpusExample[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const example = parseLine(line);
      if (example === undefined || seen.has(example.id)) continue;
      seen.add(example.id);
      examples.push(example);
    }
  }
  return examples;
}

/** The examples of one split. */
export function splitExamples(examples: readonly CorpusExample[], split: Split): CorpusExample[] {
  return examples.filter((example) => splitOf(example.id) === split);
}
