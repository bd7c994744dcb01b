/**
 * The weekly review (src/core/learning/weeklyReview.ts) as the spend report's page receives it:
 * only the fields it renders, the evidence without its micro-dollars.
 */
import { applyRefusal } from '../core/learning/applySuggestion';
import type { SignalRow } from '../core/learning/weeklyNumbers';
import type { WeeklyReview } from '../core/learning/weeklyReview';
import type { ReviewMessageData } from './reportProtocol';

/** The review as the page shows it; `canApplyToTeam` offers Apply to the team file. */
export function reviewMessage(review: WeeklyReview, canApplyToTeam: boolean): ReviewMessageData {
  const row = (r: SignalRow) => ({ key: r.key, label: r.label, tasks: r.tasks, tooCheap: r.tooCheap, tooExpensive: r.tooExpensive, right: r.right });
  return {
    weeks: review.weeks.map((w) => ({
      week: w.week,
      start: w.start,
      requests: w.requests,
      spend: w.spend,
      unpricedRequests: w.unpricedRequests,
      sessions: w.sessions,
      costPerSession: w.costPerSession,
      tasks: w.tasks,
      efficientTasks: w.efficientTasks,
      hindsightEfficientTasks: w.hindsightEfficientTasks,
      efficiencyRatio: w.efficiencyRatio,
      tooCheap: w.tooCheap,
      tooExpensive: w.tooExpensive,
      right: w.right,
    })),
    byKind: review.byKind.map(row),
    byFolder: review.byFolder.map(row),
    suggestions: review.suggestions.map((s) => ({
      id: s.id,
      text: s.text,
      from: s.from,
      to: s.to,
      direction: s.direction,
      ...(applyRefusal(s, 'team') !== undefined ? { userOnly: true } : {}),
      evidence: s.evidence.map((e) => ({ id: e.id, time: e.time, tier: e.tier, model: e.model, signal: e.signal })),
    })),
    canApplyToTeam,
  };
}
