/**
 * The chat webview: header (conversations, New Chat), the thread and the composer. It renders what
 * the extension posts after the `ready` handshake, validates every message it receives, and keeps
 * the unsent draft in the webview state so hiding the view loses nothing.
 */
import type { FromChat } from '../../shared/chatProtocol';
import { toChatSchema } from '../../shared/chatProtocol';
import { h } from '../dom';
import { Composer } from './composer';
import { SUGGEST_EVENT } from './emptyState';
import { Thread } from './thread';

interface VsCodeApi {
  postMessage(message: FromChat): void;
  getState(): { draft?: string } | undefined;
  setState(state: { draft?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: FromChat) => vscode.postMessage(message);
const thread = new Thread(post);
const composer = new Composer(post, (draft) => vscode.setState({ draft }));
const conversations = h('select', { class: 'conversations', 'aria-label': 'Conversation' });
const newChat = h('button', { type: 'button', class: 'new-chat', title: 'New Chat' }, '+ New Chat');
const badge = h('span', { class: 'badge', hidden: '' }, 'DEMO');
conversations.addEventListener('change', () => post({ type: 'switchChat', id: conversations.value }));
newChat.addEventListener('click', () => post({ type: 'newChat' }));

document.getElementById('root')!.replaceChildren(h('header', {}, conversations, newChat, badge), thread.element, composer.element);
composer.setText(vscode.getState()?.draft ?? '');
// A suggestion in the empty chat goes into the input, for the user to send or edit.
thread.element.addEventListener(SUGGEST_EVENT, (event) => composer.setText((event as CustomEvent<string>).detail));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toChatSchema.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'state': {
      thread.reset(message.messages);
      composer.setTier(message.tier);
      composer.setStreaming(message.messages.some((m) => m.status === 'streaming'));
      badge.hidden = !message.demo;
      badge.title = 'Demo: answers come from the offline demo backend; the spend is simulated.';
      const current = message.conversations.some((c) => c.id === message.conversationId) ? [] : [{ id: message.conversationId, title: 'New chat' }];
      conversations.replaceChildren(...[...current, ...message.conversations].map((c) => h('option', { value: c.id }, c.title)));
      conversations.value = message.conversationId;
      return;
    }
    case 'context':
      return composer.setChips(message.chips);
    case 'estimate':
      return composer.setEstimate(message.text, message.title);
    case 'append':
      thread.append(message.message);
      if (message.message.role === 'user' && conversations.selectedOptions[0]?.textContent === 'New chat') {
        conversations.selectedOptions[0].textContent = message.message.text.replace(/\s+/g, ' ').slice(0, 60);
      }
      if (message.message.status === 'streaming') composer.setStreaming(true);
      return;
    case 'delta':
      return thread.delta(message.id, message.text);
    case 'finish':
      thread.finish(message.message);
      composer.setStreaming(false);
      return;
  }
});

post({ type: 'ready' });
