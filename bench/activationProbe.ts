/**
 * Loaded by the extension host of each bench/activation session as its `extensionTestsPath`
 * module. It imports nothing from VS Code: it waits until the extension host's own performance
 * marks (VS Code's `MonacoPerformanceMarks`) say Model Router's activate() promise
 * resolved, prints the marks on a line the bench recognises, and then waits for the bench to close the window.
 */

/** The prefix bench/activation.ts looks for in the extension host's console. */
export const PROBE_MARK = '[[bench-activation]]';
export const EXTENSION_ID = 'model-router.model-router';

interface PerfMarks {
  getMarks(): { name: string; startTime: number }[];
}

/** The four marks VS Code's extension host sets around an extension's activation. */
export const ACTIVATION_MARKS = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'] as const;

export async function run(): Promise<void> {
  const perf = (globalThis as { MonacoPerformanceMarks?: PerfMarks }).MonacoPerformanceMarks;
  if (!perf) throw new Error('this extension host keeps no performance marks (globalThis.MonacoPerformanceMarks)');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const marks = perf.getMarks();
    const of = (id: string) => Object.fromEntries(ACTIVATION_MARKS.map((name) => [name, marks.find((mark) => mark.name === `code/extHost/${name}/${id}`)?.startTime]));
    const found = of(EXTENSION_ID);
    if (found.didActivateExtension !== undefined) {
      console.log(`${PROBE_MARK}${JSON.stringify(found)}`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`${EXTENSION_ID} did not finish activating within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Never resolve: the bench closes the session once it has the status bar timing too.
  await new Promise(() => undefined);
}
