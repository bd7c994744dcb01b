/**
 * What became of the suggestions shown, for the ledger. VS Code's stable API has no "shown" or
 * "dismissed" event (`handleDidShowCompletionItem` is the proposed `inlineCompletionsAdditions`
 * API, which an extension from the Marketplace cannot use), so this follows what the provider
 * sees: a suggestion is shown when a call that was not cancelled returns it; it is accepted when
 * VS Code runs the command of the item it inserted; it is dismissed when something else takes its
 * place in that document — another suggestion, a call that found none, the document closing.
 * Typing through a suggestion keeps it on screen: the cache serves the rest under the same id.
 */
import type { CompletionOutcome } from '../spend/spendRecord';

export class OutcomeTracker {
  /** Document key → ledger id of the suggestion on screen there. */
  private readonly showing = new Map<string, string>();

  constructor(private readonly record: (recordId: string, outcome: CompletionOutcome) => void) {}

  /** The suggestion of request `recordId` is on screen in the document. */
  shown(documentKey: string, recordId: string): void {
    const previous = this.showing.get(documentKey);
    if (previous === recordId) return;
    if (previous !== undefined) this.record(previous, 'dismissed');
    this.showing.set(documentKey, recordId);
    this.record(recordId, 'shown');
  }

  /** A call for the document found no suggestion, so whatever was shown there is gone. */
  nothingShown(documentKey: string): void {
    const previous = this.showing.get(documentKey);
    if (previous === undefined) return;
    this.showing.delete(documentKey);
    this.record(previous, 'dismissed');
  }

  /** VS Code inserted the suggestion of request `recordId` (and ran its command). */
  accepted(documentKey: string, recordId: string): void {
    if (this.showing.get(documentKey) === recordId) this.showing.delete(documentKey);
    this.record(recordId, 'accepted');
  }

  /** The document closed: what it showed was not accepted. */
  closed(documentKey: string): void {
    this.nothingShown(documentKey);
  }

  /** The ledger id shown in the document now, if any. */
  current(documentKey: string): string | undefined {
    return this.showing.get(documentKey);
  }
}
