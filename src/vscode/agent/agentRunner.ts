/**
 * The shared runner every agent command goes through: the request is routed by its declared task
 * kind, runs under a cancellable progress notification (Cancel aborts the HTTP stream), a missing
 * key or spent budget is handled by the RequestRunner, failures show their fix, and a finished
 * answer says which model did the work and why, with "Redo one tier up" — in the status bar
 * (outcomeBar.ts) as well as the notification center, which this VS Code build keeps out of sight.
 */
import * as vscode from 'vscode';
import type { RunResult } from '../../core/engine';
import type { ContextItem } from '../../core/prompts/contextText';
import { buildCommandPrompt } from '../../core/prompts/commandPrompt';
import type { RouteDecision } from '../../core/routing/router';
import { redoTier, runDetail, runHeader } from '../../core/agent/runSummary';
import { fallbackNotice } from '../../core/routing/fallback';
import type { Cost } from '../../core/spend/pricing';
import type { ScopeSignals } from '../../core/routing/scope';
import type { TierOverride } from '../../core/routing/request';
import type { SpendRecord } from '../../core/spend/spendRecord';
import type { TaskKind } from '../../core/routing/taskKinds';
import { TIER_LABELS } from '../../core/routing/tiers';
import { REDO_LABEL, redoVisibly } from '../../core/agent/redo';
import { COMMANDS } from '../../core/commands';
import { describeError } from '../../core/model/errorMessages';
import type { ModelRouterServices } from '../platform/services';
import type { AgentOutcome, OutcomeBar } from './outcomeBar';
import type { CascadeSummary, GatedAttempt } from '../../core/agent/cascade';
import { summarizeCascade } from '../../core/agent/cascade';
import type { GateVerdict } from '../../core/agent/diagnosticsGate';
import { errorsForPrompt, gateFailure, shortModel } from '../../core/agent/diagnosticsGate';
import { confirmClimb } from '../platform/requestRunner';

export interface AgentTask {
  /** Shown in the progress notification: "Writing tests for parse.ts". */
  readonly title: string;
  readonly kind: TaskKind;
  readonly context: readonly ContextItem[];
  readonly signals?: ScopeSignals;
  readonly instruction?: string;
  /** The context's budget in characters, when the command fitted its items itself (Deep Audit); else the prompt's default. */
  readonly contextBudgetChars?: number;
  /** The local check whose failure re-runs the request one tier up. */
  readonly check?: (text: string) => string | undefined;
  /**
   * The editor's own check of an answer (the diagnostics gate): an answer with new errors is asked
   * again one tier up with those errors in its prompt; undefined when it cannot be judged.
   */
  readonly gate?: (text: string, decision: RouteDecision) => Promise<GateVerdict | undefined>;
  /** Set by "Redo one tier up". */
  readonly override?: TierOverride;
  /**
   * A climb a gate asked for once an earlier answer was applied (the test gate): the task is asked
   * one step above that answer, recorded as an escalation with `reason`.
   */
  readonly climbFrom?: { readonly answer: AgentAnswer; readonly reason: string };
  /** Cancellation from an outer progress (Implement the Plan runs many tasks under one). */
  readonly signal?: AbortSignal;
  /** Told of every attempt's decision, the first and each one tier up after a failed check. */
  readonly onAttempt?: (decision: RouteDecision) => void;
  /** Told of the ledger records of every attempt, failed ones and retries included: what the task spent. */
  readonly onRecords?: (records: readonly SpendRecord[]) => void;
}

export interface AgentAnswer {
  readonly text: string;
  readonly decision: RouteDecision;
  readonly cost: Cost;
  /** The ledger record of the final attempt. */
  readonly record: SpendRecord;
  /** "Sonnet 5.5 · balanced · taskKind:tests — $0.0123". */
  readonly header: string;
  /** What the diagnostics gate did, when the task has one: its climbs, and a review note when the last answer still fails. */
  readonly cascade?: CascadeSummary;
}

