/**
 * bench/activation: how long Model Router takes to activate in the real VS Code (the offline
 * server + Chromium of the integration tests, test/integration/launcher), median over several fresh
 * sessions (new server, new data folders, new browser each time), with the production bundle.
 * Per session, from VS Code's own extension-host performance marks:
 *   - load: requiring dist/extension.js, the activation entry (willLoadExtensionCode → didLoadExtensionCode);
 *   - context: VS Code preparing the ExtensionContext (its workspace and global state, storage
 *     folders), which it starts together with the load; whatever it needs beyond the load is
 *     VS Code's time, not the extension's (didLoadExtensionCode → willActivateExtension);
 *   - activate(): the extension's own activate() until its promise resolves
 *     (willActivateExtension → didActivateExtension);
 *   - activation: all of it (willLoadExtensionCode → didActivateExtension);
 *   - own time: load + activate(), what the extension's code costs.
 * and from the browser, with the same clock: the spend item visible in the status bar, after the
 * start of activation and after the window started loading: the features (dist/features.js, required
 * right after activation) made it, so that is also when everything is loaded for the first use.
 * Run with `npm run bench:activation` (holds /tmp/it.lock: one VS Code at a time on this machine);
 * `-- --sessions N` for another count (default 5).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

type ExtensionMarks = Record<(typeof ACTIVATION_MARKS)[number], number | undefined>;
type Marks = ExtensionMarks;

/** The phases of one extension's activation, in ms. */
function phases(marks: ExtensionMarks) {
  const at = (name: (typeof ACTIVATION_MARKS)[number]) => {
    const value = marks[name];
    if (value === undefined) throw new Error(`no ${name} mark`);
    return value;
  };
  const load = at('didLoadExtensionCode') - at('willLoadExtensionCode');
  const activate = at('didActivateExtension') - at('willActivateExtension');
  return { load, context: at('willActivateExtension') - at('didLoadExtensionCode'), activate, total: at('didActivateExtension') - at('willLoadExtensionCode'), own: load + activate };
}

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
const round = (ms: number) => Math.round(ms * 10) / 10;

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
    const ours = phases(marks);
    const result = {
      loadMs: round(ours.load),
      contextMs: round(ours.context),
      activateMs: round(ours.activate),
      activationMs: round(ours.total),
      ownMs: round(ours.own),
      statusItemAfterActivationStartMs: round(statusVisibleAt - start),
      statusItemAfterWindowStartMs: round(statusVisibleAt - windowStart),
    };
    console.log(
      `session ${index + 1}: own ${result.ownMs} ms (load ${result.loadMs} + activate() ${result.activateMs}), VS Code's context ${result.contextMs} ms, activation ${result.activationMs} ms; ` +
        `status item ${result.statusItemAfterActivationStartMs} ms after activation started (${result.statusItemAfterWindowStartMs} ms after the window started loading)`,
    );
    return result;
  } finally {
    await session.close();
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const launcher = (await import(pathToFileURL(join(root, 'test', 'integration', 'launcher', 'session.mjs')).href)) as Launcher;
  const extension = productionExtension();
  // The machine is shared: what else ran (1-minute load average) says which runs compare.
  const loadBefore = round(loadavg()[0]);
  const sessions: Awaited<ReturnType<typeof oneSession>>[] = [];
  try {
    for (let i = 0; i < SESSIONS; i++) sessions.push(await oneSession(launcher, extension, i));
  } finally {
    rmSync(extension, { recursive: true, force: true });
  }
  const of = (key: keyof (typeof sessions)[number]) => summarize(sessions.map((session) => session[key]));
  const times = {
    own: of('ownMs'),
    load: of('loadMs'),
    activate: of('activateMs'),
    context: of('contextMs'),
    activation: of('activationMs'),
    statusItemAfterActivationStart: of('statusItemAfterActivationStartMs'),
    statusItemAfterWindowStart: of('statusItemAfterWindowStartMs'),
  };
  const loadAverage = { start: loadBefore, end: round(loadavg()[0]) };
  const summary = [
    `median over ${SESSIONS} fresh VS Code sessions (production bundle): Model Router's own activation time ${times.own.p50} ms (loading its code ${times.load.p50} ms + activate() ${times.activate.p50} ms; target < 30 ms: ${times.own.p50 < 30 ? 'met' : 'not met'}), max ${times.own.max} ms`,
    `from loading the code to activate() resolving ${times.activation.p50} ms, of which ${times.context.p50} ms VS Code preparing the extension context beyond the load (its workspace and global state)`,
    `spend item visible in the status bar ${times.statusItemAfterActivationStart.p50} ms after activation started, ${times.statusItemAfterWindowStart.p50} ms after the window started loading (median)`,
    `load average (1 min) ${loadAverage.start} at the start, ${loadAverage.end} at the end`,
  ];
  const path = writeResult('activation', { unit: 'ms', build: 'production (minified)', sessions: SESSIONS, loadAverage, ...times, perSession: sessions, summary });
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
