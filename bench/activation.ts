/**
 * bench/activation: how long Model Router takes to activate in the real VS Code (the offline
 * server + Chromium of the integration tests, test/integration/launcher), median over several fresh
 * sessions (new server, new data folders, new browser each time), with the production bundle.
 * Per session, from VS Code's own extension-host performance marks:
 *   - load: requiring dist/extension.js (willLoadExtensionCode → didLoadExtensionCode);
 *   - activation: from the start of loading to the activate() promise resolving
 *     (willLoadExtensionCode → didActivateExtension);
 * and from the browser, with the same clock: the spend item visible in the status bar, after the
 * start of activation and after the window started loading.
 * Run with `npm run bench:activation` (holds /tmp/it.lock: one VS Code at a time on this machine);
 * `-- --sessions N` for another count (default 5).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { ACTIVATION_MARKS } from './activationProbe';
import { EXTENSION_ID, PROBE_MARK } from './activationProbe';
import { summarize, writeResult } from './stats';

const root = join(__dirname, '..', '..');
const STATUS_ITEM = `[id="${EXTENSION_ID}.modelRouter.spend"]`;
const sessionsArgument = process.argv.indexOf('--sessions');
const SESSIONS = sessionsArgument > 0 ? Number(process.argv[sessionsArgument + 1]) : 5;

type Marks = Record<(typeof ACTIVATION_MARKS)[number], number | undefined>;

interface Session {
  page: { locator(selector: string): { waitFor(options: { state: 'visible'; timeout: number }): Promise<void> }; evaluate<T>(fn: () => T): Promise<T> };
  close(): Promise<void>;
}
interface Launcher {
  startSession(options: {
    folder: string;
    extensionDevelopmentPaths: string[];
    extensionTestsPath: string;
    artifactsDir: string;
    onAutomationLog: (type: string, args: unknown[]) => void;
  }): Promise<Session>;
}

/** The extension as `npm run package` ships it: package.json, media and a production dist/. */
function productionExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-activation-ext-'));
  execFileSync(process.execPath, [join(root, 'esbuild.mjs'), '--production', `--outdir=${join(dir, 'dist')}`], { cwd: root, stdio: 'inherit' });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'media'), join(dir, 'media'), { recursive: true });
  return dir;
}

async function oneSession(launcher: Launcher, extension: string, index: number) {
  const workspace = join(mkdtempSync(join(tmpdir(), 'bench-activation-ws-')), 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  let resolveMarks!: (marks: Marks) => void;
  const marksReported = new Promise<Marks>((resolve) => (resolveMarks = resolve));
  const session = await launcher.startSession({
    folder: workspace,
    extensionDevelopmentPaths: [extension],
    extensionTestsPath: join(__dirname, 'activationProbe.js'),
    artifactsDir: join(root, 'test-artifacts', 'bench-activation'),
    onAutomationLog: (_type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(PROBE_MARK)) resolveMarks(JSON.parse(text.slice(PROBE_MARK.length)) as Marks);
    },
  });
  try {
    const windowStart = await session.page.evaluate(() => performance.timeOrigin);
    await session.page.locator(STATUS_ITEM).waitFor({ state: 'visible', timeout: 120_000 });
    const statusVisibleAt = Date.now();
    const marks = await Promise.race([marksReported, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no activation marks within 120 s')), 120_000))]);
    const start = marks.willLoadExtensionCode!;
    const result = {
      loadMs: marks.didLoadExtensionCode! - start,
      activationMs: marks.didActivateExtension! - start,
      statusItemAfterActivationStartMs: statusVisibleAt - start,
      statusItemAfterWindowStartMs: Math.round(statusVisibleAt - windowStart),
    };
    console.log(`session ${index + 1}: load ${result.loadMs} ms, activation ${result.activationMs} ms, status item ${result.statusItemAfterActivationStartMs} ms after activation started (${result.statusItemAfterWindowStartMs} ms after the window started loading)`);
    return result;
  } finally {
    await session.close();
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const launcher = (await import(pathToFileURL(join(root, 'test', 'integration', 'launcher', 'session.mjs')).href)) as Launcher;
  const extension = productionExtension();
  const sessions: Awaited<ReturnType<typeof oneSession>>[] = [];
  try {
    for (let i = 0; i < SESSIONS; i++) sessions.push(await oneSession(launcher, extension, i));
  } finally {
    rmSync(extension, { recursive: true, force: true });
  }
  const of = (key: keyof (typeof sessions)[number]) => summarize(sessions.map((session) => session[key]));
  const times = { load: of('loadMs'), activation: of('activationMs'), statusItemAfterActivationStart: of('statusItemAfterActivationStartMs'), statusItemAfterWindowStart: of('statusItemAfterWindowStartMs') };
  const summary = [
    `median over ${SESSIONS} fresh VS Code sessions (production bundle): activation ${times.activation.p50} ms from loading the code to activate() resolving (loading ${times.load.p50} ms), max ${times.activation.max} ms`,
    `spend item visible in the status bar ${times.statusItemAfterActivationStart.p50} ms after activation started, ${times.statusItemAfterWindowStart.p50} ms after the window started loading (median)`,
  ];
  const path = writeResult('activation', { unit: 'ms', build: 'production (minified)', sessions: SESSIONS, ...times, perSession: sessions, summary });
  summary.forEach((line) => console.log(line));
  console.log(`written to ${path}`);
}

main().then(
  // The launcher's browser and servers are closed; a stray handle must not keep the bench alive.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
