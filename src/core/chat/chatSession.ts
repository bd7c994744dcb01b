/**
 * The chat's rules, without the editor: which conversation is on screen, its tier (it changes only
 * when the user says so or a message clearly needs a stronger one, and every change is shown in
 * the thread), what a turn sends — a typed question with its history and attached context, or an
 * editor command's turn routed by its task kind — what Retry one tier up or down sends (exactly
 * what the first attempt sent), feedback, and saving. The editor comes in through `ChatPorts`;
 * src/vscode/chat/chatController.ts adapts the webview and VS Code to it.
 */
import type { RunOptions, RunResult } from '../engine';
import { describeError } from '../model/errorMessages';
import { secretFileNote, secretFilePattern } from '../privacy/secretFiles';
import type { ChatTurn } from '../prompts/chatPrompt';
import { buildChatPrompt } from '../prompts/chatPrompt';
import { buildCommandPrompt } from '../prompts/commandPrompt';
import type { RouteRequest } from '../routing/router';
import type { ModelTier, Tier } from '../routing/tiers';
import { isModelTier, tierAbove, tierBelow } from '../routing/tiers';
import type { Feedback } from '../spend/feedback';
import type { RetryAction, RetryLink } from '../spend/spendRecord';
import { formatCost } from '../spend/pricing';
import type { ChatMessageView, CommandTurn, Conversation, TierChoice } from './conversation';
import { tierChangeNotice } from './tierNotice';
import type { AutomatedWork } from './automatedAnswer';
import { finishAutomated } from './automatedAnswer';
import type { AttachedContext } from './turns';
import { contextTokens, conversationCosts, previousPromptOf, toTurns } from './turns';

/** Where conversations are kept between reloads (the workspace state in VS Code). */
export interface ChatStore {
  list(): readonly Conversation[];
  get(id: string): Conversation | undefined;
  create(): Conversation;
  save(conversation: Conversation): Promise<void>;
}

/** A change the screen shows: the whole conversation (`state`), or one message of the one on screen. */
export type ChatEvent =
  | { readonly type: 'state' }
  | { readonly type: 'append'; readonly message: ChatMessageView }
  | { readonly type: 'delta'; readonly id: string; readonly text: string }
  | { readonly type: 'finish'; readonly message: ChatMessageView };

/** What the session needs from the editor and the rest of the extension. */
export interface ChatPorts {
  /** Sends a request through the engine (in VS Code, the request runner: key prompt, budget stop). */
  run(options: RunOptions): Promise<RunResult>;
  /** The attached chips' text, read from the editor now. */
  attached(chipIds: readonly string[]): AttachedContext;
  /** An editor command's turn as context: the file it is in and the code it asked about. */
  commandContext(turn: CommandTurn): Promise<AttachedContext>;
  /** The secret-file patterns now (modelRouter.completions.exclude): a retry re-checks what it resends. */
  secretPatterns(): readonly string[];
  addFeedback(recordId: string, value: Feedback): Promise<void>;
  /**
   * Work a deterministic tool answers at $0 instead of a model (running the tests, the build,
   * lint, pre-flight: src/vscode/devLoop/checksInChat.ts), or undefined when the request is for a
   * model. Asked only of typed turns on Auto: a tier the user picked asks that tier.
   */
  automated?(request: RouteRequest): AutomatedWork | undefined;
  readonly store: ChatStore;
  show(event: ChatEvent): void;
  newId(): string;
  /** Where an answer that could not finish is logged, with its stack. */
  log?(message: string): void;
}

/** What a turn sent, so a retry sends the same again. */
interface Attempt {
  readonly request: RouteRequest;
  readonly prompt: ReturnType<RunOptions['prompt']>;
  readonly files: readonly string[];
  readonly command?: CommandTurn;
  /** For a typed turn whose file has become secret since: the history and question, without context. */
  readonly history: readonly ChatTurn[];
  readonly question: string;
}

/** Builds what a turn sends, saying in the thread what was left out; a string is why nothing is sent. */
type Prepare = (conversation: Conversation) => Attempt | string | Promise<Attempt | string>;

const RETRY_ACTION: Readonly<Record<'up' | 'down' | 'same', RetryAction>> = { up: 'retryUp', down: 'retryDown', same: 'retrySame' };

/** Attempts remembered for Retry, newest last; older turns are rebuilt from the thread. */
const MAX_ATTEMPTS = 100;

export class ChatSession {
  private conversation: Conversation;
  private running: AbortController | undefined;
  /** Settles when the answer that is streaming has finished and been saved. */
  private idle: Promise<void> = Promise.resolve();
  /** By the id of the user turn that sent it (a retry's turn maps to the same attempt). */
  private readonly attempts = new Map<string, Attempt>();

