/**
 * The features, wired together: dist/features.js, which the activation entry (src/activation.ts,
 * dist/extension.js) requires right after VS Code activated the extension. Each feature registers
 * its own commands and owns its disposables. A failure here shows a message with "Show Logs"
 * instead of dying silently.
 */
import * as vscode from 'vscode';
import { budgetFromConfig } from './core/settings/config';
import { Engine } from './core/engine';
import { MonthlyLedgerStore } from './node/monthlyLedgerStore';
import { followLedger } from './core/spend/outputFeed';
import { useRouterModelUnder } from './node/routerModelFile';
import { Ledger } from './core/spend/ledger';
import { OverrideState } from './core/routing/overrides';
import { registerAgentCommands } from './vscode/agent/registerAgentCommands';
import { ApiKeyStore, registerApiKeyCommands } from './vscode/platform/apiKey';
import { registerChooseTier } from './vscode/chooseTier';
import type { CompletionsApi } from './vscode/completions/registerCompletions';
import { registerCompletions } from './vscode/completions/registerCompletions';
import { ClientProvider, LocalHealthSlot } from './vscode/platform/clientProvider';
import { Log } from './vscode/platform/log';
import { registerChatView } from './vscode/chat/chatView';
import { registerLanguageModelProvider } from './vscode/languageModel/routerChatProvider';
import type { ChatViewProvider } from './vscode/chat/chatView';
import { LearningService } from './vscode/learning/learningService';
import { LearnedRouting, registerResetLearnedRouting } from './vscode/learning/learnedRouting';
import { registerMenu } from './vscode/menu';
import { registerOnboarding } from './vscode/onboarding';
import { loadLedgerInBackground } from './vscode/platform/ledgerLoad';
import { RequestRunner } from './vscode/platform/requestRunner';
import { currentSessionId, touchSession } from './vscode/platform/session';
import { registerSessionCommands } from './vscode/sessionCommands';
import { SettingsService } from './vscode/platform/settingsService';
import { registerSpendReport } from './vscode/spendReportPanel';
import type { SpendReportApi } from './vscode/spendReportPanel';
import type { ModelRouterServices } from './vscode/platform/services';
import { SpendStatusBar } from './vscode/statusBar';
import { apiForMode } from './vscode/platform/testApi';
import { registerOtelExport } from './vscode/telemetry/otelExport';
import type { BatchWorkApi } from './vscode/batch/batchCommands';
import { registerBatchWork } from './vscode/batch/batchCommands';
import { SpendHolds } from './core/spend/spendHolds';

/**
 * What activate returns when the extension runs under tests (`ExtensionMode.Test`, which the
 * integration tests and benchmarks use): the engine, the ledger and the chat history. Any other
 * extension could otherwise spend the user's key past VS Code's language-model consent and read their
 * chats, so outside tests activate returns nothing; `vscode.lm` is the way in for other extensions.
 */
export interface ModelRouterApi {
  readonly engine: Engine;
  /** The engine with the editor's prompts for a missing key and a spent budget: what surfaces call. */
  readonly requests: RequestRunner;
  readonly ledger: Ledger;
  readonly overrides: OverrideState;
  readonly settings: SettingsService;
  readonly statusBar: SpendStatusBar;
  readonly log: Log;
  readonly ledgerPath: string;
  /** This window's extension host log folder (the Model Router output channel's file is in it). */
  readonly logFolder: string;
  /** Everything the extension keeps in workspace and global state (chat history included), as stored. */
  persistedState(): { readonly workspace: Record<string, unknown>; readonly global: Record<string, unknown> };
  readonly demo: boolean;
  readonly chat: ChatViewProvider;
  /** The spend report panel, when open, and how many of its page's messages were rejected. */
  readonly spendReport: SpendReportApi;
  /** Inline completions: their counters, what is on screen, and a way to empty the cache. */
  readonly completions: CompletionsApi;
  /** The weekly review and its pending suggestions. */
  readonly learning: LearningService;
  /** The classifier's per-user adjustment (the corrections learned from feedback). */
  readonly learned: LearnedRouting;
  /** The Message Batches: the tracker, the Batches view, and a reload from workspace state. */
  readonly batches: BatchWorkApi;
}

/** What `deactivate` waits for: the OpenTelemetry export's last data (bounded, so shutdown is not held). */
let finalFlush: (() => Promise<void>) | undefined;

/** What the activation entry (src/activation.ts) hands the features: the stand-ins it made at activation. */
export interface ActivationShell {
  /** The spend item in the status bar, shown at activation, for SpendStatusBar to fill in. */
  readonly statusItem: vscode.StatusBarItem;
  /** Drops the stand-in commands: the real ones are registered next, in the same tick. */
  releaseCommands(): void;
  /** The handler of `@router`, the participant the activation entry created. */
  answerChat(handler: vscode.ChatRequestHandler): void;
}

/** What the activation entry returns under tests: the API once the features are loaded. */
export interface LazyModelRouterApi {
  readonly loaded: Promise<ModelRouterApi | undefined>;
}

export async function activate(context: vscode.ExtensionContext, shell: ActivationShell): Promise<ModelRouterApi | undefined> {
  const log = new Log();
  context.subscriptions.push(log);
  try {
    const api = await wire(context, log, shell);
    return apiForMode(context.extensionMode, api);
  } catch (error) {
    log.error(error instanceof Error ? error : String(error));
    const choice = await vscode.window.showErrorMessage(`Model Router could not start: ${log.scrub((error as Error).message ?? String(error))}`, 'Show Logs');
    if (choice === 'Show Logs') log.show();
    return undefined;
  }
}

