// Errors the extension host saw that no test caught: unhandled rejections, listeners that threw,
// uncaught exceptions. Three places report them: this process's 'unhandledRejection' event (hooked
// when index.ts loads this module, before any test), the extension host's own log in the window's
// log folder, and the workbench and browser console logs the launcher writes into the artifacts
// folder (launcher/main.mjs, session.mjs). A mark remembers how far each had got.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// One record per process, even if this module is loaded twice (VS Code loads the runner, mocha the tests).
const GLOBAL_KEY = Symbol.for('modelRouter.integration.rejections');
const store = globalThis as unknown as Record<symbol, string[] | undefined>;

/** Starts recording unhandled rejections of the extension host process; idempotent. */
export function hookProcessErrors(): void {
  if (store[GLOBAL_KEY]) return;
  const list: string[] = [];
  store[GLOBAL_KEY] = list;
  const seen = new WeakSet<object>();
  process.on('unhandledRejection', (reason: unknown) => {
    // The same reason can be reported more than once (VS Code's own handler re-examines it).
    if (typeof reason === 'object' && reason !== null) {
      if (seen.has(reason)) return;
      seen.add(reason);
    }
    list.push(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
}
hookProcessErrors();
const rejections: string[] = store[GLOBAL_KEY]!;

/** Every unhandled rejection recorded since the suite started. */
export function allRejections(): readonly string[] {
  return [...rejections];
}

export interface HostErrorMark {
  readonly rejections: number;
  readonly offsets: ReadonlyMap<string, number>;
}

/** Lines that mean an error escaped: VS Code's wording for each kind, and anything our extension logged as an error. */
const ESCAPED = [
  /rejected promise not handled/i,
  /\bUncaught\b/,
  /FAILED to handle event/,
  /Error in extension model-router\./,
  /^\[pageerror\]/,
  /\[error\].*\[?model-router\.model-router\]?/,
];

/** Files that report the extension host's errors: its own log (needs the window's log folder), the workbench and browser logs. */
export function hostErrorLogs(logFolder: string): string[] {
  const artifacts = process.env.INTEGRATION_ARTIFACTS_DIR;
  return [join(logFolder, 'remoteexthost.log'), join(logFolder, 'exthost.log'), ...(artifacts ? [join(artifacts, 'workbench.log'), join(artifacts, 'browser-console.log')] : [])];
}

function size(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

export function markHostErrors(logFolder: string): HostErrorMark {
  return { rejections: rejections.length, offsets: new Map(hostErrorLogs(logFolder).map((file) => [file, size(file)])) };
}

/**
 * The escaped errors reported since `mark`. Waits `settleMs` first: VS Code reports a rejection as
 * unhandled only after it stayed so for a second.
 */
export async function hostErrorsSince(mark: HostErrorMark, settleMs = 1300): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const found = rejections.slice(mark.rejections).filter((report) => !fromBuiltInExtension(report));
  for (const [file, offset] of mark.offsets) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file).subarray(offset).toString('utf8').split('\n');
    lines.forEach((line, index) => {
      if (!ESCAPED.some((pattern) => pattern.test(line))) return;
      // The stack printed under the line says whose error it is.
      if (fromBuiltInExtension(lines.slice(index, index + 16).join('\n'))) return;
      found.push(`${file}: ${line.slice(0, 400)}`);
    });
  }
  return found;
}

/**
 * The extension host is shared: VS Code's own extensions (Git, say, on a repository a test just
 * deleted) can leave rejections there too. Their stacks run through VS Code's extensions folder.
 */
function fromBuiltInExtension(report: string): boolean {
  const frames = report.split('\n').filter((line) => /^\s*at /.test(line));
  return frames.length > 0 && frames.some((line) => line.includes('/lib/vscode/extensions/')) && !frames.some((line) => /model-router|\/dist\/extension\.js/.test(line));
}
