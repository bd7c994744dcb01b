/**
 * $0 checks: the workspace's own tasks answer "run the tests", "is the build green?" and "lint it"
 * without asking a model. This file holds the editor-free rules: which check a request asks for,
 * which of the workspace's tasks runs it (a task the policy names, else the task of its group), and
 * how its result reads in the chat thread. src/vscode/platform/tasks.ts runs the task.
 */
import type { TaskKind } from '../routing/taskKinds';

/** What a check is for. `smoke` has no VS Code group: the policy names it, or a task called "smoke…". */
export const CHECK_KINDS = ['test', 'build', 'lint', 'smoke'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** The task kinds a deterministic tool answers in the chat (their default tier is `automated`). */
export const CHECK_TASK_KINDS: readonly TaskKind[] = ['runChecks', 'smokeTest', 'preflight'];

export const CHECK_LABELS: Readonly<Record<CheckKind, string>> = { test: 'the tests', build: 'the build', lint: 'lint', smoke: 'the smoke test' };

/** Tasks the policy names per check (`policy.checks`): a name wins over the group. */
export type CheckTaskNames = Partial<Record<CheckKind, string>>;

/** A task as the rules need it: VS Code's `Task` reduced to what picking one reads. */
export interface TaskSummary {
  readonly name: string;
  /** "Workspace" for tasks.json, else the provider's name ("npm", "typescript"). */
  readonly source: string;
  /** The VS Code task group id: "test", "build", "clean", "rebuild", or none. */
  readonly group?: string;
  readonly isDefault?: boolean;
  /** The index of the workspace folder the task belongs to; none for a workspace-wide or global task. */
  readonly folder?: number;
}

/** Which check a request asks for: `preflight` is answered by pre-flight checks, not a task. */
export function checkFor(taskKind: TaskKind, prompt: string): CheckKind | 'preflight' | undefined {
  if (taskKind === 'preflight') return 'preflight';
  if (taskKind !== 'runChecks' && taskKind !== 'smokeTest') return undefined;
  // The classifier reads "is the build green?" as a smoke test: the words say which check.
  const text = prompt.toLowerCase();
  if (/\bsmoke\b/.test(text)) return 'smoke';
  if (/\b(lint|linter|linting|eslint)\b/.test(text)) return 'lint';
  if (/\b(build|builds|compile|compiles|compiling|tsc)\b/.test(text)) return 'build';
  if (/\b(test|tests|testing|specs?)\b/.test(text)) return 'test';
  return taskKind === 'smokeTest' ? 'smoke' : 'test';
}

export type TaskPick<T> = { readonly task: T } | { readonly problem: string };

/**
 * The task that runs `kind`: the one the policy names (by name, or "source: name"), else the
 * default task of the group, else the only task of the group, else a task of the group whose name
 * says the check (several test tasks: "test" over "test:watch"). Tasks of tasks.json come first.
 * In a multi-root workspace the tasks of `near` (the folder of the file the user is in) are
 * looked at first, so "run the tests" runs that folder's tests, not the first folder's.
 */
export function pickTask<T extends TaskSummary>(tasks: readonly T[], kind: CheckKind, names: CheckTaskNames = {}, near?: number): TaskPick<T> {
  if (near !== undefined) {
    const own = tasks.filter((task) => task.folder === near);
    const picked = own.length > 0 && own.length < tasks.length ? pickTask(own, kind, names) : undefined;
    if (picked && 'task' in picked) return picked;
  }
  const named = names[kind];
  if (named !== undefined) {
    const hit = tasks.find((task) => task.name === named || `${task.source}: ${task.name}` === named);
    if (hit) return { task: hit };
    return { problem: `The policy names the task “${named}” for ${CHECK_LABELS[kind]} (checks.${kind}), but the workspace has no task of that name${listNames(tasks)}. Fix the name in the policy file or add the task to .vscode/tasks.json.` };
  }
  const ordered = [...tasks].sort((a, b) => Number(b.source === 'Workspace') - Number(a.source === 'Workspace'));
  const grouped = kind === 'lint' || kind === 'smoke' ? ordered.filter((task) => new RegExp(`\\b${kind}`, 'i').test(task.name)) : ordered.filter((task) => task.group === kind);
  const pick = grouped.find((task) => task.isDefault) ?? (grouped.length === 1 ? grouped[0] : undefined) ?? grouped.find((task) => task.name.toLowerCase() === kind) ?? grouped.find((task) => !/watch/i.test(task.name));
  if (pick) return { task: pick };
  const how = kind === 'test' || kind === 'build' ? `a task in the “${kind}” group` : `a task whose name starts with “${kind}”`;
  return { problem: `No task runs ${CHECK_LABELS[kind]} in this workspace: add ${how} to .vscode/tasks.json, or name one in the policy file (checks.${kind})${listNames(tasks)}.` };
}

function listNames(tasks: readonly TaskSummary[]): string {
  if (tasks.length === 0) return '';
  const names = tasks.slice(0, 8).map((task) => `“${task.name}”`);
  return ` (tasks found: ${names.join(', ')}${tasks.length > 8 ? `, and ${tasks.length - 8} more` : ''})`;
}

/** How a task run ended, as the runner measured it. */
export interface CheckRun {
  readonly kind: CheckKind;
  readonly task: string;
  /** What ran ("npm test"), when the runner knows it. */
  readonly commandLine?: string;
  /** Undefined when the process did not report one (it was cancelled, or could not start). */
  readonly exitCode: number | undefined;
  readonly durationMs: number;
  readonly output: string;
  /** False when the task ran in VS Code's own terminal, whose text an extension cannot read. */
  readonly outputCaptured: boolean;
  readonly cancelled: boolean;
  /** Why the task could not start, when it could not. */
  readonly failure?: string;
}

export function checkPassed(run: CheckRun): boolean {
  return !run.cancelled && run.failure === undefined && run.exitCode === 0;
}

/** Lines of output the thread shows: enough for a failing assertion, not the whole log. */
export const TAIL_LINES = 20;

/** The report the chat shows for a check run: verdict, time, exit code and the last lines of output. */
export function checkReport(run: CheckRun, tailLines = TAIL_LINES): string {
  const what = CHECK_LABELS[run.kind];
  const verdict = run.cancelled ? `⏹ Stopped ${what}` : run.failure !== undefined ? `✗ Could not run ${what}` : checkPassed(run) ? `✓ ${capitalize(what)} passed` : `✗ ${capitalize(what)} failed`;
  const exit = run.exitCode === undefined ? '' : `, exit code ${run.exitCode}`;
  const head = `**${verdict}** — task “${run.task}”${run.commandLine ? ` (\`${run.commandLine.replace(/`/g, "'")}\`)` : ''} in ${formatDuration(run.durationMs)}${exit}. No model was asked: $0.`;
  if (run.failure !== undefined) return `${head}\n\n${run.failure}`;
  if (!run.outputCaptured) return `${head}\n\nThe output is in the task's terminal.`;
  const tail = lastLines(run.output, tailLines);
  if (tail.lines.length === 0) return `${head}\n\nThe task printed nothing.`;
  const label = tail.dropped > 0 ? `The last ${tail.lines.length} lines of output (${tail.dropped} earlier lines in the task's terminal):` : 'Output:';
  return `${head}\n\n${label}\n\n${fence(tail.lines.join('\n'))}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

// Colour and cursor codes a terminal understands and a chat would print as noise.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** The last `count` non-blank-trailing lines of terminal output, without colour codes or carriage-return overdraws. */
export function lastLines(output: string, count: number): { lines: string[]; dropped: number } {
  const lines = output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => {
      // A progress bar redraws its line with \r: what stays on screen is the last draw.
      const parts = line.split('\r');
      return parts[parts.length - 1].trimEnd();
    });
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  const kept = lines.slice(-count);
  return { lines: kept, dropped: lines.length - kept.length };
}

/** A fenced block no line of `text` can close: one backtick more than its longest run. */
export function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
