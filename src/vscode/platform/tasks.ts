/**
 * The $0 checks' task runner: finds the workspace task that runs the tests, the build, lint or the
 * smoke test (core/devLoop/checks.ts#pickTask: a task the policy names, else the task of its
 * group) and runs it through `vscode.tasks.executeTask`, measuring its exit code and time.
 *
 * VS Code gives an extension no way to read a task terminal's text, so a shell or process task is
 * run as a `CustomExecution`: the same command, folder and environment in a child process whose
 * output goes both to the task's pseudoterminal (the user sees it as usual) and to the result. A
 * task that cannot be run that way (a custom execution of another extension, a variable this
 * runner does not resolve) runs as it is, with its exit code and time but not its output.
 *
 * Tasks run only in a trusted workspace: a task is the workspace's own command line.
 */
import * as vscode from 'vscode';
import type { CheckKind, CheckRun, CheckTaskNames, TaskSummary } from '../../core/devLoop/checks';
import { CHECK_LABELS, pickTask } from '../../core/devLoop/checks';
import type { TaskCommand } from '../../node/taskProcess';
import { commandLineOf, runTaskProcess } from '../../node/taskProcess';

/** Output kept per run: the thread shows the last lines, the terminal keeps everything. */
const MAX_OUTPUT_CHARS = 256 * 1024;

/** What runs the checks; the chat, the test gate and commands share one. */
export interface CheckRunner {
  /** Finds and runs the task of `kind`; never throws (a missing task or an untrusted workspace is a `failure`). */
  run(kind: CheckKind, names: CheckTaskNames, signal?: AbortSignal): Promise<CheckRun>;
}

export const UNTRUSTED_TASKS = 'Tasks run only in a trusted workspace: a task is this workspace’s own command line. Trust the workspace (Manage Workspace Trust) to run it.';

export class TaskRunner implements CheckRunner {
  constructor(private readonly log: { info(message: string): void; warn(message: string): void }) {}

  async run(kind: CheckKind, names: CheckTaskNames, signal?: AbortSignal): Promise<CheckRun> {
    const started = Date.now();
    const failed = (task: string, failure: string): CheckRun => ({ kind, task, exitCode: undefined, durationMs: Date.now() - started, output: '', outputCaptured: false, cancelled: false, failure });
    if (!vscode.workspace.isTrusted) return failed('none', UNTRUSTED_TASKS);
    let tasks: vscode.Task[];
    try {
      tasks = await vscode.tasks.fetchTasks();
    } catch (error) {
      return failed('none', `VS Code could not list the workspace's tasks: ${(error as Error).message}`);
    }
    // In a multi-root workspace, the folder of the file the user is in first.
    const active = vscode.window.activeTextEditor?.document.uri;
    const near = active ? vscode.workspace.getWorkspaceFolder(active)?.index : undefined;
    const picked = pickTask(tasks.map((task) => ({ task, ...summarize(task) })), kind, names, near);
    if ('problem' in picked) return failed('none', picked.problem);
    const task = picked.task.task;
    this.log.info(`checks: running ${CHECK_LABELS[kind]} with the task “${task.name}” (${task.source}), $0`);
    const command = commandOf(task);
    const run = command ? await this.runCaptured(kind, task, command, signal) : await this.runAsIs(kind, task, signal);
    this.log.info(`checks: “${task.name}” ${run.cancelled ? 'stopped' : run.failure ?? `exited ${run.exitCode}`} in ${run.durationMs} ms`);
    return run;
  }

  /** The task's command in a child process behind a pseudoterminal: exit code, time and output. */
  private async runCaptured(kind: CheckKind, task: vscode.Task, command: TaskCommand, signal?: AbortSignal): Promise<CheckRun> {
    let output = '';
    let started = Date.now();
    const exited = new Promise<{ exitCode: number | undefined; failure?: string }>((resolve) => {
      const execution = new vscode.CustomExecution(async () => {
        const write = new vscode.EventEmitter<string>();
        const close = new vscode.EventEmitter<number | void>();
        const stop = new AbortController();
        const pty: vscode.Pseudoterminal = {
          onDidWrite: write.event,
          onDidClose: close.event,
          open: () => {
            started = Date.now();
            write.fire(`> ${commandLineOf(command)}\r\n`);
            void runTaskProcess(
              command,
              (text) => {
                output = (output + text).slice(-MAX_OUTPUT_CHARS);
                write.fire(text.replace(/\r?\n/g, '\r\n'));
              },
              stop.signal,
            ).then((exit) => {
              if (exit.failure) write.fire(`\r\n${exit.failure}\r\n`);
              resolve(exit);
              close.fire(exit.exitCode ?? 1);
              write.dispose();
              close.dispose();
            });
          },
          // The user closed the terminal or terminated the task.
          close: () => stop.abort(),
        };
        signal?.addEventListener('abort', () => stop.abort(), { once: true });
        return pty;
      });
      const wrapped = new vscode.Task({ type: 'modelRouterCheck', task: task.name }, task.scope ?? vscode.TaskScope.Workspace, task.name, 'Model Router', execution, []);
      wrapped.group = task.group;
      wrapped.presentationOptions = { ...task.presentationOptions, reveal: vscode.TaskRevealKind.Silent, focus: false };
      vscode.tasks.executeTask(wrapped).then(undefined, (error: unknown) => resolve({ exitCode: undefined, failure: `VS Code did not start the task: ${(error as Error).message ?? String(error)}` }));
    });
    const exit = await exited;
    return { kind, task: task.name, commandLine: commandLineOf(command), exitCode: exit.exitCode, durationMs: Date.now() - started, output, outputCaptured: true, cancelled: signal?.aborted === true, ...(exit.failure ? { failure: exit.failure } : {}) };
  }

