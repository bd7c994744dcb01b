/**
 * Where in the workspace a request worked, as the learning review groups it: the deepest folder
 * all of its files share, cut to two levels (`src/billing`), so "refactors in src/billing were
 * redone on frontier" can be seen without the ledger ever holding a file's path.
 */

/** Folder levels kept: `src/billing/invoices/pdf.ts` is filed under `src/billing`. */
const MAX_DEPTH = 2;
/** A folder name longer than this is cut; names are labels in a table, not paths to open. */
const MAX_NAME = 60;

/**
 * The folder the request's workspace-relative `files` share, at most two levels deep; undefined
 * when there are no files, a file sits at the workspace's root, the files share no folder, or a
 * path is not workspace-relative (absolute, `~`, `..`), which would say where the user's disk is.
 */
export function folderOf(files: readonly string[] | undefined): string | undefined {
  if (files === undefined || files.length === 0) return undefined;
  let shared: string[] | undefined;
  for (const file of files) {
    const normalised = file.replace(/\\/g, '/');
    if (/^([a-zA-Z]:|\/|~)/.test(normalised)) return undefined;
    const folders = normalised.split('/').filter((part) => part !== '' && part !== '.').slice(0, -1);
    if (folders.includes('..')) return undefined;
    shared = shared === undefined ? folders.slice(0, MAX_DEPTH) : commonPrefix(shared, folders);
    if (shared.length === 0) return undefined;
  }
  return shared?.map((name) => name.slice(0, MAX_NAME)).join('/');
}

function commonPrefix(a: readonly string[], b: readonly string[]): string[] {
  const prefix: string[] = [];
  for (let i = 0; i < a.length && i < b.length && a[i] === b[i]; i++) prefix.push(a[i]);
  return prefix;
}