  constructor(private readonly ports: ChatPorts) {
    this.conversation = ports.store.list()[0] ?? ports.store.create();
  }

  get current(): Conversation {
    return this.conversation;
  }

  /** Auto conversations never drop below the tier they are on; a chosen tier is used as is. */
  conversationTier(choice: TierChoice): ModelTier | undefined {
    return choice === 'auto' ? this.conversation.tier : undefined;
  }

  stop(): void {
    this.running?.abort();
  }

  newChat(): void {
    this.running?.abort();
    this.conversation = this.ports.store.create();
    this.ports.show({ type: 'state' });
  }

  switchTo(id: string): void {
    const next = this.ports.store.get(id);
    if (!next) return;
    this.conversation = next;
    this.ports.show({ type: 'state' });
  }

  /** A question typed in the composer, with the chips still attached; ignored while an answer streams. */
  async send(text: string, choice: TierChoice, chipIds: readonly string[]): Promise<void> {
    if (this.running) return;
    this.conversation.choice = choice;
    const question: ChatMessageView = { id: this.ports.newId(), role: 'user', text };
    this.append(this.conversation, question);
    await this.answer(question, choice, (conversation) => this.typedAttempt(conversation, question, this.ports.attached(chipIds)));
  }

  /**
   * An editor command's question asked in the chat: in a new conversation unless the current one
   * is empty (the explanation is its own topic; the earlier chat stays in the list), the user's
   * turn showing the selection as a chip, the answer routed by the command's task kind. An answer
   * still streaming is stopped first, as New Chat does. Resolves when the answer has finished.
   */
  async ask(turn: CommandTurn, text: string): Promise<void> {
    if (this.running) {
      this.running.abort();
      await this.idle;
    }
    if (this.conversation.messages.length > 0) {
      this.conversation = this.ports.store.create();
      this.ports.show({ type: 'state' });
    }
    const chip = { id: 'selection', label: `${turn.path}:${turn.startLine}-${turn.endLine}`, kind: 'selection' as const };
    const question: ChatMessageView = { id: this.ports.newId(), role: 'user', text, chips: [chip], command: turn };
    this.append(this.conversation, question);
    await this.answer(question, 'auto', async (conversation) => this.commandAttempt(conversation, question, turn, await this.ports.commandContext(turn)));
  }

  /**
   * Asks the question of answer `id` again one tier up, down, or on the same tier after a
   * failure: the same prompt the first attempt sent — its history, context and words — unless a
   * file in it has become a secret file since. The turn goes to the end of the thread.
   */
  async retry(id: string, direction: 'up' | 'down' | 'same'): Promise<void> {
    const messages = this.conversation.messages;
    const index = messages.findIndex((m) => m.id === id);
    const answer = messages[index];
    const questionIndex = messages.slice(0, index).map((m) => m.role).lastIndexOf('user');
    const question = messages[questionIndex];
    if (!answer || !question || this.running) return;
    const from: Tier = answer.footer?.tier ?? this.conversation.tier ?? 'balanced';
    // Again on the same tier: a $0 check runs again as it was routed (no forced model tier).
    const target = direction === 'up' ? tierAbove(from) : direction === 'down' ? tierBelow(from) : isModelTier(from) ? from : undefined;
    if (target === undefined && direction !== 'same') return;
    const again: ChatMessageView = { id: this.ports.newId(), role: 'user', text: question.text, chips: question.chips, command: question.command };
    this.append(this.conversation, again);
    const earlier = messages.slice(0, questionIndex);
    // The ledger links the retry to the answer it re-asks: the review reads "needed stronger" from it.
    const retryOf: RetryLink | undefined = answer.recordId ? { id: answer.recordId, action: RETRY_ACTION[direction] } : undefined;
    await this.answer(again, this.conversation.choice, (conversation) => this.resend(conversation, again, this.attempts.get(question.id), earlier), target, retryOf);
  }

  async feedback(id: string, value: Feedback): Promise<void> {
    const message = this.conversation.messages.find((m) => m.id === id);
    if (!message?.recordId) return;
    await this.ports.addFeedback(message.recordId, value);
    message.feedback = value;
    this.ports.show({ type: 'finish', message });
    await this.ports.store.save(this.conversation);
  }

  /** Resolves when the answer streaming now (if any) has finished and been saved. */
  settled(): Promise<void> {
    return this.idle;
  }

  private typedAttempt(conversation: Conversation, question: ChatMessageView, context: AttachedContext): Attempt {
    const history = toTurns(conversation.messages.slice(0, conversation.messages.indexOf(question)));
    // A secret file is never sent: the turn says so and is asked without it.
    if (context.withheld !== undefined) this.notice(conversation, `Asked without it: ${context.withheld}.`);
    return this.withNotes(conversation, context, {
      // The router's request for a typed turn; a follow-up inherits the kind and sensitivity of the turn before it.
      request: { surface: 'chat', prompt: question.text, ...previousPromptOf(conversation, question), signals: { files: [...context.files], contextTokens: contextTokens(context) } },
      prompt: buildChatPrompt({ history, question: question.text, context: context.items }),
      files: context.files,
      history,
      question: question.text,
    });
  }

