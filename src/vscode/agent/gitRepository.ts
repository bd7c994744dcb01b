/**
 * The slice of the built-in Git extension's API (`vscode.git`, API version 1) the agent commands
 * use: the repositories, their diffs and the Source Control input box. Typed here by hand, as the
 * Git extension's own git.d.ts is not published as a package.
 */
import * as vscode from 'vscode';

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
  /** The unified diff of the index (cached) or of the working tree against the index. */
  diff(cached?: boolean): Promise<string>;
  /** The files the working tree changes against `ref`, or one file's unified diff against it (Deep Audit's branch changes). */
  diffWith?: { (ref: string): Promise<ReadonlyArray<{ readonly uri: vscode.Uri }>>; (ref: string, path: string): Promise<string> };
  /** The commit two refs share; rejects when either does not exist. */
  getMergeBase?(ref1: string, ref2: string): Promise<string | undefined>;
  readonly state?: { readonly HEAD?: { readonly name?: string } };
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly repositories: readonly GitRepository[];
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtensionExports {
  getAPI(version: 1): GitApi;
}

/** The Git API, or undefined (after telling the user why) when the built-in extension is off. */
export async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) {
    void vscode.window.showWarningMessage('Model Router: the built-in Git extension is not available, so there is no diff to work from.');
    return undefined;
  }
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports.getAPI(1);
}

/**
 * The repository a command works on: the one the Source Control title button belongs to, else
 * the one holding the active file, else the only or first one; opened on demand for the first
 * workspace folder when Git has not found it yet.
 */
export async function pickRepository(api: GitApi, fromScm?: unknown): Promise<GitRepository | undefined> {
  const root = isScmArg(fromScm) ? fromScm.rootUri : undefined;
  const active = vscode.window.activeTextEditor?.document.uri;
  const inside = (repo: GitRepository, uri: vscode.Uri) => uri.fsPath === repo.rootUri.fsPath || uri.fsPath.startsWith(`${repo.rootUri.fsPath}/`);
  const found =
    (root && api.repositories.find((repo) => repo.rootUri.fsPath === root.fsPath)) ??
    (active && api.repositories.find((repo) => inside(repo, active))) ??
    api.repositories[0];
  if (found) return found;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const opened = folder && api.openRepository ? await api.openRepository(folder.uri) : undefined;
  if (!opened) void vscode.window.showWarningMessage('Model Router: no Git repository is open in this window.');
  return opened ?? undefined;
}

function isScmArg(value: unknown): value is { rootUri: vscode.Uri } {
  return typeof value === 'object' && value !== null && 'rootUri' in value && (value as { rootUri: unknown }).rootUri instanceof vscode.Uri;
}

/** A workspace-relative label for a path inside the repository. */
export function repoFile(repo: GitRepository, path: string): vscode.Uri {
  return vscode.Uri.joinPath(repo.rootUri, path);
}
