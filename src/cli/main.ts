/**
 * Entry point of the `model-router` binary (dist/cli.js).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from './cli';
import { useRouterModelUnder } from '../node/routerModelFile';

// dist/cli.js → the package root, whose media/ holds the learned router's weights.
useRouterModelUnder(join(__dirname, '..'));

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFile(path, 'utf8'),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`model-router: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
