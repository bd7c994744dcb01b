/**
 * Explain Selection (balanced: the explanation opens as Markdown beside the code) and Add
 * Docstring (fast: the comment is previewed and inserted above the declaration, or inside it
 * for Python, with the declaration's indentation).
 */
import * as vscode from 'vscode';
import { editAnswerProblem, firstFencedCode } from '../../core/agent/fencedCode';
import type { AgentCommand } from './agentDeps';
import { fileName, showMarkdown } from './agentDeps';
import { activeEditorContext, fileItem, selectionItem } from './editorContext';
import { previewAndApply } from './editPreview';

export const explainSelection: AgentCommand = async (deps, override) => {
  const context = activeEditorContext('explain its code');
  if (!context) return;
  const lines = `${context.range.start.line + 1}-${context.range.end.line + 1}`;
  const answer = await deps.runner.run({
    title: `Explaining ${fileName(context.path)}:${lines}`,
    kind: 'explain',
    context: [fileItem(context), selectionItem(context)],
    signals: context.signals,
    override,
  });
  if (!answer) return;
  await showMarkdown(`# Explanation of ${context.path}:${lines}\n\n_${answer.header}_\n\n${answer.text.trim()}\n`);
  void deps.runner.announce(answer, 'Explained', (redo) => explainSelection(deps, redo));
};

export const addDocstring: AgentCommand = async (deps, override) => {
  const context = activeEditorContext('document a declaration');
  if (!context) return;
  const answer = await deps.runner.run({
    title: `Writing a docstring in ${fileName(context.path)}`,
    kind: 'docstring',
    context: [fileItem(context), selectionItem(context)],
    signals: context.signals,
    check: editAnswerProblem,
    override,
  });
  const comment = answer && firstFencedCode(answer.text);
  if (!answer || comment === undefined) return;
  const { document } = context;
  const firstLine = document.lineAt(context.range.start.line);
  const indent = firstLine.text.slice(0, firstLine.firstNonWhitespaceCharacterIndex);
  const inside = document.languageId === 'python';
  const at = inside ? new vscode.Position(firstLine.lineNumber + 1, 0) : new vscode.Position(firstLine.lineNumber, 0);
  const commentIndent = inside ? `${indent}    ` : indent;
  const text = comment
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : commentIndent + line))
    .join('\n');
  const applied = await previewAndApply(deps.previews, [{ uri: document.uri, range: new vscode.Range(at, at), newText: `${text}\n` }], `Add this docstring to ${fileName(context.path)}?`, answer.header);
  if (applied) void deps.runner.announce(answer, 'Docstring added', (redo) => addDocstring(deps, redo));
};
