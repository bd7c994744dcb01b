// The mocha runner that VS Code's extension host loads (--extensionTestsPath): the same `run()`
// contract as @vscode/test-electron, so it works with the offline launcher and with VS Code desktop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as MochaTypes from 'mocha';
import { allRejections } from './support/hostErrors';
import { log } from './support/log';
import { ui, uiAvailable } from './support/ui';

/**
 * Test folders that run in their own VS Code session (see test/integration/runTests.mjs); every other
 * `*.test.js` under out/test/integration belongs to the "main" suite.
 */
export const SEPARATE_SUITES = ['probe', 'probe-untrusted', 'untrusted'] as const;

/** Collects the compiled test files of one suite, sorted so runs are reproducible. */
export function findTestFiles(root: string, suite: string): string[] {
  const all = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => file.split(path.sep).join('/'));
  const inFolder = (file: string, folder: string) => file.startsWith(`${folder}/`);
  const selected =
    suite === 'main'
      ? all.filter((file) => !SEPARATE_SUITES.some((folder) => inFolder(file, folder)))
      : all.filter((file) => inFolder(file, suite));
  return selected.sort().map((file) => path.join(root, file));
}

/** Runs the suite named by INTEGRATION_SUITE (default "main"); rejects when any test fails. */
export async function run(): Promise<void> {
  // mocha 12 is an ES module; the extension host (Node 24) imports it from this CommonJS file.
  const { default: Mocha } = await import('mocha');
  // The reporter's output goes to the run's stdout; other console output to workbench.log.
  Mocha.reporters.Base.consoleLog = log;
  const suite = process.env.INTEGRATION_SUITE || 'main';
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // the output travels through the workbench log into a plain text CI log
    timeout: Number(process.env.INTEGRATION_TEST_TIMEOUT_MS) || 30_000,
    ...(process.env.INTEGRATION_GREP ? { grep: process.env.INTEGRATION_GREP } : {}),
  });
  const files = findTestFiles(__dirname, suite);
  if (files.length === 0) throw new Error(`No integration tests found for suite "${suite}" under ${__dirname}`);
  // mocha.run() require()s the files: the extension host resolves `vscode` only for require().
  files.forEach((file) => mocha.addFile(file));

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => {
      process.removeListener('uncaughtException', filtered);
      resolve(count);
    });
    // mocha fails whichever test is running when the extension host sees an uncaught exception. The
    // host is shared with VS Code's own extensions: Git writing to a git process that already exited
    // (a test's repository just deleted, a slow machine) throws a bare `write EPIPE` with no frame of
    // ours, which would fail an unrelated test. Those are logged; every other exception still fails.
    const mochaUncaught = (runner as unknown as { uncaught: (error: unknown) => void }).uncaught;
    const filtered = (error: unknown): void => {
      if (isForeignPipeError(error)) {
        log(`[integration] ignored an uncaught ${String((error as NodeJS.ErrnoException).code)} from outside Model Router: ${String((error as Error).stack ?? error).split('\n').slice(0, 4).join(' | ')}`);
        return;
      }
      mochaUncaught(error);
    };
    process.removeListener('uncaughtException', mochaUncaught);
    process.on('uncaughtException', filtered);
    // 'start' comes after every file is loaded and before the first test runs.
    runner.once('start', () => screenshotOnFailure(mocha.suite));
  });
  // Hooked since this module loaded (support/hostErrors.ts); tests assert on their own share.
  const rejections = allRejections();
  if (rejections.length > 0) log(`\n${rejections.length} unhandled rejection(s) in the extension host during the run:\n${rejections.join('\n')}`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed in suite "${suite}"`);
}

/** A broken pipe whose stack has no frame from Model Router or its tests. */
function isForeignPipeError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'EPIPE') return false;
  const stack = String((error as Error).stack ?? '');
  return !/model-router|[\\/]dist[\\/]extension\.js|[\\/]out[\\/]test[\\/]/.test(stack);
}

/**
 * Wraps every promise-style test so that a failure is captured on screen at the moment it throws,
 * before afterEach hooks tidy the window up (the launcher's own screenshot comes after the whole run).
 * Timeouts are not caught here; the launcher's end-of-run screenshot is all there is for them.
 */
function screenshotOnFailure(suite: MochaTypes.Suite): void {
  if (!uiAvailable()) return;
  for (const test of suite.tests) {
    const fn = test.fn;
    if (!fn || fn.length > 0) continue; // pending, or callback-style (done) tests
    test.fn = async function (this: MochaTypes.Context) {
      try {
        return await (fn as MochaTypes.AsyncFunc).call(this);
      } catch (err) {
        const name = `failed-${test.fullTitle()}`.slice(0, 120);
        await ui.screenshot(name).then(
          (file) => log(`      screenshot at the failure: ${file}`),
          (shotErr: Error) => log(`      (no screenshot at the failure: ${shotErr.message})`),
        );
        throw err;
      }
    };
  }
  suite.suites.forEach(screenshotOnFailure);
}

