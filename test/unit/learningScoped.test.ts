// Folder and language suggestions (src/core/learning/suggestions.ts): a task kind's signals in one
// folder or language at and just below learning.scopedMinSignals 4 / learning.scopedShare 0.75, the
// deepest folder where they agree, the evidence's words, and Apply, which writes one rule of
// policy.rules that the next request in that folder routes by, naming it.
import assert from 'node:assert/strict';
import type { ApplyTarget, LearnedRules, TaskKindsWriter } from '../../src/core/learning/applySuggestion';
import { applyRefusal, applySuggestion } from '../../src/core/learning/applySuggestion';
import { tasksOf } from '../../src/core/learning/signals';
import { suggestRouting } from '../../src/core/learning/suggestions';
import { DEFAULT_POLICY, parsePolicy } from '../../src/core/routing/policy';
import type { Policy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { reviewMessage } from '../../src/shared/reviewMessage';
import { at, note } from './learningFixtures';

let day = 0;
/**
 * A refactor on balanced in `folder` (and `languageId`), one a day: `redo` is redone one tier up
 * (a frontier request re-asking it), `right` and `cheaper` are the user's flags.
 */
function refactor(signal: 'redo' | 'right' | 'cheaper', folder?: string, languageId?: string): LedgerEntry[] {
  day++;
  const time = new Date(2026, 10, 1, 8 + (day % 10), day);
  const id = `r${day}`;
  const where = { ...(folder ? { folder } : {}), ...(languageId ? { languageId } : {}) };
  const own = at(id, time, 'S', { taskKind: 'refactor', rule: 'taskKind:refactor', ...where });
  if (signal === 'redo') return [own, at(`${id}-up`, new Date(time.getTime() + 60_000), 'S', { taskKind: 'refactor', tier: 'frontier', model: 'claude-opus-5-5', retryOf: { id, action: 'redoUp' }, ...where })];
  return [own, note(id, new Date(time.getTime() + 60_000), { feedback: signal })];
}
const many = (n: number, make: () => LedgerEntry[]) => Array.from({ length: n }, make).flat();
const suggest = (entries: LedgerEntry[], policy: Policy = DEFAULT_POLICY) => suggestRouting(tasksOf(entries), policy);

describe('learning: suggestions for a task kind in a folder or a language', () => {
  beforeEach(() => {
    day = 0;
  });

  it('4 of 4 refactors in src/reports redone on frontier, the rest of the kind fine: a rule for src/reports/**, with its evidence', () => {
    const entries = [...many(4, () => refactor('redo', 'src/reports')), ...many(4, () => refactor('right', 'lib'))];
    const suggestions = suggest(entries);
    assert.deepEqual(suggestions.map((s) => s.id), ['rules.refactor@src/reports/**=frontier'], 'the kind as a whole is 4 of 8: only the folder');
    const [suggestion] = suggestions;
    assert.deepEqual(suggestion.scope, { folder: 'src/reports' });
    assert.deepEqual([suggestion.from, suggestion.to, suggestion.count, suggestion.of], ['balanced', 'frontier', 4, 4]);
    assert.equal(suggestion.text, '4 of your last 4 signals on refactor in src/reports/ said it needed a stronger tier (4 × Redo one tier up) → route refactor in src/reports/** to frontier?');
    assert.deepEqual(suggestion.evidence.map((e) => `${e.id} ${e.tier} ${e.signal}`), ['r4 balanced Redo one tier up', 'r3 balanced Redo one tier up', 'r2 balanced Redo one tier up', 'r1 balanced Redo one tier up']);
  });

  it('at the thresholds: 3 signals are too few, 4 of 6 (0.67) too mixed, 6 of 8 (0.75) enough; the policy’s own thresholds apply', () => {
    assert.deepEqual(suggest(many(3, () => refactor('redo', 'src/reports'))), [], 'three are below learning.scopedMinSignals 4');
    assert.deepEqual(suggest([...many(4, () => refactor('redo', 'src/reports')), ...many(2, () => refactor('right', 'src/reports'))]), [], '4 of 6 is below learning.scopedShare 0.75');
    const enough = suggest([...many(6, () => refactor('redo', 'src/reports')), ...many(2, () => refactor('right', 'src/reports')), ...many(8, () => refactor('right', 'lib'))]);
    assert.deepEqual(enough.map((s) => `${s.id} ${s.count}/${s.of}`), ['rules.refactor@src/reports/**=frontier 6/8']);
    const lenient = parsePolicy({ learning: { scopedMinSignals: 3 } }).policy;
    assert.deepEqual(suggest([...many(3, () => refactor('redo', 'src/reports')), ...many(3, () => refactor('right', 'lib'))], lenient).map((s) => s.id), ['rules.refactor@src/reports/**=frontier']);
  });

  it('offers the deepest folder where the signals agree, not its parent; the kind’s own suggestion wins when the whole kind agrees', () => {
    // src holds only src/reports's signals here: both qualify, the deeper one is offered.
    const entries = [...many(4, () => refactor('redo', 'src/reports')), ...many(4, () => refactor('right', 'lib'))];
    assert.deepEqual(suggest(entries).map((s) => s.id), ['rules.refactor@src/reports/**=frontier']);
    // Spread over two folders of src: only src agrees often enough.
    const spread = [...many(3, () => refactor('redo', 'src/reports')), ...many(3, () => refactor('redo', 'src/ui')), ...many(5, () => refactor('right', 'lib'))];
    assert.deepEqual(suggest(spread).map((s) => s.id), ['rules.refactor@src/**=frontier']);
    const everywhere = many(6, () => refactor('redo', 'src/reports'));
    assert.deepEqual(suggest(everywhere).map((s) => s.id), ['taskKinds.refactor=frontier'], 'no folder rule beside the same change for the kind');
    const never = (entries: LedgerEntry[], ids: string[]) => suggestRouting(tasksOf(entries), DEFAULT_POLICY, new Set(ids)).map((s) => s.id);
    assert.deepEqual(never(everywhere, ['taskKinds.refactor=frontier']), ['rules.refactor@src/reports/**=frontier'], 'Never on the kind everywhere leaves the folder’s rule to offer');
    assert.deepEqual(never(entries, ['rules.refactor@src/reports/**=frontier']), [], 'Never on a folder does not bring up its parent');
  });

  it('per language: refactors in python redone, in typescript fine → a rule for python files', () => {
    const entries = [...many(4, () => refactor('redo', undefined, 'python')), ...many(4, () => refactor('right', undefined, 'typescript'))];
    const [suggestion, ...rest] = suggest(entries);
    assert.equal(rest.length, 0);
    assert.equal(suggestion.id, 'rules.refactor@language:python=frontier');
    assert.equal(suggestion.text, '4 of your last 4 signals on refactor in python files said it needed a stronger tier (4 × Redo one tier up) → route refactor in python files to frontier?');
    const both = [...many(4, () => refactor('redo', 'src/reports', 'python')), ...many(4, () => refactor('right', 'lib', 'typescript'))];
    assert.deepEqual(suggest(both).map((s) => s.id), ['rules.refactor@src/reports/**=frontier'], 'the folder’s suggestion covers the same change');
  });

  it('could have been cheaper in a folder: one tier down, for your settings only', () => {
    const entries = [...many(4, () => refactor('cheaper', 'docs')), ...many(4, () => refactor('right', 'src'))];
    const [suggestion] = suggest(entries);
    assert.equal(suggestion.id, 'rules.refactor@docs/**=fast');
    assert.match(suggestion.text, /^4 of your last 4 signals on refactor in docs\/ said it could have been cheaper \(4 × your flag: could have been cheaper\) → route refactor in docs\/\*\* to fast\?$/);
    assert.match(applyRefusal(suggestion, 'team') ?? '', /team policy file may only raise a tier/);
    assert.equal(applyRefusal(suggestion, 'user'), undefined);
    const [message] = reviewMessage({ weeks: [], byKind: [], byFolder: [], suggestions: [suggestion] }, true).suggestions;
    assert.equal(message.userOnly, true, 'the page offers no Apply to the team file for it');
  });
});

describe('learning: Apply on a folder suggestion writes a rule', () => {
  class MemoryWriter implements TaskKindsWriter {
    readonly stored: Record<ApplyTarget, LearnedRules> = { user: { taskKinds: {}, applied: {}, rules: [{ taskKind: 'explain', languages: ['markdown'], tier: 'fast' }] }, team: { taskKinds: {}, applied: {}, rules: [] } };
    async read(target: ApplyTarget) {
      return this.stored[target];
    }
    async write(target: ApplyTarget, rules: Partial<LearnedRules>) {
      this.stored[target] = { ...this.stored[target], ...rules };
    }
  }
  beforeEach(() => {
    day = 0;
  });

  it('writes the rule with its origin beside the others; the next refactor there routes by it, naming it, and the suggestion stops', async () => {
    const entries = [...many(4, () => refactor('redo', 'src/reports')), ...many(4, () => refactor('right', 'lib'))];
    const [suggestion] = suggest(entries);
    const writer = new MemoryWriter();
    const said = await applySuggestion(suggestion, writer, 'user', '2026-12-03');
    assert.equal(said, 'Refactor in src/reports/** now routes to frontier, written to your user settings (modelRouter.policy.rules).');
    const written = { taskKind: 'refactor', paths: ['src/reports/**'], tier: 'frontier', learned: { on: '2026-12-03', signals: 4, of: 4, said: 'stronger' } };
    assert.deepEqual(writer.stored.user.rules, [{ taskKind: 'explain', languages: ['markdown'], tier: 'fast' }, written]);
    assert.deepEqual(writer.stored.user.taskKinds, {}, 'the kind everywhere is untouched');
    await applySuggestion(suggestion, writer, 'user', '2026-12-04');
    assert.equal(writer.stored.user.rules.length, 2, 'applying again replaces the rule of the same folder');

    const policy = parsePolicy({ rules: writer.stored.user.rules }).policy;
    const next = route({ surface: 'chat', taskKind: 'refactor', prompt: 'split this function', signals: { files: ['src/reports/monthly.ts'] } }, policy);
    assert.equal(next.tier, 'frontier');
    assert.ok(next.reasons.includes('Rule from your feedback, applied 2026-12-04 (4 of 4 signals said it needed a stronger tier), in your user settings: refactor in src/reports/** → frontier'), JSON.stringify(next.reasons));
    assert.equal(route({ surface: 'chat', taskKind: 'refactor', prompt: 'split this function', signals: { files: ['lib/a.ts'] } }, policy).tier, 'balanced');
    assert.deepEqual(suggest(entries, policy), [], 'the evidence was on balanced, which src/reports no longer gets');

    await applySuggestion(suggestion, writer, 'team', '2026-12-04');
    assert.deepEqual(writer.stored.team.rules, [{ ...written, learned: { ...written.learned, on: '2026-12-04' } }], 'a rule that raises a tier may go to the team file');
  });
});
