/**
 * Implement the Plan: the active plan document's `## Step N` sections run in order, each on the
 * balanced tier with the plan and the step's files in context. An answer that names other files
 * or does not parse is asked again one tier up (the Engine's check), and so is one whose edit VS
 * Code does not apply; each step's edit is previewed and applied; the cost is rolled up per step, escalated attempts included, beside the plan's own.
 */
import * as vscode from 'vscode';
import { fileEdits, implementProblem } from '../../core/agent/implementAnswer';
import type { PlanStep } from '../../core/agent/plan';
import { parsePlan, planProblem } from '../../core/agent/plan';
import { redoTier } from '../../core/agent/runSummary';
import type { StepCost, StepSpend } from '../../core/agent/planCost';
import { PlanCostTally, spendOf } from '../../core/agent/planCost';
import type { SpendRecord } from '../../core/spend/spendRecord';
import { formatUsd } from '../../core/money';
import { secretFileRefusal } from '../../core/privacy/secretFiles';
import type { TierOverride } from '../../core/routing/request';
import type { AgentCommand, AgentDeps } from './agentDeps';
import { showMarkdown } from './agentDeps';
import { workspaceFileItem, workspaceUri } from './editorContext';
import { previewAndApply } from './editPreview';
import { secretPatternFor } from '../platform/secretFiles';
import { cascadeHeader } from '../../core/agent/cascade';
import type { GateVerdict } from '../../core/agent/diagnosticsGate';
import { languageOf } from './diagnosticsProbe';
import type { AgentAnswer } from './agentRunner';
import { judgeTestRun, testClimbNotice, testGateFailure, testTaskNames } from '../../core/agent/testGate';
import { escalate } from '../../core/routing/escalation';
import { shortModel } from '../../core/agent/diagnosticsGate';

const NOTHING: StepSpend = { requests: 0, costMicros: 0, unpricedRequests: 0, models: [] };

/**
 * Runs one step: the files are read (again on each attempt), the answer is previewed and applied.
 * An edit VS Code does not apply — the user changed a file while its preview was open, or a file
 * could not be written — is asked again one tier up with the files as they are now, as a broken
 * answer is; on frontier, or when the user discards it, the step ends there. The step's paths
 * resolve in the plan's own workspace folder unless they name another (multi-root workspaces).
 */
/** A step asked again after the plan's tests failed: the answer it climbs from, the failure for the prompt and the ledger, the words for the preview. */
interface StepClimb {
  readonly from: AgentAnswer;
  readonly reason: string;
  readonly feedback: string;
  readonly notice: string;
}

interface StepOutcome {
  readonly status: StepCost['status'];
  readonly spend: StepSpend;
  readonly review?: string;
  /** The answer that was applied. */
  readonly applied?: AgentAnswer;
}

async function runStep(deps: AgentDeps, step: PlanStep, plan: string, planUri: vscode.Uri, signal: AbortSignal, override?: TierOverride, climb?: StepClimb): Promise<StepOutcome> {
  // The step's own records, never the window's totals: a chat message sent meanwhile is not the step's.
  const records: SpendRecord[] = [];
  const spent = (): StepSpend => spendOf(records);
  let attemptOverride = override;
  for (;;) {
    const items = await Promise.all(step.files.map(async (file) => (await workspaceFileItem(file, deps.services.settings.config['completions.exclude'], planUri)) ?? { label: `new file ${file}`, path: file, text: '(does not exist yet)' }));
    const answer = await deps.runner.run({
      title: `Step ${step.number}: ${step.title}`,
      kind: 'implement',
      context: [{ label: 'the whole plan', text: plan }, ...items],
      instruction: `Carry out this step only:\n\n${step.text}${climb ? `\n\n${climb.feedback}` : ''}`,
      signals: { files: step.files },
      check: (text) => implementProblem(text, step.files),
      // The language server judges each file the step's edit writes, as it would be (the verified cascade).
      gate: (text) => gateStep(deps, text, planUri, signal),
      signal,
      onRecords: (attempts) => records.push(...attempts),
      override: attemptOverride,
      ...(climb && attemptOverride === override ? { climbFrom: { answer: climb.from, reason: climb.reason } } : {}),
    });
    if (!answer) return { status: signal.aborted ? 'cancelled' : 'failed', spend: spent() };
    const problem = implementProblem(answer.text, step.files);
    if (problem) {
      stopPlan(deps, `step ${step.number} stopped the plan: ${problem}, even on ${answer.decision.tier}`);
      return { status: 'failed', spend: spent() };
    }
    const edits = fileEdits(answer.text).flatMap((edit) => {
      const uri = workspaceUri(edit.path, planUri);
      return uri ? [{ uri, newText: edit.content }] : [];
    });
    const above = redoTier(answer.decision);
    // The climbs and any "needs your review" are on the preview's bar, where the user decides.
    const gated = answer.cascade ? cascadeHeader(answer.cascade, answer.header) : answer.header;
    const header = climb ? `${climb.notice} · ${gated}` : gated;
    if (answer.cascade?.review) deps.services.log.info(`agent implement: step ${step.number}: ${answer.cascade.review}`);
    const outcome = await previewAndApply(deps.previews, edits, `Apply step ${step.number} (${step.files.join(', ')})?`, header, above !== undefined);
    if (outcome.kind === 'redo' && above) {
      attemptOverride = { tier: above, scope: 'next' };
      continue;
    }
    if (outcome.kind !== 'failed') return { status: outcome.kind === 'applied' ? 'done' : 'skipped', spend: spent(), ...(answer.cascade?.review ? { review: answer.cascade.review } : {}), ...(outcome.kind === 'applied' ? { applied: answer } : {}) };
    if (!above || signal.aborted) {
      stopPlan(deps, `step ${step.number} stopped the plan: ${outcome.reason}, even on ${answer.decision.tier}`);
      return { status: signal.aborted ? 'cancelled' : 'failed', spend: spent() };
    }
    deps.services.log.info(`agent implement: step ${step.number} was not applied (${outcome.reason}); asking again on ${above}`);
    attemptOverride = { tier: above, scope: 'next' };
  }
}

