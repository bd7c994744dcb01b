/**
 * Stops a request whose stream goes quiet. The SDK's `timeout` covers only the wait for response
 * headers; a stream that stalls after them would hang forever. The clock runs while an HTTP attempt
 * is in flight and restarts on every chunk of the body (pings included, so a model that thinks
 * silently but keeps the connection alive is not cut off). It pauses between attempts, because the
 * SDK's retry sleeps are bounded separately (backoff, and the retry-after cap).
 */
import type { Middleware } from '@anthropic-ai/sdk';

export class IdleWatchdog {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #fired = false;

  constructor(
    readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Whether the watchdog, not the caller, ended the request. */
  get fired(): boolean {
    return this.#fired;
  }

  /** (Re)starts the idle clock. */
  arm(): void {
    this.pause();
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#fired = true;
      this.onIdle();
    }, this.idleMs);
  }

  pause(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Ends the watch for good; later arm() calls do nothing. */
  stop(): void {
    this.#stopped = true;
    this.pause();
  }

  /**
   * Per-request SDK middleware: runs once per HTTP attempt, so retries restart the clock. Errors
   * from `next` are rethrown as they are, which keeps the SDK's retry and error mapping unchanged.
   */
  readonly middleware: Middleware = async (request, next) => {
    this.arm();
    let response: Response;
    try {
      response = await next(request);
    } catch (error) {
      this.pause();
      throw error;
    }
    if (!response.ok || !response.body) {
      this.pause();
      return response;
    }
    this.arm();
    const watched = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          this.arm();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(watched, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
