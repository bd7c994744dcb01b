import assert from 'node:assert/strict';
import { deriveOutcomes } from '../../bench/cascade/deriveOutcomes';
import { formatOutcomes, parseOutcomes, repositoryOf } from '../../bench/cascade/outcomes';
import { judgeStart, learnStartByRepository } from '../../bench/cascade/predictStart';
import type { PricedTask, Strategy } from '../../bench/cascade/strategies';
import { cascade, oracle, replay, single } from '../../bench/cascade/strategies';
import { fitTokenModel, runCosts, turnUsage } from '../../bench/cascade/tokenModel';
import { seededRandom } from '../../bench/stats';

const task = (name: string, haiku: [boolean, number], sonnet: [boolean, number], repository = 'acme/app'): PricedTask => ({
  task: name,
  repository,
  runs: { haiku: { resolved: haiku[0], micros: haiku[1] }, sonnet: { resolved: sonnet[0], micros: sonnet[1] } },
});

// Both resolve, only Sonnet, only Haiku, neither; Sonnet is dearer except on the last two.
const TABLE = [task('both', [true, 10], [true, 30]), task('sonnetOnly', [false, 12], [true, 40]), task('haikuOnly', [true, 8], [false, 5]), task('neither', [false, 20], [false, 6])];

describe('cascade bench: the replay arithmetic', () => {
  it('a perfect gate resolves every task either model resolves and pays each failed cheap attempt too', () => {
    const outcome = replay(TABLE, cascade('haiku', 'sonnet'));
    assert.equal(outcome.resolved, 3, 'the cascade should resolve the union: both, sonnetOnly, haikuOnly');
    assert.equal(outcome.micros, 10 + (12 + 40) + 8 + (20 + 6), 'the cascade should pay Haiku everywhere and Sonnet after each Haiku failure');
  });

  it('a gate that misses every failure is all-Haiku, and one that misses half escalates half', () => {
    assert.deepEqual(replay(TABLE, cascade('haiku', 'sonnet', 1)), replay(TABLE, single('haiku')), 'missing 100% of failures should never escalate');
    const half = replay(TABLE, cascade('haiku', 'sonnet', 0.5));
    assert.equal(half.resolved, 2 + 0.5, 'half of the one rescued failure should count');
    assert.equal(half.micros, 10 + 12 + 20 + 8 + 0.5 * (40 + 6), 'half of the escalations should be paid');
    assert.throws(() => cascade('haiku', 'sonnet', 1.5), /between 0 and 1/);
  });

  it('the oracle pays the cheapest resolving run, or the cheapest attempt when none resolves', () => {
    const outcome = replay(TABLE, oracle(['haiku', 'sonnet']));
    assert.equal(outcome.resolved, 3);
    assert.equal(outcome.micros, 10 + 40 + 8 + 6, 'neither-task should cost the cheaper attempt (Sonnet, 6)');
  });

  it('the oracle is never dearer than a strategy that resolves the same tasks (seeded random tables)', () => {
    const random = seededRandom(7);
    const strategies: Strategy[] = [single('haiku'), single('sonnet'), cascade('haiku', 'sonnet'), cascade('sonnet', 'haiku'), cascade('haiku', 'sonnet', 0.3)];
    for (let i = 0; i < 500; i++) {
      const t = task(`t${i}`, [random() < 0.4, Math.round(random() * 100)], [random() < 0.45, Math.round(random() * 300)]);
      const best = oracle(['haiku', 'sonnet'])(t);
      for (const strategy of strategies) {
        const outcome = strategy(t);
        if (outcome.resolved >= best.resolved) assert.ok(best.micros <= outcome.micros, `${t.task}: oracle ${best.micros} µ$ dearer than a strategy at ${outcome.micros} µ$`);
      }
    }
  });

  it('a task without a run of the strategy\'s model is an error, not a free run', () => {
    const lonely: PricedTask = { task: 'x', repository: 'a/b', runs: { haiku: { resolved: false, micros: 1 } } };
    assert.throws(() => cascade('haiku', 'sonnet')(lonely), /x has no run of sonnet/);
  });
});

