/**
 * The InlineCompletionItemProvider: VS Code's side of the completion core. It checks the gate,
 * reads the hole at the cursor, turns VS Code's cancellation token into the AbortSignal that
 * aborts the HTTP stream, and hands back one item whose command reports its acceptance. It never
 * shows UI: a completion that cannot be had is no suggestion and a line in the log.
 */
import * as vscode from 'vscode';
import { INTERNAL_COMMANDS } from '../../core/commands';
import type { Completer } from '../../core/completions/completer';
import type { OutcomeTracker } from '../../core/completions/outcomeTracker';
import type { Config } from '../../core/settings/settings';
import type { Log } from '../platform/log';
import { holeInDocument } from './cursorTracker';
import type { CompletionGate } from './gating';
import { promptPath } from './gating';

export interface ProviderDeps {
  readonly completer: Completer;
  readonly outcomes: OutcomeTracker;
  readonly gate: CompletionGate;
  readonly config: () => Config;
  readonly log: Log;
}

export class CompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(private readonly deps: ProviderDeps) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    // With the suggest widget open, an inline completion must extend its selected item; leave it be.
    if (context.selectedCompletionInfo !== undefined || token.isCancellationRequested) return undefined;
    if (this.deps.gate.blocked(document) !== undefined) return undefined;
    const config = this.deps.config();
    const hole = holeInDocument(document, position, { prefixChars: config['completions.prefixChars'], suffixChars: config['completions.suffixChars'] });
    const documentKey = document.uri.toString();
    const controller = new AbortController();
    // The next keystroke cancels the token; the signal reaches the HTTP stream in the same tick.
    const cancellation = token.onCancellationRequested(() => controller.abort());
    try {
      const suggestion = await this.deps.completer.provide(
        { documentKey, path: promptPath(document), languageId: document.languageId, hole, explicit: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke },
        controller.signal,
      );
      if (token.isCancellationRequested) return undefined;
      if (suggestion === undefined) {
        this.deps.outcomes.nothingShown(documentKey);
        return undefined;
      }
      this.deps.outcomes.shown(documentKey, suggestion.recordId);
      const accepted: vscode.Command = { title: 'Accept completion', command: INTERNAL_COMMANDS.completionAccepted, arguments: [documentKey, suggestion.recordId] };
      return [new vscode.InlineCompletionItem(suggestion.text, new vscode.Range(position, position), accepted)];
    } catch (error) {
      // The core never rejects; this is a bug, and still no reason to bother the user.
      this.deps.log.error(`inline completion failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    } finally {
      cancellation.dispose();
    }
  }
}
