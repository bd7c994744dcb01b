/**
 * Where the cursor is, as the completion core needs to know it: the hole at a position (read as
 * two slices around the cursor, never the whole file) and, for a request in flight, whether the
 * editor's cursor still is where typing would have taken it. A document change reaches the
 * extension host before the editor's new cursor does, so between the two the answer is `unsure`
 * rather than a guess from a stale cursor.
 */
import * as vscode from 'vscode';
import type { Hole, HoleBudgets } from '../../core/completions/hole';
import { holeAt } from '../../core/completions/hole';
import type { CursorState } from '../../core/completions/inFlight';

/** The hole at `position`: each side read one character past its budget, as holeAt wants. */
export function holeInDocument(document: vscode.TextDocument, position: vscode.Position, budgets: HoleBudgets): Hole {
  const offset = document.offsetAt(position);
  const start = document.positionAt(Math.max(0, offset - budgets.prefixChars - 1));
  const end = document.positionAt(offset + budgets.suffixChars + 1);
  return holeAt(document.getText(new vscode.Range(start, position)), document.getText(new vscode.Range(position, end)), budgets);
}

export class CursorTracker implements vscode.Disposable {
  /** Document key → its version when its editor last reported the cursor. */
  private readonly reported = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly budgets: () => HoleBudgets,
    /** Called after the cursor of a document's editor moved, or another editor came to the front. */
    onMove: (documentKey: string | undefined) => void,
  ) {
    const note = (editor: vscode.TextEditor | undefined): void => {
      if (editor !== undefined) this.reported.set(editor.document.uri.toString(), editor.document.version);
    };
    note(vscode.window.activeTextEditor);
    this.subscriptions = [
      vscode.window.onDidChangeTextEditorSelection((event) => {
        note(event.textEditor);
        onMove(event.textEditor.document.uri.toString());
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        note(editor);
        onMove(undefined);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.reported.delete(document.uri.toString())),
    ];
  }

  /** The cursor of the active editor in `documentKey` (see CursorState). */
  current(documentKey: string): CursorState {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || editor.document.uri.toString() !== documentKey) return undefined;
    if (this.reported.get(documentKey) !== editor.document.version) return 'unsure';
    return holeInDocument(editor.document, editor.selection.active, this.budgets());
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
