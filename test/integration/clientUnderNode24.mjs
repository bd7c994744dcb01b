// Runs the unit tests of the API clients (real SDKs, real fetch, the loopback fakes) under the Node 24
// that the VS Code server and its extension host run on, because Node's built-in HTTP client
// differs between versions (a newer Node 24's fetch drops a chunk that arrives together with the
// end of the connection). Needs `npm run compile-tests` and scripts/setup-vscode.sh.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assertInstalled, nodeBinary, repoRoot } from './launcher/paths.mjs';

assertInstalled({ browser: false });
const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const files = ['streamCut', 'anthropicClient', 'anthropicClientFailures', 'platformClients'].map((name) => join(repoRoot, 'out/test/unit', `${name}.test.js`));
console.log(`\n=== Client suite under ${spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim()} ===`);
const run = spawnSync(nodeBinary, [mocha, '--no-config', '--reporter', 'spec', '--timeout', '10000', ...files], { stdio: 'inherit', cwd: repoRoot });
process.exitCode = run.status ?? 1;
