/**
 * Model Router as a language model in VS Code: "Model Router · Auto" and one model per tier in the
 * Chat view's model picker and in `vscode.lm`. Every request (Ask, Edit or Agent mode, another
 * extension's, or `@router`'s) goes through the shared LanguageModelTasks path, streams text and
 * tool calls back as they arrive, and stops at the API when VS Code cancels.
 * `registerLanguageModelProvider` wires the provider and the `@router` participant.
 */
import * as vscode from 'vscode';
import { describeError } from '../../core/model/errorMessages';
import { LanguageModelTasks } from '../../core/languageModel/languageModelTasks';
import type { LmMessage } from '../../core/languageModel/lmMessages';
import { isLmModelId, LM_VENDOR, lmModelInfos } from '../../core/languageModel/lmModels';
import { withoutSecretAttachments } from '../../core/languageModel/secretAttachments';
import { TaskTracker } from '../../core/languageModel/taskTracker';
import type { RunResult } from '../../core/engine';
import { estimateTokens, IMAGE_TOKENS, tokenizerFamilyOf } from '../../core/model/tokens';
import type { TokenizerFamily } from '../../core/model/tokens';
import type { Log } from '../platform/log';
import type { ModelRouterServices } from '../platform/services';
import type { SettingsService } from '../platform/settingsService';
import { registerRouterParticipant, StepReports } from './routerParticipant';
import { fromRequestMessages, toolDefinitions } from './vscodeMessages';

export function registerLanguageModelProvider(context: vscode.ExtensionContext, services: ModelRouterServices, answerChat: (handler: vscode.ChatRequestHandler) => void): void {
  const tracker = new TaskTracker();
  const tasks = new LanguageModelTasks({
    run: (options) => services.requests.run(options),
    policy: () => services.settings.policy,
    tracker,
    relativePath: (path) => vscode.workspace.asRelativePath(path, false),
  });
  const reports = new StepReports();
  const provider = new RouterChatProvider({ tasks, settings: services.settings, reports, log: services.log });
  context.subscriptions.push(provider, vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider));
  registerRouterParticipant({ reports, log: services.log, secretPatterns: () => services.settings.config['completions.exclude'] }, answerChat);
}

export interface RouterChatProviderDeps {
  readonly tasks: LanguageModelTasks;
  readonly settings: SettingsService;
  readonly reports: StepReports;
  readonly log: Log;
}

/** How long a failed step waits after its last streamed part before it reports the error. */
const PARTS_BEFORE_ERROR_MS = 200;

export class RouterChatProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when settings change a tier's model, and with it names, limits and prices. */
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly told = new Set<string>();

  constructor(private readonly deps: RouterChatProviderDeps) {
    this.subscriptions = [this.changed, deps.settings.onDidChange(() => this.changed.fire())];
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return lmModelInfos(this.deps.settings.policy, this.deps.settings.priceOverrides).map((info) => ({ ...info, capabilities: { ...info.capabilities } }));
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    if (!isLmModelId(model.id)) throw new Error(`Model Router has no model "${model.id}".`);
    if (token.isCancellationRequested) return;
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    let streamed = false;
    // Secret files VS Code attached (or attached implicitly, the active editor's) are not sent; the answer says so.
    const { conversation, leftOut } = await withoutSecretAttachments(
      fromRequestMessages(messages),
      this.deps.settings.config['completions.exclude'],
      (path) => vscode.workspace.asRelativePath(path, false),
      secretFileText,
    );
    const untold = leftOut.filter((note) => this.toldOnce(`${firstText(conversation)}\n${note}`));
    if (untold.length > 0) {
      streamed = true;
      progress.report(new vscode.LanguageModelTextPart(`_Model Router: ${untold.join('; ')}._\n\n`));
    }
    try {
      const step = await this.deps.tasks.respond(
        {
          conversation,
          tools: toolDefinitions(options.tools),
          toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
          ...(model.id === 'auto' ? {} : { tier: model.id }),
          signal: abort.signal,
        },
        {
          text: (text) => {
            streamed = true;
            progress.report(new vscode.LanguageModelTextPart(text));
          },
          toolCall: (callId, name, input) => {
            streamed = true;
            progress.report(new vscode.LanguageModelToolCallPart(callId, name, input));
          },
        },
      );
      this.deps.reports.file(options.modelOptions, step);
      const failure = failureOf(step.run);
      if (failure === undefined || token.isCancellationRequested) return;
      // VS Code's response stream throws its error before parts the consumer has not read yet, so
      // an error right behind the last parts would swallow them: let what arrived be read first.
      if (streamed) await new Promise((resolve) => setTimeout(resolve, PARTS_BEFORE_ERROR_MS));
      throw new Error(this.deps.log.scrub(failure));
    } finally {
      cancelled.dispose();
    }
  }

  /**
   * Whether `key` (a conversation's first words and a note) is new. An agent re-sends the whole
   * conversation at every step, and the note belongs once in its answer, not at every step.
   */
  private toldOnce(key: string): boolean {
    if (this.told.has(key)) return false;
    if (this.told.size >= 500) this.told.clear();
    this.told.add(key);
    return true;
  }

  async provideTokenCount(model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    // A local estimate: VS Code asks for counts many times while it builds one prompt, too often
    // for a round trip to the API each time.
    const tier = isLmModelId(model.id) && model.id !== 'auto' ? model.id : 'frontier';
    const family = tokenizerFamilyOf(this.deps.settings.policy.tiers[tier].model);
    if (typeof text === 'string') return estimateTokens(text, family);
    return fromRequestMessages([text]).reduce((sum, message) => sum + messageTokens(message, family), 0);
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

/** The conversation's first user words, which identify it across the steps of an agent's task. */
/** The largest secret file read to see whether its text holds a closing tag; a larger one counts as holding one. */
const SECRET_CHECK_MAX_BYTES = 4 * 1024 * 1024;

/** A secret file's current text (the open editor's, unsaved edits included, else the disk's); undefined when it cannot be read. */
async function secretFileText(path: string): Promise<string | undefined> {
  if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) return undefined;
  const uri = vscode.Uri.file(path);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > SECRET_CHECK_MAX_BYTES) return undefined;
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function firstText(conversation: readonly LmMessage[]): string {
  const part = conversation.find((message) => message.role === 'user')?.parts.find((each) => each.type === 'text');
  return part?.type === 'text' ? part.text.slice(0, 500) : '';
}

function messageTokens(message: LmMessage, family: TokenizerFamily): number {
  return message.parts.reduce((sum, part) => {
    if (part.type === 'image') return sum + IMAGE_TOKENS;
    const text = part.type === 'toolCall' ? `${part.name}${JSON.stringify(part.input ?? null)}` : part.text;
    return sum + estimateTokens(text, family);
  }, 0);
}

/** What to tell the user when a step did not produce an answer; undefined when it did. */
function failureOf(run: RunResult): string | undefined {
  switch (run.kind) {
    case 'noKey':
      return 'Model Router needs an Anthropic API key: run "Model Router: Set API Key".';
    case 'blocked':
      return `Model Router: ${run.message}`;
    case 'automated':
      return 'Model Router: this request needs an editor command, not a model.';
    case 'done':
      return run.result.outcome === 'error' ? `Model Router: ${describeError(run.result.error, run.decision.model).message}` : undefined;
  }
}
