/**
 * One completion request on the wire, shared by every provider call it can still serve. VS Code
 * cancels a call at each keystroke; if what was typed since the request was asked still agrees
 * with what has streamed of its answer, the next call joins it instead of sending a new request.
 * The moment it can no longer match (the user typed something else, the answer went another way,
 * the cursor left) and no call holds it, its HTTP stream is aborted, so nothing more is billed. A
 * request nobody joins within a short grace period is aborted too.
 */
import type { Timers } from './debounce';
import type { Hole } from './hole';
import { mayStillMatch, typedSince } from './hole';

/** How a request ended, for the hole it was asked about. */
export type FlightResult =
  | { readonly kind: 'answer'; readonly text: string; readonly recordId: string }
  | { readonly kind: 'none'; readonly reason: 'cancelled' | 'error' | 'failedCheck' | 'noKey' | 'blocked' };

/**
 * The hole at the editor's cursor now; undefined when no editor shows the document; `unsure` when
 * the document changed and the editor has not yet said where its cursor went.
 */
export type CursorState = Hole | undefined | 'unsure';

/** Why a joined call stopped waiting before the answer came. */
export type LeftEarly = 'diverged' | 'cancelled';

export interface FlightOptions {
  readonly hole: Hole;
  readonly documentKey: string;
  /** Sends the request; calls `onText` per streamed piece and `onRestart` when escalation starts over. */
  readonly start: (signal: AbortSignal, onText: (text: string) => void, onRestart: () => void) => Promise<FlightResult>;
  /** Where the editor's cursor is in this document now (see {@link CursorState}). */
  readonly currentHole: () => CursorState;
  readonly graceMs: number;
  readonly timers: Timers;
}

interface Holder {
  readonly typed: string;
  readonly leave: (why: LeftEarly) => void;
}

export class InFlightCompletion {
  readonly hole: Hole;
  readonly documentKey: string;
  readonly result: Promise<FlightResult>;
  /** Why this request was aborted, if it was. */
  abortReason: string | undefined;
  private readonly controller = new AbortController();
  private readonly holders = new Set<Holder>();
  private streamed = '';
  private settled = false;
  private grace: unknown;

  constructor(private readonly options: FlightOptions) {
    this.hole = options.hole;
    this.documentKey = options.documentKey;
    const onText = (text: string): void => this.onText(text);
    const onRestart = (): void => void (this.streamed = '');
    this.result = options.start(this.controller.signal, onText, onRestart).finally(() => {
      this.settled = true;
      this.stopGrace();
    });
  }

  get done(): boolean {
    return this.settled;
  }

  /** What was typed since this request's hole, when its answer may still fit `hole`. */
  fits(hole: Hole): string | undefined {
    const typed = typedSince(this.hole, hole);
    return typed !== undefined && mayStillMatch(this.streamed, typed) ? typed : undefined;
  }

  /**
   * Waits for the answer for a call that typed `typed` since. Leaves early when the streamed
   * answer stops matching what was typed, or when `signal` aborts; the request is then aborted at
   * once unless it still fits the editor.
   */
  join(typed: string, signal: AbortSignal): Promise<FlightResult | LeftEarly> {
    if (signal.aborted) return Promise.resolve('cancelled');
    this.stopGrace();
    return new Promise((resolve) => {
      let finished = false;
      const finish = (value: FlightResult | LeftEarly): void => {
        if (finished) return;
        finished = true;
        this.holders.delete(holder);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
        if (typeof value === 'string') this.reconsider();
      };
      const holder: Holder = { typed, leave: finish };
      const onAbort = (): void => finish('cancelled');
      this.holders.add(holder);
      signal.addEventListener('abort', onAbort, { once: true });
      void this.result.then(finish);
    });
  }

  /**
   * Aborts the request if no call holds it and it can no longer serve the editor at `current`
   * (by default, where the editor says its cursor is); a request that still can, or of which
   * that cannot be told yet, gets the grace period to be joined.
   */
  reconsider(current: CursorState = this.options.currentHole()): void {
    if (this.settled || this.holders.size > 0) return;
    if (current === undefined) return this.abort('the cursor left the document');
    if (current !== 'unsure' && this.fits(current) === undefined) return this.abort('stale: the answer can no longer match what was typed');
    this.grace ??= this.options.timers.setTimeout(() => this.abort('unused'), this.options.graceMs);
  }

  abort(reason: string): void {
    if (this.settled || this.controller.signal.aborted) return;
    this.abortReason = reason;
    this.stopGrace();
    this.controller.abort();
  }

  private onText(text: string): void {
    this.streamed += text;
    for (const holder of [...this.holders]) {
      if (!mayStillMatch(this.streamed, holder.typed)) holder.leave('diverged');
    }
    if (this.holders.size === 0) this.reconsider();
  }

  private stopGrace(): void {
    if (this.grace === undefined) return;
    this.options.timers.clearTimeout(this.grace);
    this.grace = undefined;
  }
}
