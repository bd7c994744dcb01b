/**
 * The chat's behaviour, between the webview and the core: sending a message through the engine,
 * streaming the answer, keeping the conversation's tier (it changes only when the user says so or
 * a new message clearly needs a stronger one, and every change is shown in the thread), retrying
 * a tier up or down, feedback, and history. Editor commands ask here too (Explain Selection): their
 * turn carries the code it is about and is routed by the command's task kind.
 */
import * as vscode from 'vscode';
import { describeError } from '../../core/model/errorMessages';
import { estimateText } from '../../core/spend/estimate';
import { formatCost } from '../../core/spend/pricing';
import { estimateTokens } from '../../core/model/tokens';
import type { ChatTurn } from '../../core/prompts/chatPrompt';
import { buildChatPrompt } from '../../core/prompts/chatPrompt';
import { buildCommandPrompt } from '../../core/prompts/commandPrompt';
import { renderContext } from '../../core/prompts/contextText';
import type { RouteDecision } from '../../core/routing/router';
import type { ModelTier } from '../../core/routing/tiers';
import { tierAbove, tierBelow } from '../../core/routing/tiers';
import type { ModelRouterServices } from '../platform/services';
import type { ChatMessageView, CommandTurn, Conversation, FromChat, TierChoice, ToChat } from '../../shared/chatProtocol';
import type { ConversationStore } from './conversationStore';
import { commandContext, commandSelectionItem, contextFor, currentChips } from './editorContext';

