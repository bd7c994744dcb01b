import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/cli';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], files: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readFile: async (path) => {
      if (path in files) return files[path];
      throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('model-router CLI', () => {
  describe('route', () => {
    it('prints the decision as JSON with tier, model, taskKind and reasons', async () => {
      const run = await cli(['route', '--prompt', 'fix the null check', '--file', 'src/auth/session.ts', '--json']);
      assert.equal(run.code, 0, run.err);
      const decision = JSON.parse(run.out);
      assert.equal(decision.tier, 'frontier');
      assert.equal(decision.model, 'claude-opus-5-5');
      assert.equal(decision.taskKind, 'bugfix');
      assert.ok(decision.reasons.some((reason: string) => /Sensitive work \(auth, session\) is never below frontier/.test(reason)), decision.reasons.join(' | '));
    });

    it('explains in words without --json', async () => {
      const run = await cli(['route', '--kind', 'commitMessage']);
      assert.equal(run.code, 0);
      assert.match(run.out, /^fast · claude-haiku-5-5 · effort low\ntask kind: commitMessage \(decided by taskKind:commitMessage\)\n {2}- Commit message → fast\ndial: Commit message on fast: low effort, no thinking$/);
    });

    it('honours --lines and a policy file, and warns about its bad fields', async () => {
      const policy = JSON.stringify({ taskKinds: { boilerplate: 'balanced' }, scope: { frontierAtFiles: 'x' } });
      const run = await cli(['route', '--kind', 'boilerplate', '--policy', 'team.json', '--json'], { 'team.json': policy });
      assert.equal(JSON.parse(run.out).tier, 'balanced');
      assert.match(run.err, /warning: team.json: scope.frontierAtFiles: .*the default applies/);
      const long = await cli(['route', '--kind', 'config', '--lines', '400', '--json']);
      assert.equal(JSON.parse(long.out).tier, 'balanced');
    });

    it('rejects a policy file nested 5,000 deep with a clear error, not a stack trace', async () => {
      const deep = `{"x":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`;
      const run = await cli(['route', '--prompt', 'x', '--policy', 'deep.json'], { 'deep.json': deep });
      assert.equal(run.code, 1, run.err);
      assert.match(run.err, /the policy file deep\.json is nested more than 32 levels deep/);
      assert.doesNotMatch(run.err, /\bat \w+ \(/, 'no stack trace');
    });

    it('rejects an unknown kind, a missing prompt and a bad number with a message and exit 2', async () => {
      const unknown = await cli(['route', '--kind', 'poetry']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /unknown task kind "poetry"; use one of: completion, commitMessage/);
      assert.equal((await cli(['route'])).code, 2);
      const lines = await cli(['route', '--prompt', 'x', '--lines', 'many']);
      assert.match(lines.err, /--lines must be a whole number/);
      const option = await cli(['route', '--prompt', 'x', '--colour']);
      assert.equal(option.code, 2);
      assert.match(option.err, /Unknown option '--colour'/);
    });
  });

  describe('cost', () => {
    it('prints the price in USD first', async () => {
      const run = await cli(['cost', '--model', 'claude-opus-5-5', '--input', '1000000', '--output', '1000000']);
      assert.equal(run.code, 0);
      assert.equal(Number(run.out.split(' ')[0]), 24, run.out);
    });

    it('prices cache reads and writes, and dated ids', async () => {
      const run = await cli(['cost', '--model', 'claude-haiku-4-5-20251001', '--input', '0', '--output', '0', '--cache-read', '1000000', '--cache-write', '1000000']);
      assert.equal(Number(run.out.split(' ')[0]), 1.35, run.out);
    });

    it('says an unknown model is unpriced, never $0, and exits 1', async () => {
      const run = await cli(['cost', '--model', 'gpt-9', '--input', '10', '--output', '10']);
      assert.equal(run.code, 1);
      assert.equal(run.out, '');
      assert.match(run.err, /"gpt-9" is unpriced/);
    });

    it('rejects a count too large to be exact with exit 2, never $0', async () => {
      const run = await cli(['cost', '--model', 'claude-sonnet-5-5', '--input', '9'.repeat(400), '--output', '0', '--json']);
      assert.equal(run.code, 2, `400 digits must be a usage error, got exit ${run.code}: ${run.out}`);
      assert.match(run.err, /--input is too large: "9{40}… \(400 characters\)" is above 9007199254740991/);
      assert.equal((await cli(['cost', '--model', 'claude-sonnet-5-5', '--input', '99999999999999999999999', '--output', '0'])).code, 2);
    });

    it('requires the token counts', async () => {
      const run = await cli(['cost', '--model', 'claude-opus-5-5', '--input', '10']);
      assert.equal(run.code, 2);
      assert.match(run.err, /--output is required/);
    });
  });

  describe('replay', () => {
    const workload = [
      '{"kind":"completion","input":2000,"output":20,"count":600}',
      '{"prompt":"implement the export button","input":6000,"output":800,"count":300}',
      '{"prompt":"design the architecture for multi-region failover","input":20000,"output":3000,"count":100}',
    ].join('\n');

    it('costs a workload under the policy against all-frontier and all-balanced, by tier', async () => {
      const run = await cli(['replay', 'day.jsonl', '--json'], { 'day.jsonl': workload });
      assert.equal(run.code, 0, run.err);
      const result = JSON.parse(run.out);
      assert.equal(result.requests, 1000);
      assert.deepEqual([result.byTier.fast.requests, result.byTier.balanced.requests, result.byTier.frontier.requests], [600, 300, 100]);
      // fast: 600 × (2000 × 0.10 + 20 × 0.50) µ$ = 126,000 µ$; balanced: 300 × (6000 × 2 + 800 × 10) = 6,000,000; frontier: 100 × (20000 × 4 + 3000 × 20) = 14,000,000
      assert.equal(result.routedUsd, 20.126);
      assert.equal(result.allFrontierUsd, 0.6 * (2000 * 4 + 20 * 20) * 1000 / 1e6 + 300 * (6000 * 4 + 800 * 20) / 1e6 + 14);
      assert.ok(result.savingsVsFrontier > 0.3, `expected real savings, got ${result.savingsVsFrontier}`);
    });

    it('prices the same workload at legacy models', async () => {
      const run = await cli(['replay', 'day.jsonl', '--json', '--fast', 'claude-haiku-4-5', '--balanced', 'claude-sonnet-4-5', '--frontier', 'claude-opus-4-5'], { 'day.jsonl': workload });
      const result = JSON.parse(run.out);
      assert.equal(result.models.frontier, 'claude-opus-4-5');
      assert.equal(result.byTier.frontier.usd, 100 * (20000 * 5 + 3000 * 25) / 1e6);
    });

    it('prints a table and the savings', async () => {
      const run = await cli(['replay', 'day.jsonl'], { 'day.jsonl': workload });
      assert.match(run.out, /Routed by the policy\s+1000\s+\$20\.13/);
      assert.match(run.out, /Saved against all-frontier: \$\d+\.\d\d \(\d+\.\d%\)/);
    });

    it('names every bad line and exits 1', async () => {
      const run = await cli(['replay', 'bad.jsonl'], { 'bad.jsonl': '{"kind":"completion","input":1,"output":1}\n{oops\n{"input":5,"output":1}\n' });
      assert.equal(run.code, 1);
      assert.match(run.err, /bad.jsonl:2: not valid JSON/);
      assert.match(run.err, /bad.jsonl:3: .*needs a "prompt" or a "kind"/);
    });

    it('says when the file cannot be read', async () => {
      const run = await cli(['replay', 'missing.jsonl']);
      assert.equal(run.code, 1);
      assert.match(run.err, /cannot read missing.jsonl: ENOENT/);
    });
  });

  it('runs as a real process with a non-zero exit on bad arguments', async () => {
    const main = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
    const ok = await promisify(execFile)(process.execPath, [main, 'route', '--kind', 'tests', '--json']);
    assert.equal(JSON.parse(ok.stdout).tier, 'balanced');
    await assert.rejects(promisify(execFile)(process.execPath, [main, 'nonsense']), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /unknown command "nonsense"/);
      return true;
    });
  });
});
