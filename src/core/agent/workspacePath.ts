/**
 * Paths that come from text — a plan, a model's answer, a review finding — name files inside a
 * workspace folder, and nothing else: not `../../.bashrc`, not `/etc/hosts`, not `~/.aws/credentials`.
 * Such text can come from a cloned repository or from a prompt injection, and the file it names is
 * read into a prompt before any preview and offered for overwrite, so anything that could leave the
 * folder is refused by name, before it is resolved.
 */

/** Why `path` may not be used as a workspace path (in words, naming it), or undefined when it may. */
export function workspacePathProblem(path: string): string | undefined {
  const shown = JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path);
  const slashes = path.replace(/\\/g, '/');
  if (slashes.trim() === '') return 'an empty path';
  if ([...path].some((char) => char.charCodeAt(0) < 0x20)) return `${shown} has control characters`;
  if (slashes.startsWith('~')) return `${shown} is in the home folder, outside the workspace`;
  if (slashes.startsWith('/') || /^[A-Za-z]:/.test(slashes) || /^[A-Za-z][\w+.-]*:\/\//.test(slashes)) return `${shown} is an absolute path, outside the workspace`;
  if (slashes.split('/').includes('..')) return `${shown} goes up with "..", outside the workspace`;
  return undefined;
}

/** `./src\\a.ts` → `src/a.ts`: forward slashes, no `.` segments; call after `workspacePathProblem`. */
export function normalWorkspacePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** The refusal the user reads, naming the path and what to do. */
export function workspacePathRefusal(problem: string, what: string): string {
  return `Model Router: ${what} was refused: ${problem}. Paths must be relative to a workspace folder (no "..", "~" or leading "/"); correct the path.`;
}

/** Where a workspace path lives: the index of its workspace folder and the path inside that folder. */
export interface WorkspacePlace {
  readonly folder: number;
  readonly path: string;
}

/**
 * The folder a workspace path belongs to, in a workspace of `folders` (their names, in order):
 * with several folders, a path that starts with a folder's name (`api/src/app.ts`, as VS Code's
 * relative paths write them) is in that folder; any other path is in `near`'s folder (the file the
 * user is in, or the plan the path came from), else the first. Undefined for a path that could
 * leave its folder (`workspacePathProblem`) or when no folder is open.
 */
export function placeInWorkspace(path: string, folders: readonly string[], near?: number): WorkspacePlace | undefined {
  if (workspacePathProblem(path) !== undefined || folders.length === 0) return undefined;
  const relative = normalWorkspacePath(path);
  const [head, ...rest] = relative.split('/');
  const named = folders.length > 1 && rest.length > 0 ? folders.indexOf(head) : -1;
  if (named >= 0) return { folder: named, path: rest.join('/') };
  return { folder: near !== undefined && near >= 0 && near < folders.length ? near : 0, path: relative };
}

/** How a place reads in a report: `api/src/app.ts` with several folders, `src/app.ts` with one. */
export function placeText(place: WorkspacePlace, folders: readonly string[]): string {
  return folders.length > 1 ? `${folders[place.folder]}/${place.path}` : place.path;
}
