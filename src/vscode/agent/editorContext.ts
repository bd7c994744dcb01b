/**
 * What an agent command sends about the editor: the file, the selection (or the line at the
 * cursor), their diagnostics, and the scope signals the router reads from them. Paths are
 * workspace-relative so that prompts, findings and plans speak the same language.
 */
import * as vscode from 'vscode';
import type { ContextItem } from '../../core/prompts/contextText';
import type { ScopeSignals } from '../../core/routing/scope';
import { secretFileNote, secretFileRefusal } from '../../core/privacy/secretFiles';
import { secretPatternFor } from '../platform/secretFiles';
import { placeInWorkspace } from '../../core/agent/workspacePath';

export interface EditorContext {
  readonly editor: vscode.TextEditor;
  readonly document: vscode.TextDocument;
  readonly path: string;
  /** The selection, or the whole line at the cursor when nothing is selected. */
  readonly range: vscode.Range;
  readonly selectedText: string;
  readonly signals: ScopeSignals;
}

/**
 * The active text editor's context, or undefined after telling the user what to open — or, for a
 * secret file (one of `secretPatterns`, from modelRouter.completions.exclude), why it is not sent.
 * The automated commands, which send no text, pass no patterns.
 */
export function activeEditorContext(what: string, secretPatterns: readonly string[]): EditorContext | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(`Model Router: open a file to ${what}.`);
    return undefined;
  }
  const secret = secretPatternFor(editor.document.uri, secretPatterns);
  if (secret !== undefined) {
    void vscode.window.showWarningMessage(secretFileRefusal(relativePath(editor.document.uri), secret, what));
    return undefined;
  }
  const { document, selection } = editor;
  const range = selection.isEmpty ? document.lineAt(selection.active.line).range : new vscode.Range(selection.start, selection.end);
  const path = relativePath(document.uri);
  const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).length;
  return {
    editor,
    document,
    path,
    range,
    selectedText: document.getText(range),
    signals: { files: [path], selectionLines: range.end.line - range.start.line + 1, languageId: document.languageId, diagnostics },
  };
}

/**
 * `src/app.ts` for a file in the workspace, the full path otherwise. With several workspace folders
 * the folder's name comes first (`api/src/app.ts`), so `workspaceUri` finds the same file again.
 */
export function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** The whole file, labelled. */
export function fileItem(context: EditorContext): ContextItem {
  return { label: `file ${context.path}`, path: context.path, languageId: context.document.languageId, text: context.document.getText() };
}

/** Diagnostics touching `range`, one per line as `line: severity: message`. */
export function diagnosticsItem(context: EditorContext, range: vscode.Range): ContextItem | undefined {
  const found = vscode.languages.getDiagnostics(context.document.uri).filter((d) => d.range.intersection(range) !== undefined);
  if (found.length === 0) return undefined;
  const names = ['error', 'warning', 'info', 'hint'];
  const lines = found.map((d) => `${d.range.start.line + 1}: ${names[d.severity]}: ${d.message}${d.source ? ` (${d.source})` : ''}`);
  return { label: `diagnostics in ${context.path}`, path: context.path, text: lines.join('\n') };
}

/**
 * Reads a workspace file for context; undefined when it does not exist yet (a plan may create it).
 * A secret file is not read: its item says it was left out and why. `near` as for `workspaceUri`.
 */
export async function workspaceFileItem(path: string, secretPatterns: readonly string[], near?: vscode.Uri): Promise<ContextItem | undefined> {
  const uri = workspaceUri(path, near);
  if (!uri) return undefined;
  const secret = secretPatternFor(uri, secretPatterns);
  if (secret !== undefined) return { label: `file ${path} (left out)`, path, text: `(${secretFileNote(path, secret)})` };
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    return { label: `file ${path}`, path, languageId: document.languageId, text: document.getText() };
  } catch {
    return undefined;
  }
}

/**
 * The URI of a workspace-relative path inside its workspace folder, or undefined for a path that
 * could leave it (`..`, absolute, `~`: see workspacePathProblem). The folder is the one whose name
 * the path starts with when there are several (as `relativePath` writes them), else the one `near`
 * (the file the command started from) belongs to, else the first.
 */
export function workspaceUri(path: string, near?: vscode.Uri): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const place = placeInWorkspace(path, folders.map((each) => each.name), nearFolder(near));
  const folder = place && folders[place.folder];
  if (!place || !folder) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, place.path);
  // Belt and braces: whatever joinPath made of it, the result must still be inside the folder.
  const root = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(root) ? uri : undefined;
}

/** The index of the workspace folder `uri` is in, for `placeInWorkspace`; undefined outside every folder. */
export function nearFolder(uri: vscode.Uri | undefined): number | undefined {
  return uri ? vscode.workspace.getWorkspaceFolder(uri)?.index : undefined;
}