export class ChatController {
  private conversation: Conversation;
  private running: AbortController | undefined;
  /** Settles when the answer that is streaming has finished and been saved. */
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: ModelRouterServices,
    private readonly store: ConversationStore,
    private readonly post: (message: ToChat) => void,
  ) {
    this.conversation = store.list()[0] ?? store.create();
  }

  get current(): Conversation {
    return this.conversation;
  }

  async handle(message: FromChat): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.sendState();
        this.post({ type: 'context', chips: currentChips(this.secretPatterns()) });
        return;
      case 'send':
        return this.sendTyped(message.text, message.tier, message.chips);
      case 'draft':
        return this.estimate(message.text, message.tier, message.chips);
      case 'stop':
        this.running?.abort();
        return;
      case 'retry':
        return this.retry(message.id, message.direction);
      case 'feedback':
        return this.feedback(message.id, message.value);
      case 'newChat':
        this.running?.abort();
        this.conversation = this.store.create();
        this.sendState();
        return;
      case 'switchChat': {
        const next = this.store.get(message.id);
        if (next) {
          this.conversation = next;
          this.sendState();
        }
        return;
      }
      case 'insert':
        return insertAtCursor(message.code);
      case 'action':
        return this.runAction(message.action, message.id);
    }
  }

  /**
   * An editor command's question asked in the chat: in a new conversation unless the current one
   * is empty (the explanation is its own topic; the earlier chat stays in the list), the user's
   * turn showing the selection as a chip, the answer routed by the command's task kind and shown
   * like any answer, with its footer, retry and feedback. An answer still streaming is stopped
   * first, as New Chat does. Resolves when the answer has finished.
   */
  async ask(turn: CommandTurn, text: string): Promise<void> {
    if (this.running) {
      this.running.abort();
      await this.idle;
    }
    if (this.conversation.messages.length > 0) {
      this.conversation = this.store.create();
      this.sendState();
    }
    const chip = { id: 'selection', label: `${turn.path}:${turn.startLine}-${turn.endLine}`, kind: 'selection' as const };
    const question: ChatMessageView = { id: newId(), role: 'user', text, chips: [chip], command: turn };
    this.append(this.conversation, question);
    await this.answer(question, 'auto', []);
  }

  contextChanged(): void {
    this.post({ type: 'context', chips: currentChips(this.secretPatterns()) });
  }

  /** Secret files (modelRouter.completions.exclude), whose text no chat turn sends. */
  private secretPatterns(): readonly string[] {
    return this.services.settings.config['completions.exclude'];
  }

  private sendState(): void {
    this.post({
      type: 'state',
      conversationId: this.conversation.id,
      messages: this.conversation.messages,
      conversations: this.store.list().filter((c) => c.messages.length > 0).map(({ id, title, updated }) => ({ id, title, updated })),
      tier: this.conversation.choice,
      demo: this.services.demo,
    });
  }

  private estimate(text: string, choice: TierChoice, chips: readonly string[]): void {
    const context = contextFor(chips, this.secretPatterns());
    const decision = this.services.engine.preview(
      { surface: 'chat', prompt: text, signals: { files: context.files } },
      this.conversationTier(choice),
      choice === 'auto' ? undefined : { tier: choice, scope: 'next' },
    );
    const history = this.conversation.messages.map((m) => m.text).join('\n');
    const prompt = `${history}\n${context.items.map((item) => item.text).join('\n')}\n${text}`;
    this.post({ type: 'estimate', text: estimateText(decision, prompt, this.services.settings.priceOverrides) });
  }

  private async sendTyped(text: string, choice: TierChoice, chips: readonly string[]): Promise<void> {
    if (this.running) return;
    this.conversation.choice = choice;
    const question: ChatMessageView = { id: newId(), role: 'user', text };
    this.append(this.conversation, question);
    await this.answer(question, choice, chips);
  }

  /** Answers `question`, the conversation's last message; one answer streams at a time. */
  private answer(question: ChatMessageView, choice: TierChoice, chips: readonly string[], forced?: ModelTier): Promise<void> {
    if (this.running) return Promise.resolve();
    const controller = new AbortController();
    this.running = controller;
    this.idle = this.stream(question, choice, chips, controller, forced).finally(() => {
      if (this.running === controller) this.running = undefined;
    });
    return this.idle;
  }

  private async stream(question: ChatMessageView, choice: TierChoice, chips: readonly string[], controller: AbortController, forced?: ModelTier): Promise<void> {
    const conversation = this.conversation;
    const text = question.text;
    const command = question.command;
    const history = toTurns(conversation.messages.slice(0, -1));
    const context = command ? await commandContext(command, this.secretPatterns()) : contextFor(chips, this.secretPatterns());
    // A secret file is never sent: the turn says so, and a command about it is not asked at all.
    if (context.withheld !== undefined) {
      this.append(conversation, { id: newId(), role: 'notice', text: command ? `Not asked: ${context.withheld}.` : `Asked without it: ${context.withheld}.` });
      if (command) return;
    }
    const contextTokens = estimateTokens(context.items.map((i) => i.text).join(''));
    // Said before the answer, so the user knows what the model did not see.
    if (context.notes.length > 0) this.append(conversation, { id: newId(), role: 'notice', text: `Context sent in part: ${context.notes.join('; ')}.` });
    const override = forced ?? (choice === 'auto' || command ? undefined : choice);
    const answer: ChatMessageView = { id: newId(), role: 'assistant', text: '', status: 'streaming' };
    try {
      const result = await this.services.requests.run({
        // A command's turn is routed as the command would be: by its task kind, not the conversation's tier.
        request: command
          ? { surface: 'command', taskKind: command.taskKind, signals: { files: context.files, selectionLines: command.endLine - command.startLine + 1, languageId: command.languageId, contextTokens } }
          : { surface: 'chat', prompt: text, signals: { files: context.files, contextTokens } },
        prompt: () => (command ? buildCommandPrompt({ kind: command.taskKind, context: context.items }) : buildChatPrompt({ history, question: text, context: context.items })),
        conversationTier: override === undefined && !command ? this.conversationTier(choice) : undefined,
        override: override === undefined ? undefined : { tier: override, scope: 'next' },
        conversationId: conversation.id,
        signal: controller.signal,
        onDecision: (decision) => {
          this.noteTierChange(conversation, decision);
          this.append(conversation, answer);
        },
        // The conversation keeps its tier: only this answer comes from the tier below.
        onFallback: (_decision, notice) => this.append(conversation, { id: newId(), role: 'notice', text: notice }),
        onDelta: (delta) => {
          if (delta.type !== 'text') return;
          answer.text += delta.text;
          if (this.conversation === conversation) this.post({ type: 'delta', id: answer.id, text: delta.text });
        },
      });
      if (result.kind !== 'done') {
        const reason = result.kind === 'noKey' ? 'No API key: the request was not sent.' : result.kind === 'blocked' ? result.message : 'This request needs an editor command, not chat.';
        this.append(conversation, { id: newId(), role: 'notice', text: reason });
        return;
      }
      const usage = result.result.usage;
      answer.footer = {
        model: result.decision.model,
        tier: result.decision.tier,
        rule: result.decision.rule,
        reasons: [...result.decision.reasons],
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheReadTokens: usage.cacheReadTokens,
        cacheWriteTokens: usage.cacheWrite5mTokens + usage.cacheWrite1hTokens,
        cost: formatCost(result.cost),
      };
      answer.recordId = result.record.id;
      answer.text = result.result.text;
      answer.status = result.result.outcome === 'ok' ? 'done' : result.result.outcome;
      if (result.result.outcome === 'error') answer.error = describeError(result.result.error, result.decision.model) as ChatMessageView['error'];
      if (this.conversation === conversation) this.post({ type: 'finish', message: answer });
    } finally {
      await this.store.save(conversation);
    }
  }

  /** Auto conversations never drop below the tier they are on; a chosen tier is used as is. */
  private conversationTier(choice: TierChoice): ModelTier | undefined {
    return choice === 'auto' ? this.conversation.tier : undefined;
  }

  private noteTierChange(conversation: Conversation, decision: RouteDecision): void {
    if (decision.tier === 'automated') return;
    const previous = conversation.tier;
    conversation.tier = decision.tier;
    if (previous === undefined || previous === decision.tier) return;
    const why = decision.reasons[decision.reasons.length - 1] ?? decision.rule;
    this.append(conversation, { id: newId(), role: 'notice', text: `Tier changed: ${previous} → ${decision.tier}. ${why}` });
  }

  private async retry(id: string, direction: 'up' | 'down' | 'same'): Promise<void> {
    const messages = this.conversation.messages;
    const index = messages.findIndex((m) => m.id === id);
    const answer = messages[index];
    const question = [...messages.slice(0, index)].reverse().find((m) => m.role === 'user');
    if (!answer || !question) return;
    const from = (answer.footer?.tier ?? this.conversation.tier ?? 'balanced') as ModelTier;
    const target = direction === 'up' ? tierAbove(from) : direction === 'down' ? tierBelow(from) : from;
    if (target === undefined) return;
    if (this.running) return;
    // The retried question goes to the end of the thread so the history the model sees stays in order.
    const again: ChatMessageView = { id: newId(), role: 'user', text: question.text, chips: question.chips, command: question.command };
    this.append(this.conversation, again);
    await this.answer(again, this.conversation.choice, [], target);
  }

  private async feedback(id: string, value: 'right' | 'cheaper' | 'stronger'): Promise<void> {
    const message = this.conversation.messages.find((m) => m.id === id);
    if (!message?.recordId) return;
    await this.services.ledger.addFeedback(message.recordId, value);
    message.feedback = value;
    this.post({ type: 'finish', message });
    await this.store.save(this.conversation);
  }

  private async runAction(action: string, id: string | undefined): Promise<void> {
    if (action === 'retry' && id) return this.retry(id, 'same');
    const commands: Record<string, [string, ...unknown[]]> = {
      setApiKey: ['modelRouter.setApiKey'],
      openSettings: ['workbench.action.openSettings', 'modelRouter'],
      showLog: ['modelRouter.showLog'],
      chooseTier: ['modelRouter.chooseTier'],
    };
    const command = commands[action];
    if (command) await vscode.commands.executeCommand(...command);
  }

  private append(conversation: Conversation, message: ChatMessageView): void {
    conversation.messages.push(message);
    if (this.conversation === conversation) this.post({ type: 'append', message });
  }
}

/** The history the model sees; a command's turn carries the code it asked about, so a follow-up can refer to it. */
function toTurns(messages: readonly ChatMessageView[]): ChatTurn[] {
  return messages
    .filter((m) => m.role !== 'notice')
    .map((m) => ({ role: m.role as 'user' | 'assistant', text: m.command ? `${renderContext([commandSelectionItem(m.command)], 20_000)}\n\n${m.text}` : m.text }));
}

async function insertAtCursor(code: string): Promise<void> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showWarningMessage('Model Router: open a file to insert the code into.');
    return;
  }
  await editor.edit((edit) => edit.replace(editor.selection, code));
}

function newId(): string {
  return globalThis.crypto.randomUUID();
}
