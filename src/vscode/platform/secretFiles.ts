/**
 * The editor side of the secret-file rule (src/core/secretFiles.ts): the paths a document is known
 * by — inside the workspace, and in full with either separator — checked against the patterns.
 */
import * as vscode from 'vscode';
import { secretFilePattern } from '../../core/privacy/secretFiles';

/** The pattern that makes `uri` a secret file, or undefined when its text may be sent. */
export function secretPatternFor(uri: vscode.Uri, patterns: readonly string[]): string | undefined {
  if (patterns.length === 0 || uri.scheme === 'untitled') return undefined;
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  return secretFilePattern([inWorkspace ? vscode.workspace.asRelativePath(uri, false) : undefined, uri.path, uri.scheme === 'file' ? uri.fsPath : undefined], patterns);
}
