import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/cli';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import type { ReplayTask } from '../../src/core/spend/replay';
import { parseReplayFile, replay } from '../../src/core/spend/replay';
import { route } from '../../src/core/routing/router';
import { DAY_MIX, dayJsonl, SESSION, sessionJsonl } from '../../bench/replay/workloads';
import { replayRows, savingsTable } from '../../bench/replayTable';

/** The committed workloads (compiled tests run from out/test/unit). */
const WORKLOAD_DIR = join(__dirname, '..', '..', '..', 'bench', 'replay');
const committed = (name: string) => readFileSync(join(WORKLOAD_DIR, name), 'utf8');

const tierOf = (task: ReplayTask) => route({ surface: 'cli', taskKind: task.kind, prompt: task.prompt, signals: { files: task.files }, canAutomate: task.kind !== undefined }, DEFAULT_POLICY).tier;

describe('bench/replay workloads', () => {
  it('the committed files are exactly what the seeded generator writes', () => {
    assert.equal(committed('day.jsonl'), dayJsonl());
    assert.equal(committed('session.jsonl'), sessionJsonl());
    assert.notEqual(dayJsonl(1), dayJsonl(), 'another seed must give another day');
  });

  describe('a day of 1,000 requests', () => {
    const { tasks, errors } = parseReplayFile(committed('day.jsonl'));

    it('parses without errors into exactly 600 autocomplete, 300 code generation and 100 architecture requests', () => {
      assert.deepEqual(errors, []);
      assert.equal(tasks.length, 1000);
      const counts: Record<string, number> = {};
      for (const task of tasks) counts[task.kind ?? 'free text'] = (counts[task.kind ?? 'free text'] ?? 0) + 1;
      assert.deepEqual(counts, DAY_MIX);
    });

    it('has varied sizes within the extension’s limits', () => {
      const completions = tasks.filter((task) => task.kind === 'completion');
      const inputs = new Set(completions.map((task) => task.input));
      assert.ok(inputs.size > 300, `only ${inputs.size} distinct completion prompt sizes`);
      // Prompt: 150 tokens of system prompt + at most 8,000 characters of file; answer: at most 256 tokens.
      assert.ok(completions.every((task) => task.input <= 150 + Math.ceil(8000 / 3.5) && task.output <= 256));
      const architecture = tasks.filter((task) => task.kind === 'architecture').map((task) => task.input);
      assert.ok(Math.min(...architecture) >= 5000 && Math.max(...architecture) < DEFAULT_POLICY.scope.frontierAtContextTokens);
    });

    it('routes autocomplete to fast, code generation to balanced and architecture to frontier', () => {
      const expected = { completion: 'fast', implement: 'balanced', architecture: 'frontier' } as const;
      for (const task of tasks) assert.equal(tierOf(task), expected[task.kind as keyof typeof expected], JSON.stringify(task));
      const result = replay(tasks, DEFAULT_POLICY);
      assert.deepEqual([result.byTier.fast.requests, result.byTier.balanced.requests, result.byTier.frontier.requests], [600, 300, 100]);
      assert.ok(result.routed.micros < result.allFrontier.micros);
    });
  });

  describe('a session', () => {
    const { tasks, errors } = parseReplayFile(committed('session.jsonl'));

    it('holds the four tasks, several requests each, as free-text prompts with their files', () => {
      assert.deepEqual(errors, []);
      assert.equal(SESSION.length, 4);
      assert.ok(SESSION.every((task) => task.requests.length >= 3));
      assert.equal(tasks.length, SESSION.reduce((n, task) => n + task.requests.length, 0));
      assert.ok(tasks.every((task) => task.prompt !== undefined && task.kind === undefined && (task.files?.length ?? 0) > 0));
    });

    it('sends every request of the cross-service authentication refactor to frontier', () => {
      const refactor = SESSION.find((task) => /authentication refactor/.test(task.name))!;
      for (const request of refactor.requests) assert.equal(tierOf(request), 'frontier', request.prompt);
      const folders = new Set(refactor.requests.flatMap((request) => request.files ?? []).map((file) => file.split('/')[0]));
      assert.ok(folders.size >= 4, `the refactor should span four services, got ${[...folders].join(', ')}`);
    });

    it('keeps the API-docs update on fast and the test suite on balanced', () => {
      for (const request of SESSION.find((task) => task.name === 'API-docs update')!.requests) assert.equal(tierOf(request), 'fast', request.prompt);
      for (const request of SESSION.find((task) => task.name === 'Test suite for a utility')!.requests) assert.equal(tierOf(request), 'balanced', request.prompt);
    });
  });

  describe('the savings table', () => {
    it('prices the day through the CLI at current and legacy models, and shows the savings', async () => {
      const run = async (args: string[]) => {
        const out: string[] = [];
        const code = await runCli(['replay', 'day.jsonl', '--json', ...args], { out: (line) => out.push(line), err: (line) => assert.fail(line), readFile: async () => committed('day.jsonl') });
        assert.equal(code, 0);
        return JSON.parse(out.join('\n'));
      };
      const current = await run([]);
      const legacy = await run(['--fast', 'claude-haiku-4-5', '--balanced', 'claude-sonnet-4-6', '--frontier', 'claude-opus-4-8']);
      assert.ok(legacy.routedUsd > current.routedUsd, 'legacy models cost more per token');
      const rows = replayRows([{ workload: 'A day', models: 'current', result: current }, { workload: 'A day', models: 'legacy', result: legacy }]);
      assert.equal(rows[0].savingsVsFrontier, `${((1 - current.routedUsd / current.allFrontierUsd) * 100).toFixed(1)}%`);
      const table = savingsTable(rows);
      assert.match(table, /\| A day \| current \(claude-haiku-5-5 · claude-sonnet-5-5 · claude-opus-5-5\) \| 1000 \| 600 \/ 300 \/ 100 \| \$\d+\.\d\d \| \$\d+\.\d\d \| \$\d+\.\d\d \| \d+\.\d% \| -?\d+\.\d% \|/);
      assert.match(table, /claude-opus-4-8/);
    });
  });
});
