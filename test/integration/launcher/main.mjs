#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() spawns (its
// `vscodeExecutablePath`): it reads the arguments runTests passes, runs the tests in the offline VS Code
// server + Chromium session and exits with the tests' exit code.
//
// Arguments used: <workspace folder> (positional), --extensionDevelopmentPath=<dir> (repeatable),
// --extensionTestsPath=<module>, --disable-workspace-trust. Others (--user-data-dir, --no-sandbox, ...)
// are ignored: every run gets fresh temporary data folders.
// Environment:
//   INTEGRATION_WORKSPACE_TRUST=enabled|disabled  overrides --disable-workspace-trust (runTests always
//                                                 passes it); "enabled" opens the folder untrusted
//   INTEGRATION_TIMEOUT_MS       whole run, default 1200000 (the main suite takes about 4 minutes on a
//                                quiet 2-core machine and more than 5 with two CPU-bound processes beside it;
//                                each test has its own timeout, so this only ends a run that hangs)
//   INTEGRATION_ARTIFACTS_DIR    screenshots and logs, default <repo>/test-artifacts
//   INTEGRATION_HEADED=1         show the browser (needs a display)
//   INTEGRATION_VERBOSE=1        also print the workbench's own log lines (always in workbench.log)
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { defaultArtifactsDir } from './paths.mjs';
import { startSession } from './session.mjs';

const argv = process.argv.slice(2);
const values = (name) => argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const folder = argv.find((a) => !a.startsWith('-'));
const [extensionTestsPath] = values('extensionTestsPath');
const trustSetting = process.env.INTEGRATION_WORKSPACE_TRUST;
const workspaceTrust = trustSetting ? trustSetting === 'enabled' : !argv.includes('--disable-workspace-trust');
const timeoutMs = Number(process.env.INTEGRATION_TIMEOUT_MS) || 1_200_000;
const artifactsDir = defaultArtifactsDir;

const workbenchLog = join(artifactsDir, 'workbench.log');
const verbose = process.env.INTEGRATION_VERBOSE === '1';
// Extension host output meant for stdout starts with this mark (test/integration/support/log.ts).
const EXTENSION_HOST_MARK = '[[ext-host]]';

const log = (line) => console.log(`[launcher] ${line}`);
const developmentFolder = oneDevelopmentFolder(values('extensionDevelopmentPath'));
const extensionDevelopmentPaths = developmentFolder.paths;

let finish;
let outcome; // the first of: tests exited, timeout, signal
const finished = new Promise((resolve) => (finish = (o) => resolve((outcome ??= o))));
const timer = setTimeout(() => finish({ code: 124, reason: `timed out after ${timeoutMs} ms` }), timeoutMs);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish({ code: 130, reason: `got ${signal}` }));

let session;
let result;
const started = Date.now();
log(`workspace ${folder ?? '(none)'}, trust ${workspaceTrust ? 'enabled' : 'disabled'}, tests ${extensionTestsPath ?? '(none)'}`);
const starting = startSession({
  folder,
  extensionDevelopmentPaths,
  extensionTestsPath,
  workspaceTrust,
  uiBridge: true,
  artifactsDir,
  headless: process.env.INTEGRATION_HEADED !== '1',
  onAutomationLog: (type, args) => onWorkbenchLog(type, args),
  onAutomationExit: (code, logs) => finish({ code, logs }),
});
try {
  session = await Promise.race([starting, finished.then(({ reason }) => Promise.reject(new Error(reason)))]);
  log(`workbench loading at ${session.server.origin} (${Date.now() - started} ms)`);
  if (!extensionTestsPath) log('no --extensionTestsPath: waiting until interrupted');
  result = await finished;
  log(`tests finished with code ${result.code}${result.reason ? ` (${result.reason})` : ''} after ${Date.now() - started} ms`);
} catch (err) {
  result = outcome ?? { code: 1 };
  console.error(`[launcher] ${err?.stack ?? err}`);
  // Interrupted while starting: close the session once it exists (startSession cleans up after itself on failure).
  session ??= await starting.catch(() => undefined);
} finally {
  clearTimeout(timer);
  if (session && result.code !== 0) await saveFailureArtifacts(session, result);
  await session?.close();
  developmentFolder.remove();
}
process.exitCode = result.code;
setTimeout(() => process.exit(result.code), 3000).unref(); // in case a handle keeps the loop alive

/**
 * The web workbench keeps only the last `extensionDevelopmentPath` of its payload, but loads every
 * extension in a development folder that is not itself an extension. Several extensions are
 * therefore passed as one temporary folder of symlinks to them.
 */
function oneDevelopmentFolder(paths) {
  if (paths.length <= 1) return { paths, remove: () => {} };
  const folder = mkdtempSync(join(tmpdir(), 'dev-extensions-'));
  paths.forEach((path, index) => symlinkSync(resolve(path), join(folder, `${index}-${basename(resolve(path))}`), 'dir'));
  log(`development extensions ${paths.join(', ')} linked from ${folder}`);
  return { paths: [folder], remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * The workbench reports its log and the extension host's console here as (level, [format, ...args]).
 * Marked lines (mocha's reporter, support/log.ts) go to stdout, the rest to workbench.log.
 */
function onWorkbenchLog(type, args) {
  const text = format(...(Array.isArray(args) ? args : [args])).replace(/\n$/, '');
  if (text.startsWith(EXTENSION_HOST_MARK)) {
    console.log(text.slice(EXTENSION_HOST_MARK.length));
    return;
  }
  mkdirSync(artifactsDir, { recursive: true });
  appendFileSync(workbenchLog, `[${type}] ${text}\n`);
  if (verbose) console.log(`[workbench ${type}] ${text}`);
}

async function saveFailureArtifacts(session, result) {
  try {
    const shot = await session.screenshot(`failure-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    log(`screenshot after the run ended (tests also save one at each failure): ${shot}`);
  } catch (err) {
    log(`could not take a failure screenshot: ${err?.message ?? err}`);
  }
  for (const { relativePath, contents } of result.logs ?? []) {
    const file = join(artifactsDir, 'vscode-logs', relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  if (result.logs?.length) log(`VS Code logs: ${join(artifactsDir, 'vscode-logs')}`);
  try {
    // The chat agent host retries GitHub sign-in all the time offline; its lines only bury the clues.
    const noise = /^\[\w+\] \[(AgentHost|ChatModelSelection|AccountPolicyGate)\b/;
    const lines = readFileSync(workbenchLog, 'utf8').trimEnd().split('\n');
    const tail = lines.filter((line) => !noise.test(line)).slice(-30);
    log(`last workbench log lines, without chat agent noise (all in ${workbenchLog}):\n${tail.join('\n')}`);
  } catch {
    // no workbench log yet
  }
  log(`server log: ${join(artifactsDir, 'server.log')}, browser console: ${join(artifactsDir, 'browser-console.log')}`);
}
