/**
 * The user's tier override for this window: for the next request only, or for the rest of the
 * session. ("Always for this task kind" is a pin in the policy, stored in settings.) Listeners
 * let the status bar show the active override.
 */
import type { Effort } from '../model/llm';
import type { EffortOverride, TierOverride } from './request';
import type { ModelTier } from './tiers';

export class OverrideState {
  private next: ModelTier | undefined;
  private session: ModelTier | undefined;
  private nextEffort: Effort | undefined;
  private sessionEffort: Effort | undefined;
  private readonly listeners = new Set<(current: TierOverride | undefined) => void>();

  /** The override in force for the next request: a one-off beats the session's. */
  current(): TierOverride | undefined {
    if (this.next !== undefined) return { tier: this.next, scope: 'next' };
    if (this.session !== undefined) return { tier: this.session, scope: 'session' };
    return undefined;
  }

  /** The effort the user chose for the next request or this session, over the dial's table. */
  currentEffort(): EffortOverride | undefined {
    if (this.nextEffort !== undefined) return { effort: this.nextEffort, scope: 'next' };
    if (this.sessionEffort !== undefined) return { effort: this.sessionEffort, scope: 'session' };
    return undefined;
  }

  setEffort(effort: Effort, scope: EffortOverride['scope']): void {
    if (scope === 'next') this.nextEffort = effort;
    else {
      this.nextEffort = undefined;
      this.sessionEffort = effort;
    }
    this.changed();
  }

  /** Back to the dial's own effort for every task kind. */
  clearEffort(): void {
    this.nextEffort = undefined;
    this.sessionEffort = undefined;
    this.changed();
  }

  /** Called once a request has used the one-off effort. */
  consumeNextEffort(): void {
    if (this.nextEffort === undefined) return;
    this.nextEffort = undefined;
    this.changed();
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

  /** Back to Auto: no override at all, of the tier or of the effort. */
  clear(): void {
    this.next = undefined;
    this.session = undefined;
    this.nextEffort = undefined;
    this.sessionEffort = undefined;
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
