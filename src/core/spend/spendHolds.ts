/**
 * Spend held against the budgets before it is billed: a Message Batch is paid for when its results
 * are collected, hours after it was sent, so until then its estimate (at most its max_tokens, at
 * the batch rate) is held. The engine's routing, the spend status bar and the next batch's check all
 * count it with the ledger's spend, so neither two batches nor a batch and the chat can overrun a
 * budget together; once an entry's real cost is in the ledger its hold is gone.
 */

export class SpendHolds {
  private held = 0;
  private readonly listeners = new Set<() => void>();

  /** Micro-dollars held now. */
  get micros(): number {
    return this.held;
  }

  /** Replaces what is held (the batch tracker sets it from its jobs after every change). */
  set(micros: number): void {
    const next = Number.isFinite(micros) && micros > 0 ? Math.round(micros) : 0;
    if (next === this.held) return;
    this.held = next;
    for (const listener of [...this.listeners]) listener();
  }

  /** Called after every change of what is held. Dispose to stop. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