export { REDO_LABEL } from '../../core/agent/redo';

export class AgentRunner {
  /**
   * The ledger id of the answer each Redo one tier up re-asks, by the override object the redo
   * hands its command (commands pass it through to `run` untouched), so the redo's record links it.
   */
  private readonly redoes = new WeakMap<TierOverride, string>();

  constructor(
    private readonly services: ModelRouterServices,
    /** Where every command's result or reason shows. */
    readonly outcome: OutcomeBar,
  ) {}

  /** Shows how a command ended (a result, or why nothing changed) and logs it. */
  report(outcome: AgentOutcome): void {
    this.services.log.info(`agent: ${outcome.text}${outcome.detail ? ` (${outcome.detail})` : ''}`);
    this.outcome.show(outcome);
  }

  /** Runs one task with its own progress notification; undefined when cancelled, stopped or failed (already reported). */
  run(task: AgentTask): Promise<AgentAnswer | undefined> {
    // The last command's outcome is stale once another starts (its Redo would redo the wrong thing).
    this.outcome.hide();
    if (task.signal) return this.send(task, task.signal);
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Model Router: ${task.title}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await this.send(task, controller.signal, (decision) => progress.report({ message: `${TIER_LABELS[decision.tier]} · ${decision.model}` }));
          } finally {
            subscription.dispose();
          }
        },
      ),
    );
  }

  private async send(task: AgentTask, signal: AbortSignal, onProgress?: (decision: RouteDecision) => void): Promise<AgentAnswer | undefined> {
    const onDecision = (decision: RouteDecision) => {
      onProgress?.(decision);
      task.onAttempt?.(decision);
    };
    for (;;) {
      const gated: Array<GatedAttempt & { readonly decision: RouteDecision }> = [];
      // The last gate failure's errors, for the next tier's prompt.
      let feedback: string | undefined;
      // A climb the user did not send past the budget's stop: the review note says so.
      let declined: string | undefined;
      const check = async (text: string, decision: RouteDecision): Promise<string | undefined> => {
        const local = task.check?.(text);
        if (local !== undefined || !task.gate) return local;
        const verdict = await task.gate(text, decision);
        gated.push({ decision, text, ...(verdict ? { verdict } : {}) });
        if (verdict?.unchecked) this.services.log.info(`agent ${task.kind}: gate: ${verdict.unchecked}`);
        if (!verdict || verdict.newErrors.length === 0) return undefined;
        feedback = errorsForPrompt(verdict, decision.model);
        this.services.log.info(`agent ${task.kind}: gate: ${gateFailure(decision, verdict)} (checked in ${verdict.elapsedMs} ms)`);
        return gateFailure(decision, verdict);
      };
      const result: RunResult = await this.services.requests.run({
        request: { surface: 'command', taskKind: task.kind, prompt: task.instruction, signals: task.signals, ...(task.gate ? { gated: true } : {}) },
        prompt: () => buildCommandPrompt({ kind: task.kind, instruction: feedback ? `${task.instruction ?? ''}\n\n${feedback}`.trim() : task.instruction, context: task.context, ...(task.contextBudgetChars !== undefined ? { contextBudgetChars: task.contextBudgetChars } : {}) }),
        override: task.override,
        ...(task.climbFrom ? { climbFrom: { decision: task.climbFrom.answer.decision, record: task.climbFrom.answer.record, reason: task.climbFrom.reason } } : {}),
        ...redoLink(task.override && this.redoes.get(task.override)),
        signal,
        check: task.check || task.gate ? check : undefined,
        confirmClimb: async (message, next) => {
          const allowed = await confirmClimb(message, next);
          if (!allowed) declined = `${shortModel(next)} was not asked: ${message}`;
          return allowed;
        },
        onDecision,
        onEscalate: (decision, failed) => {
          onDecision(decision);
          this.services.log.info(`agent ${task.kind}: ${failed}; retrying on ${decision.tier}`);
        },
        onFallback: (decision, notice) => {
          onDecision(decision);
          this.services.log.info(`agent ${task.kind}: ${notice}`);
        },
      });
      if (result.kind === 'done') task.onRecords?.(result.attempts);
      if (result.kind !== 'done') {
        if (result.kind === 'blocked') this.report({ kind: 'nothing', text: `${task.title}: ${result.climbDeclined ? 'the climb was not sent' : 'not sent'}`, detail: result.message });
        if (result.kind === 'noKey') this.report({ kind: 'nothing', text: `${task.title}: not sent, no API key`, action: { title: 'Set API Key', run: () => vscode.commands.executeCommand(COMMANDS.setApiKey.id) } });
        return undefined;
      }
      if (result.result.outcome === 'cancelled' || signal.aborted) {
        this.services.log.info(`agent ${task.kind}: cancelled`);
        return undefined;
      }
      if (result.result.outcome === 'error') {
        const { message } = describeError(result.result.error, result.decision.model);
        this.report({ kind: 'error', text: `${task.title} failed: ${this.services.log.scrub(message)}`, action: { title: 'Show Log', run: () => this.services.log.show() } });
        if (await this.services.requests.reportFailure(result)) continue;
        return undefined;
      }
      const answer: AgentAnswer = { text: result.result.text, decision: result.decision, cost: result.cost, record: result.record, header: runHeader(result.decision, result.cost) };
      if (!task.gate || gated.length === 0) return answer;
      const summary = summarizeCascade(gated);
      const cascade = declined && summary.review ? { ...summary, review: `${summary.review} · ${declined}` } : summary;
      const offered = gated[cascade.offer];
      // The best answer is an earlier tier's: the user reviews that one, under its own model's name.
      if (offered.text !== answer.text) return { ...answer, text: offered.text, header: `${runHeader(offered.decision)} (best of ${gated.length}; ${answer.header})`, cascade };
      return { ...answer, cascade };
    }
  }

  /**
   * Says which model did the work and why, with "Redo one tier up" where a tier is above: in the
   * status bar, whose click redoes, and as a notification; the returned promise settles when the
   * notification is dismissed or the redo has run.
   */
  async announce(answer: AgentAnswer, summary: string, redo: (override: TierOverride) => Promise<unknown>): Promise<void> {
    const above = redoTier(answer.decision);
    const fellBack = fallbackNotice(answer.decision);
    const climbs = answer.cascade?.climbs.length ? ` (${answer.cascade.climbs.join('; ')})` : '';
    const message = `${summary}${climbs} — ${answer.header}${fellBack ? `. ${fellBack}` : ''}`;
    this.services.log.info(`agent ${answer.decision.taskKind}: ${answer.header}; ${runDetail(answer.decision)}`);
    let redone = false;
    const again = above ? () => {
      if (redone) return undefined;
      redone = true;
      // Outside the command's error handling by now: a failure is shown and logged, never left unhandled.
      const override: TierOverride = { tier: above, scope: 'next' };
      this.redoes.set(override, answer.record.id);
      return redoVisibly(() => redo(override), (failure) => {
        this.services.log.warn(failure);
        void vscode.window.showErrorMessage(failure);
      }, (text) => this.services.log.scrub(text));
    } : undefined;
    this.outcome.show({ kind: 'done', text: message, detail: runDetail(answer.decision) || undefined, ...(again ? { action: { title: REDO_LABEL, run: again } } : {}) });
    const choice = above ? await vscode.window.showInformationMessage(message, REDO_LABEL) : await vscode.window.showInformationMessage(message);
    if (choice === REDO_LABEL && again) await again();
  }
}

function redoLink(id: string | undefined): { retryOf?: { id: string; action: 'redoUp' } } {
  return id === undefined ? {} : { retryOf: { id, action: 'redoUp' } };
}
