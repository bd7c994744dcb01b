import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckRun } from '../../src/core/devLoop/checks';
import { checkFor, checkPassed, checkReport, fence, formatDuration, lastLines, pickTask } from '../../src/core/devLoop/checks';
import type { PreflightPorts } from '../../src/core/devLoop/preflight';
import { pathsIn, preflight, preflightReport } from '../../src/core/devLoop/preflight';
import { parsePolicy } from '../../src/core/routing/policy';
import { route } from '../../src/core/routing/router';
import { runTaskProcess } from '../../src/node/taskProcess';
import { withLearnedRouter } from './helpers/routerModel';

const run = (over: Partial<CheckRun>): CheckRun => ({ kind: 'test', task: 'test', exitCode: 0, durationMs: 3210, output: '', outputCaptured: true, cancelled: false, ...over });

describe('$0 checks: which check a request asks for', () => {
  withLearnedRouter();
  it('reads the check from the words of the classifier’s automated kinds', () => {
    assert.equal(checkFor('runChecks', 'run the tests'), 'test');
    assert.equal(checkFor('smokeTest', 'is the build green?'), 'build');
    assert.equal(checkFor('runChecks', 'run eslint on it'), 'lint');
    assert.equal(checkFor('smokeTest', 'run the smoke test'), 'smoke');
    assert.equal(checkFor('smokeTest', 'is it alive?'), 'smoke');
    assert.equal(checkFor('runChecks', 'run everything'), 'test');
    assert.equal(checkFor('preflight', 'pre-flight'), 'preflight');
    assert.equal(checkFor('explain', 'run the tests'), undefined, 'only the automated kinds are answered by a task');
  });

  it('the classifier routes “run the tests” and “is the build green?” to the automated tier when a task can answer', () => {
    const policy = parsePolicy({}).policy;
    for (const prompt of ['run the tests', 'is the build green?', 'run lint']) {
      const decision = route({ surface: 'chat', prompt, canAutomate: true }, policy);
      assert.equal(decision.tier, 'automated', `${prompt} → ${decision.tier} (${decision.taskKind})`);
      assert.notEqual(checkFor(decision.taskKind, prompt), undefined, `${prompt} is a check`);
    }
  });
});

describe('$0 checks: picking the task', () => {
  const tasks = [
    { name: 'watch', source: 'Workspace', group: 'build' },
    { name: 'compile', source: 'Workspace', group: 'build', isDefault: true },
    { name: 'test', source: 'npm', group: 'test' },
    { name: 'test:watch', source: 'Workspace', group: 'test' },
    { name: 'lint', source: 'npm' },
  ];

  it('takes the group’s default task, else a task named as the check, never a watch task by choice', () => {
    const name = (kind: 'test' | 'build' | 'lint') => {
      const picked = pickTask(tasks, kind);
      return 'task' in picked ? `${picked.task.source}: ${picked.task.name}` : picked.problem;
    };
    assert.equal(name('build'), 'Workspace: compile');
    assert.equal(name('test'), 'npm: test', 'of two test tasks, the one named “test”, not the watch task');
    assert.equal(name('lint'), 'npm: lint');
  });

  it('a task the policy names wins, by name or “source: name”', () => {
    const picked = pickTask(tasks, 'test', { test: 'npm: test' });
    assert.ok('task' in picked && picked.task.source === 'npm');
    const watch = pickTask(tasks, 'build', { build: 'watch' });
    assert.ok('task' in watch && watch.task.name === 'watch');
  });

  it('in a multi-root workspace runs the tests of the folder the user is in, not the first folder’s', () => {
    const roots = [
      { name: 'test', source: 'npm', group: 'test', folder: 0 },
      { name: 'test', source: 'npm', group: 'test', folder: 1 },
      { name: 'build', source: 'npm', group: 'build', folder: 0 },
    ];
    const folderOf = (picked: ReturnType<typeof pickTask<(typeof roots)[number]>>) => ('task' in picked ? picked.task.folder : picked.problem);
    assert.equal(folderOf(pickTask(roots, 'test', {}, 1)), 1, 'the user is in folder 1: its test task');
    assert.equal(folderOf(pickTask(roots, 'test', {}, 0)), 0);
    assert.equal(folderOf(pickTask(roots, 'build', {}, 1)), 0, 'a check folder 1 has no task for falls back to the others');
  });

  it('says what to do when no task runs the check, naming the tasks it found', () => {
    const none = pickTask(tasks, 'smoke');
    assert.ok('problem' in none);
    assert.match(none.problem, /No task runs the smoke test.*checks\.smoke.*“watch”, “compile”/);
    const wrong = pickTask(tasks, 'test', { test: 'unit' });
    assert.ok('problem' in wrong);
    assert.match(wrong.problem, /names the task “unit”.*checks\.test.*no task of that name/);
  });
});

