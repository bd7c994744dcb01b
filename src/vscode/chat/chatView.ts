/**
 * The "Model Router" chat view: a webview view in its own activity-bar container. It validates
 * every message from the page, hands it to the controller, and follows the editor so the context
 * chips stay current.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commands';
import { RejectionLog } from '../../core/validation/rejectionLog';
import { fromChatSchema } from '../../shared/chatProtocol';
import type { CommandTurn, ToChat } from '../../shared/chatProtocol';
import type { ModelRouterServices } from '../platform/services';
import { webviewHtml, webviewOptions } from '../platform/webviewHtml';
import { ChatController } from './chatController';
import { ConversationStore } from './conversationStore';

export const CHAT_VIEW_ID = 'modelRouter.chat';
const MAX_KEPT_REJECTIONS = 100;

export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  controller: ChatController;
  /** The latest rejected messages' problems, for the test API; older ones only count. */
  private readonly rejected: string[] = [];
  private readonly rejections: RejectionLog;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: ModelRouterServices,
  ) {
    this.controller = this.newController();
    this.rejections = new RejectionLog('chat', (line) => services.log.warn(line));
  }

  /** Reads the conversations back from the workspace state, as a window reload does. */
  reloadFromStorage(): void {
    this.controller = this.newController();
  }

  private newController(): ChatController {
    return new ChatController(this.services, new ConversationStore(this.context.workspaceState), (message) => this.post(message));
  }

  /** The latest messages from the page that failed validation (at most 100), for the test API. */
  get rejectedMessages(): readonly string[] {
    return this.rejected;
  }

  /** How many messages from the page failed validation since activation. */
  get rejectedCount(): number {
    return this.rejections.total;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.context.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.context.extensionUri, { title: 'Model Router', script: 'chat.js', style: 'chat.css' });
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.window.onDidChangeActiveTextEditor(() => this.controller.contextChanged()),
      vscode.window.onDidChangeTextEditorSelection(() => this.controller.contextChanged()),
      // The estimate depends on the settings (budget, tiers, prices) and the spend, not only on the draft.
      this.services.settings.onDidChange(() => this.controller.refreshEstimate()),
      this.services.ledger.onDidChange(() => this.controller.refreshEstimate()),
    ];
    view.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      this.view = undefined;
    });
  }

  /**
   * Shows the chat and asks an editor command's question there (Explain Selection); resolves when
   * the answer has finished. The view resolves on the focus command if it never has, and a page
   * that loads meanwhile gets the whole thread, the streaming answer included, on `ready`.
   */
  async ask(turn: CommandTurn, text: string): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    await this.controller.ask(turn, text);
  }

  /** Validates one message from the page and hands it on; a malformed one is logged and dropped. */
  receive(raw: unknown): Promise<void> {
    const parsed = fromChatSchema.safeParse(raw);
    if (!parsed.success) {
      const what = `${parsed.error.issues[0]?.path.join('.') || 'message'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
      this.rejected.push(what);
      if (this.rejected.length > MAX_KEPT_REJECTIONS) this.rejected.shift();
      this.rejections.reject(what);
      return Promise.resolve();
    }
    return this.controller.handle(parsed.data).catch((error: unknown) => this.services.log.error(error instanceof Error ? error : String(error)));
  }

  private post(message: ToChat): void {
    void this.view?.webview.postMessage(message);
  }
}

export function registerChatView(context: vscode.ExtensionContext, services: ModelRouterServices): ChatViewProvider {
  const provider = new ChatViewProvider(context, services);
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.commands.registerCommand(COMMANDS.newChat.id, () => provider.controller.handle({ type: 'newChat' })),
  );
  return provider;
}
