/**
 * The editor half of the diagnostics gate (src/core/agent/diagnosticsGate.ts): the language
 * server's errors for a file as an agent proposes it, against the file's own, without touching the
 * user's document, its undo history or the file on disk.
 *
 * How: the proposal is written to a sibling file (`greet.model-router-check.ts` beside `greet.ts`,
 * so relative imports resolve and the folder's tsconfig applies), opened in a background tab without
 * taking focus, and its diagnostics are read once they settle; then the tab is closed and the file
 * deleted. Why not an in-memory document: VS Code's TypeScript server only checks documents that
 * are open in a tab (typescript-language-features' `shouldValidate`), an untitled document is checked
 * in an inferred project where `./greet` cannot be found (measured in the integration harness), and a
 * document of our own scheme is not checked at all. ARCHITECTURE.md "Verified cascade" has the record.
 */
import * as vscode from 'vscode';
import type { GateDiagnostic, GateVerdict } from '../../core/agent/diagnosticsGate';
import { newErrors, sentinelLine, withoutSentinel } from '../../core/agent/diagnosticsGate';

export interface ProbeTiming {
  /** No change for this long after the first report means the server is done with the file. */
  readonly quietMs: number;
  /** Give up waiting for a first report after this long (a cold TypeScript server takes seconds). */
  readonly timeoutMs: number;
  /**
   * A clean file gets no report at all (VS Code fires no change for "still no problems"), so once
   * the language's server is known to be running, this long without a report means clean.
   */
  readonly cleanAfterMs: number;
}

export const DEFAULT_TIMING: ProbeTiming = { quietMs: 750, timeoutMs: 15_000, cleanAfterMs: 2000 };

const SEVERITY: Readonly<Record<vscode.DiagnosticSeverity, GateDiagnostic['severity']>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function gateDiagnostics(uri: vscode.Uri): GateDiagnostic[] {
  return vscode.languages.getDiagnostics(uri).map((d) => ({
    severity: SEVERITY[d.severity],
    message: d.message,
    line: d.range.start.line + 1,
    ...(d.source ? { source: d.source } : {}),
    ...(d.code !== undefined ? { code: typeof d.code === 'object' ? d.code.value : d.code } : {}),
  }));
}

/**
 * `dir/greet.ts` → `dir/greet.model-router-check-3.ts`: same folder, same extension, same language;
 * a new name per check, since VS Code may still hold the last check's document under the old one.
 */
export function checkUri(uri: vscode.Uri, serial: number): vscode.Uri {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const mark = `model-router-check-${serial}`;
  const checked = dot > 0 ? `${name.slice(0, dot)}.${mark}${name.slice(dot)}` : `${name}.${mark}`;
  return vscode.Uri.joinPath(uri, '..', checked);
}


function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  const wanted = uri.toString();
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => {
    const input = tab.input;
    if (input instanceof vscode.TabInputText) return input.uri.toString() === wanted;
    if (input instanceof vscode.TabInputTextDiff) return input.original.toString() === wanted || input.modified.toString() === wanted;
    return false;
  });
}

/**
 * Resolves with 'reported' once `uri` had a diagnostics report and then none for `quietMs`;
 * 'quiet' after `cleanAfterMs` without one when `serving()` says the language's server is running;
 * 'silent' when nothing came in `timeoutMs`.
 */
function settle(uri: vscode.Uri, timing: ProbeTiming, serving: () => boolean, signal?: AbortSignal, ready?: () => boolean): { done: Promise<'reported' | 'quiet' | 'silent'>; dispose(): void } {
  const key = uri.toString();
  let last: number | undefined;
  const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
    if (event.uris.some((changed) => changed.toString() === key)) last = Date.now();
  });
  const started = Date.now();
  const done = new Promise<'reported' | 'quiet' | 'silent'>((resolve) => {
    const tick = () => {
      const now = Date.now();
      if (signal?.aborted) return resolve('silent');
      // With a sentinel, its report is the sign the whole file was checked; a short quiet after it is enough.
      if (ready ? ready() && last !== undefined && now - last >= Math.min(timing.quietMs, 300) : last !== undefined && now - last >= timing.quietMs) return resolve('reported');
      if (ready && last !== undefined && now - started >= timing.timeoutMs) return resolve('reported');
      if (last === undefined && now - started >= timing.cleanAfterMs && serving()) return resolve('quiet');
      if (last === undefined && now - started >= timing.timeoutMs) return resolve('silent');
      setTimeout(tick, 100);
    };
    tick();
  });
  return { done, dispose: () => subscription.dispose() };
}

/**
 * The gate the agent commands share: checks proposals; knows which languages have a server that
 * reports (it has seen a diagnostic on a document of that language), and remembers the languages
 * whose server never answered in time, so only the first edit of such a language waits the timeout.
 */
export class DiagnosticsGate implements vscode.Disposable {
  private readonly silent = new Set<string>();
  private readonly reporting = new Set<string>();
  private serial = 0;
  private readonly subscription = vscode.languages.onDidChangeDiagnostics((event) => {
    for (const uri of event.uris) if (vscode.languages.getDiagnostics(uri).length > 0) this.noteReporting(uri);
  });

