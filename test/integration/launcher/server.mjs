// Starts Microsoft's VS Code server (from the code-server npm package) on Node 24, with fresh data
// folders, and stops it with its whole process group (extension host, pty host, file watcher).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { assertInstalled, nodeBinary, serverMain } from './paths.mjs';

const LISTENING = /Extension host agent listening on (\d+)/;

/**
 * @typedef {object} ServerOptions
 * @property {boolean} [workspaceTrust] false (default) passes --disable-workspace-trust; true lets
 *   VS Code ask for trust, so a fresh folder opens in Restricted Mode.
 * @property {Record<string, string | undefined>} [env] added to the server's environment, which the
 *   extension host inherits.
 * @property {string} [host] interface to listen on (default 127.0.0.1).
 * @property {string | number} [port] 0 (default) for a free port, or a range such as "8080-8099".
 * @property {string} [logFile] where the server's stdout/stderr go (default: discarded but kept in memory).
 * @property {string[]} [extraArgs] more server flags.
 * @property {number} [startupTimeoutMs] default 60 s.
 */

/**
 * @param {ServerOptions} [options]
 * @returns {Promise<{ port: number, origin: string, dataDir: string, pid: number, output: () => string, stop: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  assertInstalled({ browser: false });
  const host = options.host ?? '127.0.0.1';
  const dataDir = mkdtempSync(join(tmpdir(), 'vscode-server-'));
  const args = [
    serverMain,
    '--host', host,
    '--port', String(options.port ?? 0),
    '--without-connection-token',
    '--enable-smoke-test-driver', // the workbench honours ?payload= (dev extension, tests) only with it
    '--disable-telemetry',
    '--accept-server-license-terms',
    '--extensions-dir', join(dataDir, 'extensions'),
    '--user-data-dir', join(dataDir, 'user-data'),
    '--server-data-dir', join(dataDir, 'server-data'),
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(nodeBinary, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() reaches the extension host and helpers too
  });
  const killGroupNow = () => signalGroup(child.pid, 'SIGKILL');
  process.on('exit', killGroupNow); // last resort if our caller dies without stop()

  let log = '';
  let logStream;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    logStream = createWriteStream(options.logFile);
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`VS Code server did not start within ${options.startupTimeoutMs ?? 60000} ms:\n${log}`)),
      options.startupTimeoutMs ?? 60000,
    );
    const onData = (/** @type {Buffer} */ chunk) => {
      const text = chunk.toString();
      log = (log + text).slice(-200_000);
      logStream?.write(text);
      const match = LISTENING.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited early (${code ?? signal}):\n${log}`));
    });
  }).catch(async (err) => {
    await stopGroup(child.pid, exited);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });

  let stopping;
  return {
    port,
    origin: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    dataDir,
    pid: child.pid,
    output: () => log,
    stop: () =>
      (stopping ??= (async () => {
        await stopGroup(child.pid, exited);
        process.removeListener('exit', killGroupNow);
        logStream?.end();
        rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // group already gone
  }
}

/** SIGTERM the group, wait up to 5 s, then SIGKILL whatever is left of it. */
async function stopGroup(pid, exited) {
  if (!signalGroup(pid, 'SIGTERM')) return;
  await Promise.race([exited, sleep(5000)]);
  for (let i = 0; i < 20 && signalGroup(pid, 0); i++) await sleep(100);
  signalGroup(pid, 'SIGKILL');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
