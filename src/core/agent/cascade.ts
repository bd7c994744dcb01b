/**
 * What a verified cascade ended with, in words: each climb the diagnostics gate caused, and when
 * the last tier's answer still fails the gate, the best answer (fewest new errors, the later on a
 * tie) for the user to review — nothing is applied without them.
 */
import type { RouteDecision } from '../routing/router';
import type { GateVerdict } from './diagnosticsGate';
import { climbNotice, gateFailure, needsReview } from './diagnosticsGate';

/** One answer the gate judged, in the order they were asked. */
export interface GatedAttempt {
  readonly decision: Pick<RouteDecision, 'model' | 'tier' | 'taskKind'>;
  readonly text: string;
  /** Undefined when the gate could not judge it (no code to place). */
  readonly verdict?: GateVerdict;
}

export interface CascadeSummary {
  /** "Sonnet 5.5's fix introduced 2 type errors in greet.ts → asked Opus 5.5", one per climb. */
  readonly climbs: readonly string[];
  /** Index in the attempts of the answer to offer. */
  readonly offer: number;
  /** Set when the offered answer still fails the gate: "needs your review — …". */
  readonly review?: string;
  /** Set when the gate could not judge the offered answer: why. */
  readonly unchecked?: string;
}

function failed(attempt: GatedAttempt): boolean {
  return (attempt.verdict?.newErrors.length ?? 0) > 0;
}

/** The climbs, and which answer to offer: the last one, unless it fails and an earlier one fails less. */
export function summarizeCascade(attempts: readonly GatedAttempt[]): CascadeSummary {
  const climbs: string[] = [];
  attempts.forEach((attempt, index) => {
    const next = attempts[index + 1];
    if (next === undefined || !failed(attempt) || attempt.verdict === undefined) return;
    climbs.push(climbNotice(gateFailure(attempt.decision, attempt.verdict), next.decision, next.decision.model === attempt.decision.model));
  });
  const last = attempts.length - 1;
  if (last < 0) return { climbs, offer: 0 };
  if (!failed(attempts[last])) {
    const unchecked = attempts[last].verdict?.unchecked;
    return { climbs, offer: last, ...(unchecked ? { unchecked } : {}) };
  }
  let offer = last;
  attempts.forEach((attempt, index) => {
    if ((attempt.verdict?.newErrors.length ?? Infinity) < (attempts[offer].verdict?.newErrors.length ?? Infinity)) offer = index;
  });
  const best = attempts[offer];
  return { climbs, offer, review: needsReview(best.decision, best.verdict!) };
}

/** What the preview's bar says: the climbs and any review note before who did it and what it cost. */
export function cascadeHeader(summary: CascadeSummary, header: string): string {
  const review = summary.review ? `⚠ ${summary.review} · ` : summary.unchecked ? `not checked: ${summary.unchecked} · ` : '';
  const climbs = summary.climbs.length > 0 ? `${summary.climbs.join(' · ')} · ` : '';
  return `${review}${climbs}${header}`;
}
