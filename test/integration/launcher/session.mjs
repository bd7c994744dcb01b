// A reusable VS Code session: the VS Code server plus a Chromium page showing its workbench, with an
// optional UI bridge (./bridge.mjs) that code in the extension host can call. The test launcher
// (./main.mjs) and the demo (scripts/demo.mjs) are both built on startSession().
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startUiBridge, UI_BRIDGE_ENV } from './bridge.mjs';
import { assertInstalled, chromiumPath, defaultArtifactsDir } from './paths.mjs';
import { startServer } from './server.mjs';

export { startServer } from './server.mjs';
export { UI_BRIDGE_ENV } from './bridge.mjs';

/** The flags the offline setup was verified with (no sandbox as root, no GPU, no network chatter). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The workbench URL: opens `folder` and passes development extensions and a tests module through
 * the smoke-test `payload` (honoured because the server runs with --enable-smoke-test-driver).
 * @param {string} origin e.g. http://127.0.0.1:1234
 * @param {{ folder?: string, extensionDevelopmentPaths?: string[], extensionTestsPath?: string,
 *   payload?: [string, string][] }} options
 */
export function workbenchUrl(origin, options = {}) {
  const authority = new URL(origin).host;
  const remote = (path) => `vscode-remote://${authority}${pathToFileURL(resolve(path)).pathname}`;
  const payload = [
    ...(options.extensionDevelopmentPaths ?? []).map((p) => ['extensionDevelopmentPath', remote(p)]),
    ...(options.extensionTestsPath ? [['extensionTestsPath', remote(options.extensionTestsPath)]] : []),
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
    ...(options.payload ?? []),
  ];
  const url = new URL('/', origin);
  if (options.folder) url.searchParams.set('folder', resolve(options.folder));
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/**
 * @typedef {object} SessionOptions
 * @property {string} [folder] workspace folder to open.
 * @property {string[]} [extensionDevelopmentPaths] extensions to load as under development.
 * @property {string} [extensionTestsPath] compiled tests module whose `run()` the extension host calls.
 * @property {boolean} [workspaceTrust] see ServerOptions.workspaceTrust (default false: trusted).
 * @property {boolean} [uiBridge] start the UI bridge and put its URL into the extension host's env.
 * @property {string} [artifactsDir] screenshots and logs (default <repo>/test-artifacts).
 * @property {Record<string, string | undefined>} [env] extra environment for server and extension host.
 * @property {string} [host] server interface (default 127.0.0.1).
 * @property {string | number} [port] server port or range (default: a free port).
 * @property {(type: string, args: unknown[]) => void} [onAutomationLog] window.codeAutomationLog.
 * @property {(code: number, logs: { relativePath: string, contents: string }[]) => void} [onAutomationExit]
 *   window.codeAutomationExit: called when the extension tests finish.
 * @property {boolean} [headless] default true.
 * @property {{ width: number, height: number }} [viewport] default 1440x900.
 */

/**
 * Starts server + Chromium and opens the workbench. Close it with `session.close()`.
 * @param {SessionOptions} [options]
 */
export async function startSession(options = {}) {
  assertInstalled();
  const artifactsDir = options.artifactsDir ?? defaultArtifactsDir;
  mkdirSync(artifactsDir, { recursive: true });
  const consoleLog = join(artifactsDir, 'browser-console.log');

  /** @type {Array<() => Promise<unknown>>} */
  const cleanups = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err) => console.error(`[session] cleanup failed: ${err?.message ?? err}`));
    }
  };
  let resolvePage;
  const pagePromise = new Promise((r) => (resolvePage = r));

  try {
    const bridge = options.uiBridge ? await startUiBridge({ page: pagePromise, artifactsDir }) : undefined;
    if (bridge) cleanups.push(() => bridge.close());

    const server = await startServer({
      workspaceTrust: options.workspaceTrust,
      host: options.host,
      port: options.port,
      logFile: join(artifactsDir, 'server.log'),
      env: { ...options.env, ...(bridge ? { [UI_BRIDGE_ENV]: bridge.url } : {}) },
    });
    cleanups.push(() => server.stop());

    const browser = await chromium.launch({ executablePath: chromiumPath, headless: options.headless ?? true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('console', (msg) => appendFileSync(consoleLog, `[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => appendFileSync(consoleLog, `[pageerror] ${err.stack ?? err}\n`));
    // Both hooks must exist before the workbench loads: it looks for them once, at startup.
    if (options.onAutomationLog) await page.exposeFunction('codeAutomationLog', options.onAutomationLog);
    if (options.onAutomationExit) await page.exposeFunction('codeAutomationExit', options.onAutomationExit);

    const url = workbenchUrl(server.origin, options);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    resolvePage(page);

    return {
      server,
      browser,
      context,
      page,
      url,
      artifactsDir,
      bridgeUrl: bridge?.url,
      /** Resolves once the workbench shell (status bar included) is on screen. */
      waitForWorkbench: (timeout = 60_000) => page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout }),
      /** Saves a PNG of the whole window under artifactsDir and returns its path. */
      screenshot: async (name) => {
        const path = join(artifactsDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
        await page.screenshot({ path });
        return path;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
