/**
 * Bulk work at half price without the editor: which files of a folder are sent, the ledger's
 * record of a batch request at the batch rate (half of every token class, the standard price kept
 * beside it, savings against frontier at its standard price), the results collected into files to
 * preview whatever their order, the entries that produced nothing named with why, the status bar's
 * words, and stored jobs read back validated.
 */
import * as assert from 'node:assert/strict';
import type { BatchJob } from '../../src/core/batch/batchJob';
import { costText, jobCost, parseJobs, progressText, statusBarText } from '../../src/core/batch/batchJob';
import type { BatchEntryResult } from '../../src/core/batch/batchPort';
import { chooseFolderFiles } from '../../src/core/batch/batchFiles';
import { collectWork, resultForLedger, reviewPath } from '../../src/core/batch/batchWork';
import { Engine } from '../../src/core/engine';
import { OverrideState } from '../../src/core/routing/overrides';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import { Ledger } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import { costOf } from '../../src/core/spend/pricing';
import { buildSpendReport } from '../../src/core/spend/spendReport';
import { parseLedgerLine } from '../../src/core/spend/spendRecord';
import { SILENT_LOG } from './helpers/engineRig';

const decision = { tier: 'fast' as const, model: 'claude-haiku-5-5', taskKind: 'docstring' as const, rule: 'taskKind:docstring', reasons: ['docstring → fast'] };

function job(overrides: Partial<BatchJob> = {}): BatchJob {
  return {
    v: 1,
    id: 'msgbatch_1',
    kind: 'docstrings',
    title: 'Docstrings for src (3 files)',
    folder: 'file:///work/project',
    createdAt: '2026-12-03T10:00:00.000Z',
    expiresAt: '2026-12-04T10:00:00.000Z',
    processing: 'ended',
    counts: { processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 1 },
    entries: [
      { customId: 'r0', source: 'src/a.ts', target: 'src/a.ts', decision },
      { customId: 'r1', source: 'src/b.ts', target: 'src/b.ts', decision },
      { customId: 'r2', source: 'src/c.ts', target: 'src/c.ts', decision },
    ],
    skipped: [],
    ...overrides,
  };
}

const succeeded = (text: string): BatchEntryResult => ({ type: 'succeeded', text, usage: { inputTokens: 1000, outputTokens: 400, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0 }, model: 'claude-haiku-5-5' });

