/**
 * bench/route: latency of `route` (classification included) over 10,000 varied requests.
 * Target: p99 under 200 µs (the learned classifier included). Run with `npm run bench:route`.
 */
import { classifyLearned } from '../src/core/routing/learnedClassifier';
import { routerModel } from '../src/core/routing/routerModel';
import { DEFAULT_POLICY } from '../src/core/routing/policy';
import type { RouteRequest } from '../src/core/routing/router';
import { route } from '../src/core/routing/router';
import { TASK_KINDS } from '../src/core/routing/taskKinds';
import { seededRandom, summarize, writeResult } from './stats';
import { join } from 'node:path';
import { useRouterModelUnder } from '../src/node/routerModelFile';

// Free text is classified by the learned model, as in the extension.
useRouterModelUnder(join(__dirname, '..', '..'));

const PROMPTS = [
  'write tests for the date parser',
  'explain what this function does',
  'fix the crash when the list is empty',
  'refactor this to use async/await',
  'design the data model for invoices and payments',
  'there is a race condition in the job queue',
  'write a commit message',
  'add a docstring',
  'why is this query slow? SELECT * FROM orders JOIN users ON users.id = orders.user_id',
  'review my changes to src/auth/session.ts and src/api/login.ts',
  'plan the migration from REST to GraphQL across api/, web/ and mobile/',
  'summarize this file',
  'make the button blue',
  'how do I read a file line by line in Go?',
  'TypeError: cannot read properties of undefined\n    at parse (src/parse.ts:10:5)\n    at main (src/main.ts:3:1)',
];
const FILES = ['src/app.ts', 'src/auth/login.ts', 'src/util/strings.ts', 'api/server.ts', 'web/client.tsx', 'src/billing/invoice.ts', 'lib/parser.py', 'db/migrations/001_init.sql'];

function makeRequests(count: number): RouteRequest[] {
  const random = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, (_, i) => {
    const files = Array.from({ length: Math.floor(random() * 6) }, () => pick(FILES));
    const declared = random() < 0.4;
    const prompt = `${pick(PROMPTS)}${random() < 0.3 ? ` (variant ${i})` : ''}`;
    return {
      surface: declared ? 'command' : 'chat',
      taskKind: declared ? pick(TASK_KINDS) : undefined,
      prompt: declared ? undefined : prompt,
      canAutomate: declared,
      signals: { files, contextTokens: Math.floor(random() * 250_000), expectedOutputLines: Math.floor(random() * 300), multiLine: random() < 0.2 },
    };
  });
}

function time(requests: readonly RouteRequest[], fn: (request: RouteRequest) => unknown): number[] {
  const samples: number[] = [];
  for (const request of requests) {
    const start = process.hrtime.bigint();
    fn(request);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples;
}

const requests = makeRequests(10_000);
// Warm-up: let the JIT compile the hot paths before measuring.
for (let round = 0; round < 3; round++) time(requests, (request) => route(request, DEFAULT_POLICY));

const routeUs = summarize(time(requests, (request) => route(request, DEFAULT_POLICY)));
const model = routerModel();
if (model === undefined) throw new Error('No router model: run npm run train-router first.');
const classifyUs = summarize(time(requests.filter((r) => r.prompt !== undefined), (request) => classifyLearned(model, { prompt: request.prompt!, files: request.signals?.files ?? [] })));
// The issue's budget for a learned router on a chat-length prompt.
const TARGET_P99_US = 200;
const f = (x: number) => x.toFixed(2);
const summary = [
  `route over ${requests.length} requests: p50 ${f(routeUs.p50)} µs, p95 ${f(routeUs.p95)} µs, p99 ${f(routeUs.p99)} µs (target p99 < ${TARGET_P99_US} µs: ${routeUs.p99 < TARGET_P99_US ? 'met' : 'MISSED'})`,
  `classify alone: p50 ${f(classifyUs.p50)} µs, p99 ${f(classifyUs.p99)} µs`,
];
const path = writeResult('route', { unit: 'µs', requests: requests.length, route: routeUs, classify: classifyUs, targetP99Us: TARGET_P99_US, meetsTarget: routeUs.p99 < TARGET_P99_US, summary });
summary.forEach((line) => console.log(line));
console.log(`written to ${path}`);
