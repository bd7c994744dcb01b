/**
 * The team policy file `.vscode/model-router.json`: read only in a trusted workspace (a cloned
 * repository must not steer your routing before you trust it), validated, and watched. It can
 * change routing, never where requests go or which key is used — the policy schema has no such
 * field, so one in the file is reported as unknown.
 */
import * as vscode from 'vscode';
import type { FieldIssue } from '../../core/validation/lenientParse';
import { parsePolicy } from '../../core/routing/policy';

export const POLICY_FILE = '.vscode/model-router.json';
/** A policy is a few hundred bytes; a file far larger is a mistake or an attack, and is not parsed. */
const MAX_POLICY_BYTES = 256 * 1024;

export interface PolicyFileState {
  readonly uri?: vscode.Uri;
  /** The validated raw layer to merge over the user's settings; empty when absent or ignored. */
  readonly layer: Record<string, unknown>;
  readonly issues: readonly FieldIssue[];
  /** Why a file that exists is not applied (untrusted workspace), for the log and a one-time notice. */
  readonly ignored?: string;
}

/** Finds and reads the policy file of the first workspace folder that has one. */
export async function readPolicyFile(): Promise<PolicyFileState> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, POLICY_FILE);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      continue;
    }
    if (!vscode.workspace.isTrusted) {
      return { uri, layer: {}, issues: [], ignored: `${POLICY_FILE} is ignored until you trust this workspace` };
    }
    if (bytes.byteLength > MAX_POLICY_BYTES) {
      return { uri, layer: {}, issues: [{ path: '', message: `larger than ${MAX_POLICY_BYTES / 1024} KB (${Math.round(bytes.byteLength / 1024)} KB); the file is ignored` }] };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      return { uri, layer: {}, issues: [{ path: '', message: `not valid JSON (${(error as Error).message}); the file is ignored` }] };
    }
    // Only what validated is applied, so a bad field falls back to the user's setting or the default.
    const { layer, issues } = parsePolicy(raw);
    return { uri, layer, issues };
  }
  return { layer: {}, issues: [] };
}

/** Calls `onChange` when any folder's policy file is created, changed or deleted, or trust is granted. */
export function watchPolicyFile(onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${POLICY_FILE}`);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidChange(onChange),
    watcher.onDidCreate(onChange),
    watcher.onDidDelete(onChange),
    vscode.workspace.onDidGrantWorkspaceTrust(onChange),
    vscode.workspace.onDidChangeWorkspaceFolders(onChange),
  );
}
