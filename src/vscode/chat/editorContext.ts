/**
 * What the chat can attach from the editor: the active file and the selection, as removable
 * chips, and their text as prompt context at send time — cut to budget, never binary, and never
 * from a secret file (modelRouter.completions.exclude): its chip and the turn say it was left out.
 */
import * as vscode from 'vscode';
import type { ContextItem } from '../../core/prompts/contextText';
import { DEFAULT_CHAT_CONTEXT_CHARS } from '../../core/prompts/chatPrompt';
import { contextNotes, fitSource, looksBinary } from '../../core/prompts/contextText';
import { secretFileNote } from '../../core/privacy/secretFiles';
import type { AttachedContext } from '../../core/chat/turns';
import { commandSelectionItem } from '../../core/chat/turns';
import type { CommandTurn, ContextChip } from '../../core/chat/conversation';
import { secretPatternFor } from '../platform/secretFiles';

/** Enough of the start of a document to tell binary content, as git does. */
const SAMPLE_CHARS = 8192;

/** The active editor's chips; for a secret file they carry why its text stays out (`leftOut`). */
export function currentChips(secretPatterns: readonly string[]): ContextChip[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === 'output') return [];
  const path = vscode.workspace.asRelativePath(editor.document.uri);
  const secret = secretPatternFor(editor.document.uri, secretPatterns);
  const leftOut = secret === undefined ? {} : { leftOut: secretFileNote(path, secret) };
  const chips: ContextChip[] = [{ id: 'file', label: path, kind: 'file', ...leftOut }];
  const selection = editor.selection;
  if (!selection.isEmpty) {
    chips.push({ id: 'selection', label: `${path}:${selection.start.line + 1}-${selection.end.line + 1}`, kind: 'selection', ...leftOut });
  }
  return chips;
}

/**
 * The attached chips' text, each item already cut to its share of `budgetChars`: a long file is
 * read as its head and tail only, a binary one not at all, so a 20 MB file costs no more than a
 * small one, in the request and in the extension host.
 */
export function contextFor(chipIds: readonly string[], secretPatterns: readonly string[], budgetChars = DEFAULT_CHAT_CONTEXT_CHARS): AttachedContext {
  const editor = vscode.window.activeTextEditor;
  if (!editor || chipIds.length === 0) return { items: [], files: [], notes: [] };
  const document = editor.document;
  const path = vscode.workspace.asRelativePath(document.uri);
  const secret = secretPatternFor(document.uri, secretPatterns);
  // Neither the file nor a selection in it is read: the question goes without them.
  if (secret !== undefined) return { items: [], files: [], notes: [], withheld: secretFileNote(path, secret) };
  const wanted = (chipIds.includes('selection') && !editor.selection.isEmpty ? 1 : 0) + (chipIds.includes('file') ? 1 : 0);
  const perItem = Math.floor(budgetChars / Math.max(1, wanted));
  const items: ContextItem[] = [];
  if (chipIds.includes('selection') && !editor.selection.isEmpty) {
    const start = editor.selection.start.line + 1;
    const label = `selection in ${path}:${start}-${editor.selection.end.line + 1}`;
    items.push(readItem(document, editor.selection, label, path, perItem));
  }
  if (chipIds.includes('file')) {
    const whole = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
    items.push(readItem(document, whole, `file ${path}`, path, perItem));
  }
  return { items, files: [path], notes: contextNotes(items, budgetChars) };
}

function readItem(document: vscode.TextDocument, range: vscode.Range, label: string, path: string, maxChars: number): ContextItem {
  const base = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  const slice = (from: number, to: number): string => document.getText(new vscode.Range(document.positionAt(base + from), document.positionAt(base + to)));
  const common = { label, path, languageId: document.languageId };
  // A NUL in the first 8 KB marks binary content: none of it is sent, renderContext says so.
  if (looksBinary(slice(0, Math.min(SAMPLE_CHARS, end - base)))) return { ...common, text: '\u0000' };
  const { text, omittedLines } = fitSource({ length: end - base, lineCount: range.end.line - range.start.line + 1, slice }, maxChars);
  return { ...common, text, omittedLines };
}

/**
 * A command's context when its turn is first answered: the file as it is now and the selection as
 * it was asked about; the selection alone when the file is gone. A retry resends the first
 * attempt's prompt and calls this only to learn whether the file has become a secret file.
 */
export async function commandContext(turn: CommandTurn, secretPatterns: readonly string[], budgetChars = DEFAULT_CHAT_CONTEXT_CHARS): Promise<AttachedContext> {
  // A file that became a secret file after the turn was asked (the setting changed): nothing is sent.
  const secret = secretPatternFor(vscode.Uri.parse(turn.uri), secretPatterns);
  if (secret !== undefined) return { items: [], files: [], notes: [], withheld: secretFileNote(turn.path, secret) };
  const selection = commandSelectionItem(turn);
  let items: ContextItem[];
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(turn.uri));
    const whole = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
    // Like a file chip: cut to its half of the budget, a binary file not sent at all.
    items = [readItem(document, whole, `file ${turn.path}`, turn.path, Math.floor(budgetChars / 2)), selection];
  } catch {
    items = [selection];
  }
  return { items, files: [turn.path], notes: contextNotes(items, budgetChars) };
}
