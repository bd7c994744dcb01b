/**
 * What the chat can attach from the editor: the active file and the selection, as removable
 * chips, and their text as prompt context at send time — cut to budget, never binary, never a
 * file the completion exclusions name as secret.
 */
import * as vscode from 'vscode';
import type { ContextItem } from '../../core/prompts/contextText';
import { looksBinary } from '../../core/prompts/contextText';
import type { CommandTurn, ContextChip } from '../../shared/chatProtocol';

/** Files larger than this are attached as their head and tail only (fitToBudget does the cutting). */
const MAX_READ_CHARS = 2_000_000;

export function currentChips(): ContextChip[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === 'output') return [];
  const path = vscode.workspace.asRelativePath(editor.document.uri);
  const chips: ContextChip[] = [{ id: 'file', label: path, kind: 'file' }];
  const selection = editor.selection;
  if (!selection.isEmpty) {
    chips.push({ id: 'selection', label: `${path}:${selection.start.line + 1}-${selection.end.line + 1}`, kind: 'selection' });
  }
  return chips;
}

export interface AttachedContext {
  readonly items: ContextItem[];
  readonly files: string[];
}

export function contextFor(chipIds: readonly string[]): AttachedContext {
  const editor = vscode.window.activeTextEditor;
  if (!editor || chipIds.length === 0) return { items: [], files: [] };
  const document = editor.document;
  const path = vscode.workspace.asRelativePath(document.uri);
  const items: ContextItem[] = [];
  if (chipIds.includes('selection') && !editor.selection.isEmpty) {
    const start = editor.selection.start.line + 1;
    items.push({ label: `selection in ${path}:${start}-${editor.selection.end.line + 1}`, path, languageId: document.languageId, text: document.getText(editor.selection) });
  }
  if (chipIds.includes('file')) {
    const text = document.getText().slice(0, MAX_READ_CHARS);
    items.push({ label: `file ${path}`, path, languageId: document.languageId, text: looksBinary(text) ? '\u0000' : text });
  }
  return { items, files: [path] };
}

/** The code a command's turn asked about, labelled as the agent commands label a selection. */
export function commandSelectionItem(turn: CommandTurn): ContextItem {
  return { label: `selection in ${turn.path}:${turn.startLine}-${turn.endLine}`, path: turn.path, languageId: turn.languageId, text: turn.selection };
}

/**
 * A command's context when its turn is answered: the file as it is now (read again, so a retry
 * sees the user's later edits) and the selection as it was asked about; the selection alone when
 * the file is gone.
 */
export async function commandContext(turn: CommandTurn): Promise<ContextItem[]> {
  const selection = commandSelectionItem(turn);
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(turn.uri));
    const text = document.getText().slice(0, MAX_READ_CHARS);
    return [{ label: `file ${turn.path}`, path: turn.path, languageId: turn.languageId, text: looksBinary(text) ? '\u0000' : text }, selection];
  } catch {
    return [selection];
  }
}
