/**
 * What every agent command receives, and the one place its results are shown as documents: a
 * Markdown document for reports and plans, opened beside the code. Explanations go to the chat.
 */
import * as vscode from 'vscode';
import type { StepSpend } from '../../core/agent/planCost';
import type { TierOverride } from '../../core/routing/request';
import type { CommandTurn } from '../../shared/chatProtocol';
import type { ModelRouterServices } from '../platform/services';
import type { AgentRunner } from './agentRunner';
import type { PreviewContent } from './editPreview';
import type { DiagnosticsGate } from './diagnosticsProbe';
import type { CheckRunner } from '../platform/tasks';
import type { LedgerStore } from '../../core/spend/ledgerStore';

export interface AgentDeps {
  readonly services: ModelRouterServices;
  readonly runner: AgentRunner;
  readonly previews: PreviewContent;
  /** Findings of Review Uncommitted Changes and Security Review, shown in the Problems view. */
  readonly findings: vscode.DiagnosticCollection;
  /** What each plan document cost to write, by document URI, for Implement the Plan's roll-up. */
  readonly plans: Map<string, StepSpend>;
  /** Runs the workspace's test task for Write Tests' test gate (the $0 checks' runner; trusted workspaces only). */
  readonly tests: CheckRunner;
  /** The ledger's files, read by Write ROUTING.md for the last weeks' split (every window's requests). */
  readonly ledgerStore: LedgerStore;
  /** The diagnostics gate of the verified cascade: the language server's new errors for a proposed edit. */
  readonly gate: DiagnosticsGate;
  /** The Model Router chat view, where Explain Selection asks and its answer renders. */
  readonly chat: { ask(turn: CommandTurn, text: string): Promise<void> };
}

/**
 * A command body: run with no override, or with the tier "Redo one tier up" asked for; `arg` is
 * what VS Code passed (the Source Control title passes its repository).
 */
export type AgentCommand = (deps: AgentDeps, override?: TierOverride, arg?: unknown) => Promise<void>;

/** Opens Markdown in a new, editable, untitled document beside the active editor. */
export async function showMarkdown(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

/** The last line of a path: what messages call a file. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
