// The weekly routing-efficiency review (src/core/learning/): signals from the ledger, ISO weeks in
// local time, the three weekly numbers over a fixture ledger of three weeks, and where the signals
// say routing was off. Times are built in local time, so the weeks are the same in every zone.
import assert from 'node:assert/strict';
import { folderOf } from '../../src/core/learning/folder';
import { tasksOf } from '../../src/core/learning/signals';
import { buildWeeklyReview, recentEntries } from '../../src/core/learning/weeklyReview';
import { weekOf } from '../../src/core/learning/weeks';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { at, note } from './learningFixtures';

const day = (month: number, date: number, hour = 10) => new Date(2026, month - 1, date, hour);
const micros = (usd: number) => Math.round(usd * 1_000_000);

/** Three weeks (2026-W45 … W47) with feedback, retries, a redo, overrides, an escalation and a completion. */
function fixture(): LedgerEntry[] {
  return [
    // Long before the weeks shown: never counted.
    at('r0', day(8, 1), 'old', { costMicros: micros(1) }),
    // W45, one session.
    at('r1', day(11, 2), 'A', { taskKind: 'explain', costMicros: micros(0.01) }),
    note('r1', day(11, 2, 11), { feedback: 'cheaper' }),
    at('r2', day(11, 3), 'A', { taskKind: 'tests', costMicros: micros(0.02) }),
    at('r3', day(11, 4), 'A', { taskKind: 'review', costMicros: micros(0.03) }),
    at('r4', day(11, 4, 11), 'A', { taskKind: 'review', tier: 'frontier', costMicros: micros(0.05), override: { tier: 'frontier', scope: 'next' }, routedTier: 'balanced', rule: 'override:next', retryOf: { id: 'r3', action: 'retryUp' } }),
    // W46, two sessions: an override that moved a bug fix up, an escalated docs answer, an accepted completion, a cancelled request.
    at('r5', day(11, 9), 'B', { taskKind: 'bugfix', tier: 'frontier', costMicros: micros(0.06), override: { tier: 'frontier', scope: 'next' }, routedTier: 'balanced', rule: 'override:next' }),
    at('r6', day(11, 10), 'C', { taskKind: 'docs', tier: 'fast', costMicros: micros(0.001), outcome: 'escalated' }),
    at('r7', day(11, 10, 11), 'C', { taskKind: 'docs', tier: 'balanced', costMicros: micros(0.004), rule: 'escalation' }),
    at('r8', day(11, 11), 'C', { taskKind: 'completion', surface: 'completion', tier: 'fast', costMicros: 200 }),
    note('r8', day(11, 11, 11), { outcome: 'shown' }),
    note('r8', day(11, 11, 12), { outcome: 'accepted' }),
    at('r9', day(11, 12), 'B', { taskKind: 'explain', costMicros: micros(0.002), outcome: 'cancelled' }),
    // W47 (this week), one session: a refactor in src/billing redone one tier up; an explanation flagged
    // needed-stronger and then retried down (the flag wins); a session override (not a verdict).
    at('r10', day(11, 16), 'D', { taskKind: 'refactor', costMicros: micros(0.03), folder: 'src/billing', languageId: 'typescript' }),
    at('r11', day(11, 16, 11), 'D', { taskKind: 'refactor', tier: 'frontier', costMicros: micros(0.07), folder: 'src/billing', retryOf: { id: 'r10', action: 'redoUp' }, override: { tier: 'frontier', scope: 'next' }, routedTier: 'balanced', rule: 'override:next' }),
    at('r12', day(11, 17), 'D', { taskKind: 'explain', costMicros: micros(0.01) }),
    note('r12', day(11, 17, 11), { feedback: 'stronger' }),
    at('r13', day(11, 17, 12), 'D', { taskKind: 'explain', tier: 'fast', costMicros: micros(0.001), retryOf: { id: 'r12', action: 'retryDown' }, override: { tier: 'fast', scope: 'next' }, routedTier: 'balanced', rule: 'override:next' }),
    at('r14', day(11, 18), 'D', { taskKind: 'tests', tier: 'fast', costMicros: micros(0.002), override: { tier: 'fast', scope: 'session' }, routedTier: 'balanced', rule: 'override:session' }),
  ];
}

const NOW = day(11, 18, 15);

describe('learning: ISO weeks in local time', () => {
  it('files a day by the Monday-start week its Thursday decides', () => {
    assert.deepEqual(weekOf(new Date(2026, 10, 16, 0, 5)), { key: '2026-W47', start: '2026-11-16', startMs: new Date(2026, 10, 16).getTime() }, 'Monday 16 November 2026 starts W47');
    assert.equal(weekOf(new Date(2026, 10, 22, 23, 59)).key, '2026-W47', 'Sunday still belongs to the week that began on Monday');
    assert.equal(weekOf(new Date(2026, 0, 1)).start, '2025-12-29', '1 January 2026 (a Thursday) is in the week starting Monday 29 December 2025');
    assert.equal(weekOf(new Date(2026, 0, 1)).key, '2026-W01');
    assert.equal(weekOf(new Date(2027, 0, 1)).key, '2026-W53', '2026 has 53 ISO weeks; Friday 1 January 2027 is in its last');
  });
});