describe('batch work', () => {
  describe('the folder\'s files', () => {
    it('sends source files only; a secret file and a test file are named as not sent, build output is not listed', () => {
      const choice = chooseFolderFiles('tests', ['src/b.ts', 'src/a.ts', 'src/config/.env.ts', 'src/a.test.ts', 'README.md', 'dist/a.js', 'src/types.d.ts', 'src/keys/secret.pem'], ['**/.env*', '**/*.pem']);
      assert.deepEqual(choice.send, ['src/a.ts', 'src/b.ts']);
      assert.deepEqual(choice.skipped, ['src/a.test.ts: a test file (it gets no tests of its own)', 'src/config/.env.ts: matches **/.env* in modelRouter.completions.exclude (secret files are never sent)']);
    });
  });

  describe('the ledger at the batch rate', () => {
    it('records a batch request at half of every token class, keeps the standard price, and counts savings against standard frontier', async () => {
      const ledger = new Ledger({ store: new MemoryLedgerStore(), sessionId: 's1' });
      const engine = new Engine({ policy: () => DEFAULT_POLICY, budget: () => ({ onExceed: 'warn' }), prices: () => ({}), overrides: new OverrideState(), client: async () => undefined, log: SILENT_LOG, ledger });
      const usage = { inputTokens: 10_000, outputTokens: 2_000, cacheWrite5mTokens: 1_000, cacheWrite1hTokens: 0, cacheReadTokens: 4_000 };
      const recorded = await engine.recordBatch({ ...decision, sensitive: [], escalations: 0 }, { result: { outcome: 'ok', usage, text: 'x', stopReason: 'end_turn', model: 'claude-haiku-5-5' }, latencyMs: 60_000, batchId: 'msgbatch_1', files: ['src/a.ts'] });
      // Haiku 5.5: 10k × $0.10 + 2k × $0.50 + 1k × $0.125 + 4k × $0.01 per million = $0.002165 standard.
      assert.equal(recorded.standardMicros, 2165);
      assert.equal(recorded.record.costMicros, 1083, 'half of 2165 µ$, rounded half up once');
      assert.deepEqual(recorded.record.batch, { id: 'msgbatch_1', standardCostMicros: 2165 });
      const frontier = costOf(usage, DEFAULT_POLICY.tiers.frontier.model);
      assert.equal(recorded.record.frontierCostMicros, frontier.kind === 'priced' ? frontier.micros : -1, 'savings are against frontier at its standard price');
      assert.equal(recorded.record.rule, 'taskKind:docstring');
      assert.equal(recorded.record.tier, 'fast');
      assert.equal(recorded.record.folder, 'src');
      assert.equal(ledger.snapshot().session.costMicros, 1083, 'the totals count the batch rate');
      const report = buildSpendReport(ledger.snapshot(), new Date());
      assert.deepEqual([report.session.batchRequests, report.session.batchCost, report.session.batchSaved], [1, '$0.0011', '$0.0011'], 'the spend report says what went in batches and what that saved');
      const line = parseLedgerLine(JSON.stringify(recorded.record));
      assert.ok(line.ok && line.entry.type === 'request' && line.entry.batch?.standardCostMicros === 2165, 'the batch mark survives the ledger file');
    });

    it('an errored, expired or canceled entry is recorded at $0 with its outcome', () => {
      assert.deepEqual(resultForLedger({ type: 'errored', errorType: 'overloaded_error', message: 'Overloaded' }, 'm'), { outcome: 'error', usage: { inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0 }, text: '', error: { kind: 'overloaded', message: 'Overloaded' } });
      assert.equal(resultForLedger({ type: 'expired' }, 'm').outcome, 'error');
      assert.equal(resultForLedger({ type: 'canceled' }, 'm').outcome, 'cancelled');
    });
  });

  describe('collecting the results', () => {
    it('one proposed file per succeeded entry, in the job\'s order; errored, expired and code-less entries named with why', () => {
      const results = new Map<string, BatchEntryResult>([
        ['r2', { type: 'expired' }],
        ['r1', { type: 'errored', errorType: 'invalid_request_error', message: 'prompt is too long' }],
        ['r0', succeeded('Here it is:\n```ts\n/** Adds. */\nexport const add = 1;\n```')],
      ]);
      const work = collectWork(job(), results);
      assert.deepEqual(work.files, [{ path: 'src/a.ts', text: '/** Adds. */\nexport const add = 1;\n' }]);
      assert.deepEqual(work.problems, [
        { source: 'src/b.ts', why: 'errored: prompt is too long' },
        { source: 'src/c.ts', why: 'expired: the batch ended (24 hours) before it ran' },
      ]);
      const noCode = collectWork(job({ entries: [job().entries[0]!] }), new Map([['r0', succeeded('I cannot see the file.')]]));
      assert.deepEqual(noCode.problems, [{ source: 'src/a.ts', why: 'the answer had no code block' }]);
    });

    it('tests go to each source\'s test file; a plan review is one document beside the plan with a section per step', () => {
      const tests = collectWork(job({ kind: 'tests', entries: [{ customId: 'r0', source: 'src/a.ts', target: 'src/a.test.ts', decision: { ...decision, taskKind: 'tests', tier: 'balanced' } }] }), new Map([['r0', succeeded('```ts\ntest("a", () => {});\n```')]]));
      assert.deepEqual(tests.files, [{ path: 'src/a.test.ts', text: 'test("a", () => {});\n' }]);
      assert.equal(reviewPath('docs/plan.md'), 'docs/plan.review.md');
      const review = { ...decision, taskKind: 'validation' as const, tier: 'frontier' as const, model: 'claude-opus-5-5' };
      const plan = collectWork(
        job({ kind: 'planReview', title: 'Review of docs/plan.md (2 steps)', entries: [{ customId: 'r0', source: 'Step 1: Parse', target: 'docs/plan.review.md', decision: review }, { customId: 'r1', source: 'Step 2: Wire', target: 'docs/plan.review.md', decision: review }] }),
        new Map<string, BatchEntryResult>([['r0', succeeded('### Findings\n- step 1 forgets empty input\nVerdict: ready with changes')], ['r1', { type: 'errored', errorType: 'api_error', message: 'Internal server error' }]]),
      );
      assert.equal(plan.files.length, 1);
      assert.equal(plan.files[0]?.path, 'docs/plan.review.md');
      assert.match(plan.files[0]!.text, /## Step 1: Parse\n\n_claude-opus-5-5 · frontier · batch \(½ price\)_\n\n### Findings\n- step 1 forgets empty input/);
      assert.match(plan.files[0]!.text, /## Step 2: Wire\n\n_No review: errored: Internal server error\._/);
    });
  });

  describe('progress, cost and stored jobs', () => {
    it('says how far a running batch is, and an ended one\'s cost at the batch rate with what it saved', () => {
      const running = job({ processing: 'in_progress', counts: { processing: 3, succeeded: 0, errored: 0, canceled: 0, expired: 0 } });
      assert.equal(progressText(running), 'running: 0 of 3 done');
      assert.equal(statusBarText([running])?.text, '$(layers) Batch: 1 running (0/3)');
      const ended = job({ collected: true, entries: job().entries.map((entry, index) => ({ ...entry, result: index === 0 ? { type: 'succeeded' as const, costMicros: 1083, standardCostMicros: 2165 } : { type: 'errored' as const, message: 'x', costMicros: 0, standardCostMicros: 0 } })) });
      assert.equal(progressText(ended), 'ended: 1 succeeded, 1 errored, 1 expired');
      assert.deepEqual(jobCost(ended), { micros: 1083, standardMicros: 2165, savedMicros: 1082, unpriced: 0 });
      assert.equal(costText(ended), '$0.0011 at the batch rate (½ price), saved $0.0011');
      assert.equal(statusBarText([ended])?.text, '$(layers) Batch: 1 ready to review, saved $0.0011');
      assert.equal(statusBarText([{ ...ended, reviewed: 'applied' }]), undefined, 'a reviewed batch leaves the status bar');
      assert.equal(statusBarText([{ ...ended, counts: { processing: 0, succeeded: 0, errored: 0, canceled: 3, expired: 0 } }]), undefined, 'a batch with nothing to review is not in the status bar');
    });

    it('reads stored jobs back validated: a damaged one is dropped and named', () => {
      const { jobs, dropped } = parseJobs([job(), { ...job(), id: 'msgbatch_2', entries: [{ customId: 'has space', source: 'a', target: 'a', decision }] }, 'junk']);
      assert.deepEqual(jobs.map((each) => each.id), ['msgbatch_1']);
      assert.equal(dropped.length, 2);
      assert.match(dropped[0]!, /stored batch 2: entries\.0\.customId/);
      assert.deepEqual(parseJobs(undefined), { jobs: [], dropped: [] });
    });
  });
});
