// Suggested routing changes (src/core/learning/suggestions.ts) at and just below the policy's
// thresholds (learning.minSignals 5, learning.share 0.6), with their evidence; and Apply, which
// writes one policy.taskKinds entry through its port and keeps the others.
import assert from 'node:assert/strict';
import type { ApplyTarget, LearnedRules, TaskKindsWriter } from '../../src/core/learning/applySuggestion';
import { route } from '../../src/core/routing/router';
import { applySuggestion } from '../../src/core/learning/applySuggestion';
import { tasksOf } from '../../src/core/learning/signals';
import { suggestRouting } from '../../src/core/learning/suggestions';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { at, note } from './learningFixtures';

/** Explanations on balanced, one a day from 1 November, each with the given feedback ('-' for none). */
function explanations(feedback: readonly string[]): LedgerEntry[] {
  return feedback.flatMap((value, index) => {
    const time = new Date(2026, 10, 1 + index, 10);
    const id = `e${index + 1}`;
    return [at(id, time, 'S', { taskKind: 'explain' }), ...(value === '-' ? [] : [note(id, new Date(time.getTime() + 60_000), { feedback: value })])];
  });
}
const suggest = (entries: LedgerEntry[], policy = DEFAULT_POLICY, dismissed?: Set<string>) => suggestRouting(tasksOf(entries), policy, dismissed);
const times = (n: number, value: string) => Array<string>(n).fill(value);

describe('learning: suggestions at the thresholds', () => {
  it('four needed-stronger flags out of four is below minSignals: nothing', () => {
    assert.deepEqual(suggest(explanations(times(4, 'stronger'))), [], 'four signals must not be enough at learning.minSignals 5');
  });

  it('five of five: route explain to frontier, with its five requests as evidence', () => {
    const [suggestion, ...rest] = suggest(explanations(times(5, 'stronger')));
    assert.equal(rest.length, 0);
    assert.equal(suggestion?.id, 'taskKinds.explain=frontier');
    assert.deepEqual([suggestion.from, suggestion.to, suggestion.count, suggestion.of], ['balanced', 'frontier', 5, 5]);
    assert.equal(suggestion.text, '5 of your last 5 signals on explanation said it needed a stronger tier (5 × your flag: needed stronger) → route explanation to frontier?');
    assert.deepEqual(suggestion.evidence.map((e) => e.id), ['e5', 'e4', 'e3', 'e2', 'e1'], 'the evidence is the requests, newest first');
    assert.ok(suggestion.evidence.every((e) => e.tier === 'balanced' && e.signal === 'your flag: needed stronger'));
  });

  it('share: 6 of 10 (0.6) suggests, 6 of 11 (0.55) does not', () => {
    assert.equal(suggest(explanations([...times(6, 'stronger'), ...times(4, 'right')])).length, 1, '0.6 is at the threshold');
    assert.deepEqual(suggest(explanations([...times(6, 'stronger'), ...times(5, 'right')])), [], '6 of 11 is below learning.share 0.6');
    assert.equal(suggest(explanations([...times(6, 'stronger'), ...times(5, '-')])).length, 1, 'requests without any signal are not counted against it');
  });

  it('could-have-been-cheaper suggests one tier down, and counts retries and redos with the flags', () => {
    const entries = [...explanations([...times(3, 'cheaper'), '-', '-'])];
    entries.push(at('x4', new Date(2026, 10, 4, 11), 'S', { taskKind: 'explain', tier: 'fast', retryOf: { id: 'e4', action: 'retryDown' } }));
    entries.push(at('x5', new Date(2026, 10, 5, 11), 'S', { taskKind: 'explain', tier: 'fast', retryOf: { id: 'e5', action: 'retryDown' } }));
    const [suggestion] = suggest(entries);
    assert.equal(suggestion?.id, 'taskKinds.explain=fast');
    assert.match(suggestion.text, /^5 of your last 5 signals on explanation said it could have been cheaper \(3 × your flag: could have been cheaper, 2 × Retry one tier down\) → route explanation to fast\?$/);
  });

  it('the user’s own thresholds from the policy apply', () => {
    const strict = parsePolicy({ learning: { minSignals: 6, share: 0.9 } }).policy;
    assert.deepEqual(suggest(explanations(times(5, 'stronger')), strict), [], 'minSignals 6 needs six');
    assert.deepEqual(suggest(explanations([...times(9, 'stronger'), 'right', 'right']), strict), [], '9 of 11 is below 0.9');
  });

  it('a dismissed suggestion stays dismissed; an applied one stops: old evidence is on the old tier', () => {
    const entries = explanations(times(5, 'stronger'));
    assert.deepEqual(suggest(entries, DEFAULT_POLICY, new Set(['taskKinds.explain=frontier'])), []);
    assert.deepEqual(suggest(entries, parsePolicy({ taskKinds: { explain: 'frontier' } }).policy), [], 'after Apply the kind is on frontier and the balanced requests no longer count');
  });

  it('never past the ends of the tiers, never security below frontier', () => {
    const frontier = times(5, 'stronger').map((_, i) => at(`p${i}`, new Date(2026, 10, 1 + i), 'S', { taskKind: 'plan', tier: 'frontier' }));
    const flagged = frontier.flatMap((entry) => [entry, note(entry.id, new Date(Date.parse(entry.time) + 1000), { feedback: 'stronger' })]);
    assert.deepEqual(suggest(flagged), [], 'nothing is above frontier');
    const security = times(5, 'cheaper').map((_, i) => at(`s${i}`, new Date(2026, 10, 1 + i), 'S', { taskKind: 'security', tier: 'frontier' }));
    assert.deepEqual(suggest(security.flatMap((entry) => [entry, note(entry.id, new Date(Date.parse(entry.time) + 1000), { feedback: 'cheaper' })])), [], 'the floor keeps security on frontier');
  });
});

