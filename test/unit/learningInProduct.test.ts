// The weekly review as the editor uses it: ReviewFeed follows the ledger store (one pass over the
// months the review can show, then only what was appended; a replaced store read again), Not now and Never on a suggestion, the
// message the spend report's page receives (validated by its own schema), and the status bar's
// entry for a pending suggestion.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dismiss, dismissedAt, NO_DISMISSALS, parseDismissals } from '../../src/core/learning/dismissals';
import { ReviewFeed } from '../../src/core/learning/reviewFeed';
import { buildWeeklyReview } from '../../src/core/learning/weeklyReview';
import { evaluateBudget } from '../../src/core/routing/budget';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { describeSpend } from '../../src/core/spend/statusBarText';
import { endsBefore, MonthlyLedgerStore } from '../../src/node/monthlyLedgerStore';
import { toReportSchema } from '../../src/shared/reportProtocol';
import { reviewMessage } from '../../src/shared/reviewMessage';
import { at, note } from './learningFixtures';
import { request } from './spendFixtures';

const NOW = new Date(2026, 10, 20, 15);
const explanation = (n: number, feedback: string): LedgerEntry[] => {
  const time = new Date(2026, 10, 16 + (n % 4), 9 + n);
  return [at(`e${n}`, time, `S${n % 2}`, { taskKind: 'explain', costMicros: 10_000 }), note(`e${n}`, new Date(time.getTime() + 60_000), { feedback })];
};

async function storeWith(entries: readonly LedgerEntry[]): Promise<MemoryLedgerStore> {
  const store = new MemoryLedgerStore();
  for (const entry of entries) await store.append(entry);
  return store;
}

describe('learning in the product: the review follows the ledger', () => {
  it('reads the store once, then only what was appended, and keeps only the review’s weeks', async () => {
    const store = await storeWith([at('old', new Date(2026, 5, 1), 'X', { costMicros: 1_000_000 }), ...explanation(1, 'cheaper')]);
    const feed = new ReviewFeed(store, () => NOW);
    await feed.refresh();
    assert.deepEqual(feed.current().entries.map((entry) => entry.id), ['e1', 'e1'], 'June is outside the eight weeks shown');
    for (const entry of explanation(2, 'cheaper')) await store.append(entry);
    await feed.refresh();
    assert.deepEqual(feed.current().entries.map((entry) => `${entry.type}:${entry.id}`), ['request:e1', 'feedback:e1', 'request:e2', 'feedback:e2'], 'the appended lines are added once');
  });

  it('a store that was cleared under it is read again, not counted twice', async () => {
    const store = await storeWith(explanation(1, 'cheaper'));
    const feed = new ReviewFeed(store, () => NOW);
    await feed.refresh();
    await store.clear();
    // One line where there were two: the feed's position no longer fits the store.
    await store.append(explanation(2, 'stronger')[0]);
    await feed.refresh();
    assert.deepEqual(feed.current().entries.map((entry) => entry.id), ['e2']);
  });

  it('what this window records reaches the review after the ledger’s write', async () => {
    const store = new MemoryLedgerStore();
    const ledger = new Ledger({ store, sessionId: 'S', clock: () => NOW });
    const feed = new ReviewFeed(store, () => NOW);
    await feed.refresh();
    const record = await ledger.record(request({ taskKind: 'explain', rule: 'taskKind:explain' }));
    assert.ok(await ledger.addFeedback(record.id, 'cheaper'));
    await feed.refresh();
    const review = buildWeeklyReview(feed.current().entries, { now: NOW, policy: DEFAULT_POLICY });
    const week = review.weeks[review.weeks.length - 1];
    assert.equal(week.requests, 1);
    assert.equal(week.tooExpensive, 1, 'the could-have-been-cheaper flag is counted this week');
  });
});

describe('learning in the product: a year of history is not read for eight weeks', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'review-feed-'));
  });
  afterEach(() => fs.rm(folder, { recursive: true, force: true }));

  it('skips the month files that end before the first week shown, and reads the legacy file', async () => {
    const line = (entry: LedgerEntry) => `${JSON.stringify(entry)}\n`;
    await fs.writeFile(path.join(folder, 'ledger-2025-06.jsonl'), `${line(at('june', new Date(2025, 5, 10), 'old'))}not json: a damaged line\n`);
    await fs.writeFile(path.join(folder, 'ledger.jsonl'), line(at('legacy', new Date(2026, 10, 17), 'L')));
    const store = new MonthlyLedgerStore(folder, () => NOW);
    for (const entry of explanation(1, 'cheaper')) await store.append(entry);
    const feed = new ReviewFeed(store, () => NOW);
    await feed.refresh();
    assert.deepEqual(feed.current().entries.map((entry) => entry.id), ['legacy', 'e1', 'e1'], 'the legacy file and November are read');
    assert.deepEqual(feed.current().warnings, [], 'June 2025 is not read at all: its damaged line is not even seen');
    for (const entry of explanation(2, 'stronger')) await store.append(entry);
    await feed.refresh();
    assert.deepEqual(feed.current().entries.map((entry) => entry.id), ['legacy', 'e1', 'e1', 'e2', 'e2'], 'later scans go on from the position, still without June');
    assert.equal(endsBefore('ledger-2026-09.jsonl', Date.UTC(2026, 9, 1)), true, 'September ends where October begins');
    assert.equal(endsBefore('ledger-2026-10.jsonl', Date.UTC(2026, 9, 1)), false);
    assert.equal(endsBefore('ledger.jsonl', Date.now()), false);
  });
});

