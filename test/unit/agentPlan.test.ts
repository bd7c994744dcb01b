import * as assert from 'node:assert/strict';
import type { StepSpend } from '../../src/core/agent/planCost';
import { PlanCostTally } from '../../src/core/agent/planCost';
import { fileEdits, implementProblem } from '../../src/core/agent/implementAnswer';
import { parsePlan, planProblem, splitFiles } from '../../src/core/agent/plan';
import { redoTier, runHeader } from '../../src/core/agent/runSummary';
import { normalWorkspacePath, placeInWorkspace, placeText, workspacePathProblem } from '../../src/core/agent/workspacePath';
import type { RouteDecision } from '../../src/core/routing/router';

const PLAN = `# Plan: add a cache

Some intro.

## Step 1: Add the cache module
Files: src/cache.ts
Create an LRU.

## Step 2 — Use it
**Files:** \`src/api.ts\`, src/cache.ts and src/util.ts (new)
Call it from the API.

# Notes
Not a step.
`;

function spend(models: string[], costMicros: number, unpricedRequests = 0): StepSpend {
  return { requests: models.length, costMicros, unpricedRequests, models };
}

function decision(overrides: Partial<RouteDecision>): RouteDecision {
  return { tier: 'balanced', model: 'claude-sonnet-5-5', taskKind: 'tests', rule: 'taskKind:tests', reasons: [], sensitive: [], escalations: 0, ...overrides };
}

describe('paths from plans and answers stay in the workspace', () => {
  const HOSTILE = `## Step 1: Update the profile
Files: \`../../.bashrc\`, ../../.aws/credentials
## Step 2: Hosts
- **Files:** /etc/hosts
`;

  it('refuses a plan that names files outside the workspace, naming the path', () => {
    const problem = planProblem(HOSTILE);
    assert.ok(problem !== undefined, 'a plan naming ../../.bashrc must not run');
    assert.match(problem, /Step 1 names a file outside the workspace: "\.\.\/\.\.\/\.bashrc" goes up with "\.\."/);
    assert.match(planProblem('## Step 1: x\nFiles: /etc/hosts\n') ?? '', /"\/etc\/hosts" is an absolute path/);
    assert.match(planProblem('## Step 1: x\nFiles: ~/.aws/credentials\n') ?? '', /home folder/);
    assert.match(planProblem('## Step 1: x\nFiles: C:\\Users\\ada\\.npmrc\n') ?? '', /absolute path/);
    assert.equal(planProblem(PLAN), undefined, 'an ordinary plan still runs');
  });

  it('accepts workspace paths, including ./ and backslashes, and refuses the rest', () => {
    for (const path of ['src/a.ts', './src/a.ts', 'src\\a.ts', 'api/src/app.ts', '.github/workflows/ci.yml', 'a..b/c.ts']) assert.equal(workspacePathProblem(path), undefined, path);
    for (const path of ['..', '../x', 'src/../../x', 'src\\..\\..\\x', '/abs', '\\\\server\\share\\x', 'D:/x', '~', '~/x', 'file:///etc/hosts', '']) assert.ok(workspacePathProblem(path) !== undefined, `${path} must be refused`);
    assert.equal(normalWorkspacePath('./src\\a.ts'), 'src/a.ts');
  });

  it('resolves a path in the folder it names or the user’s folder in a multi-root workspace, not the first folder', () => {
    const folders = ['web', 'api'];
    assert.deepEqual(placeInWorkspace('api/src/app.ts', folders), { folder: 1, path: 'src/app.ts' }, 'a path that starts with a folder’s name is in that folder');
    assert.deepEqual(placeInWorkspace('src/app.ts', folders, 1), { folder: 1, path: 'src/app.ts' }, 'a bare path is in the folder of the file the user is in (here api), not in web');
    assert.deepEqual(placeInWorkspace('./src\\app.ts', folders), { folder: 0, path: 'src/app.ts' }, 'with no file to go by, the first folder');
    assert.deepEqual(placeInWorkspace('web/src/app.ts', folders, 1), { folder: 0, path: 'src/app.ts' }, 'the folder a path names wins over the user’s');
    assert.deepEqual(placeInWorkspace('api', folders, 1), { folder: 1, path: 'api' }, 'a folder’s bare name is a file in the user’s folder');
    assert.deepEqual(placeInWorkspace('api/x.ts', ['api']), { folder: 0, path: 'api/x.ts' }, 'one folder: its name is an ordinary first segment');
    assert.equal(placeInWorkspace('api/../../x', folders), undefined, 'a path that leaves its folder has no place');
    assert.equal(placeInWorkspace('src/a.ts', []), undefined, 'no folder, no place');
    assert.equal(placeText({ folder: 1, path: 'src/app.ts' }, folders), 'api/src/app.ts');
    assert.equal(placeText({ folder: 0, path: 'src/app.ts' }, ['web']), 'src/app.ts');
  });
});

