/**
 * Refactor Selection… (balanced, with the user's instruction) and Fix the Problem at the Cursor
 * (bug fix from the diagnostics there): the model's replacement for the lines is checked (a code
 * block whose brackets balance, else one tier up), previewed as a diff and applied as one edit.
 */
import * as vscode from 'vscode';
import { editAnswerProblem, firstFencedCode } from '../../core/agent/fencedCode';
import type { TierOverride } from '../../core/spendRecord';
import type { AgentDeps } from './agentDeps';
import { fileName } from './agentDeps';
import type { EditorContext } from './editorContext';
import { activeEditorContext, diagnosticsItem, fileItem, selectionItem } from './editorContext';
import { previewAndApply } from './editPreview';

/** The selection widened to whole lines, so the replacement keeps the file's indentation. */
function wholeLines(context: EditorContext, range: vscode.Range): vscode.Range {
  const { document } = context;
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return new vscode.Range(range.start.line, 0, endLine, document.lineAt(endLine).text.length);
}

export async function refactorSelection(deps: AgentDeps, override?: TierOverride, given?: string): Promise<void> {
  const context = activeEditorContext('refactor its code');
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
  const range = wholeLines(context, context.range);
  const target = { ...context, range, selectedText: context.document.getText(range) };
  const answer = await deps.runner.run({
    title: `Refactoring ${fileName(context.path)}`,
    kind: 'refactor',
    context: [fileItem(target), selectionItem(target)],
    instruction,
    signals: context.signals,
    check: editAnswerProblem,
    override,
  });
  const code = answer && firstFencedCode(answer.text);
  if (!answer || code === undefined) return;
  const applied = await previewAndApply(deps.previews, [{ uri: context.document.uri, range, newText: code }], `Apply the refactoring to ${fileName(context.path)}?`, answer.header);
  if (applied) void deps.runner.announce(answer, 'Refactored', (redo) => refactorSelection(deps, redo, instruction));
}

export async function fixProblem(deps: AgentDeps, override?: TierOverride): Promise<void> {
  const context = activeEditorContext('fix a problem in it');
  if (!context) return;
  const cursor = context.editor.selection;
  const diagnostics = vscode.languages.getDiagnostics(context.document.uri).filter((d) => d.range.contains(cursor.active) || d.range.intersection(context.range) !== undefined);
  if (diagnostics.length === 0) {
    void vscode.window.showInformationMessage('Model Router: there is no problem (error or warning) at the cursor to fix.');
    return;
  }
  const covered = diagnostics.reduce((union, d) => union.union(d.range), context.range);
  const range = wholeLines(context, covered);
  const target = { ...context, range, selectedText: context.document.getText(range) };
  const answer = await deps.runner.run({
    title: `Fixing ${fileName(context.path)}:${range.start.line + 1}`,
    kind: 'bugfix',
    context: [fileItem(target), selectionItem(target), diagnosticsItem(target, range)].filter((item) => item !== undefined),
    signals: { ...context.signals, diagnostics: diagnostics.length },
    check: editAnswerProblem,
    override,
  });
  const code = answer && firstFencedCode(answer.text);
  if (!answer || code === undefined) return;
  const applied = await previewAndApply(deps.previews, [{ uri: context.document.uri, range, newText: code }], `Apply the fix to ${fileName(context.path)}?`, answer.header);
  if (applied) void deps.runner.announce(answer, 'Fixed', (redo) => fixProblem(deps, redo));
}
