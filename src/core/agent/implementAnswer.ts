/**
 * The answer to one step of Implement the Plan: a fenced block per changed file whose info
 * string is the file's path. The local check accepts it only when every block names a file the
 * step lists and its code parses; otherwise the Engine asks again one tier up.
 */
import { bracketProblem, fencedBlocks } from './fencedCode';

export interface FileEdit {
  /** Workspace-relative, as the step lists it. */
  readonly path: string;
  /** The file's complete new content. */
  readonly content: string;
}

/** `./src/a.ts` and `src/a.ts` name the same file. */
export function normalizePath(path: string): string {
  return path.trim().replace(/^\.\//, '').replace(/\\/g, '/');
}

function looksLikePath(info: string): boolean {
  return /^[\w@./-]+\.[\w]+$/.test(info.trim()) || info.includes('/');
}

/** The file edits an answer carries, in order; blocks whose info is only a language are skipped. */
export function fileEdits(answer: string): FileEdit[] {
  return fencedBlocks(answer)
    .filter((block) => looksLikePath(block.info))
    .map((block) => ({ path: normalizePath(block.info), content: block.code.endsWith('\n') ? block.code : `${block.code}\n` }));
}

/** Why the answer cannot be applied to the step's files, or undefined when it can. */
export function implementProblem(answer: string, stepFiles: readonly string[]): string | undefined {
  const edits = fileEdits(answer);
  if (edits.length === 0) return 'the answer has no ```path/to/file blocks to apply';
  const allowed = new Set(stepFiles.map(normalizePath));
  for (const edit of edits) {
    if (!allowed.has(edit.path)) return `the answer changes ${edit.path}, which the step does not list`;
    const problem = bracketProblem(edit.content);
    if (problem) return `${edit.path} does not parse: ${problem}`;
  }
  return undefined;
}
