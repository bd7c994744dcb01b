/**
 * The wait after a keystroke before a completion is asked for. Each keystroke cancels the
 * previous call's signal, so during a burst of typing every wait ends early and nothing is sent;
 * only a pause as long as the debounce lets a request out.
 */

/** The timer functions the wait uses; tests and the benchmark may pass their own. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Resolves true after `ms`, or false as soon as `signal` aborts (at once if it already has).
 * A wait of 0 ms resolves without yielding to the timer queue.
 */
export function debounce(ms: number, signal: AbortSignal, timers: Timers = SYSTEM_TIMERS): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', cancel);
      resolve(true);
    };
    const handle = timers.setTimeout(done, ms);
    const cancel = (): void => {
      timers.clearTimeout(handle);
      resolve(false);
    };
    signal.addEventListener('abort', cancel, { once: true });
  });
}
