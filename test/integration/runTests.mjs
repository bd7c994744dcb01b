// Entry point of the integration tests: runs each suite through @vscode/test-electron's runTests()
// with the offline launcher as the "VS Code executable". It builds nothing: run `npm run build` and
// `npm run compile-tests` first (the npm script does).
//
// Suites (each is one VS Code session with a fresh copy of test/fixtures/workspace):
//   main             out/test/integration/**/*.test.js outside the folders below; Model Router loaded,
//                    with test/fixtures/lm-tool-extension (a language model tool the tests can invoke)
//   untrusted        out/test/integration/untrusted/; Model Router loaded, workspace NOT trusted
//   probe            out/test/integration/probe/; the harness self-test with test/fixtures/probe-extension
//   probe-untrusted  the same in an untrusted workspace
// Usage: node test/integration/runTests.mjs [--suite <name>]... [--grep <pattern>]
// Default: every suite that has compiled tests.
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultArtifactsDir, repoRoot } from './launcher/paths.mjs';

const launcher = join(repoRoot, 'test/integration/launcher/main.mjs');
const compiledDir = join(repoRoot, 'out/test/integration');
const testsIndex = join(compiledDir, 'index.js');
const probeExtension = join(repoRoot, 'test/fixtures/probe-extension');
const lmToolExtension = join(repoRoot, 'test/fixtures/lm-tool-extension');
const workspaceFixture = join(repoRoot, 'test/fixtures/workspace');

const SUITES = {
  probe: { extensions: [probeExtension], trusted: true },
  'probe-untrusted': { extensions: [probeExtension], trusted: false },
  main: { extensions: [repoRoot, lmToolExtension], trusted: true },
  untrusted: { extensions: [repoRoot], trusted: false },
};

const { values } = parseArgs({
  options: { suite: { type: 'string', multiple: true }, grep: { type: 'string' } },
});

if (!existsSync(testsIndex)) fail(`${testsIndex} is missing: run \`npm run compile-tests\` first.`);
// index.js only touches `vscode` inside run(), so plain Node can load it to list the suites' files.
const { findTestFiles } = createRequire(import.meta.url)(testsIndex);
const unknown = (values.suite ?? []).filter((name) => !(name in SUITES));
if (unknown.length) fail(`Unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
const selected = (values.suite ?? Object.keys(SUITES)).filter((name) => findTestFiles(compiledDir, name).length > 0);
if (selected.length === 0) fail('No integration tests found for the selected suites.');

const results = [];
for (const name of selected) {
  const suite = SUITES[name];
  if (suite.extensions.includes(repoRoot)) assertExtensionBuilt();
  const artifactsDir = join(defaultArtifactsDir, name);
  rmSync(artifactsDir, { recursive: true, force: true });
  // A fresh copy per suite: tests may edit files, and the fixture must stay as committed.
  const workspace = join(mkdtempSync(join(tmpdir(), `it-${name}-`)), 'workspace');
  cpSync(workspaceFixture, workspace, { recursive: true });
  console.log(`\n=== Integration suite "${name}" (${suite.trusted ? 'trusted' : 'untrusted'} workspace) ===`);
  const started = Date.now();
  let code;
  try {
    code = await runTests({
      vscodeExecutablePath: launcher,
      extensionDevelopmentPath: suite.extensions,
      extensionTestsPath: testsIndex,
      launchArgs: [workspace],
      extensionTestsEnv: {
        INTEGRATION_SUITE: name,
        INTEGRATION_WORKSPACE_TRUST: suite.trusted ? 'disabled' : 'enabled',
        INTEGRATION_ARTIFACTS_DIR: artifactsDir,
        ...(values.grep ? { INTEGRATION_GREP: values.grep } : {}),
      },
    });
  } catch (err) {
    code = err?.code ?? 1;
  } finally {
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  }
  results.push({ name, code, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

console.log('\n=== Integration summary ===');
for (const { name, code, seconds } of results) console.log(`${code === 0 ? 'PASS' : 'FAIL'}  ${name}  (${seconds} s)`);
if (results.some(({ code }) => code !== 0)) {
  console.log(`Artifacts (screenshots, logs): ${defaultArtifactsDir}`);
  process.exitCode = 1;
}

function assertExtensionBuilt() {
  const { main } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  if (main && !existsSync(join(repoRoot, main))) fail(`${main} is missing: run \`npm run build\` first.`);
}

function fail(message) {
  console.error(`runTests: ${message}`);
  process.exit(1);
}
