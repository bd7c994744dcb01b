/**
 * After a failed completion request, completions pause before asking again: when the API is
 * overloaded, rate-limited or out of reach, a request at every pause in typing would only add to
 * the load and to the log. The pause follows the API's retry-after when it names one, otherwise it
 * doubles with each failure in a row (2 s, 4 s, … up to a minute), and the first answer ends it.
 * Cached completions are still shown meanwhile.
 */

export const FIRST_PAUSE_MS = 2000;
export const LONGEST_PAUSE_MS = 60_000;

export class Backoff {
  private failures = 0;
  private until = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds of the pause still to go; 0 when a request may be sent. */
  remaining(): number {
    return Math.max(0, this.until - this.now());
  }

  /** A request failed: starts the next pause and returns its length in milliseconds. */
  failed(retryAfterSeconds?: number): number {
    this.failures++;
    const doubling = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (this.failures - 1));
    const pause = retryAfterSeconds !== undefined ? Math.min(LONGEST_PAUSE_MS, retryAfterSeconds * 1000) : doubling;
    this.until = this.now() + pause;
    return pause;
  }

  /** A request was answered: no pause. */
  succeeded(): void {
    this.failures = 0;
    this.until = 0;
  }
}
