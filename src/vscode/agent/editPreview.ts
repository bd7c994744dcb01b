/**
 * Edits from agent commands are previewed before they touch a file: each changed file opens in a
 * diff editor against its proposed text, the bar on the diff (previewBar.ts) asks Apply, Discard
 * or Redo one tier up, and Apply makes one WorkspaceEdit, so a single Undo takes the whole change back. A file the user changed while
 * the preview was open is not overwritten: the proposal was made from the text before, so the
 * edit is refused and the caller decides what to do (Implement the Plan asks again one tier up).
 */
import * as vscode from 'vscode';
import type { AgentOutcome } from './outcomeBar';
import { PreviewBar } from './previewBar';

export const PREVIEW_SCHEME = 'model-router-preview';

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

  constructor(
    /** Where the user answers: Apply / Discard / Redo on the diff editor. */
    readonly bar: PreviewBar,
  ) {}

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
    const bar = new PreviewBar(PREVIEW_SCHEME);
    const content = new PreviewContent(bar);
    context.subscriptions.push(bar, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, content));
    return content;
  }
}

/**
 * How a preview ended: applied, discarded by the user, discarded for a redo one tier up (the
 * caller asks again), or not applied (with the reason).
 */
export type ApplyOutcome = { readonly kind: 'applied' } | { readonly kind: 'discarded' } | { readonly kind: 'redo' } | { readonly kind: 'failed'; readonly reason: string };

/**
 * The file's whole text after `edit`, for the diff, and the document's version the proposal was
 * made against; an empty original (and no version) for a file that does not exist.
 */
async function proposedText(edit: ProposedEdit): Promise<{ before: vscode.Uri; after: string; version?: number }> {
  try {
    const document = await vscode.workspace.openTextDocument(edit.uri);
    if (!edit.range) return { before: edit.uri, after: edit.newText, version: document.version };
    const text = document.getText();
    const start = document.offsetAt(edit.range.start);
    const end = document.offsetAt(edit.range.end);
    return { before: edit.uri, after: text.slice(0, start) + edit.newText + text.slice(end), version: document.version };
  } catch {
    return { before: vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: edit.uri.path, query: 'empty' }), after: edit.newText };
  }
}

/** The first edited file whose document changed since its proposal was shown. */
async function changedSincePreview(edits: readonly ProposedEdit[], versions: readonly (number | undefined)[]): Promise<string | undefined> {
  for (const [index, edit] of edits.entries()) {
    const version = versions[index];
    if (version === undefined) continue;
    const document = await vscode.workspace.openTextDocument(edit.uri);
    if (document.version !== version) return vscode.workspace.asRelativePath(edit.uri, false);
  }
  return undefined;
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
 * Shows the diffs and asks on them; on Apply makes one WorkspaceEdit (creating new files).
 * `question` names the change: "Apply the refactoring to app.ts?"; `detail` is who did it and
 * what it cost; `canRedo` offers Redo one tier up. A failure is returned, not shown: see
 * previewAndApplyOrReport for commands that only report it.
 */
export async function previewAndApply(content: PreviewContent, edits: readonly ProposedEdit[], question: string, detail: string, canRedo = false): Promise<ApplyOutcome> {
  const previews: vscode.Uri[] = [];
  const versions: Array<number | undefined> = [];
  for (const edit of edits) {
    const { before, after, version } = await proposedText(edit);
    versions.push(version);
    const preview = content.add(edit.uri, after);
    previews.push(preview);
    const name = edit.uri.path.slice(edit.uri.path.lastIndexOf('/') + 1);
    // A preview tab is replaced by the next one: a multi-file proposal keeps every file's diff in a tab of its own.
    await vscode.commands.executeCommand('vscode.diff', before, preview, `${name} ↔ proposed (Model Router)`, { preview: edits.length === 1 });
  }
  const choice = await content.bar.ask(previews, { question, header: detail, canRedo });
  await closeDiffs(previews);
  previews.forEach((uri) => content.remove(uri));
  if (choice === 'redo') return { kind: 'redo' };
  if (choice !== 'apply') return { kind: 'discarded' };
  const changed = await changedSincePreview(edits, versions);
  if (changed) return { kind: 'failed', reason: `${changed} changed while the preview was open` };

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
  return applied ? { kind: 'applied' } : { kind: 'failed', reason: 'VS Code could not apply the edit (a file could not be written)' };
}

/**
 * previewAndApply for the single-file commands (Add Docstring, Refactor, Fix, Write Tests): a
 * failed edit is reported (in the status bar and a notification) and not retried. Their edit is
 * tied to a selection or a cursor the user chose; once the file changed under the preview that
 * range may point elsewhere, so a silent, paid re-run one tier up could rewrite the wrong lines.
 * The user sees why and runs the command again on the code as it is now. (Implement the Plan,
 * whose steps name files rather than ranges, does retry.) A discard is said too, so a closed diff
 * never reads as "nothing happened".
 */
export async function previewAndApplyOrReport(
  content: PreviewContent,
  edits: readonly ProposedEdit[],
  question: string,
  detail: string,
  canRedo: boolean,
  reporter: { report(outcome: AgentOutcome): void },
): Promise<ApplyOutcome['kind']> {
  const outcome = await previewAndApply(content, edits, question, detail, canRedo);
  if (outcome.kind === 'failed') {
    const message = `nothing was applied: ${outcome.reason}. Run the command again on the current code.`;
    reporter.report({ kind: 'error', text: `Model Router: ${message}`, detail: `${question} ${detail}` });
    void vscode.window.showErrorMessage(`Model Router: ${message}`);
  }
  if (outcome.kind === 'discarded') reporter.report({ kind: 'nothing', text: `Discarded — nothing was changed (${detail})` });
  return outcome.kind;
}

async function closeDiffs(previews: readonly vscode.Uri[]): Promise<void> {
  const wanted = new Set(previews.map((uri) => uri.toString()));
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && wanted.has(tab.input.modified.toString()));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
