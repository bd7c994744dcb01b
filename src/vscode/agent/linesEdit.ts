/**
 * The edit shared by Add Docstring, Refactor Selection… and Fix the Problem at the Cursor: the
 * model is shown the file and some lines, its code block goes into one range of the document,
 * previewed and applied as one edit. "Redo one tier up" asks the better model the same question —
 * about the code as it was — and its answer replaces the first one's text, so a redo never stacks a
 * second docstring or refactors the first model's refactoring.
 */
import * as vscode from 'vscode';
import { editAnswerProblem, firstFencedCode } from '../../core/agent/fencedCode';
import type { ContextItem } from '../../core/prompts/contextText';
import type { ScopeSignals } from '../../core/routing/scope';
import type { TierOverride } from '../../core/routing/request';
import type { TaskKind } from '../../core/routing/taskKinds';
import { redoTier } from '../../core/agent/runSummary';
import { modelDisplayName } from '../../core/spend/estimate';
import type { AgentDeps } from './agentDeps';
import type { AgentAnswer } from './agentRunner';
import { previewAndApplyOrReport } from './editPreview';
import { cascadeHeader } from '../../core/agent/cascade';

export interface LinesTarget {
  readonly document: vscode.TextDocument;
  /** Workspace-relative, as prompts show it. */
  readonly path: string;
  /** Where the answer goes in the document as it is now (empty for an insertion). */
  readonly range: vscode.Range;
  /** The file and the lines the user asked about, as they were then. */
  readonly fileText: string;
  readonly selectedText: string;
  /** 1-based line numbers of `selectedText` in `fileText`. */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly signals: ScopeSignals;
  readonly extra?: ContextItem;
  /** For a redo: the document's version when the first answer was applied. */
  readonly version?: number;
}

export interface LinesTask {
  readonly kind: TaskKind;
  /** Progress title: "Refactoring total.ts". */
  readonly title: string;
  readonly instruction?: string;
  /** The Apply question: "Apply the refactoring to total.ts?". */
  readonly question: string;
  /** What the announcement says once applied: "Refactored". */
  readonly done: string;
  /** The text that goes into the range for the model's code (a docstring is indented and ends its line). */
  readonly shape?: (code: string) => string;
}

function targetItems(target: LinesTarget): ContextItem[] {
  const { path, document } = target;
  return [
    { label: `file ${path}`, path, languageId: document.languageId, text: target.fileText },
    { label: `selection in ${path}:${target.firstLine}-${target.lastLine}`, path, languageId: document.languageId, text: target.selectedText },
    ...(target.extra ? [target.extra] : []),
  ];
}

/** Asks, previews, applies, and offers "Redo one tier up" over the applied text. */
export async function proposeLines(deps: AgentDeps, target: LinesTarget, task: LinesTask, override?: TierOverride): Promise<void> {
  if (target.version !== undefined && target.document.version !== target.version) {
    void vscode.window.showWarningMessage(`Model Router: ${target.path} changed since the first answer was applied, so a redo could replace the wrong lines. Select the code and run the command again.`);
    return;
  }
  const answer = await deps.runner.run({
    title: task.title,
    kind: task.kind,
    context: targetItems(target),
    instruction: task.instruction,
    signals: target.signals,
    check: editAnswerProblem,
    // The language server judges the whole file as it would be with this answer's lines in it.
    gate: async (text) => {
      const code = firstFencedCode(text);
      return code === undefined ? undefined : deps.gate.check(target.document.uri, target.document.languageId, withLines(target, task.shape ? task.shape(code) : code));
    },
    override,
  });
  if (!answer) return;
  const code = firstFencedCode(answer.text);
  if (code === undefined) return reportNoCode(deps, task.title, answer);
  const newText = task.shape ? task.shape(code) : code;
  const { document, range } = target;
  const above = redoTier(answer.decision);
  const header = answer.cascade ? cascadeHeader(answer.cascade, answer.header) : answer.header;
  const outcome = await previewAndApplyOrReport(deps.previews, [{ uri: document.uri, range, newText }], task.question, header, above !== undefined, deps.runner);
  if (outcome === 'redo' && above) return proposeLines(deps, target, task, { tier: above, scope: 'next' });
  if (outcome !== 'applied') return;
  const start = document.offsetAt(range.start);
  const applied = new vscode.Range(range.start, document.positionAt(start + newText.length));
  const again: LinesTarget = { ...target, range: applied, version: document.version };
  void deps.runner.announce(answer, task.done, (redo) => proposeLines(deps, again, task, redo));
}

/** The document's text with `newText` in the target's range. */
function withLines(target: LinesTarget, newText: string): string {
  const { document, range } = target;
  const text = document.getText();
  return text.slice(0, document.offsetAt(range.start)) + newText + text.slice(document.offsetAt(range.end));
}

/**
 * The answer had no code to apply, even after the escalation its check asked for: the user paid
 * for it, so they see why nothing changed and can read what the model said instead.
 */
export function reportNoCode(deps: AgentDeps, title: string, answer: AgentAnswer): void {
  const reason = `${title}: nothing to apply — ${modelDisplayName(answer.decision.model)} answered without a code block, even on ${answer.decision.tier}`;
  const show = async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: `<!-- Model Router: ${answer.header}. The answer had no code block, so nothing was changed. -->\n\n${answer.text}\n` });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  };
  deps.runner.report({ kind: 'nothing', text: `${reason} (${answer.header})`, detail: answer.text.slice(0, 300), action: { title: 'Show the Answer', run: show } });
  void vscode.window.showWarningMessage(`Model Router: ${reason}. ${answer.header}.`, 'Show the Answer').then((choice) => (choice ? show() : undefined));
}
