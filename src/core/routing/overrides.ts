/**
 * The user's tier override for this window: for the next request only, or for the rest of the
 * session. ("Always for this task kind" is a pin in the policy, stored in settings.) Listeners
 * let the status bar show the active override.
 */
import type { TierOverride } from './request';
import type { ModelTier } from './tiers';

export class OverrideState {
  private next: ModelTier | undefined;
  private session: ModelTier | undefined;
  private readonly listeners = new Set<(current: TierOverride | undefined) => void>();

  /** The override in force for the next request: a one-off beats the session's. */
  current(): TierOverride | undefined {
    if (this.next !== undefined) return { tier: this.next, scope: 'next' };
    if (this.session !== undefined) return { tier: this.session, scope: 'session' };
    return undefined;
  }

  setNext(tier: ModelTier): void {
    this.next = tier;
    this.changed();
  }

  setSession(tier: ModelTier): void {
    this.next = undefined;
    this.session = tier;
    this.changed();
  }

  /** Back to Auto: no override at all. */
  clear(): void {
    this.next = undefined;
    this.session = undefined;
    this.changed();
  }

  /** Called once a request has used the one-off override. */
  consumeNext(): void {
    if (this.next === undefined) return;
    this.next = undefined;
    this.changed();
  }

  onDidChange(listener: (current: TierOverride | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    const current = this.current();
    for (const listener of this.listeners) listener(current);
  }
}
