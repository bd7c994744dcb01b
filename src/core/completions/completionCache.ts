/**
 * An LRU cache of finished completions keyed on the hole (prefix and suffix as sent). A lookup
 * also finds an answer the user is typing through: asked at "const x = |" with the answer
 * "items.length;", the hole "const x = ite|" gets "ms.length;" with no new request. Empty
 * answers are cached too, so a spot where the model had nothing to offer is not asked again.
 */
import type { Hole } from './hole';
import { holeKey, typedSince } from './hole';

/** A finished completion: its text for the hole it was asked for, and the request that made it. */
export interface CachedCompletion {
  readonly hole: Hole;
  readonly text: string;
  /** The ledger id of the request, which outcomes (shown, accepted) refer to. */
  readonly recordId: string;
}

/** What a lookup found: the text still to insert at the asked hole. */
export interface CacheHit {
  readonly text: string;
  readonly recordId: string;
  /** What the user typed through since the cached hole; empty for an exact hit. */
  readonly typed: string;
}

export const DEFAULT_CACHE_SIZE = 200;

export class CompletionCache {
  private readonly entries = new Map<string, CachedCompletion>();

  constructor(private readonly capacity = DEFAULT_CACHE_SIZE) {}

  get size(): number {
    return this.entries.size;
  }

  set(entry: CachedCompletion): void {
    const key = holeKey(entry.hole);
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /**
   * The completion for `hole`: an exact hit, or the rest of an answer the user has typed part of
   * on the same line. Typing all of it leaves nothing to suggest, which is a miss.
   */
  get(hole: Hole): CacheHit | undefined {
    const key = holeKey(hole);
    const exact = this.entries.get(key);
    if (exact !== undefined) {
      this.touch(key, exact);
      return { text: exact.text, recordId: exact.recordId, typed: '' };
    }
    let best: { key: string; entry: CachedCompletion; typed: string } | undefined;
    for (const [candidateKey, entry] of this.entries) {
      if (entry.text === '' || entry.hole.suffix !== hole.suffix) continue;
      const typed = typedSince(entry.hole, hole);
      if (typed === undefined || typed.length === 0 || typed.length >= entry.text.length || !entry.text.startsWith(typed)) continue;
      // Among several that fit, the one asked closest to the cursor knows the most.
      if (best === undefined || typed.length <= best.typed.length) best = { key: candidateKey, entry, typed };
    }
    if (best === undefined) return undefined;
    this.touch(best.key, best.entry);
    return { text: best.entry.text.slice(best.typed.length), recordId: best.entry.recordId, typed: best.typed };
  }

  clear(): void {
    this.entries.clear();
  }

  private touch(key: string, entry: CachedCompletion): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }
}
