/**
 * Write Tests for This File (balanced): the source and any existing test file go in, the whole
 * test file comes back, is previewed against what is there (or created beside the source) and
 * opened.
 */
import * as vscode from 'vscode';
import { editAnswerProblem, firstFencedCode } from '../../core/agent/fencedCode';
import { testFilePath } from '../../core/agent/testFilePath';
import type { AgentCommand, AgentDeps } from './agentDeps';
import type { TierOverride } from '../../core/routing/request';
import { judgeTestRun, testClimbNotice, testGateFailure, testTaskNames } from '../../core/agent/testGate';
import { escalate } from '../../core/routing/escalation';
import type { AgentAnswer } from './agentRunner';
import { fileName } from './agentDeps';
import { activeEditorContext, fileItem, workspaceFileItem, workspaceUri } from './editorContext';
import { previewAndApplyOrReport } from './editPreview';
import { reportNoCode } from './linesEdit';
import { redoTier } from '../../core/agent/runSummary';
import { cascadeHeader } from '../../core/agent/cascade';

function withNewline(code: string): string {
  return code.endsWith('\n') ? code : `${code}\n`;
}

export const writeTests: AgentCommand = (deps, override) => writeTestsWith(deps, override);

/** A climb the test gate asked for: the answer whose tests failed, the failure for the prompt and the ledger, and the words for the preview. */
interface TestClimb {
  readonly from: AgentAnswer;
  readonly reason: string;
  readonly feedback: string;
  readonly notice: string;
  /** "tests failed in 88 ms, exit code 1 (task “unit tests”)". */
  readonly footer: string;
}

async function writeTestsWith(deps: AgentDeps, override?: TierOverride, climb?: TestClimb): Promise<void> {
  const context = activeEditorContext('write tests for it', deps.services.settings.config['completions.exclude']);
  if (!context) return;
  const testPath = testFilePath(context.path);
  const testUri = workspaceUri(testPath, context.document.uri) ?? context.document.uri.with({ path: context.document.uri.path.replace(/[^/]*$/, fileName(testPath)) });
  const existing = testPath === context.path ? undefined : await workspaceFileItem(testPath, deps.services.settings.config['completions.exclude']);
  const answer = await deps.runner.run({
    title: `Writing tests for ${fileName(context.path)}`,
    kind: 'tests',
    context: [fileItem(context), ...(existing ? [{ ...existing, label: `existing tests ${testPath}` }] : [])],
    instruction: climb ? `Write the tests to ${testPath}.\n\n${climb.feedback}` : `Write the tests to ${testPath}.`,
    signals: { ...context.signals, hasNearbyTests: existing !== undefined, selectionLines: undefined },
    check: editAnswerProblem,
    gate: async (text) => {
      const code = firstFencedCode(text);
      return code === undefined ? undefined : deps.gate.check(testUri, context.document.languageId, withNewline(code));
    },
    override,
    ...(climb ? { climbFrom: { answer: climb.from, reason: climb.reason } } : {}),
  });
  if (!answer) {
    // The climb was not sent (the budget's stop declined, cancelled, failed): the applied tests stay, for the user to review.
    if (climb) void deps.runner.announce(climb.from, `Tests written to ${testPath} · ${climb.footer} — needs your review (no stronger answer was sent)`, (redo) => writeTestsWith(deps, redo));
    return;
  }
  const code = firstFencedCode(answer.text);
  if (code === undefined) return reportNoCode(deps, `Writing tests for ${fileName(context.path)}`, answer);
  const verb = existing ? 'Replace' : 'Create';
  const above = redoTier(answer.decision);
  const gated = answer.cascade ? cascadeHeader(answer.cascade, answer.header) : answer.header;
  const header = climb ? `${climb.notice} · ${gated}` : gated;
  const outcome = await previewAndApplyOrReport(deps.previews, [{ uri: testUri, newText: withNewline(code) }], `${verb} ${testPath} with these tests?`, header, above !== undefined, deps.runner);
  if (outcome === 'redo' && above) return writeTestsWith(deps, { tier: above, scope: 'next' });
  if (outcome !== 'applied') return;
  const editor = await vscode.window.showTextDocument(testUri, { preview: false });
  // The test task reads the file from disk; the user applied it, so it is saved like any applied edit they run.
  await editor.document.save();
  const { policy, config } = deps.services.settings;
  const tests = judgeTestRun(await deps.tests.run('test', testTaskNames(policy.checks, config['verify.testTask'])), testPath);
  deps.services.log.info(`agent tests: ${tests.footer}`);
  const reason = testGateFailure(answer.decision, tests);
  // One step up as the escalation would go (escalation.maxSteps counts the diagnostics gate's climbs too).
  const next = tests.verdict === 'failed' && tests.feedback ? escalate(answer.decision, policy, reason) : undefined;
  if (next && tests.feedback) {
    const notice = testClimbNotice(answer.decision, tests, next);
    deps.runner.report({ kind: 'nothing', text: `${notice}…`, detail: tests.feedback });
    return writeTestsWith(deps, undefined, { from: answer, reason, feedback: tests.feedback, notice, footer: tests.footer });
  }
  const review = tests.verdict === 'failed' ? ' — needs your review' : '';
  void deps.runner.announce(answer, `Tests written to ${testPath} · ${tests.footer}${review}`, (redo) => writeTestsWith(deps, redo));
}