  /** A task this runner cannot re-create: VS Code runs it; its exit code and time come from the task events. */
  private async runAsIs(kind: CheckKind, task: vscode.Task, signal?: AbortSignal): Promise<CheckRun> {
    const started = Date.now();
    const result = await new Promise<{ exitCode: number | undefined; failure?: string }>((resolve) => {
      const subscriptions: vscode.Disposable[] = [];
      const done = (value: { exitCode: number | undefined; failure?: string }) => {
        subscriptions.forEach((s) => s.dispose());
        resolve(value);
      };
      vscode.tasks.executeTask(task).then(
        (execution) => {
          subscriptions.push(vscode.tasks.onDidEndTaskProcess((event) => event.execution === execution && done({ exitCode: event.exitCode })));
          // A custom execution has no process: its end is the task's end, exit code unknown.
          subscriptions.push(vscode.tasks.onDidEndTask((event) => event.execution === execution && setTimeout(() => done({ exitCode: undefined, failure: 'The task ended without reporting an exit code (it is not a shell or process task).' }), 200)));
          signal?.addEventListener('abort', () => execution.terminate(), { once: true });
        },
        (error: unknown) => done({ exitCode: undefined, failure: `VS Code did not start the task: ${(error as Error).message ?? String(error)}` }),
      );
    });
    return { kind, task: task.name, exitCode: result.exitCode, durationMs: Date.now() - started, output: '', outputCaptured: false, cancelled: signal?.aborted === true, ...(result.failure ? { failure: result.failure } : {}) };
  }
}

export function summarize(task: vscode.Task): TaskSummary {
  return { name: task.name, source: task.source, ...(task.group ? { group: task.group.id, isDefault: task.group.isDefault === true } : {}), ...(typeof task.scope === 'object' ? { folder: task.scope.index } : {}) };
}

/**
 * The command of a shell or process task with its folder and environment, variables resolved; or
 * undefined when it is another kind of task or uses a variable only VS Code can resolve.
 */
export function commandOf(task: vscode.Task): TaskCommand | undefined {
  const folder = typeof task.scope === 'object' ? task.scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder === undefined) return undefined;
  const execution = task.execution;
  const text = (value: string | vscode.ShellQuotedString) => (typeof value === 'string' ? value : value.value);
  let command: TaskCommand | undefined;
  if (execution instanceof vscode.ShellExecution) {
    const options = execution.options ?? {};
    const line = execution.commandLine ?? (execution.command !== undefined ? text(execution.command) : undefined);
    if (line === undefined) return undefined;
    command = { kind: 'shell', command: line, args: (execution.args ?? []).map(text), cwd: options.cwd ?? folder, ...(options.env ? { env: options.env } : {}), ...(options.executable ? { shell: options.executable } : {}) };
  } else if (execution instanceof vscode.ProcessExecution) {
    const options = execution.options ?? {};
    command = { kind: 'process', command: execution.process, args: execution.args, cwd: options.cwd ?? folder, ...(options.env ? { env: options.env } : {}) };
  } else {
    return undefined;
  }
  return resolveVariables(command, folder);
}

/** `${workspaceFolder}` and friends; any other `${…}` leaves the task to VS Code. */
function resolveVariables(command: TaskCommand, folder: string): TaskCommand | undefined {
  let unresolved = false;
  const resolve = (value: string) =>
    value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      if (name === 'workspaceFolder' || name === 'workspaceRoot' || name === 'cwd') return folder;
      if (name === 'workspaceFolderBasename') return folder.split(/[\\/]/).pop() ?? folder;
      if (name === 'pathSeparator' || name === '/') return process.platform === 'win32' ? '\\' : '/';
      if (name.startsWith('env:')) return process.env[name.slice(4)] ?? '';
      unresolved = true;
      return whole;
    });
  const env = command.env ? Object.fromEntries(Object.entries(command.env).map(([key, value]) => [key, resolve(value)])) : undefined;
  const resolved: TaskCommand = { ...command, command: resolve(command.command), args: command.args.map(resolve), cwd: resolve(command.cwd), ...(env ? { env } : {}) };
  return unresolved ? undefined : resolved;
}