  private commandAttempt(conversation: Conversation, question: ChatMessageView, turn: CommandTurn, context: AttachedContext): Attempt | string {
    // A secret file is never sent: a command about it is not asked at all.
    if (context.withheld !== undefined) return `Not asked: ${context.withheld}.`;
    return this.withNotes(conversation, context, {
      // Routed as the command would be: by its task kind, not the conversation's tier.
      request: {
        surface: 'command',
        taskKind: turn.taskKind,
        signals: { files: [...context.files], selectionLines: turn.endLine - turn.startLine + 1, languageId: turn.languageId, contextTokens: contextTokens(context) },
      },
      prompt: buildCommandPrompt({ kind: turn.taskKind, context: context.items }),
      files: context.files,
      command: turn,
      history: [],
      question: question.text,
    });
  }

  /** Said before the answer, so the user knows what the model did not see. */
  private withNotes(conversation: Conversation, context: AttachedContext, attempt: Attempt): Attempt {
    if (context.notes.length > 0) this.notice(conversation, `Context sent in part: ${context.notes.join('; ')}.`);
    return attempt;
  }

  /**
   * A retry's attempt: the first one's, unless a file in it has become a secret file since (then a
   * command is not asked, a typed question is asked without it); rebuilt from the thread when the
   * first attempt is no longer remembered (after a window reload).
   */
  private async resend(conversation: Conversation, again: ChatMessageView, first: Attempt | undefined, earlier: readonly ChatMessageView[]): Promise<Attempt | string> {
    const turn = first?.command ?? again.command;
    // The editor's own rule for the command's file (its URI, not only its workspace path).
    const context = turn ? await this.ports.commandContext(turn) : undefined;
    if (first === undefined) {
      if (turn && context) return this.commandAttempt(conversation, again, turn, context);
      const history = toTurns(earlier);
      return { request: { surface: 'chat', prompt: again.text, signals: { files: [] } }, prompt: buildChatPrompt({ history, question: again.text }), files: [], history, question: again.text };
    }
    if (context?.withheld !== undefined) return `Not asked: ${context.withheld}.`;
    if (turn) return first;
    const patterns = this.ports.secretPatterns();
    const secret = first.files.map((file) => ({ file, pattern: secretFilePattern([file], patterns) })).find((hit) => hit.pattern !== undefined);
    if (secret?.pattern === undefined) return first;
    this.notice(conversation, `Asked without it: ${secretFileNote(secret.file, secret.pattern)}.`);
    return { ...first, request: { ...first.request, signals: { files: [] } }, prompt: buildChatPrompt({ history: first.history, question: first.question }), files: [] };
  }

  /** Answers `question`, the conversation's last message; one answer streams at a time. */
  private answer(question: ChatMessageView, choice: TierChoice, prepare: Prepare, forced?: ModelTier, retryOf?: RetryLink): Promise<void> {
    if (this.running) return Promise.resolve();
    const controller = new AbortController();
    this.running = controller;
    this.idle = this.stream(question, choice, prepare, controller, forced, retryOf).finally(() => {
      if (this.running === controller) this.running = undefined;
    });
    return this.idle;
  }