describe('learning in the product: Not now and Never', () => {
  it('Not now hides a suggestion for seven days, Never for good; bad stored state is dropped', () => {
    const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
    const snoozed = dismiss(NO_DISMISSALS, 'taskKinds.explain=fast', 'notNow', NOW);
    assert.ok(dismissedAt(snoozed, later(6.9)).has('taskKinds.explain=fast'), 'hidden within the week');
    assert.ok(!dismissedAt(snoozed, later(7.1)).has('taskKinds.explain=fast'), 'offered again after the week');
    const never = dismiss(snoozed, 'taskKinds.explain=fast', 'never', NOW);
    assert.deepEqual(never.notNow, {}, 'Never replaces the Not now');
    assert.ok(dismissedAt(never, later(400)).has('taskKinds.explain=fast'));
    assert.deepEqual(parseDismissals({ never: ['a', 3, { x: 1 }], notNow: { b: 'not a date', c: '2026-12-01T00:00:00Z' } }), { never: ['a'], notNow: { c: '2026-12-01T00:00:00Z' } });
    assert.deepEqual(parseDismissals('garbage'), NO_DISMISSALS);
  });

  it('the review leaves out what was dismissed', () => {
    const entries = [1, 2, 3, 4, 5].flatMap((n) => explanation(n, 'cheaper'));
    assert.equal(buildWeeklyReview(entries, { now: NOW, policy: DEFAULT_POLICY }).suggestions[0]?.id, 'taskKinds.explain=fast');
    const hidden = dismissedAt(dismiss(NO_DISMISSALS, 'taskKinds.explain=fast', 'never', NOW), NOW);
    assert.deepEqual(buildWeeklyReview(entries, { now: NOW, policy: DEFAULT_POLICY, dismissed: hidden }).suggestions, []);
  });
});

describe('learning in the product: what the report page and the status bar show', () => {
  const entries = [1, 2, 3, 4, 5].flatMap((n) => explanation(n, 'cheaper'));
  const review = buildWeeklyReview(entries, { now: NOW, policy: DEFAULT_POLICY });

  it('the page’s message passes its schema and carries the three numbers and the suggestion with evidence', () => {
    const parsed = toReportSchema.safeParse({ type: 'review', review: reviewMessage(review, false) });
    assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
    assert.equal(parsed.data.type, 'review');
    if (parsed.data.type !== 'review') return;
    const week = parsed.data.review.weeks[parsed.data.review.weeks.length - 1];
    // Five explanations at $0.01 in two sessions; all on balanced, all could have been cheaper: fast is
    // below frontier too, so the ratio (efficient tiers against hindsight) is 1.
    assert.deepEqual([week.spend, week.sessions, week.costPerSession, week.efficiencyRatio], ['$0.050', 2, '$0.025', 1]);
    const [suggestion] = parsed.data.review.suggestions;
    assert.match(suggestion.text, /^5 of your last 5 signals on explanation said it could have been cheaper .* → route explanation to fast\?$/);
    assert.equal(suggestion.evidence.length, 5);
    assert.equal(parsed.data.review.canApplyToTeam, false);
    assert.ok(!('spendMicros' in week), 'only what the page renders is sent');
  });

  it('a pending suggestion is in the status bar’s text and tooltip, with a link to the report', () => {
    const ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 'S' });
    const snapshot = ledger.snapshot();
    const budget = evaluateBudget(snapshot, { onExceed: 'warn' });
    const view = describeSpend(snapshot, budget, undefined, { suggestion: review.suggestions[0].text });
    assert.match(view.text, /\$\(lightbulb\) suggestion$/);
    assert.match(view.tooltip, /\*\*Routing suggestion:\*\* 5 of your last 5 signals on explanation said it could have been cheaper \\\(5 × your flag: could have been cheaper\\\) → route explanation to fast\? \[Review it in the Spend Report\]\(command:modelRouter\.spendReport\)/);
    assert.doesNotMatch(describeSpend(snapshot, budget).text, /suggestion/, 'nothing pending, nothing shown');
  });
});
