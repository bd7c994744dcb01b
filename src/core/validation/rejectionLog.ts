/**
 * Logging of messages a webview sent that failed validation. A page gone wrong (or a script
 * injected into it) can post thousands a second; each is rejected, but only the first few of
 * each window get a log line of their own, the rest are counted and summed up in one line, so the
 * log stays readable and the extension host does not spend its time writing it.
 */

export interface RejectionLogOptions {
  /** Rejections logged one by one per window. */
  readonly burst: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

export class RejectionLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private inWindow = 0;
  private unlogged = 0;
  private count = 0;
  private readonly now: () => number;

  constructor(
    /** Where a rejection is reported, e.g. "chat"; starts every line. */
    private readonly source: string,
    private readonly write: (line: string) => void,
    private readonly options: RejectionLogOptions = { burst: 10, windowMs: 60_000 },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Messages rejected since start. */
  get total(): number {
    return this.count;
  }

  /** Counts one rejected message and logs it unless this window's burst is spent. */
  reject(problem: string): void {
    this.count += 1;
    const now = this.now();
    if (now - this.windowStart >= this.options.windowMs) {
      this.flush();
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (this.inWindow < this.options.burst) {
      this.inWindow += 1;
      this.write(`${this.source}: rejected a malformed message from the webview (${problem})`);
      if (this.inWindow === this.options.burst) {
        this.write(`${this.source}: more malformed messages in the next ${Math.round(this.options.windowMs / 1000)} s are counted, not logged one by one`);
      }
      return;
    }
    this.unlogged += 1;
  }

  /** Writes the count of rejections that were not logged one by one, if any. */
  flush(): void {
    if (this.unlogged === 0) return;
    this.write(`${this.source}: ${this.unlogged} more malformed messages from the webview were rejected (${this.count} since start)`);
    this.unlogged = 0;
  }
}
