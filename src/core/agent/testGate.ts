/**
 * The test gate of the verified cascade (issue 16): after Write Tests for This File is applied, the
 * workspace's test task runs (through the $0 checks' TaskRunner, trusted workspaces only). Passing
 * tests and a run that could not happen end the task with the result in the footer; failing tests go
 * one tier up with the failure's last lines, and on frontier they need the user's review.
 */
import type { CheckRun } from '../devLoop/checks';
import { checkPassed, formatDuration, lastLines } from '../devLoop/checks';
import type { RouteDecision } from '../routing/router';
import { modelDisplayName } from '../spend/estimate';

export interface TestGateResult {
  readonly verdict: 'passed' | 'failed' | 'notRun';
  /** For the footer: "tests passed in 1.2 s (task “unit tests”)". */
  readonly footer: string;
  /** For the next tier's prompt, when the tests failed. */
  readonly feedback?: string;
}

/** Lines of the failing run the next tier reads. */
const FEEDBACK_LINES = 40;

/**
 * The test run's verdict; a failing run's feedback asks to write `testPath` again (Write Tests), or,
 * given `again`, says that instead (Implement the Plan: "Carry out step 2 again so that …").
 */
export function judgeTestRun(run: CheckRun, testPath: string, again?: string): TestGateResult {
  const task = `task “${run.task}”`;
  if (run.cancelled) return { verdict: 'notRun', footer: `tests stopped after ${formatDuration(run.durationMs)} (${task})` };
  if (run.failure !== undefined) return { verdict: 'notRun', footer: `tests not run: ${run.failure}` };
  if (checkPassed(run)) return { verdict: 'passed', footer: `tests passed in ${formatDuration(run.durationMs)} (${task})` };
  const exit = run.exitCode === undefined ? '' : `, exit code ${run.exitCode}`;
  const footer = `tests failed in ${formatDuration(run.durationMs)}${exit} (${task})`;
  const tail = lastLines(run.output, FEEDBACK_LINES).lines.join('\n');
  const output = run.outputCaptured && tail.trim() !== '' ? `The last lines of its output:\n\`\`\`\n${tail.replace(/```/g, "'''")}\n\`\`\`` : 'Its output is not available.';
  const feedback = again
    ? [`After an earlier answer was applied the project's tests were run with the ${task}${exit}: they failed. ${output}`, again].join('\n')
    : [
        `An earlier ${testPath} was written and the project's tests were run with the ${task}${exit}: they failed. ${output}`,
        `Write ${testPath} again so that its tests pass against the source as it is; do not change the source.`,
      ].join('\n');
  return { verdict: 'failed', footer, feedback };
}

/** "Sonnet 5.5's tests failed in 1.2 s, exit code 1 (task “unit tests”)": the climb's reason in the ledger. */
export function testGateFailure(failed: Pick<RouteDecision, 'model'>, result: TestGateResult): string {
  return `${modelDisplayName(failed.model)}'s ${result.footer}`;
}

/** "Sonnet 5.5's tests failed in 1.2 s, exit code 1 (task “unit tests”) → asked Opus 5.5". */
export function testClimbNotice(failed: Pick<RouteDecision, 'model'>, result: TestGateResult, next: Pick<RouteDecision, 'model'>): string {
  return `${testGateFailure(failed, result)} → asked ${modelDisplayName(next.model)}`;
}

/** The checks' task names with the test gate's task: `modelRouter.verify.testTask` when set, else the team file's `checks.test`. */
export function testTaskNames<T extends { readonly test?: string }>(checks: T, verifyTestTask: string): T {
  const name = verifyTestTask.trim();
  return name === '' ? checks : { ...checks, test: name };
}
