import assert from 'node:assert/strict';
import type { CheckRun } from '../../src/core/devLoop/checks';
import { judgeTestRun, testClimbNotice } from '../../src/core/agent/testGate';

const run = (over: Partial<CheckRun>): CheckRun => ({ kind: 'test', task: 'unit tests', exitCode: 0, durationMs: 1234, output: '1 passing', outputCaptured: true, cancelled: false, ...over });

describe('verified cascade: the test gate of Write Tests', () => {
  it('passing tests end the task with the result and the time in the footer', () => {
    assert.deepEqual(judgeTestRun(run({}), 'src/total.test.ts'), { verdict: 'passed', footer: 'tests passed in 1.2 s (task “unit tests”)' });
  });

  it('failing tests give the next tier the exit code and the output’s last lines, and say who failed and who was asked', () => {
    const failed = judgeTestRun(run({ exitCode: 1, output: 'total.test.ts\n1 failing: expected 1, got 0\n' }), 'src/total.test.ts');
    assert.equal(failed.verdict, 'failed');
    assert.equal(failed.footer, 'tests failed in 1.2 s, exit code 1 (task “unit tests”)');
    assert.match(failed.feedback ?? '', /An earlier src\/total\.test\.ts was written .* exit code 1: they failed\. The last lines of its output:\n```\ntotal\.test\.ts\n1 failing: expected 1, got 0/);
    assert.equal(testClimbNotice({ model: 'claude-sonnet-5-5' }, failed, { model: 'claude-opus-5-5' }), "Sonnet 5.5's tests failed in 1.2 s, exit code 1 (task “unit tests”) → asked Opus 5.5");
  });

  it('a run that could not happen (no task, untrusted) or was stopped is no verdict on the tests', () => {
    assert.deepEqual(judgeTestRun(run({ exitCode: undefined, failure: 'The workspace has no test task.' }), 'x.test.ts'), { verdict: 'notRun', footer: 'tests not run: The workspace has no test task.' });
    assert.equal(judgeTestRun(run({ exitCode: undefined, cancelled: true }), 'x.test.ts').verdict, 'notRun');
  });
});