async function wire(context: vscode.ExtensionContext, log: Log, shell: ActivationShell): Promise<ModelRouterApi> {
  // Only says where the learned router's weights are; they are read on the first classification.
  useRouterModelUnder(context.extensionPath);
  // Only `npm start` sets this, to its loopback demo backend; it is never read from settings.
  const demoUrl = process.env.MODEL_ROUTER_DEMO_URL || undefined;
  const demo = demoUrl !== undefined;
  const settings = new SettingsService(log);
  context.subscriptions.push(settings);
  await settings.reload();

  const keys = new ApiKeyStore(context.secrets, log);
  context.subscriptions.push(keys);

  // One file per month plus a totals snapshot; the history loads after wiring (loadLedgerInBackground).
  const store = new MonthlyLedgerStore(context.globalStorageUri.fsPath);
  const ledger = new Ledger({ store, sessionId: currentSessionId(context.workspaceState), onWarning: (warning) => log.warn(`ledger: ${warning}`) });
  context.subscriptions.push(ledger.onDidChange(() => touchSession(context.workspaceState, ledger.sessionId)));

  const overrides = new OverrideState();
  // One memory of dead local servers for the window: no surface waits for one another found dead.
  // It is made with the first client: the adapter and the SDK load on the first request.
  const localHealth = new LocalHealthSlot();
  const clients = new ClientProvider(keys, settings, demoUrl, { localHealth });
  // The classifier's per-user adjustment: the user's corrections, in global storage.
  const learned = new LearnedRouting(context.globalState, log);
  // What the batches in flight are estimated to cost: counted against the budgets until collected.
  const holds = new SpendHolds();
  const engine = new Engine({
    policy: () => settings.policy,
    budget: () => budgetFromConfig(settings.config),
    prices: () => settings.priceOverrides,
    ledger,
    overrides,
    client: () => clients.get(),
    endpoints: () => settings.endpoints,
    log,
    adjustment: () => learned.current,
    onLearnable: (id, prompt) => learned.remember(id, prompt),
    askFastTierWhenUnsure: () => settings.config['routing.askFastTierWhenUnsure'],
    held: () => holds.micros,
  });

  const requests = new RequestRunner(engine, keys, log);

  // The weekly review and its suggestions: read after the history loads, then after each change.
  const learning = new LearningService({ store, ledger, settings, globalState: context.globalState, log, learned });
  context.subscriptions.push(learning);
  const statusBar = new SpendStatusBar(shell.statusItem, ledger, overrides, settings, demo, learning, holds);
  context.subscriptions.push(statusBar);
  // From here to the end of the wiring every command is registered synchronously: none is ever missing.
  shell.releaseCommands();
  registerApiKeyCommands(context, keys);
  registerChooseTier(context, overrides, settings);
  registerMenu(context, overrides, keys, () => learning.pending, () => learned.current.size, () => settings.config['api.baseUrl'] || undefined);
  registerResetLearnedRouting(context, learned);
  registerOnboarding(context);
  registerSessionCommands(context, { ledger, overrides, log });
  const spendReport = registerSpendReport(context, { ledger, learning, store, log, demo, developer: () => settings.config['team.developer'] });
  // The estimate learns answer lengths from the ledger, read again after each change.
  const outputs = followLedger(store, (listener) => ledger.onDidChange(listener), (error) => log.warn(`ledger: could not read answer lengths for the estimate: ${String(error)}`));
  context.subscriptions.push(outputs);
  const services: ModelRouterServices = { engine, requests, ledger, outputs, overrides, settings, log, demo };
  const chat = registerChatView(context, services);
  const agentDeps = registerAgentCommands(context, services, chat);
  // Bulk work at half price: Message Batches, tracked in workspace state across reloads.
  const batches = registerBatchWork(context, agentDeps, () => clients.batches(), holds);
  const completions = registerCompletions(context, { settings, ledger, keys, log, demoUrl, localHealth, holds });
  registerLanguageModelProvider(context, services, shell.answerChat);
  // Off by default; the SDK (dist/otel.js) is read only once the user turns the export on.
  finalFlush = registerOtelExport(context, { ledger, settings, log });

  void loadLedgerInBackground(ledger, store.folder, log, () => void learning.update());
  log.info(`Model Router ${String(context.extension.packageJSON.version)} active${demo ? ' (demo: answers come from the offline fake API)' : ''}`);
  return {
    engine,
    requests,
    ledger,
    overrides,
    settings,
    statusBar,
    log,
    get ledgerPath() {
      return store.currentFile;
    },
    logFolder: vscode.Uri.joinPath(context.logUri, '..').fsPath,
    persistedState: () => ({ workspace: mementoEntries(context.workspaceState), global: mementoEntries(context.globalState) }),
    demo,
    chat,
    spendReport,
    completions,
    learning,
    learned,
    batches,
  };
}

function mementoEntries(memento: vscode.Memento): Record<string, unknown> {
  return Object.fromEntries(memento.keys().map((key) => [key, memento.get(key)]));
}

/** Everything else is disposed through context.subscriptions; the export's last data is waited for (the activation entry's deactivate calls this). */
export async function deactivate(): Promise<void> {
  const flush = finalFlush;
  finalFlush = undefined;
  await flush?.();
}
