/**
 * Explain Selection (balanced: asked and answered in the Model Router chat) and Add
 * Docstring (fast: the comment is previewed and inserted above the declaration, or inside it
 * for Python, with the declaration's indentation).
 */
import * as vscode from 'vscode';
import type { AgentCommand } from './agentDeps';
import { fileName } from './agentDeps';
import { activeEditorContext } from './editorContext';
import { proposeLines } from './linesEdit';

/**
 * The explanation is a chat turn: the selection shows as a chip, the answer streams through the
 * chat's Markdown renderer with its footer (model, tier, rule, tokens, cost), Stop cancels it,
 * "Retry one tier up" redoes it, and a follow-up question can be typed right under it.
 */
export const explainSelection: AgentCommand = async (deps) => {
  const context = activeEditorContext('explain its code', deps.services.settings.config['completions.exclude']);
  if (!context) return;
  const { document, range, path } = context;
  const lines = `${range.start.line + 1}-${range.end.line + 1}`;
  await deps.chat.ask(
    { taskKind: 'explain', uri: document.uri.toString(), path, languageId: document.languageId, startLine: range.start.line + 1, endLine: range.end.line + 1, selection: context.selectedText },
    `Explain ${path}:${lines}`,
  );
};

export const addDocstring: AgentCommand = async (deps, override) => {
  const context = activeEditorContext('document a declaration', deps.services.settings.config['completions.exclude']);
  if (!context) return;
  const { document, range, path } = context;
  const firstLine = document.lineAt(range.start.line);
  const indent = firstLine.text.slice(0, firstLine.firstNonWhitespaceCharacterIndex);
  const inside = document.languageId === 'python';
  const at = inside ? new vscode.Position(firstLine.lineNumber + 1, 0) : new vscode.Position(firstLine.lineNumber, 0);
  const commentIndent = inside ? `${indent}    ` : indent;
  const shape = (comment: string) =>
    `${comment
      .split('\n')
      .map((line) => (line.trim() === '' ? '' : commentIndent + line))
      .join('\n')}\n`;
  const target = { document, path, range: new vscode.Range(at, at), fileText: document.getText(), selectedText: context.selectedText, firstLine: range.start.line + 1, lastLine: range.end.line + 1, signals: context.signals };
  const name = fileName(path);
  await proposeLines(deps, target, { kind: 'docstring', title: `Writing a docstring in ${name}`, question: `Add this docstring to ${name}?`, done: 'Docstring added', shape }, override);
};