describe('$0 checks: the report in the thread', () => {
  it('a passing run says passed, the time, the exit code, $0 and its output', () => {
    const text = checkReport(run({ output: '\u001b[32m  3 passing\u001b[0m\n', commandLine: 'npm test' }));
    assert.match(text, /^\*\*✓ The tests passed\*\* — task “test” \(`npm test`\) in 3\.2 s, exit code 0\. No model was asked: \$0\./);
    assert.match(text, /```text\n {2}3 passing\n```/);
    assert.equal(checkPassed(run({})), true);
  });

  it('a failing run shows only the last lines, saying how many came before', () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const text = checkReport(run({ kind: 'build', task: 'compile', exitCode: 2, output }), 5);
    assert.match(text, /\*\*✗ The build failed\*\* — task “compile” in 3\.2 s, exit code 2/);
    assert.match(text, /The last 5 lines of output \(25 earlier lines in the task's terminal\)/);
    assert.ok(text.includes('line 30') && text.includes('line 26') && !text.includes('line 25\n'));
    assert.equal(checkPassed(run({ exitCode: 2 })), false);
  });

  it('a task that could not start, was stopped, or printed nothing says so', () => {
    assert.match(checkReport(run({ exitCode: undefined, failure: 'No task runs lint.', kind: 'lint' })), /✗ Could not run lint.*\n\nNo task runs lint\./s);
    assert.match(checkReport(run({ exitCode: undefined, cancelled: true })), /⏹ Stopped the tests/);
    assert.match(checkReport(run({ output: '\n\n' })), /The task printed nothing/);
    assert.match(checkReport(run({ outputCaptured: false })), /The output is in the task's terminal/);
  });

  it('keeps what a progress bar left on its line and a fence no output can close', () => {
    assert.deepEqual(lastLines('50%\r100%\ndone\n', 5).lines, ['100%', 'done']);
    assert.equal(fence('a ```` b'), '`````text\na ```` b\n`````');
    assert.equal(formatDuration(450), '450 ms');
    assert.equal(formatDuration(125_000), '2 min 5 s');
  });
});

/** Pre-flight's view of a workspace: one map of files per folder (named w0, w1, …), `near` the user's folder. */
function workspace(folders: ReadonlyMap<string, string>[], near?: number): PreflightPorts {
  const has = (files: ReadonlyMap<string, string>, path: string) => files.has(path) || [...files.keys()].some((key) => key.startsWith(`${path}/`));
  return {
    folders: folders.map((_, index) => `w${index}`),
    ...(near !== undefined ? { near } : {}),
    exists: async (place) => has(folders[place.folder], place.path),
    readText: async (place) => folders[place.folder].get(place.path),
  };
}

describe('$0 checks: pre-flight', () => {
  const files = new Map<string, string>([
    ['src/a.ts', 'x'],
    ['package.json', JSON.stringify({ dependencies: { zod: '1' }, devDependencies: { mocha: '1', '@types/node': '1' } })],
    ['node_modules/zod/package.json', '{}'],
    ['node_modules/@types/node/package.json', '{}'],
  ]);
  /** A single-folder workspace holding `files`. */
  const ports = workspace([files]);

  it('finds the paths a request names, not versions or URLs', () => {
    assert.deepEqual(pathsIn('do src/a.ts and `test/b.test.ts` exist? v1.2.3, see README.md.'), ['src/a.ts', 'test/b.test.ts', 'README.md']);
  });

  it('checks each named file and every dependency, naming what is missing and what to run', async () => {
    const result = await preflight('pre-flight: src/a.ts, src/missing.ts and ../../etc/passwd', ports);
    assert.equal(result.passed, false);
    const text = preflightReport(result, 12);
    assert.match(text, /✗ Pre-flight found problems\*\* — checked in 12 ms\. No model was asked: \$0\./);
    assert.match(text, /- ✓ src\/a\.ts exists/);
    assert.match(text, /- ✗ src\/missing\.ts does not exist/);
    assert.match(text, /- ✗ \.\.\/\.\.\/etc\/passwd: not checked, .*outside the workspace/);
    assert.match(text, /- ✗ 1 of 3 dependencies of package\.json are not installed: mocha\. Run `npm install`/);
  });

  it('passes when everything is there', async () => {
    files.set('node_modules/mocha/package.json', '{}');
    const result = await preflight('are the dependencies installed?', ports);
    assert.equal(result.passed, true);
    assert.match(preflightReport(result, 5), /✓ Pre-flight passed[\s\S]*All 3 dependencies of package\.json are installed/);
  });
});

describe('$0 checks: pre-flight in a multi-root workspace', () => {
  // w0 is a docs folder without code; w1 is the app the user is working in.
  const docs = new Map([['README.md', '# docs']]);
  const app = new Map([
    ['src/a.ts', 'x'],
    ['package.json', JSON.stringify({ dependencies: { zod: '1' } })],
  ]);

  it('checks a bare path and package.json in the folder of the file the user is in, not the first folder', async () => {
    const text = preflightReport(await preflight('pre-flight: does src/a.ts exist?', workspace([docs, app], 1)), 3);
    assert.match(text, /- ✓ w1\/src\/a\.ts exists/, `src/a.ts is in the user’s folder w1:\n${text}`);
    assert.match(text, /- ✗ 1 of 1 dependencies of w1\/package\.json are not installed: zod\. Run `npm install` in w1/, `w1’s package.json, not w0’s missing one:\n${text}`);
  });

  it('checks a path that names a folder in that folder', async () => {
    const text = preflightReport(await preflight('pre-flight: w1/src/a.ts and w0/README.md and w0/src/a.ts', workspace([docs, app], 0)), 3);
    assert.match(text, /- ✓ w1\/src\/a\.ts exists/);
    assert.match(text, /- ✓ w0\/README\.md exists/);
    assert.match(text, /- ✗ w0\/src\/a\.ts does not exist/);
    assert.match(text, /No w0\/package\.json at the folder’s root/);
  });
});

describe('$0 checks: the task process', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'task-process-'));
    writeFileSync(join(folder, 'fail.js'), 'console.log("checking"); console.error("1 failing"); process.exit(3);\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('streams a shell command’s output and resolves with its exit code', async () => {
    let output = '';
    const exit = await runTaskProcess({ kind: 'shell', command: `"${process.execPath}" fail.js`, args: [], cwd: folder }, (text) => (output += text));
    assert.equal(exit.exitCode, 3);
    assert.match(output, /checking/);
    assert.match(output, /1 failing/);
  });

  it('a stopped process has no exit code; a missing program says it was not found', async () => {
    const controller = new AbortController();
    const pending = runTaskProcess({ kind: 'process', command: process.execPath, args: ['-e', 'setTimeout(() => {}, 30000)'], cwd: folder }, () => undefined, controller.signal);
    setTimeout(() => controller.abort(), 100);
    assert.equal((await pending).exitCode, undefined);
    const missing = await runTaskProcess({ kind: 'process', command: 'no-such-program-xyz', args: [], cwd: folder }, () => undefined);
    assert.match(missing.failure ?? '', /“no-such-program-xyz” was not found/);
  });
});
