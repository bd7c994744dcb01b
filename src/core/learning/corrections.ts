/**
 * The user's corrections as training examples for the per-user adjustment of the classifier
 * (routing/userAdjustment.ts): among the tasks whose classified prompt this window remembers, those
 * whose deciding signal is the user's own word on the tier — a feedback flag, Retry one tier up or
 * down, Redo one tier up, a Choose Tier override that moved it — each with the tier that was right
 * in hindsight. A failed check's escalation is the editor's word, not the user's, and is left to the
 * weekly review's suggestions; "right tier" feedback is kept too, so later corrections are weighed
 * against confirmations.
 */
import type { TaskKind } from '../routing/taskKinds';
import type { Tier } from '../routing/tiers';
import type { PromptFeatures } from '../routing/userAdjustment';
import type { LedgerEntry } from '../spend/spendRecord';
import type { SignalSource } from './signals';
import { decidingSignal, tasksOf } from './signals';

/** A classified prompt the router saw: its kind, the tier routing reached, its features. */
export interface RememberedPrompt {
  readonly kind: TaskKind;
  readonly tier: Tier;
  readonly features: PromptFeatures;
}

/** One example to learn: the request's id, so it is learned once. */
export interface Correction {
  readonly id: string;
  readonly kind: TaskKind;
  readonly from: Tier;
  readonly tier: Tier;
  readonly features: PromptFeatures;
  readonly time: string;
}

const USERS_WORD: ReadonlySet<SignalSource> = new Set(['feedback', 'retry', 'redo', 'override']);

/** The corrections `entries` hold for the `remembered` requests. */
export function correctionsOf(entries: readonly LedgerEntry[], remembered: ReadonlyMap<string, RememberedPrompt>): Correction[] {
  if (remembered.size === 0) return [];
  // Only the remembered requests and what points at them: a year of ledger costs nothing here.
  const relevant = entries.filter((entry) => remembered.has(entry.id) || (entry.type === 'request' && entry.retryOf !== undefined && remembered.has(entry.retryOf.id)));
  const corrections: Correction[] = [];
  for (const task of tasksOf(relevant)) {
    const prompt = remembered.get(task.record.id);
    const signal = decidingSignal(task.signals);
    if (prompt === undefined || signal === undefined || !USERS_WORD.has(signal.source)) continue;
    corrections.push({ id: task.record.id, kind: prompt.kind, from: task.routedTier, tier: task.hindsightTier, features: prompt.features, time: signal.time });
  }
  return corrections;
}
