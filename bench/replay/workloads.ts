/**
 * The replay workloads of bench/replay, generated deterministically (seeded) so the committed JSONL
 * can be re-created and checked byte for byte. Format: what `model-router replay` reads
 * (src/core/replay.ts); `//` lines are comments. Where the token sizes come from: bench/replay/README.md.
 *
 * Regenerate with `npm run bench:replay:generate` (writes bench/replay/day.jsonl and session.jsonl).
 */
import type { ReplayTask } from '../../src/core/spend/replay';
import { seededRandom } from '../stats';

/** The seed of the day workload; change it and the committed file no longer matches. */
export const DAY_SEED = 20261122;

/** Rough characters per token of source code, the same estimate the extension uses offline. */
export const CHARS_PER_TOKEN = 3.5;

/** The published split of "a day of 1,000 requests". */
export const DAY_MIX = { completion: 600, implement: 300, architecture: 100 } as const;

type Random = () => number;

/** Log-normal sample around `median` (sigma in log space), clamped and rounded. */
function logNormal(random: Random, median: number, sigma: number, min: number, max: number): number {
  // Box–Muller; 1 - random() keeps the logarithm finite.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.round(Math.min(max, Math.max(min, median * Math.exp(sigma * z))));
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A plausible web-app repository: the files a day of work touches (no sensitive paths here). */
const MODULES: Readonly<Record<string, readonly string[]>> = {
  'src/ui': ['Table.tsx', 'Toolbar.tsx', 'Modal.tsx', 'useDebounce.ts', 'format.ts'],
  'src/orders': ['orderList.ts', 'orderStore.ts', 'filters.ts', 'export.ts'],
  'src/search': ['index.ts', 'tokenize.ts', 'ranking.ts'],
  'src/reports': ['charts.ts', 'csv.ts', 'schedule.ts'],
  'lib/dates': ['parseDuration.ts', 'calendar.ts', 'timezone.ts'],
  'server/routes': ['orders.ts', 'search.ts', 'reports.ts', 'health.ts'],
};
const FOLDERS = Object.keys(MODULES);
const fileIn = (random: Random, folder: string) => `${folder}/${pick(random, MODULES[folder])}`;

/**
 * Autocomplete: the completion prompt is a short system prompt (~150 tokens) plus up to 6,000
 * characters before the cursor and 2,000 after (the extension's defaults), so at most ~2,450 input
 * tokens; shorter files send less. The answer is capped at 64 tokens on one line and 256 when the
 * cursor opens a block (about 1 in 6), and is usually the rest of a line.
 */
function completion(random: Random): ReplayTask {
  const prefixChars = logNormal(random, 4000, 0.6, 300, 6000);
  const suffixChars = logNormal(random, 700, 0.9, 0, 2000);
  const multiLine = random() < 1 / 6;
  const output = multiLine ? logNormal(random, 70, 0.6, 8, 256) : logNormal(random, 12, 0.6, 1, 64);
  return { kind: 'completion', files: [fileIn(random, pick(random, FOLDERS))], input: 150 + Math.ceil((prefixChars + suffixChars) / CHARS_PER_TOKEN), output };
}

/**
 * Code generation (a function, a component, an endpoint): system prompt and instruction (~400
 * tokens) plus the open file and one neighbour — a 200–600-line source file is 2,000–6,000 tokens.
 * The answer is code plus a short note: hundreds of lines at most (the command cap is 8,192 tokens).
 */
function codeGeneration(random: Random): ReplayTask {
  const folder = pick(random, FOLDERS);
  const files = [fileIn(random, folder)];
  if (random() < 0.5) {
    const other = fileIn(random, folder);
    if (other !== files[0]) files.push(other);
  }
  return { kind: 'implement', files, input: 400 + logNormal(random, 3600, 0.7, 600, 30_000), output: logNormal(random, 700, 0.6, 120, 8192) };
}

/**
 * Architecture (a design, a trade-off, a plan across services): several files and design notes,
 * 5k–80k tokens of context (well under the 200k frontier-by-context rule), and a long answer with
 * the frontier tier's high-effort thinking: a few thousand tokens.
 */
function architecture(random: Random): ReplayTask {
  const count = 2 + Math.floor(random() * 3);
  const files = [...new Set(Array.from({ length: count }, () => fileIn(random, pick(random, FOLDERS))))];
  return { kind: 'architecture', files, input: logNormal(random, 18_000, 0.6, 5000, 80_000), output: logNormal(random, 3000, 0.5, 800, 16_000) };
}

/** The 1,000 tasks of the day in a seeded shuffled order. */
export function dayTasks(seed = DAY_SEED): ReplayTask[] {
  const random = seededRandom(seed);
  const kinds: (keyof typeof DAY_MIX)[] = Object.entries(DAY_MIX).flatMap(([kind, n]) => Array<keyof typeof DAY_MIX>(n).fill(kind as keyof typeof DAY_MIX));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const make = { completion, implement: codeGeneration, architecture };
  return kinds.map((kind) => make[kind](random));
}

export function dayJsonl(seed = DAY_SEED): string {
  const header = [
    '// A day of 1,000 requests: 600 autocomplete, 300 code generation, 100 architecture (bench/replay/README.md).',
    `// Generated by bench/replay/workloads.ts with seed ${seed}; do not edit by hand (npm run bench:replay:generate).`,
  ];
  return `${[...header, ...dayTasks(seed).map((task) => JSON.stringify(task))].join('\n')}\n`;
}

/** One piece of work in the session: several requests, as typed into the chat. */
export interface SessionTask {
  readonly name: string;
  readonly requests: readonly ReplayTask[];
}

/**
 * A working session: the four tasks of the published scenario, each a few chat requests with the
 * files the chat attaches. Sizes follow the same reasoning as the day (README): docs and config
 * files are small, the test suite reads the utility and its tests, the refactor reads the auth code
 * of four services plus the shared module.
 */
export const SESSION: readonly SessionTask[] = [
  {
    name: 'API-docs update',
    requests: [
      { prompt: 'Update the API docs in docs/api/orders.md for the new status filter on GET /orders', files: ['docs/api/orders.md'], input: 4200, output: 900 },
      { prompt: 'Add an example request and response for the status filter to the API docs', files: ['docs/api/orders.md'], input: 5300, output: 700 },
      { prompt: 'Write the changelog entry for the orders status filter', files: ['CHANGELOG.md'], input: 1900, output: 220 },
      { prompt: 'Update the README section on listing orders to mention the status filter', files: ['README.md'], input: 3100, output: 420 },
    ],
  },
  {
    name: 'Config scaffolding',
    requests: [
      { prompt: 'Scaffold an eslint config for the web package', files: ['web/eslint.config.js'], input: 1500, output: 450 },
      { prompt: 'Add a tsconfig for the web package with strict mode and path aliases', files: ['web/tsconfig.json', 'web/package.json'], input: 1800, output: 380 },
      { prompt: 'Create a GitHub Actions CI workflow that runs lint and the unit tests', files: ['.github/workflows/ci.yml'], input: 1400, output: 520 },
      { prompt: 'Add a docker-compose file that starts postgres and redis for local development', files: ['docker-compose.yml'], input: 1200, output: 350 },
    ],
  },
  {
    name: 'Test suite for a utility',
    requests: [
      { prompt: 'Write unit tests for lib/dates/parseDuration.ts', files: ['lib/dates/parseDuration.ts'], input: 3400, output: 2600 },
      { prompt: 'Add test cases for invalid input and negative durations', files: ['lib/dates/parseDuration.ts', 'lib/dates/parseDuration.test.ts'], input: 6100, output: 1500 },
      { prompt: 'The test for 1h30m fails: parseDuration returns 5400001 instead of 5400000, fix it', files: ['lib/dates/parseDuration.ts', 'lib/dates/parseDuration.test.ts'], input: 6600, output: 600 },
      { prompt: 'Write round-trip tests for formatDuration and parseDuration', files: ['lib/dates/parseDuration.test.ts', 'lib/dates/formatDuration.ts'], input: 5200, output: 1800 },
    ],
  },
  {
    name: 'Cross-service authentication refactor (four modules)',
    requests: [
      {
        prompt: 'Plan the refactor: move JWT validation out of gateway, orders, billing and users into one shared auth module',
        files: ['gateway/src/auth/jwt.ts', 'orders/src/middleware/auth.ts', 'billing/src/middleware/auth.ts', 'users/src/auth/session.ts'],
        input: 24_000,
        output: 4200,
      },
      { prompt: 'Implement shared/auth/verifyToken.ts with key rotation, based on the gateway version', files: ['shared/auth/verifyToken.ts', 'gateway/src/auth/jwt.ts'], input: 14_000, output: 3600 },
      { prompt: 'Switch the orders service to the shared verifyToken middleware', files: ['orders/src/middleware/auth.ts', 'shared/auth/verifyToken.ts'], input: 11_000, output: 2200 },
      { prompt: 'Switch the billing service to the shared verifyToken middleware', files: ['billing/src/middleware/auth.ts', 'shared/auth/verifyToken.ts'], input: 11_500, output: 2300 },
      { prompt: 'Switch session handling in the users service to the shared module', files: ['users/src/auth/session.ts', 'shared/auth/verifyToken.ts'], input: 12_500, output: 2700 },
      {
        prompt: 'Review the refactor across the four services for security regressions',
        files: ['shared/auth/verifyToken.ts', 'gateway/src/auth/jwt.ts', 'orders/src/middleware/auth.ts', 'billing/src/middleware/auth.ts', 'users/src/auth/session.ts'],
        input: 32_000,
        output: 3000,
      },
    ],
  },
];

export function sessionJsonl(): string {
  const lines = ['// A session: an API-docs update, config scaffolding, a test suite for a utility and a cross-service', '// authentication refactor across four modules (bench/replay/README.md). Generated by bench/replay/workloads.ts.'];
  for (const task of SESSION) lines.push(`// task: ${task.name}`, ...task.requests.map((request) => JSON.stringify(request)));
  return `${lines.join('\n')}\n`;
}

/** The committed files and their generators. */
export const WORKLOAD_FILES = { 'day.jsonl': dayJsonl, 'session.jsonl': sessionJsonl } as const;
