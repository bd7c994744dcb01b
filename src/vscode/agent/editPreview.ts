/**
 * Edits from agent commands are previewed before they touch a file: each changed file opens in a
 * diff editor against its proposed text, a notification asks Apply or Discard, and Apply makes
 * one WorkspaceEdit, so a single Undo takes the whole change back.
 */
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'model-router-preview';
export const APPLY_LABEL = 'Apply';
export const DISCARD_LABEL = 'Discard';

/** One file's proposed change: a range replaced (or the whole file when `range` is absent). */
export interface ProposedEdit {
  readonly uri: vscode.Uri;
  readonly newText: string;
  readonly range?: vscode.Range;
}

/** Serves the proposed texts to the diff editors, under a URI per preview. */
export class PreviewContent implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  add(original: vscode.Uri, text: string): vscode.Uri {
    this.counter += 1;
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: original.path, query: String(this.counter) });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  remove(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  static register(context: vscode.ExtensionContext): PreviewContent {
    const content = new PreviewContent();
    context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, content));
    return content;
  }
}

/** The file's whole text after `edit`, for the diff; an empty original for a file that does not exist. */
async function proposedText(edit: ProposedEdit): Promise<{ before: vscode.Uri; after: string }> {
  try {
    const document = await vscode.workspace.openTextDocument(edit.uri);
    if (!edit.range) return { before: edit.uri, after: edit.newText };
    const text = document.getText();
    const start = document.offsetAt(edit.range.start);
    const end = document.offsetAt(edit.range.end);
    return { before: edit.uri, after: text.slice(0, start) + edit.newText + text.slice(end) };
  } catch {
    return { before: vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: edit.uri.path, query: 'empty' }), after: edit.newText };
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Shows the diffs and asks; on Apply makes one WorkspaceEdit (creating new files) and returns true.
 * `question` names the change: "Apply the refactoring to app.ts?".
 */
export async function previewAndApply(content: PreviewContent, edits: readonly ProposedEdit[], question: string, detail: string): Promise<boolean> {
  const previews: vscode.Uri[] = [];
  for (const edit of edits) {
    const { before, after } = await proposedText(edit);
    const preview = content.add(edit.uri, after);
    previews.push(preview);
    const name = edit.uri.path.slice(edit.uri.path.lastIndexOf('/') + 1);
    await vscode.commands.executeCommand('vscode.diff', before, preview, `${name} ↔ proposed (Model Router)`, { preview: true });
  }
  const choice = await vscode.window.showInformationMessage(`${question} ${detail}`, APPLY_LABEL, DISCARD_LABEL);
  await closeDiffs(previews);
  previews.forEach((uri) => content.remove(uri));
  if (choice !== APPLY_LABEL) return false;

  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    if (!(await exists(edit.uri))) {
      workspaceEdit.createFile(edit.uri, { ignoreIfExists: true });
      workspaceEdit.insert(edit.uri, new vscode.Position(0, 0), edit.newText);
    } else if (edit.range) {
      workspaceEdit.replace(edit.uri, edit.range, edit.newText);
    } else {
      const document = await vscode.workspace.openTextDocument(edit.uri);
      workspaceEdit.replace(edit.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), edit.newText);
    }
  }
  const applied = await vscode.workspace.applyEdit(workspaceEdit);
  if (!applied) void vscode.window.showErrorMessage('Model Router: the edit could not be applied (the file changed meanwhile?).');
  return applied;
}

async function closeDiffs(previews: readonly vscode.Uri[]): Promise<void> {
  const wanted = new Set(previews.map((uri) => uri.toString()));
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && wanted.has(tab.input.modified.toString()));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