describe('plans', () => {
  it('reads the steps in order with their files and text', () => {
    const steps = parsePlan(PLAN);
    assert.deepEqual(steps.map((s) => [s.number, s.title, s.files]), [
      [1, 'Add the cache module', ['src/cache.ts']],
      [2, 'Use it', ['src/api.ts', 'src/cache.ts', 'src/util.ts']],
    ]);
    assert.match(steps[0].text, /^## Step 1: Add the cache module\nFiles: src\/cache\.ts\nCreate an LRU\.$/);
    assert.ok(!steps[1].text.includes('Not a step'), 'a new top-level heading ends the step');
  });

  it('keeps only path-like names from a Files line', () => {
    assert.deepEqual(splitFiles('`a/b.ts`; c.py, none, (new) README.md.'), ['a/b.ts', 'c.py', 'README.md']);
  });

  it('says what is wrong with a plan that cannot run', () => {
    assert.equal(planProblem('  '), 'The plan is empty.');
    assert.match(planProblem('# Just a title\nText') ?? '', /no “## Step N: title” sections/);
    assert.equal(planProblem('## Step 3: x\nno files here'), 'Step 3 has no “Files:” line saying which files it changes.');
    assert.equal(planProblem(PLAN), undefined);
  });

  it('rolls cost up per step, escalated attempts included', () => {
    const tally = new PlanCostTally();
    tally.add('Plan', spend(['claude-opus-5-5'], 30_000), 'done');
    const step = tally.add('Step 1', spend(['claude-sonnet-5-5', 'claude-opus-5-5'], 37_000), 'done');
    tally.add('Step 2', spend(['my-model'], 0, 1), 'failed');
    assert.equal(step.costMicros, 37_000);
    assert.deepEqual(step.models, ['claude-sonnet-5-5', 'claude-opus-5-5']);
    assert.equal(tally.totalMicros, 67_000);
    const table = tally.table();
    assert.match(table, /\| Step 1 \| done \| claude-sonnet-5-5 → claude-opus-5-5 \| 2 \| \$0\.037 \|/);
    assert.match(table, /\| Step 2 \| failed \| my-model \| 1 \| \$0\.00 \+ unpriced \|/);
    assert.match(table, /\*\*total\*\* \| \| \| 4 \| \*\*\$0\.067\*\* \(some requests unpriced\)/);
  });
});

describe('implementing a step', () => {
  const answer = 'Done.\n\n```./src/cache.ts\nexport const cache = new Map();\n```\n\n```ts\nnot a file\n```';

  it('reads one edit per file block, paths normalised, language-only blocks skipped', () => {
    assert.deepEqual(fileEdits(answer), [{ path: 'src/cache.ts', content: 'export const cache = new Map();\n' }]);
  });

  it('accepts edits of the step’s files that parse', () => {
    assert.equal(implementProblem(answer, ['src/cache.ts', 'src/api.ts']), undefined);
  });

  it('says why an answer cannot be applied', () => {
    assert.equal(implementProblem('No code.', ['a.ts']), 'the answer has no ```path/to/file blocks to apply');
    assert.equal(implementProblem(answer, ['src/api.ts']), 'the answer changes src/cache.ts, which the step does not list');
    assert.match(implementProblem('```src/a.ts\nfunction f( {\n```', ['src/a.ts']) ?? '', /^src\/a\.ts does not parse: 2 unclosed brackets/);
  });
});

describe('run summary', () => {
  it('names model, tier, rule and cost', () => {
    assert.equal(runHeader(decision({}), { kind: 'priced', micros: 12_300 }), 'Sonnet 5.5 · balanced · taskKind:tests — $0.012');
    assert.equal(runHeader(decision({ tier: 'frontier', model: 'claude-opus-5-5', rule: 'escalation', escalations: 1 })), 'Opus 5.5 · frontier · escalation (escalated 1×)');
    assert.equal(runHeader(decision({ tier: 'automated', model: 'vscode-command', rule: 'taskKind:format' })), 'Editor command · automated · taskKind:format — $0');
  });

  it('offers the tier above, none above frontier', () => {
    assert.equal(redoTier(decision({ tier: 'fast' })), 'balanced');
    assert.equal(redoTier(decision({ tier: 'frontier' })), undefined);
  });
});