  constructor(private readonly timing: ProbeTiming = DEFAULT_TIMING) {
    for (const [uri, found] of vscode.languages.getDiagnostics()) if (found.length > 0) this.noteReporting(uri);
  }

  async check(uri: vscode.Uri, languageId: string, proposedText: string, signal?: AbortSignal): Promise<GateVerdict> {
    const file = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (this.silent.has(languageId) && !this.reporting.has(languageId)) {
      return { file, newErrors: [], unchecked: `no language server reported on ${languageId} files earlier in this session`, elapsedMs: 0, proposedText };
    }
    this.serial += 1;
    const verdict = await checkProposal(uri, proposedText, checkUri(uri, this.serial), { timing: this.timing, serving: () => this.reporting.has(languageId), signal });
    if (verdict.unchecked && !signal?.aborted) this.silent.add(languageId);
    return verdict;
  }

  /**
   * Whether the gate can judge a file of this language without waiting out a silent server:
   * TypeScript and JavaScript (the sentinel line), or a language whose server reported this session.
   * Implement the Plan gates only these, so a step that edits a README does not wait 15 s for nothing.
   */
  judges(languageId: string): boolean {
    return sentinelLine(languageId) !== undefined || this.reporting.has(languageId);
  }

  private noteReporting(uri: vscode.Uri): void {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (document) this.reporting.add(document.languageId);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * The new errors `proposedText` would give `uri`: the proposal checked in a sibling file, against
 * the file's own diagnostics read at the same moment (a copy beside it can change the original's
 * too, e.g. a duplicated global, so both are read after the server settled).
 */
export async function checkProposal(
  uri: vscode.Uri,
  proposedText: string,
  probe: vscode.Uri,
  { timing, serving, signal }: { timing: ProbeTiming; serving: () => boolean; signal?: AbortSignal },
): Promise<GateVerdict> {
  const started = Date.now();
  const file = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const existed = await exists(uri);
  // The original must be in a tab for the server to check it too; one we open, we close.
  const openedOriginal = existed && tabsOf(uri).length === 0;
  const sentinel = sentinelLine(languageOf(uri));
  const checkedText = sentinel ? `${proposedText}${proposedText.endsWith('\n') ? '' : '\n'}${sentinel}\n` : proposedText;
  const lines = proposedText.endsWith('\n') ? proposedText.slice(0, -1) : proposedText;
  // 1-based, as GateDiagnostic counts: the line after the proposal's last.
  const sentinelAt = lines.split('\n').length + 1;
  const ready = sentinel ? () => vscode.languages.getDiagnostics(probe).some((d) => d.range.start.line + 1 >= sentinelAt) : undefined;
  const waiting = settle(probe, timing, serving, signal, ready);
  let document: vscode.TextDocument | undefined;
  try {
    await vscode.workspace.fs.writeFile(probe, Buffer.from(checkedText, 'utf8'));
    if (openedOriginal) await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: true, viewColumn: vscode.ViewColumn.Active });
    document = await vscode.workspace.openTextDocument(probe);
    await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true, viewColumn: vscode.ViewColumn.Active });
    const heard = (await waiting.done) !== 'silent';
    const after = sentinel ? withoutSentinel(gateDiagnostics(probe), lines) : gateDiagnostics(probe);
    const before = existed ? gateDiagnostics(uri) : [];
    const elapsedMs = Date.now() - started;
    if (!heard) return { file, newErrors: [], unchecked: `no diagnostics for ${file} arrived within ${Math.round(timing.timeoutMs / 1000)} s`, elapsedMs, proposedText };
    return { file, newErrors: newErrors(before, after), elapsedMs, proposedText };
  } finally {
    waiting.dispose();
    await emptyFirst(document, timing);
    await closeTabs([probe, ...(openedOriginal ? [uri] : [])]);
    await vscode.workspace.fs.delete(probe, { useTrash: false }).then(undefined, () => undefined);
  }
}

/**
 * VS Code keeps a closed tab's document for minutes, and the TypeScript server keeps its errors in
 * the Problems view while it does. Emptied in memory (synced to the server at once), saved so the
 * tab closes without asking, and re-checked, the copy leaves nothing behind.
 */
async function emptyFirst(document: vscode.TextDocument | undefined, timing: ProbeTiming): Promise<void> {
  if (!document || document.isClosed || vscode.languages.getDiagnostics(document.uri).length === 0) return;
  const cleared = settle(document.uri, { ...timing, quietMs: 100, timeoutMs: Math.min(timing.timeoutMs, 3000) }, () => false);
  try {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), '');
    if (await vscode.workspace.applyEdit(edit)) await document.save();
    await cleared.done;
  } finally {
    cleared.dispose();
  }
}

/** The language VS Code gives a file of this name: the open document's, else by its extension. */
export function languageOf(uri: vscode.Uri): string {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.languageId;
  const extension = uri.path.slice(uri.path.lastIndexOf('.') + 1);
  return { ts: 'typescript', tsx: 'typescriptreact', mts: 'typescript', cts: 'typescript', js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript' }[extension] ?? extension;
}

async function closeTabs(uris: readonly vscode.Uri[]): Promise<void> {
  const tabs = uris.flatMap((uri) => tabsOf(uri).filter((tab) => tab.input instanceof vscode.TabInputText));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
