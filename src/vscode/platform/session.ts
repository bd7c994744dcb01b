/**
 * Which session this window is in. A session survives window reloads (its id lives in the
 * workspace state) and ends when the user resets it or after eight idle hours, so "session
 * spend" means one sitting of work, not one extension-host process.
 */
import type * as vscode from 'vscode';

const KEY = 'modelRouter.session';
const IDLE_LIMIT_MS = 8 * 60 * 60 * 1000;

interface StoredSession {
  readonly id: string;
  readonly lastActive: number;
}

export function currentSessionId(state: vscode.Memento, now = Date.now()): string {
  const stored = state.get<StoredSession>(KEY);
  if (stored && typeof stored.id === 'string' && now - stored.lastActive < IDLE_LIMIT_MS) {
    void state.update(KEY, { id: stored.id, lastActive: now });
    return stored.id;
  }
  return startSession(state, now);
}

export function startSession(state: vscode.Memento, now = Date.now()): string {
  const id = globalThis.crypto.randomUUID();
  void state.update(KEY, { id, lastActive: now } satisfies StoredSession);
  return id;
}

export function touchSession(state: vscode.Memento, id: string, now = Date.now()): void {
  void state.update(KEY, { id, lastActive: now } satisfies StoredSession);
}
