// Output that should reach the test run's stdout. The workbench forwards the extension host's console
// to the launcher mixed with its own log lines; the launcher prints lines that start with this mark and
// files everything else in test-artifacts/<suite>/workbench.log (launcher/main.mjs). VS Code makes the
// extension host's `console` methods read-only, so marking has to be explicit.
import { format } from 'node:util';

/** Prefix recognised by test/integration/launcher/main.mjs. */
export const STDOUT_MARK = '[[ext-host]]';

/** Formats like console.log and prints on the test run's stdout. */
export function log(...args: unknown[]): void {
  console.log(STDOUT_MARK + format(...args));
}
