#!/usr/bin/env node
// `npm start`: VS Code in the browser with Model Router loaded and a sample workspace open.
// With ANTHROPIC_API_KEY set, requests go to the Anthropic API with that key; without it they go to
// the offline demo backend (the loopback fake of the API with the demo's answers, streamed at a
// model's pace), and the extension marks everything as DEMO. The workspace is a copy of
// demo/sample-project made a Git repository with one commit, then demo/uncommitted.diff applied, so
// Source Control has one uncommitted change to write a commit message for. Stops on Ctrl+C.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../test/integration/launcher/paths.mjs';
import { startServer, workbenchUrl } from '../test/integration/launcher/session.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8080-8099' }, host: { type: 'string', default: '127.0.0.1' } } });
const require = createRequire(import.meta.url);

const workspace = join(mkdtempSync(join(tmpdir(), 'model-router-demo-')), 'sample-project');
cpSync(join(repoRoot, 'demo/sample-project'), workspace, { recursive: true });
try {
  const git = (...args) => execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  git('-c', 'user.name=Sample Shop', '-c', 'user.email=shop@example.invalid', 'commit', '--quiet', '-m', 'Sample shop: cart, checkout, price format and admin sessions');
} catch {
  console.log('(git is not available: the sample project is not a repository, so the Source Control commands have nothing to show.)');
}
try {
  execFileSync('git', ['apply', join(repoRoot, 'demo/uncommitted.diff')], { cwd: workspace, stdio: 'ignore' });
} catch {
  console.log('(could not apply demo/uncommitted.diff: Source Control shows no uncommitted change.)');
}

let fake;
const env = {};
if (process.env.ANTHROPIC_API_KEY) {
  console.log('Using ANTHROPIC_API_KEY: requests go to the Anthropic API and cost real money.');
} else {
  const { startFakeAnthropic } = require(join(repoRoot, 'out/test/fakes/fakeAnthropic.js'));
  const { demoAnswer, demoPace } = require(join(repoRoot, 'out/test/fakes/demoAnswers.js'));
  fake = await startFakeAnthropic({ apiKey: 'model-router-demo-key', answer: demoAnswer, pace: demoPace });
  env.MODEL_ROUTER_DEMO_URL = fake.url;
  console.log(`No ANTHROPIC_API_KEY: using the offline demo backend at ${fake.url} (answers written for the sample project, streamed at a model's pace, simulated spend).`);
}

const server = await startServer({ host: values.host, port: values.port, env });
const url = workbenchUrl(server.origin, { folder: workspace, extensionDevelopmentPaths: [repoRoot] });
console.log('\nModel Router is running in VS Code. Open this address in a browser:\n');
console.log(`  ${url}\n`);
console.log('Press Ctrl+C to stop.');

const stop = async () => {
  await server.stop();
  await fake?.close();
  rmSync(join(workspace, '..'), { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
