/**
 * "Redo one tier up" runs after its command has returned — the user clicks it on the result
 * later — so the command's own error handling is long gone by then. Its failure must still reach
 * the user as a message, never become an unhandled rejection in the extension host.
 */

export const REDO_LABEL = 'Redo one tier up';

/**
 * Runs `redo`; a failure is given to `show` as a message naming what failed and why, and the
 * returned promise always resolves. `scrub` removes secrets from the error's text.
 */
export async function redoVisibly(redo: () => Promise<unknown>, show: (message: string) => void, scrub: (text: string) => string = (text) => text): Promise<void> {
  try {
    await redo();
  } catch (error) {
    show(`Model Router: ${REDO_LABEL} failed: ${scrub(error instanceof Error ? error.message : String(error))}`);
  }
}
