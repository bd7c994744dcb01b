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

const NOTHING: StepSpend = { requests: 0, costMicros: 0, unpricedRequests: 0, models: [] };

/**
 * Runs one step: the files are read (again on each attempt), the answer is previewed and applied.
 * An edit VS Code does not apply — the user changed a file while its preview was open, or a file
 * could not be written — is asked again one tier up with the files as they are now, as a broken
 * answer is; on frontier, or when the user discards it, the step ends there. The step's paths
 * resolve in the plan's own workspace folder unless they name another (multi-root workspaces).
 */
async function runStep(deps: AgentDeps, step: PlanStep, plan: string, planUri: vscode.Uri, signal: AbortSignal, override?: TierOverride): Promise<{ status: StepCost['status']; spend: StepSpend }> {
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
      instruction: `Carry out this step only:\n\n${step.text}`,
      signals: { files: step.files },
      check: (text) => implementProblem(text, step.files),
      signal,
      onRecords: (attempts) => records.push(...attempts),
      override: attemptOverride,
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
    const outcome = await previewAndApply(deps.previews, edits, `Apply step ${step.number} (${step.files.join(', ')})?`, answer.header, above !== undefined);
    if (outcome.kind === 'redo' && above) {
      attemptOverride = { tier: above, scope: 'next' };
      continue;
    }
    if (outcome.kind !== 'failed') return { status: outcome.kind === 'applied' ? 'done' : 'skipped', spend: spent() };
    if (!above || signal.aborted) {
      stopPlan(deps, `step ${step.number} stopped the plan: ${outcome.reason}, even on ${answer.decision.tier}`);
      return { status: signal.aborted ? 'cancelled' : 'failed', spend: spent() };
    }
    deps.services.log.info(`agent implement: step ${step.number} was not applied (${outcome.reason}); asking again on ${above}`);
    attemptOverride = { tier: above, scope: 'next' };
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
  const planSpend = deps.plans.get(document.uri.toString());
  if (planSpend) tally.add('Plan', planSpend, 'done');
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Router: Implementing the plan', cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    let stopped = false;
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
        stopped = outcome.status === 'failed';
      }
    } finally {
      subscription.dispose();
    }
  });
  const done = tally.all.filter((step) => step.label.startsWith('Step') && step.status === 'done').length;
  await showMarkdown(`# Implementation of the plan\n\n${done} of ${steps.length} steps applied.\n\n${tally.table()}\n`);
  const summary = `${done} of ${steps.length} plan steps applied — ${formatUsd(tally.totalMicros)} in all, per step in the summary`;
  // A stopped plan keeps its reason in the status bar; the summary document says the rest.
  if (done === steps.length) deps.runner.report({ kind: 'done', text: summary });
  void vscode.window.showInformationMessage(`Model Router: ${summary}.`);
};
