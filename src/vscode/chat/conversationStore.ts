/**
 * Chat conversations of this workspace, kept in its workspace state so they survive a window
 * reload. Loaded entries are validated; an answer that was streaming when the window closed is
 * kept as it stood and marked stopped.
 */
import type * as vscode from 'vscode';
import type { Conversation } from '../../shared/chatProtocol';
import { conversationSchema } from '../../shared/chatProtocol';

const KEY = 'modelRouter.chat.conversations';
/** Oldest conversations beyond this are dropped, so the workspace state stays small. */
const MAX_CONVERSATIONS = 50;

export class ConversationStore {
  private conversations: Conversation[];

  constructor(private readonly state: vscode.Memento) {
    const raw = state.get<unknown[]>(KEY, []);
    this.conversations = (Array.isArray(raw) ? raw : [])
      .map((item) => conversationSchema.safeParse(item))
      .filter((parsed) => parsed.success)
      .map((parsed) => ({
        ...parsed.data,
        messages: parsed.data.messages.map((m) => (m.status === 'streaming' ? { ...m, status: 'cancelled' as const } : m)),
      }));
  }

  list(): readonly Conversation[] {
    return [...this.conversations].sort((a, b) => b.updated.localeCompare(a.updated));
  }

  get(id: string): Conversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }

  create(): Conversation {
    const conversation: Conversation = { id: globalThis.crypto.randomUUID(), title: 'New chat', updated: new Date().toISOString(), choice: 'auto', messages: [] };
    this.conversations.push(conversation);
    return conversation;
  }

  /** Saves a conversation that changed; empty ones are not kept. */
  async save(conversation: Conversation): Promise<void> {
    conversation.updated = new Date().toISOString();
    const firstUser = conversation.messages.find((m) => m.role === 'user');
    if (firstUser) conversation.title = firstUser.text.replace(/\s+/g, ' ').slice(0, 60);
    const kept = this.conversations
      .filter((c) => c.messages.length > 0)
      .sort((a, b) => b.updated.localeCompare(a.updated))
      .slice(0, MAX_CONVERSATIONS);
    await this.state.update(KEY, kept);
  }
}
