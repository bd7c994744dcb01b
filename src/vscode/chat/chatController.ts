/**
 * The chat between the webview and the core: each message from the page goes to the chat session
 * (src/core/chat/chatSession.ts, which holds the rules: the conversation's tier, what a turn and a
 * retry send, history), and the session's changes go back to the page. What needs the editor is
 * here: the context chips, the pre-send estimate, inserting code, and an error's buttons.
 */
import { insertableCode } from '../../core/validation/insertableCode';
import * as vscode from 'vscode';
import type { ChatEvent } from '../../core/chat/chatSession';
import { ChatSession } from '../../core/chat/chatSession';
import type { ErrorAction } from '../../core/model/errorMessages';
import { estimateBasis, estimateText } from '../../core/spend/estimate';
import type { ModelRouterServices } from '../platform/services';
import { runErrorAction } from '../platform/errorActions';
import { TaskRunner } from '../platform/tasks';
import { automatedChecks } from '../devLoop/checksInChat';
import type { CommandTurn, Conversation, FromChat, TierChoice, ToChat } from '../../shared/chatProtocol';
import type { ConversationStore } from './conversationStore';
import { commandContext, contextFor, currentChips } from './editorContext';

export class ChatController {
  private readonly session: ChatSession;
  /** The composer's text, tier and chips as last estimated; undefined once sent or emptied. */
  private draft: { readonly text: string; readonly tier: TierChoice; readonly chips: readonly string[] } | undefined;

  constructor(
    private readonly services: ModelRouterServices,
    private readonly store: ConversationStore,
    private readonly post: (message: ToChat) => void,
  ) {
    this.session = new ChatSession({
      run: (options) => services.requests.run(options),
      attached: (chips) => contextFor(chips, this.secretPatterns()),
      commandContext: (turn) => commandContext(turn, this.secretPatterns()),
      secretPatterns: () => this.secretPatterns(),
      automated: automatedChecks(services, new TaskRunner(services.log)),
      addFeedback: async (recordId, value) => {
        await services.ledger.addFeedback(recordId, value);
      },
      store,
      show: (event) => this.show(event),
      newId: () => globalThis.crypto.randomUUID(),
      log: (message) => services.log.error(message),
    });
  }

  get current(): Conversation {
    return this.session.current;
  }

  async handle(message: FromChat): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.sendState();
        this.post({ type: 'context', chips: currentChips(this.secretPatterns()) });
        return;
      case 'send':
        // What was typed is sent: its estimate is no longer about anything in the composer.
        this.draft = undefined;
        return this.session.send(message.text, message.tier, message.chips);
      case 'draft':
        this.draft = message.text.trim() === '' ? undefined : message;
        return this.estimate(message.text, message.tier, message.chips);
      case 'stop':
        return this.session.stop();
      case 'retry':
        return this.session.retry(message.id, message.direction);
      case 'feedback':
        return this.session.feedback(message.id, message.value);
      case 'newChat':
        return this.session.newChat();
      case 'switchChat':
        return this.session.switchTo(message.id);
      case 'insert':
        return insertAtCursor(message.code);
      case 'action':
        return this.runAction(message.action, message.id);
    }
  }

  /** An editor command's question asked in the chat (Explain Selection); resolves when the answer has finished. */
  ask(turn: CommandTurn, text: string): Promise<void> {
    return this.session.ask(turn, text);
  }

  contextChanged(): void {
    this.post({ type: 'context', chips: currentChips(this.secretPatterns()) });
  }

  /** Secret files (modelRouter.completions.exclude), whose text no chat turn sends. */
  private secretPatterns(): readonly string[] {
    return this.services.settings.config['completions.exclude'];
  }

  private show(event: ChatEvent): void {
    if (event.type === 'state') this.sendState();
    else this.post(event);
  }

  private sendState(): void {
    const conversation = this.session.current;
    this.post({
      type: 'state',
      conversationId: conversation.id,
      messages: conversation.messages,
      conversations: this.store.list().filter((c) => c.messages.length > 0).map(({ id, title, updated }) => ({ id, title, updated })),
      tier: conversation.choice,
      demo: this.services.demo,
    });
  }

  /**
   * Estimates the draft again after something it depends on changed outside the composer: a
   * setting (budget, tiers, prices), the spend (a budget reached or reset), the answer lengths
   * learned from the ledger. Without a draft it clears the line, so no stale "budget reached" stays.
   */
  refreshEstimate(): void {
    if (!this.draft) return this.post({ type: 'estimate', text: '' });
    this.estimate(this.draft.text, this.draft.tier, this.draft.chips);
  }

  private estimate(text: string, choice: TierChoice, chips: readonly string[]): void {
    if (text.trim() === '') return this.post({ type: 'estimate', text: '' });
    const context = contextFor(chips, this.secretPatterns());
    const decision = this.services.engine.preview(
      { surface: 'chat', prompt: text, signals: { files: [...context.files] } },
      this.session.conversationTier(choice),
      choice === 'auto' ? undefined : { tier: choice, scope: 'next' },
    );
    const history = this.session.current.messages.map((m) => m.text).join('\n');
    const prompt = `${history}\n${context.items.map((item) => item.text).join('\n')}\n${text}`;
    const expected = this.services.outputs.history.expected(decision.taskKind, decision.tier);
    this.post({ type: 'estimate', text: estimateText(decision, prompt, this.services.settings.priceOverrides, expected), title: estimateBasis(expected, decision.thinking) });
  }

  /** An error's button: Retry asks again on the same tier; the others run their command. */
  private async runAction(action: ErrorAction, id: string | undefined): Promise<void> {
    if (action === 'retry') {
      if (id) await this.session.retry(id, 'same');
      return;
    }
    await runErrorAction(action, this.services.log);
  }
}

/**
 * Inserts at the cursor of the editor the user was in, never over a selection. With the chat
 * focused there may be no active editor: then only a single visible one is unambiguous.
 */
async function insertAtCursor(answerCode: string): Promise<void> {
  const visible = vscode.window.visibleTextEditors;
  const editor = vscode.window.activeTextEditor ?? (visible.length === 1 ? visible[0] : undefined);
  if (!editor) {
    void vscode.window.showWarningMessage(`Model Router: ${visible.length > 1 ? 'click into the editor to insert the code into, then Insert again' : 'open a file to insert the code into'}.`);
    return;
  }
  const { code, removed } = insertableCode(answerCode);
  await editor.edit((edit) => edit.insert(editor.selection.active, code));
  if (removed > 0) void vscode.window.showInformationMessage(`Model Router: ${removed} hidden character${removed === 1 ? '' : 's'} (bidirectional or zero-width) left out of the inserted code.`);
}