describe('learning: Apply writes the setting through its port', () => {
  class MemoryWriter implements TaskKindsWriter {
    readonly stored: Record<ApplyTarget, LearnedRules> = { user: { taskKinds: { docs: 'balanced' }, applied: {}, rules: [] }, team: { taskKinds: {}, applied: {}, rules: [] } };
    async read(target: ApplyTarget) {
      return this.stored[target];
    }
    async write(target: ApplyTarget, rules: Partial<LearnedRules>) {
      this.stored[target] = { ...this.stored[target], ...rules };
    }
  }

  it('adds the kind’s tier to the user’s taskKinds, keeping the others, with its origin, and says where', async () => {
    const [suggestion] = suggest(explanations(times(5, 'stronger')));
    const writer = new MemoryWriter();
    const said = await applySuggestion(suggestion, writer, 'user', '2026-11-06');
    assert.deepEqual(writer.stored.user.taskKinds, { docs: 'balanced', explain: 'frontier' });
    assert.deepEqual(writer.stored.user.applied, { explain: { tier: 'frontier', on: '2026-11-06', signals: 5, of: 5, said: 'stronger', where: 'user' } });
    assert.deepEqual({ ...writer.stored.team }, { taskKinds: {}, applied: {}, rules: [] }, 'the team file is untouched');
    assert.equal(said, 'Explanation now routes to frontier, written to your user settings (modelRouter.policy.taskKinds).');
    await applySuggestion(suggestion, writer, 'team', '2026-11-07');
    assert.deepEqual(writer.stored.team.taskKinds, { explain: 'frontier' });
    assert.equal(writer.stored.team.applied.explain?.where, 'team');
  });

  it('the applied rule routes the kind and its origin is in the decision’s reasons; an edited tier drops the origin', async () => {
    const [suggestion] = suggest(explanations([...times(5, 'cheaper'), 'right']));
    const writer = new MemoryWriter();
    await applySuggestion(suggestion, writer, 'user', '2026-11-07');
    const policy = parsePolicy({ taskKinds: writer.stored.user.taskKinds, learning: { applied: writer.stored.user.applied } }).policy;
    const decision = route({ surface: 'chat', prompt: 'explain this function', taskKind: 'explain' }, policy);
    assert.equal(decision.tier, 'fast', 'explanations now go to fast');
    assert.ok(
      decision.reasons.includes('Your rule: explanation → fast, applied 2026-11-07 from a spend-report suggestion (5 of 6 signals said it could have been cheaper), in your user settings'),
      `reasons: ${JSON.stringify(decision.reasons)}`,
    );
    const edited = parsePolicy({ taskKinds: { explain: 'frontier' }, learning: { applied: writer.stored.user.applied } }).policy;
    assert.ok(!route({ surface: 'chat', prompt: 'explain this', taskKind: 'explain' }, edited).reasons.some((reason) => reason.startsWith('Your rule')), 'a tier edited since is not called the suggestion’s');
  });

  it('a team file’s learning.applied entry with free text or a bad date is refused by the policy schema', () => {
    const { policy, issues } = parsePolicy({ learning: { applied: { explain: { tier: 'fast', on: 'yesterday](http://x)', signals: 5, of: 6, said: 'cheaper', where: 'team' } } } });
    assert.deepEqual(policy.learning.applied, {});
    assert.ok(issues.some((issue) => issue.path.startsWith('learning.applied')), `issues: ${JSON.stringify(issues)}`);
  });
});
