/**
 * How a surface sends a request from VS Code: the engine's one path, plus the user-facing parts
 * that need the editor — asking for a missing key instead of failing, asking before a request a
 * spent budget would stop, and turning failures into a message with the action that fixes them.
 */
import * as vscode from 'vscode';
import type { Engine, RunOptions, RunResult } from '../../core/engine';
import type { RouteDecision } from '../../core/routing/router';
import { describeError } from '../../core/model/errorMessages';
import type { ApiKeyStore } from './apiKey';
import type { ActionItem } from './errorActions';
import { actionItems, runErrorAction } from './errorActions';
import type { Log } from './log';

/** Offered with a failure that came after part of the answer arrived. */
export const SHOW_PARTIAL = 'Show Partial Answer';

export class RequestRunner {
  constructor(
    private readonly engine: Engine,
    private readonly keys: ApiKeyStore,
    private readonly log: Log,
  ) {}

  /** Runs a request; a missing key is asked for and a budget stop is confirmed, each once. */
  async run(given: RunOptions): Promise<RunResult> {
    const options: RunOptions = { ...given, confirmClimb: given.confirmClimb ?? confirmClimb };
    let result = await this.engine.run(options);
    if (result.kind === 'noKey') {
      const stored = await this.keys.promptAndStore('Model Router needs your Anthropic API key to send this request. It is kept in VS Code’s secret storage.');
      if (stored) result = await this.engine.run(options);
    }
    // A declined climb was asked about already (confirmClimb); its answer stays the one to review.
    if (result.kind === 'blocked' && !result.climbDeclined) {
      const choice = await vscode.window.showWarningMessage(`Model Router: ${result.message}`, { modal: true, detail: 'Send this request anyway?' }, 'Send Anyway');
      if (choice === 'Send Anyway') result = await this.engine.run({ ...options, ignoreBudgetStop: true });
    }
    return result;
  }

  /**
   * Shows a failed request's message with its actions; resolves to true when the user chose Retry.
   * For surfaces without a place of their own to show errors (commands, not chat or completions).
   */
  async reportFailure(result: RunResult): Promise<boolean> {
    if (result.kind !== 'done' || result.result.outcome !== 'error') return false;
    const { message, actions } = describeError(result.result.error, result.decision.model);
    // What streamed before the failure is never applied, but the user can still read it.
    const partial = result.result.text.trim();
    const partialItem: vscode.MessageItem & { readonly action?: undefined } = { title: SHOW_PARTIAL };
    const items: Array<ActionItem | typeof partialItem> = [...actionItems(actions), ...(partial ? [partialItem] : [])];
    const choice = await vscode.window.showErrorMessage(`Model Router: ${this.log.scrub(message)}`, ...items);
    if (choice === partialItem) {
      const header = `<!-- Model Router: the part of ${result.decision.model}'s answer that arrived before it failed. Nothing was applied. -->`;
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${header}\n\n${this.log.scrub(partial)}\n` });
      await vscode.window.showTextDocument(document, { preview: false });
      return false;
    }
    if (choice?.action === undefined) return false;
    await runErrorAction(choice.action, this.log);
    return choice.action === 'retry';
  }
}

/**
 * A climb after a failed check, when the budget says stop: asked like any stopped request, with
 * why the climb is wanted (the reason the escalation added).
 */
export async function confirmClimb(message: string, next: RouteDecision): Promise<boolean> {
  const why = next.reasons[next.reasons.length - 1] ?? 'the answer failed its check';
  // A dialog the window refuses to show (VS Code under test refuses every modal) is a No: the answer that failed is shown.
  const choice = await Promise.resolve(vscode.window.showWarningMessage(`Model Router: ${message}`, { modal: true, detail: `${why}. Ask ${next.tier} (${next.model}) anyway? Otherwise the answer that failed is shown for your review.` }, 'Send Anyway')).catch(() => undefined);
  return choice === 'Send Anyway';
}