describe('learning: folderOf keeps two levels and never a path', () => {
  it('names the folder the files share, or nothing', () => {
    assert.equal(folderOf(['src/billing/invoice.ts', 'src/billing/pdf/render.ts']), 'src/billing');
    assert.equal(folderOf(['src/billing/a.ts', 'src/auth/b.ts']), 'src', 'files in two subfolders share only src');
    assert.equal(folderOf(['src\\billing\\deep\\a.ts']), 'src/billing', 'Windows separators, cut to two levels');
    assert.equal(folderOf(['README.md']), undefined, 'a file at the root has no folder');
    assert.equal(folderOf(['/home/ana/work/src/a.ts']), undefined, 'an absolute path would say where the disk is');
    assert.equal(folderOf(['../other/a.ts']), undefined);
    assert.equal(folderOf([]), undefined);
  });
});

describe('learning: signals per request', () => {
  const tasks = new Map(tasksOf(fixture()).map((task) => [task.record.id, task]));

  it('counts only requests someone asked for and got an answer to', () => {
    assert.deepEqual([...tasks.keys()], ['r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r8', 'r10', 'r12', 'r14'], 'retries (r4, r11, r13), an escalation’s second attempt (r7) and a cancelled request (r9) are not tasks');
  });

  it('reads each signal against the request it judges', () => {
    assert.equal(tasks.get('r1')?.verdict, 'cheaper', 'the could-have-been-cheaper button');
    assert.equal(tasks.get('r1')?.hindsightTier, 'fast');
    assert.deepEqual(tasks.get('r3')?.signals.map((s) => [s.source, s.verdict, s.tier, s.by]), [['retry', 'stronger', 'frontier', 'r4']], 'Retry one tier up judges the answer it re-asks, not itself');
    assert.equal(tasks.get('r5')?.routedTier, 'balanced', 'an override task was routed to the tier the policy chose');
    assert.deepEqual(tasks.get('r5')?.signals.map((s) => [s.source, s.verdict]), [['override', 'stronger']], 'a Choose Tier override that moved it up');
    assert.deepEqual(tasks.get('r6')?.signals.map((s) => [s.source, s.verdict]), [['escalation', 'stronger']], 'a failed check');
    assert.equal(tasks.get('r6')?.hindsightTier, 'balanced');
    assert.deepEqual(tasks.get('r8')?.signals.map((s) => [s.source, s.verdict]), [['completion', 'right']], 'an accepted completion');
    assert.deepEqual(tasks.get('r10')?.signals.map((s) => [s.source, s.verdict]), [['redo', 'stronger']], 'Redo one tier up');
    assert.equal(tasks.get('r12')?.verdict, 'stronger', 'the user’s own flag wins over a later retry down');
    assert.equal(tasks.get('r14')?.verdict, undefined, 'a session override is about money or mood, not this task');
    assert.equal(tasks.get('r2')?.verdict, undefined);
  });
});

describe('learning: the weekly numbers over three weeks', () => {
  const review = buildWeeklyReview(fixture(), { now: NOW, policy: DEFAULT_POLICY, weeks: 3 });

  it('spend, cost per session and the routing-efficiency ratio for each week', () => {
    const pick = review.weeks.map((w) => ({ week: w.week, spend: w.spendMicros, sessions: w.sessions, perSession: w.costPerSessionMicros, tasks: w.tasks, efficient: w.efficientTasks, hindsight: w.hindsightEfficientTasks, ratio: w.efficiencyRatio, tooCheap: w.tooCheap, tooExpensive: w.tooExpensive, right: w.right }));
    assert.deepEqual(pick, [
      { week: '2026-W45', spend: 110_000, sessions: 1, perSession: 110_000, tasks: 3, efficient: 3, hindsight: 2, ratio: 1.5, tooCheap: 1, tooExpensive: 1, right: 0 },
      { week: '2026-W46', spend: 67_200, sessions: 2, perSession: 33_600, tasks: 3, efficient: 3, hindsight: 2, ratio: 1.5, tooCheap: 2, tooExpensive: 0, right: 1 },
      { week: '2026-W47', spend: 113_000, sessions: 1, perSession: 113_000, tasks: 3, efficient: 3, hindsight: 1, ratio: 3, tooCheap: 2, tooExpensive: 0, right: 0 },
    ]);
    assert.equal(review.weeks[1].spend, '$0.067', 'dollars as the rest of the report shows them');
    assert.equal(review.weeks[1].costPerSession, '$0.034');
  });

  it('shows every week of the window, empty ones included', () => {
    const eight = buildWeeklyReview(fixture(), { now: NOW, policy: DEFAULT_POLICY });
    assert.equal(eight.weeks.length, 8);
    assert.deepEqual(eight.weeks.slice(0, 5).map((w) => [w.requests, w.efficiencyRatio]), [[0, null], [0, null], [0, null], [0, null], [0, null]], 'weeks without requests read zero, ratio null; the August request is outside');
  });

  it('per task kind and per folder, where routing was too cheap or too expensive', () => {
    assert.deepEqual(review.byKind.map((r) => [r.key, r.tasks, r.tooCheap, r.tooExpensive]), [['explain', 2, 1, 1], ['bugfix', 1, 1, 0], ['docs', 1, 1, 0], ['refactor', 1, 1, 0], ['review', 1, 1, 0]]);
    assert.deepEqual(review.byFolder.map((r) => [r.label, r.tooCheap]), [['refactor in src/billing', 1]]);
  });

  it('reads the recent part of a store, streamed', async () => {
    const store = new MemoryLedgerStore([...fixture().map((entry) => JSON.stringify(entry)), '{ damaged']);
    const { entries, warnings } = await recentEntries(store, NOW, 3);
    assert.equal(entries.length, fixture().length - 1, 'everything but the August request');
    assert.equal(warnings.length, 1, 'the damaged line is a warning');
  });
});
