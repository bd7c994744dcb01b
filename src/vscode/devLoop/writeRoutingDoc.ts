/**
 * Model Router: Write ROUTING.md ($0, no model): the routing policy in effect and the ledger's last
 * weeks, in words, at the root of the workspace folder (core/devLoop/routingDoc.ts). A new file is
 * written and opened; an existing one is shown as a diff against what would be written, with the
 * user's own sections kept, and changes only on Apply. Trusted workspaces only (editsFiles).
 */
import * as vscode from 'vscode';
import { mergeRoutingDoc, ROUTING_DOC_PATH, ROUTING_DOC_WEEKS, routingDoc } from '../../core/devLoop/routingDoc';
import { ReviewFeed } from '../../core/learning/reviewFeed';
import { weeksUpTo } from '../../core/learning/weeks';
import type { SpendRecord } from '../../core/spend/spendRecord';
import type { AgentCommand } from '../agent/agentDeps';
import { previewAndApply } from '../agent/editPreview';
import { nearFolder } from '../agent/editorContext';

const DETAIL = '$0, no model: written from the policy in effect and this machine’s ledger';

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function open(uri: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

export const writeRoutingDoc: AgentCommand = async (deps) => {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders[nearFolder(vscode.window.activeTextEditor?.document.uri) ?? 0];
  if (!folder) {
    void vscode.window.showWarningMessage('Model Router: open a folder to write its ROUTING.md.');
    return;
  }
  const now = new Date();
  const feed = new ReviewFeed(deps.ledgerStore, () => now, ROUTING_DOC_WEEKS);
  await feed.refresh();
  const records = feed.current().entries.filter((entry): entry is SpendRecord => entry.type === 'request');
  const { settings } = deps.services;
  const input = { policy: settings.policy, teamFile: Object.keys(settings.policyFileState.layer).length > 0, records, since: new Date(weeksUpTo(now, ROUTING_DOC_WEEKS)[0].startMs), now };
  const uri = vscode.Uri.joinPath(folder.uri, ROUTING_DOC_PATH);
  const open_ = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  const existing = open_?.getText() ?? (await readText(uri));
  if (existing === undefined) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(routingDoc(input)));
    await open(uri);
    deps.runner.report({ kind: 'done', text: `ROUTING.md written — ${DETAIL}` });
    return;
  }
  const next = mergeRoutingDoc(existing, input);
  if (next === existing) {
    await open(uri);
    deps.runner.report({ kind: 'nothing', text: 'ROUTING.md is up to date — nothing changed' });
    return;
  }
  const outcome = await previewAndApply(deps.previews, [{ uri, newText: next }], 'Rewrite ROUTING.md? Your own sections are kept.', DETAIL);
  if (outcome.kind === 'applied') {
    const document = await vscode.workspace.openTextDocument(uri);
    await document.save();
    await open(uri);
    deps.runner.report({ kind: 'done', text: `ROUTING.md rewritten, your sections kept — ${DETAIL}` });
  } else if (outcome.kind === 'failed') {
    deps.runner.report({ kind: 'error', text: `ROUTING.md was not changed: ${outcome.reason}` });
    void vscode.window.showErrorMessage(`Model Router: ROUTING.md was not changed: ${outcome.reason}. Run Write ROUTING.md again.`);
  } else deps.runner.report({ kind: 'nothing', text: 'Discarded — ROUTING.md was not changed' });
};
