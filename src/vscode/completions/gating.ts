/**
 * The editor side of "which documents get completions" (the rules are in
 * src/core/completions/completionGate.ts): the facts about a document, read cheaply, and the
 * decision kept per document version and settings, so a keystroke costs a map lookup. Each new
 * "no" is one line in the log, saying which setting decided it.
 */
import * as vscode from 'vscode';
import type { DocumentFacts } from '../../core/completions/completionGate';
import { completionsBlocked } from '../../core/completions/completionGate';
import type { Config } from '../../core/settings/settings';
import type { Log } from '../platform/log';

/** Enough of the start of a document to tell binary content, as git does. */
const SAMPLE_CHARS = 8192;

export function documentFacts(document: vscode.TextDocument): DocumentFacts {
  const lastLine = document.lineAt(document.lineCount - 1);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(document.uri) !== undefined;
  return {
    languageId: document.languageId,
    absolutePath: document.isUntitled ? '' : document.uri.path,
    ...(inWorkspace ? { relativePath: vscode.workspace.asRelativePath(document.uri, false) } : {}),
    untitled: document.isUntitled,
    length: document.offsetAt(lastLine.range.end),
    sample: document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SAMPLE_CHARS))),
  };
}

/** The path shown to the model and used for routing: inside the workspace, or the file's name. */
export function promptPath(document: vscode.TextDocument): string {
  return vscode.workspace.getWorkspaceFolder(document.uri) ? vscode.workspace.asRelativePath(document.uri, false) : document.uri.path.split('/').pop() || 'untitled';
}

interface Decision {
  readonly version: number;
  readonly config: Config;
  readonly reason: string | undefined;
}

export class CompletionGate implements vscode.Disposable {
  private readonly decisions = new Map<string, Decision>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly config: () => Config,
    private readonly log: Log,
  ) {
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) => this.decisions.delete(document.uri.toString()));
  }

  /** Why the document gets no completions now, or undefined when it may have them. */
  blocked(document: vscode.TextDocument): string | undefined {
    const key = document.uri.toString();
    const config = this.config();
    const known = this.decisions.get(key);
    if (known !== undefined && known.version === document.version && known.config === config) return known.reason;
    const reason = completionsBlocked(documentFacts(document), config);
    if (reason !== undefined && reason !== known?.reason) this.log.info(`completions skip ${promptPath(document)}: ${reason}`);
    this.decisions.set(key, { version: document.version, config, reason });
    return reason;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
