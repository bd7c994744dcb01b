/**
 * Inline completions in VS Code: the provider for every file the gate allows, the command that
 * records an acceptance, and the listeners that abort requests the user's cursor has left behind.
 *
 * Completions get an engine of their own, on the same ledger, policy and budget as every other
 * request, with two differences: its client never retries (by the time a retry lands the user has
 * typed on), and no "Choose Tier" override applies. An override is for requests the user makes;
 * a one-off must not be spent on a keystroke, and a session override would put every keystroke
 * on the chosen tier. A pin for the `completion` task kind is the way to move completions.
 */
import * as vscode from 'vscode';
import { INTERNAL_COMMANDS } from '../../core/commands';
import type { CompleterStats } from '../../core/completions/completer';
import { Completer } from '../../core/completions/completer';
import { OutcomeTracker } from '../../core/completions/outcomeTracker';
import { budgetFromConfig } from '../../core/settings/config';
import { Engine } from '../../core/engine';
import type { SpendHolds } from '../../core/spend/spendHolds';
import type { Ledger } from '../../core/spend/ledger';
import { OverrideState } from '../../core/routing/overrides';
import type { ApiKeyStore } from '../platform/apiKey';
import { ClientProvider } from '../platform/clientProvider';
import type { LocalHealthSlot } from '../platform/clientProvider';
import type { Log } from '../platform/log';
import type { SettingsService } from '../platform/settingsService';
import { CursorTracker } from './cursorTracker';
import { CompletionGate } from './gating';
import { CompletionProvider } from './provider';

export interface CompletionDeps {
  readonly settings: SettingsService;
  readonly ledger: Ledger;
  readonly keys: ApiKeyStore;
  readonly log: Log;
  /** The offline demo backend's address, when `npm start` runs without a key. */
  readonly demoUrl?: string;
  /** The window's memory of dead local servers, shared with the chat's client. */
  readonly localHealth?: LocalHealthSlot;
  /** What the batches in flight are held at against the budgets, as for every other request. */
  readonly holds?: SpendHolds;
}

/** What the integration tests (and diagnostics) can see of completions. */
export interface CompletionsApi {
  /** Counters since activation: provider calls, cache and in-flight hits, requests, aborts. */
  readonly stats: Readonly<CompleterStats>;
  /** The ledger id of the suggestion on screen in a document, as far as the provider knows. */
  shownIn(documentKey: string): string | undefined;
  /** Forgets cached completions and any pause after failed requests, so a test starts from nothing. */
  clearCache(): void;
}

/** Languages and untitled files, local and remote: every document a user types code into. */
const SELECTOR: vscode.DocumentSelector = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell'].map((scheme) => ({ scheme }));

export function registerCompletions(context: vscode.ExtensionContext, deps: CompletionDeps): CompletionsApi {
  const { settings, ledger, log } = deps;
  const clients = new ClientProvider(deps.keys, settings, deps.demoUrl, { maxRetries: 0, ...(deps.localHealth ? { localHealth: deps.localHealth } : {}) });
  const engine = new Engine({
    policy: () => settings.policy,
    budget: () => budgetFromConfig(settings.config),
    prices: () => settings.priceOverrides,
    ledger,
    overrides: new OverrideState(),
    client: () => clients.get(),
    endpoints: () => settings.endpoints,
    log,
    held: () => deps.holds?.micros ?? 0,
  });
  const budgets = () => ({ prefixChars: settings.config['completions.prefixChars'], suffixChars: settings.config['completions.suffixChars'] });
  const completer = new Completer({
    run: (options) => engine.run(options),
    debounceMs: () => settings.config['completions.debounceMs'],
    currentHole: (documentKey) => cursor.current(documentKey),
    log,
  });
  const cursor = new CursorTracker(budgets, (documentKey) => (documentKey === undefined ? completer.editorChanged() : completer.documentChanged(documentKey)));
  const outcomes = new OutcomeTracker((recordId, outcome) => {
    ledger.recordCompletionOutcome(recordId, outcome).catch((error: unknown) => log.warn(`ledger: could not record a completion ${outcome}: ${String(error)}`));
  });
  const gate = new CompletionGate(() => settings.config, log);
  const provider = new CompletionProvider({ completer, outcomes, gate, config: () => settings.config, log });

  context.subscriptions.push(
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, provider),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.completionAccepted, (documentKey: string, recordId: string) => outcomes.accepted(documentKey, recordId)),
    vscode.workspace.onDidChangeTextDocument((event) => completer.documentChanged(event.document.uri.toString())),
    vscode.workspace.onDidCloseTextDocument((document) => outcomes.closed(document.uri.toString())),
    cursor,
    gate,
    { dispose: () => completer.dispose() },
  );
  return {
    stats: completer.stats,
    shownIn: (documentKey) => outcomes.current(documentKey),
    clearCache: () => {
      completer.cache.clear();
      completer.resetPause();
    },
  };
}
