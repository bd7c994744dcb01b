/**
 * Refactor Selection… (balanced, with the user's instruction) and Fix the Problem at the Cursor
 * (bug fix from the diagnostics there): the model's replacement for the lines is checked (a code
 * block whose brackets balance, else one tier up), previewed as a diff and applied as one edit
 * (linesEdit.ts, which also gives "Redo one tier up" its meaning for them).
 */
import * as vscode from 'vscode';
import type { TierOverride } from '../../core/routing/request';
import type { AgentDeps } from './agentDeps';
import { fileName } from './agentDeps';
import type { EditorContext } from './editorContext';
import { activeEditorContext, diagnosticsItem } from './editorContext';
import type { LinesTarget } from './linesEdit';
import { proposeLines } from './linesEdit';

/** The selection widened to whole lines, so the replacement keeps the file's indentation. */
function wholeLines(context: EditorContext, range: vscode.Range): vscode.Range {
  const { document } = context;
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return new vscode.Range(range.start.line, 0, endLine, document.lineAt(endLine).text.length);
}

/** The whole lines of `range` as the target of an edit. */
function linesTarget(context: EditorContext, range: vscode.Range): LinesTarget {
  const lines = wholeLines(context, range);
  return {
    document: context.document,
    path: context.path,
    range: lines,
    fileText: context.document.getText(),
    selectedText: context.document.getText(lines),
    firstLine: lines.start.line + 1,
    lastLine: lines.end.line + 1,
    signals: context.signals,
  };
}

export async function refactorSelection(deps: AgentDeps, override?: TierOverride, given?: string): Promise<void> {
  const context = activeEditorContext('refactor its code', deps.services.settings.config['completions.exclude']);
  if (!context) return;
  const instruction =
    given ??
    (await vscode.window.showInputBox({
      title: 'Refactor Selection',
      prompt: `How should Model Router refactor ${fileName(context.path)}:${context.range.start.line + 1}-${context.range.end.line + 1}?`,
      placeHolder: 'e.g. extract the validation into a function',
      ignoreFocusOut: true,
    }));
  if (!instruction) return;
  const name = fileName(context.path);
  await proposeLines(deps, linesTarget(context, context.range), { kind: 'refactor', title: `Refactoring ${name}`, instruction, question: `Apply the refactoring to ${name}?`, done: 'Refactored' }, override);
}

export async function fixProblem(deps: AgentDeps, override?: TierOverride): Promise<void> {
  const context = activeEditorContext('fix a problem in it', deps.services.settings.config['completions.exclude']);
  if (!context) return;
  const cursor = context.editor.selection;
  const diagnostics = vscode.languages.getDiagnostics(context.document.uri).filter((d) => d.range.contains(cursor.active) || d.range.intersection(context.range) !== undefined);
  if (diagnostics.length === 0) {
    void vscode.window.showInformationMessage('Model Router: there is no problem (error or warning) at the cursor to fix.');
    return;
  }
  const lines = linesTarget(context, diagnostics.reduce((union, d) => union.union(d.range), context.range));
  const target = { ...lines, extra: diagnosticsItem(context, lines.range), signals: { ...lines.signals, diagnostics: diagnostics.length } };
  const name = fileName(context.path);
  await proposeLines(deps, target, { kind: 'bugfix', title: `Fixing ${name}:${target.firstLine}`, question: `Apply the fix to ${name}?`, done: 'Fixed' }, override);
}
