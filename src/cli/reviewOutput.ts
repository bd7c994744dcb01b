/**
 * `model-router report --review`: the spend report's week view in a terminal — the three weekly
 * numbers for the eight weeks ending now, where the signals said routing was too cheap or too
 * expensive, and the suggestions they support under a policy's thresholds (`--policy`). Plain text,
 * or JSON with `--json`.
 */
import type { WeeklyReview } from '../core/learning/weeklyReview';
import type { CliIo } from './io';

export function printReview(review: WeeklyReview, io: CliIo): void {
  const row = (cells: readonly string[]) => io.out(cells.map((cell, index) => (index === 0 ? cell.padEnd(12) : cell.padStart(index === 6 || index === 7 ? 18 : 12))).join(''));
  row(['week from', 'spend', 'sessions', 'per session', 'tasks', 'efficiency', 'needed stronger', 'could be cheaper']);
  for (const week of [...review.weeks].reverse()) {
    row([week.start, week.spend, String(week.sessions), week.costPerSession, String(week.tasks), week.efficiencyRatio === null ? '—' : week.efficiencyRatio.toFixed(2), String(week.tooCheap), String(week.tooExpensive)]);
  }
  io.out('efficiency: tasks sent below frontier against how many should have gone there in hindsight (1.00 matches; above 1, too much on cheap tiers; below 1, too much on frontier)');
  const rows = [...review.byKind, ...review.byFolder];
  if (rows.length > 0) {
    io.out('');
    io.out('where the signals disagreed with the routing:');
    for (const signal of rows) io.out(`  ${signal.label}: ${signal.tasks} tasks, ${signal.tooCheap} needed stronger, ${signal.tooExpensive} could have been cheaper, ${signal.right} right`);
  }
  io.out('');
  if (review.suggestions.length === 0) io.out('no suggestions: no task kind\'s signals point one way often enough (learning.minSignals, learning.share)');
  for (const suggestion of review.suggestions) io.out(`suggestion: ${suggestion.text} (apply it in the extension's spend report, or set taskKinds.${suggestion.taskKind}: "${suggestion.to}")`);
}

/** The review as `--json` prints it: the numbers without their formatted copies, the suggestions without evidence lines' models. */
export function reviewJson(review: WeeklyReview): Record<string, unknown> {
  return {
    weeks: review.weeks.map((week) => ({
      week: week.week,
      start: week.start,
      requests: week.requests,
      spendUsd: week.spendMicros / 1_000_000,
      unpricedRequests: week.unpricedRequests,
      sessions: week.sessions,
      costPerSessionUsd: week.costPerSessionMicros / 1_000_000,
      tasks: week.tasks,
      efficientTasks: week.efficientTasks,
      hindsightEfficientTasks: week.hindsightEfficientTasks,
      efficiencyRatio: week.efficiencyRatio,
      neededStronger: week.tooCheap,
      couldHaveBeenCheaper: week.tooExpensive,
      right: week.right,
    })),
    byKind: review.byKind,
    byFolder: review.byFolder,
    suggestions: review.suggestions.map((suggestion) => ({ id: suggestion.id, taskKind: suggestion.taskKind, from: suggestion.from, to: suggestion.to, count: suggestion.count, of: suggestion.of, text: suggestion.text, evidence: suggestion.evidence.map((item) => item.id) })),
  };
}