/**
 * The diagnostics gate for a step: each file its edit writes that the gate can judge, checked in
 * turn; the first with new errors is the verdict (the next tier reads its errors), else one that
 * could not be checked, else the last clean one. Undefined when no file could be judged.
 */
async function gateStep(deps: AgentDeps, text: string, planUri: vscode.Uri, signal: AbortSignal): Promise<GateVerdict | undefined> {
  let verdict: GateVerdict | undefined;
  for (const edit of fileEdits(text)) {
    const uri = workspaceUri(edit.path, planUri);
    const languageId = uri && languageOf(uri);
    if (!uri || !languageId || !deps.gate.judges(languageId) || signal.aborted) {
      deps.services.log.info(`agent implement: gate: ${edit.path} not checked (${languageId ?? 'outside the workspace'})`);
      continue;
    }
    // A file that cannot be checked (its folder cannot be written: the edit will fail to apply too) is not judged.
    const checked = await deps.gate.check(uri, languageId, edit.content, signal).catch((error: unknown) => {
      deps.services.log.info(`agent implement: gate: ${edit.path} could not be checked: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (!checked) continue;
    deps.services.log.info(`agent implement: gate: ${edit.path}: ${checked.newErrors.length} new errors${checked.unchecked ? `, ${checked.unchecked}` : ''} (${checked.elapsedMs} ms)`);
    if (checked.newErrors.length > 0) return checked;
    if (!verdict?.unchecked) verdict = checked;
  }
  return verdict;
}

/**
 * The test gate after the plan (trusted workspaces, a test task): failing tests ask the last applied
 * step again one tier up with the failure output, through the diagnostics gate and its preview, and
 * the tests run again; on frontier, or with no step left, the summary says the tests need your review.
 * Returns the summary's line: the last run's result and time.
 */
async function testGate(deps: AgentDeps, last: { step: PlanStep; answer: AgentAnswer }, files: readonly string[], plan: string, planUri: vscode.Uri, signal: AbortSignal, tally: PlanCostTally, reviews: string[]): Promise<string> {
  const { policy, config } = deps.services.settings;
  let current = last;
  for (;;) {
    const again = `Carry out step ${current.step.number} again, with the files as they are now, so that the project's tests pass.`;
    // Tasks read the files from disk: the applied edits are saved first, as the user's own would be
    // (each document by itself: workspace.saveAll leaves out a dirty document that has no tab).
    await saveEdited(files, planUri);
    const tests = judgeTestRun(await deps.tests.run('test', testTaskNames(policy.checks, config['verify.testTask']), signal), '', again);
    deps.services.log.info(`agent implement: ${tests.footer}`);
    if (tests.verdict !== 'failed' || !tests.feedback || signal.aborted) return tests.footer;
    const reason = testGateFailure(current.answer.decision, tests);
    const next = escalate(current.answer.decision, policy, reason);
    if (!next) {
      reviews.push(`- the project's tests: ${tests.footer} after ${shortModel(current.answer.decision)}'s step ${current.step.number} — needs your review`);
      return `${tests.footer} — needs your review`;
    }
    const notice = testClimbNotice(current.answer.decision, tests, next);
    const label = `Again after the tests: step ${current.step.number}, ${current.step.title}`;
    const outcome = await runStep(deps, current.step, plan, planUri, signal, undefined, { from: current.answer, reason, feedback: tests.feedback, notice });
    tally.add(label, outcome.spend, outcome.status);
    if (outcome.review) reviews.push(`- ${label}: ${outcome.review}`);
    if (!outcome.applied) {
      reviews.push(`- the project's tests: ${tests.footer}; the step asked again was not applied — needs your review`);
      return `${tests.footer} — needs your review`;
    }
    current = { step: current.step, answer: outcome.applied };
  }
}

/** Saves the plan's files that are dirty (the steps' edits; a step writes only the files it names). */
async function saveEdited(files: readonly string[], planUri: vscode.Uri): Promise<void> {
  for (const file of files) {
    const uri = workspaceUri(file, planUri);
    const document = uri && vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
    if (document?.isDirty) await document.save();
  }
}

/** Why the plan stopped, in the status bar and as a notification. */
function stopPlan(deps: AgentDeps, reason: string): void {
  deps.runner.report({ kind: 'error', text: `Model Router: ${reason}` });
  void vscode.window.showWarningMessage(`Model Router: ${reason}.`);
}

export const implementPlan: AgentCommand = async (deps, override) => {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'markdown') {
    void vscode.window.showWarningMessage('Model Router: open the plan (a Markdown document with “## Step N” sections, from Plan a Change) first.');
    return;
  }
  const planSecret = secretPatternFor(document.uri, deps.services.settings.config['completions.exclude']);
  if (planSecret !== undefined) {
    void vscode.window.showWarningMessage(secretFileRefusal(vscode.workspace.asRelativePath(document.uri, false), planSecret, 'implement it as a plan'));
    return;
  }
  const plan = document.getText();
  const problem = planProblem(plan);
  if (problem) {
    void vscode.window.showErrorMessage(`Model Router: ${problem}`);
    return;
  }
  const steps = parsePlan(plan);
  // A step would send a secret file and write it back whole: the plan does not start.
  const patterns = deps.services.settings.config['completions.exclude'];
  for (const file of new Set(steps.flatMap((step) => step.files))) {
    const uri = workspaceUri(file, document.uri);
    const secret = uri && secretPatternFor(uri, patterns);
    if (secret) {
      void vscode.window.showWarningMessage(secretFileRefusal(file, secret, 'implement the plan'));
      return;
    }
  }
  const tally = new PlanCostTally();
  // Steps whose last answer still failed the diagnostics gate: the summary lists them for review.
  const reviews: string[] = [];
  // The test gate's result after the plan: passed, failed (needs your review) or not run, with the time.
  let testsLine: string | undefined;
  const planSpend = deps.plans.get(document.uri.toString());
  if (planSpend) tally.add('Plan', planSpend, 'done');
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Router: Implementing the plan', cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    let stopped = false;
    let last: { step: PlanStep; answer: AgentAnswer } | undefined;
    try {
      for (const [index, step] of steps.entries()) {
        const label = `Step ${step.number}: ${step.title}`;
        if (stopped || controller.signal.aborted) {
          tally.add(label, NOTHING, controller.signal.aborted ? 'cancelled' : 'skipped');
          continue;
        }
        progress.report({ message: `${label} (${index + 1} of ${steps.length})`, increment: 100 / steps.length });
        const outcome = await runStep(deps, step, plan, document.uri, controller.signal, override);
        tally.add(label, outcome.spend, outcome.status);
        if (outcome.review) reviews.push(`- ${label} (${outcome.status === 'done' ? 'applied' : 'not applied'}): ${outcome.review}`);
        if (outcome.applied) last = { step, answer: outcome.applied };
        stopped = outcome.status === 'failed';
      }
      if (last && !stopped && !controller.signal.aborted) {
        progress.report({ message: 'running the tests' });
        testsLine = await testGate(deps, last, [...new Set(steps.flatMap((each) => each.files))], plan, document.uri, controller.signal, tally, reviews);
      }
    } finally {
      subscription.dispose();
    }
  });
  const done = tally.all.filter((step) => step.label.startsWith('Step') && step.status === 'done').length;
  const review = reviews.length > 0 ? `\n## Needs your review\n\n${reviews.join('\n')}\n` : '';
  const testsText = testsLine ? ` · ${testsLine}` : '';
  await showMarkdown(`# Implementation of the plan\n\n${done} of ${steps.length} steps applied${testsText}.\n\n${tally.table()}\n${review}`);
  const summary = `${done} of ${steps.length} plan steps applied${testsText} — ${formatUsd(tally.totalMicros)} in all, per step in the summary`;
  // A stopped plan keeps its reason in the status bar; the summary document says the rest.
  if (done === steps.length) deps.runner.report({ kind: 'done', text: summary });
  void vscode.window.showInformationMessage(`Model Router: ${summary}.`);
};