describe('cascade bench: predicted start and token model', () => {
  it('learns to start a repository on Sonnet where Haiku always fails expensively, and recovers that gap', () => {
    const tasks = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? task(`hard${i}`, [false, 50], [true, 20], 'acme/hard') : task(`easy${i}`, [true, 5], [true, 20], 'acme/easy')));
    const order = learnStartByRepository(tasks, 'haiku', 'sonnet');
    assert.deepEqual(order(tasks[0]), ['sonnet', 'haiku'], 'hard repository should start on Sonnet');
    assert.deepEqual(order(tasks[1]), ['haiku', 'sonnet'], 'easy repository should start on Haiku');
    const judgement = judgeStart(tasks, 'haiku', 'sonnet', 1);
    assert.deepEqual(judgement.strongFirstRepositories, ['acme/hard']);
    assert.equal(judgement.gapRecovered, 1, 'starting hard tasks on Sonnet is exactly what the oracle pays');
  });

  it('fits a growing context that reproduces the means it was fitted to, and prices each turn with costOf', () => {
    const turns = [10, 20, 30, 40];
    const report = { meanCalls: 25, meanInputPerTask: 500_000, meanInputPerCall: 18_000, meanOutputPerTask: 5_000 };
    const model = fitTokenModel(turns, report);
    const input = (n: number): number => n * model.firstPrompt + (model.growthPerTurn * n * (n - 1)) / 2;
    const meanInput = turns.reduce((sum, n) => sum + input(n), 0) / turns.length;
    assert.ok(Math.abs(meanInput - report.meanInputPerTask) / report.meanInputPerTask < 0.001, `mean input ${meanInput}`);
    assert.equal(model.outputPerTurn, 200);
    assert.deepEqual(turnUsage(model, 3, true), { inputTokens: 0, outputTokens: 200, cacheWrite5mTokens: model.growthPerTurn, cacheWrite1hTokens: 0, cacheReadTokens: model.firstPrompt + model.growthPerTurn });
    const tiny = { firstPrompt: 1_000_000, growthPerTurn: 1_000_000, outputPerTurn: 1_000_000 };
    // Sonnet 4.5 at $3 in / $15 out: turn 1 = 3 + 15, turn 2 = 6 + 15 uncached; cached: 3.75 + 15, then 0.3 + 3.75 + 15.
    assert.deepEqual(runCosts(tiny, 'claude-sonnet-4-5', false, 2), [0, 18_000_000, 39_000_000]);
    assert.deepEqual(runCosts(tiny, 'claude-sonnet-4-5', true, 2), [0, 18_750_000, 37_800_000]);
    assert.throws(() => runCosts(tiny, 'claude-unknown-1', true, 1), /claude-unknown-1 has no price/);
  });
});

describe('cascade bench: the derived outcomes file', () => {
  const raw = [
    'agent_run_id,metadata.instance_id,metadata.model_name,metadata.resolved,metadata.turns,tag,created_at',
    `a,instance_acme__app-${'a'.repeat(40)}-vnan,Claude 4.5 Haiku -- 10222025,false,12,,"Oct 13, 2025, 10:41 PM UTC"`,
    `b,instance_acme__app-${'a'.repeat(40)}-vnan,Claude 4.5 Sonnet - 10132025,true,30,,"Oct 13, 2025, 10:41 PM UTC"`,
    `c,instance_acme__app-${'a'.repeat(40)}-vnan,GPT-5 - 10132025,true,9,,"Oct 13, 2025"`,
  ].join('\n');

  it('keeps the three Claude models, reads quoted dates, and round-trips through the compact CSV', () => {
    const tasks = deriveOutcomes(raw);
    assert.equal(tasks.length, 1);
    assert.deepEqual(tasks[0].runs, { haiku45: { resolved: false, turns: 12 }, sonnet45: { resolved: true, turns: 30 } });
    assert.deepEqual(parseOutcomes(formatOutcomes(tasks)), tasks);
    assert.equal(repositoryOf(tasks[0].task), 'acme/app');
  });

  it('names the line and the field it cannot read', () => {
    assert.throws(() => deriveOutcomes(raw.replace('false,12', 'maybe,12')), /line 2: resolved is "maybe"/);
    assert.throws(() => deriveOutcomes(raw.replace('true,30', 'true,3x')), /line 3: turns is "3x"/);
    assert.throws(() => deriveOutcomes(raw.replace('metadata.turns', 'turns')), /no column "metadata.turns"/);
    assert.throws(() => parseOutcomes('task,x\n'), /regenerate it with deriveOutcomes/);
  });
});
