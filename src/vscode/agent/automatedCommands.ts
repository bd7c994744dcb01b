/**
 * The automated tier: formatting, organizing imports and renaming a symbol are work VS Code's own
 * commands do exactly and for nothing, so these commands route the task (the decision is logged
 * with its rule like any other), run the editor command, and record it in the ledger at $0.
 */
import * as vscode from 'vscode';
import { runHeader } from '../../core/agent/runSummary';
import { AUTOMATED_MODEL } from '../../core/routing/router';
import type { TaskKind } from '../../core/routing/taskKinds';
import type { AgentCommand, AgentDeps } from './agentDeps';
import { activeEditorContext } from './editorContext';

interface AutomatedTask {
  readonly kind: TaskKind;
  /** The built-in command that does the work. */
  readonly command: string;
  readonly what: string;
}

const FORMAT: AutomatedTask = { kind: 'format', command: 'editor.action.formatDocument', what: 'format it' };
const IMPORTS: AutomatedTask = { kind: 'imports', command: 'editor.action.organizeImports', what: 'organize its imports' };
const RENAME: AutomatedTask = { kind: 'rename', command: 'editor.action.rename', what: 'rename a symbol in it' };

async function runAutomated(deps: AgentDeps, task: AutomatedTask): Promise<void> {
  const context = activeEditorContext(task.what, []);
  if (!context) return;
  const { engine, log } = deps.services;
  const decision = engine.preview({ surface: 'command', taskKind: task.kind, canAutomate: true, signals: context.signals });
  if (decision.tier !== 'automated') {
    // A setting or an override routed this kind to a model; the editor command is still exact and free.
    log.info(`automated ${task.kind}: routed to ${decision.tier} by ${decision.rule}, but ${task.command} does it without a model`);
  }
  const started = Date.now();
  await vscode.window.showTextDocument(context.document, { viewColumn: context.editor.viewColumn, preserveFocus: false });
  await vscode.commands.executeCommand(task.command);
  const done = { ...decision, tier: 'automated' as const, model: AUTOMATED_MODEL };
  await engine.recordAutomated(done, Date.now() - started, 'command');
  vscode.window.setStatusBarMessage(`$(check) ${runHeader(done)}`, 4000);
}

export const formatDocument: AgentCommand = (deps) => runAutomated(deps, FORMAT);
export const organizeImports: AgentCommand = (deps) => runAutomated(deps, IMPORTS);
export const renameSymbol: AgentCommand = (deps) => runAutomated(deps, RENAME);