  private async stream(question: ChatMessageView, choice: TierChoice, prepare: Prepare, controller: AbortController, forced?: ModelTier, retryOf?: RetryLink): Promise<void> {
    const conversation = this.conversation;
    let answer: ChatMessageView | undefined;
    try {
      const attempt = await prepare(conversation);
      if (typeof attempt === 'string') {
        this.notice(conversation, attempt);
        return;
      }
      this.remember(question.id, attempt);
      const command = attempt.command !== undefined;
      const override = forced ?? (choice === 'auto' || command ? undefined : choice);
      const thisAnswer: ChatMessageView = { id: this.ports.newId(), role: 'assistant', text: '', status: 'streaming' };
      answer = thisAnswer;
      const automated = command || override !== undefined ? undefined : this.ports.automated?.(attempt.request);
      if (automated) return await this.runAutomated(conversation, thisAnswer, automated, controller.signal);
      const result = await this.ports.run({
        request: attempt.request,
        prompt: () => attempt.prompt,
        conversationTier: override === undefined && !command ? this.conversationTier(choice) : undefined,
        ...(override === undefined && !command ? conversationCosts(conversation, attempt.history, attempt.prompt, attempt.question) : {}),
        override: override === undefined ? undefined : { tier: override, scope: 'next' },
        conversationId: conversation.id,
        ...(retryOf ? { retryOf } : {}),
        signal: controller.signal,
        onDecision: (decision) => {
          // A one-off override (Choose Tier → next request only) answers this request and leaves the
          // conversation where it was, so the next request is routed as if it had not happened.
          const oneOff = forced === undefined && decision.override?.scope === 'next';
          if (decision.tier !== 'automated' && !oneOff) {
            const previous = conversation.tier;
            conversation.tier = decision.tier;
            conversation.taskKind = decision.taskKind;
            if (previous !== undefined && previous !== decision.tier) this.notice(conversation, tierChangeNotice(previous, decision));
          }
          this.append(conversation, thisAnswer);
        },
        // The conversation keeps its tier: only this answer comes from the tier below.
        onFallback: (_decision, notice) => this.notice(conversation, notice),
        onDelta: (delta) => {
          if (delta.type !== 'text') return;
          thisAnswer.text += delta.text;
          if (this.conversation === conversation) this.ports.show({ type: 'delta', id: thisAnswer.id, text: delta.text });
        },
      });
      if (result.kind !== 'done') {
        this.notice(conversation, result.kind === 'noKey' ? 'No API key: the request was not sent.' : result.kind === 'blocked' ? result.message : 'This request needs an editor command, not chat.');
        return;
      }
      const usage = result.result.usage;
      thisAnswer.footer = {
        model: result.decision.model,
        tier: result.decision.tier,
        rule: result.decision.rule,
        reasons: [...result.decision.reasons, ...(result.decision.dialReason ? [result.decision.dialReason] : [])],
        ...(result.decision.effort !== undefined ? { effort: result.decision.effort } : {}),
        ...(result.decision.thinking !== undefined ? { thinking: result.decision.thinking } : {}),
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheReadTokens: usage.cacheReadTokens,
        cacheWriteTokens: usage.cacheWrite5mTokens + usage.cacheWrite1hTokens,
        cost: formatCost(result.cost),
      };
      thisAnswer.recordId = result.record.id;
      thisAnswer.text = result.result.text;
      thisAnswer.status = result.result.outcome === 'ok' ? 'done' : result.result.outcome;
      if (result.result.outcome === 'error') {
        const { message, actions } = describeError(result.result.error, result.decision.model);
        thisAnswer.error = { message, actions: [...actions] };
      }
      if (this.conversation === conversation) this.ports.show({ type: 'finish', message: thisAnswer });
    } catch (error) {
      this.failed(conversation, answer, error);
    } finally {
      await this.ports.store.save(conversation);
    }
  }

  /**
   * Whatever went wrong (a ledger that cannot be written, a task that could not start, a bug), the
   * answer ends with the error instead of staying "streaming" with Send on Stop until New Chat.
   */
  private failed(conversation: Conversation, answer: ChatMessageView | undefined, error: unknown): void {
    // Shown in the thread: short, and never anything shaped like an API key.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/sk-ant-[A-Za-z0-9_-]{8,}/g, '[redacted]').slice(0, 300);
    this.ports.log?.(`chat: the answer could not finish: ${error instanceof Error && error.stack ? error.stack : reason}`);
    if (answer === undefined || !conversation.messages.includes(answer)) {
      this.notice(conversation, `The request could not be sent: ${reason}. Show Log has the details.`);
      return;
    }
    answer.status = 'error';
    answer.error = { message: `This answer could not finish: ${reason}. What arrived is kept; retry, or see the log.`, actions: ['retry', 'showLog'] };
    if (this.conversation === conversation) this.ports.show({ type: 'finish', message: answer });
  }

  /** A tool's answer: shown as running, then replaced by its report; the conversation keeps its tier. */
  private async runAutomated(conversation: Conversation, answer: ChatMessageView, work: AutomatedWork, signal: AbortSignal): Promise<void> {
    answer.text = work.starting;
    this.append(conversation, answer);
    finishAutomated(answer, await work.run(signal), signal.aborted);
    if (this.conversation === conversation) this.ports.show({ type: 'finish', message: answer });
  }

  private remember(id: string, attempt: Attempt): void {
    this.attempts.delete(id);
    this.attempts.set(id, attempt);
    const oldest = this.attempts.keys().next().value;
    if (this.attempts.size > MAX_ATTEMPTS && oldest !== undefined) this.attempts.delete(oldest);
  }

  private notice(conversation: Conversation, text: string): void {
    this.append(conversation, { id: this.ports.newId(), role: 'notice', text });
  }

  private append(conversation: Conversation, message: ChatMessageView): void {
    conversation.messages.push(message);
    if (this.conversation === conversation) this.ports.show({ type: 'append', message });
  }
}
