/**
 * Pre-flight, answered without a model: do the files the request names exist, and are the
 * project's dependencies installed. Deterministic and read-only; the files come in through a port
 * (src/vscode/devLoop/checksInChat.ts reads them with `vscode.workspace.fs`).
 */
import type { WorkspacePlace } from '../agent/workspacePath';
import { placeInWorkspace, placeText, workspacePathProblem } from '../agent/workspacePath';

/** The workspace's files, read-only. */
export interface PreflightPorts {
  /** The workspace folders' names in order (one for a single-folder workspace). */
  readonly folders: readonly string[];
  /**
   * The folder of the file the user is in (its index): a path that names no folder is looked up
   * there, and so are package.json and node_modules. Else the first folder.
   */
  readonly near?: number;
  /** Whether a path exists in its folder (file or folder). */
  exists(place: WorkspacePlace): Promise<boolean>;
  /** A file's text, or undefined when there is none. */
  readText(place: WorkspacePlace): Promise<string | undefined>;
}

export interface PreflightItem {
  readonly ok: boolean;
  readonly text: string;
}

export interface PreflightResult {
  readonly items: readonly PreflightItem[];
  readonly passed: boolean;
}

/** At most this many dependencies are looked up; a project with more says how many were left. */
const MAX_DEPENDENCIES = 300;

/** Workspace-relative paths the request names: `src/a.ts`, `README.md`, `./test/x.test.ts` (not URLs, not versions). */
export function pathsIn(prompt: string): string[] {
  const found = new Set<string>();
  for (const match of prompt.matchAll(/(?:^|[\s`'"(])((?:\.{1,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.[A-Za-z][\w]{0,9}|(?:\.\/)?[\w@.-]+(?:\/[\w@.-]+)+\/?)(?=$|[\s`'"),;:?!]|\.(?:\s|$))/g)) {
    const raw = match[1].replace(/[.]+$/, '');
    if (/^\d+(\.\d+)+$/.test(raw) || /^(e\.g|i\.e|etc)$/i.test(raw) || raw === '') continue;
    found.add(raw);
  }
  return [...found];
}

export async function preflight(prompt: string, ports: PreflightPorts): Promise<PreflightResult> {
  const items: PreflightItem[] = [];
  for (const path of pathsIn(prompt)) {
    const problem = workspacePathProblem(path);
    if (problem !== undefined) {
      items.push({ ok: false, text: `${path}: not checked, ${problem}` });
      continue;
    }
    // In a multi-root workspace a path is checked in the folder it names, else the user's: never just the first folder.
    const place = placeInWorkspace(path, ports.folders, ports.near);
    if (place === undefined) {
      items.push({ ok: false, text: `${path}: not checked, no workspace folder is open` });
      continue;
    }
    const shown = placeText(place, ports.folders);
    items.push((await ports.exists(place)) ? { ok: true, text: `${shown} exists` } : { ok: false, text: `${shown} does not exist` });
  }
  items.push(...(await dependencies(ports)));
  return { items, passed: items.every((item) => item.ok) };
}

async function dependencies(ports: PreflightPorts): Promise<PreflightItem[]> {
  // The user's folder's package.json (a one-segment path names no folder).
  const manifestPlace = placeInWorkspace('package.json', ports.folders, ports.near);
  if (manifestPlace === undefined) return [{ ok: true, text: 'No workspace folder is open: no npm dependencies to check' }];
  const { folder } = manifestPlace;
  const manifestName = placeText(manifestPlace, ports.folders);
  const text = await ports.readText(manifestPlace);
  if (text === undefined) return [{ ok: true, text: `No ${manifestName} at the ${ports.folders.length > 1 ? 'folder’s' : 'workspace'} root: no npm dependencies to check` }];
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    return [{ ok: false, text: `${manifestName} is not valid JSON (${(error as Error).message}): fix it before installing` }];
  }
  const names = new Set<string>();
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
    const deps = (manifest as Record<string, unknown>)[field];
    if (deps !== null && typeof deps === 'object') for (const name of Object.keys(deps)) if (field !== 'optionalDependencies') names.add(name);
  }
  if (names.size === 0) return [{ ok: true, text: `${manifestName} declares no dependencies` }];
  const missing: string[] = [];
  const checked = [...names].slice(0, MAX_DEPENDENCIES);
  for (const name of checked) {
    // A name from the file, looked up only under node_modules: it may not climb out of it.
    if (!/^(@[\w.-]+\/)?[\w.-]+$/.test(name) || name.split('/').some((part) => part === '..' || part === '.')) continue;
    if (!(await ports.exists({ folder, path: `node_modules/${name}/package.json` }))) missing.push(name);
  }
  const more = names.size > checked.length ? ` (the first ${checked.length} of ${names.size} checked)` : '';
  if (missing.length === 0) return [{ ok: true, text: `All ${checked.length} dependencies of ${manifestName} are installed${more}` }];
  const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, and ${missing.length - 10} more` : '');
  return [{ ok: false, text: `${missing.length} of ${checked.length} dependencies of ${manifestName} are not installed: ${shown}${more}. Run \`npm install\`${ports.folders.length > 1 ? ` in ${ports.folders[folder]}` : ''}` }];
}

/** The thread's report: one line per check, ✓ or ✗. */
export function preflightReport(result: PreflightResult, durationMs: number): string {
  const head = result.passed ? '**✓ Pre-flight passed**' : '**✗ Pre-flight found problems**';
  const lines = result.items.map((item) => `- ${item.ok ? '✓' : '✗'} ${item.text}`);
  return `${head} — checked in ${durationMs < 1000 ? `${Math.round(durationMs)} ms` : `${(durationMs / 1000).toFixed(1)} s`}. No model was asked: $0.\n\n${lines.join('\n')}`;
}
