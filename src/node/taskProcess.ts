/**
 * Runs a task's command as a child process for the $0 checks, streaming its output to the caller
 * (the task's pseudoterminal shows it; the chat keeps its last lines) and resolving with the exit
 * code. A shell task runs in a shell as VS Code would run it; a process task runs its program directly.
 */
import { spawn } from 'node:child_process';

export interface TaskCommand {
  /** `shell`: `command` is a command line for a shell; `process`: a program with `args`. */
  readonly kind: 'shell' | 'process';
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** The shell a shell task asked for (`options.shell.executable`), else the platform's. */
  readonly shell?: string;
}

export interface TaskExit {
  /** Undefined when killed (cancelled) or when it could not start. */
  readonly exitCode: number | undefined;
  /** Why it could not start (a missing program, a missing folder). */
  readonly failure?: string;
}

/** The command line a person would type, for the thread and the log. */
export function commandLineOf(command: TaskCommand): string {
  return [command.command, ...command.args].join(' ');
}

/** Starts `command`; `onOutput` gets stdout and stderr as they come; `signal` kills it. */
export function runTaskProcess(command: TaskCommand, onOutput: (text: string) => void, signal?: AbortSignal): Promise<TaskExit> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...command.env, FORCE_COLOR: '0' };
    const child =
      command.kind === 'shell'
        ? spawn(commandLineOf(command), [], { cwd: command.cwd, env, shell: command.shell ?? true, windowsHide: true, detached: process.platform !== 'win32' })
        : spawn(command.command, [...command.args], { cwd: command.cwd, env, windowsHide: true, detached: process.platform !== 'win32' });
    let settled = false;
    const finish = (exit: TaskExit) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', kill);
      resolve(exit);
    };
    const kill = () => {
      // The shell's children (npm → node → mocha) belong to its process group: stop them all.
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    };
    if (signal?.aborted) kill();
    else signal?.addEventListener('abort', kill, { once: true });
    child.stdout?.setEncoding('utf8').on('data', (text: string) => onOutput(text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => onOutput(text));
    child.on('error', (error: NodeJS.ErrnoException) => finish({ exitCode: undefined, failure: error.code === 'ENOENT' ? `“${command.command}” was not found (or the folder ${command.cwd} does not exist)` : error.message }));
    child.on('close', (code) => finish({ exitCode: signal?.aborted ? undefined : (code ?? undefined) }));
  });
}
