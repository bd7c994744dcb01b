/**
 * Deep Audit of the Change, without the editor: which files call the changed ones (their imports
 * name a changed module), and the bounded context the audit sends — the diff first, then the
 * changed files, then their callers, each cut to its share and the callers that do not fit named
 * as left out, so a large change never sends an unbounded prompt.
 */
import type { ContextItem } from '../prompts/contextText';
import { fitToBudget } from '../prompts/contextText';

/** A file the audit may read: a repository-relative path and its text. */
export interface AuditFile {
  readonly path: string;
  readonly text: string;
  readonly languageId?: string;
}

/** The extensions a JavaScript or TypeScript import may leave out. */
const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;
const PYTHON_EXTENSION = /\.py$/;

/** Module specifiers of `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')` and `require('x')`. */
const SCRIPT_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]{1,300})\1/g;
/** Python's `from a.b import c`, `from .b import c` and `import a.b`. */
const PYTHON_IMPORT = /^\s*(?:from\s+(\.*[\w.]*)\s+import\b|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))/gm;

/** `a/./b/../c` → `a/c`; undefined when `..` would climb above the repository. */
export function normalizePath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** A module's identity for matching: the path without its script extension or a trailing `/index`. */
function moduleKey(path: string): string {
  const bare = path.replace(SCRIPT_EXTENSION, '').replace(PYTHON_EXTENSION, '');
  return bare.replace(/\/(?:index|__init__)$/, '');
}

/**
 * The repository-relative modules `file` imports, as module keys: relative script imports resolved
 * against its folder, Python imports as paths (relative ones against its folder). Package imports
 * (`react`, `os`) are kept as written; they match no changed file unless one has that path.
 */
export function importedModules(file: AuditFile): string[] {
  const found = new Set<string>();
  const folder = directoryOf(file.path);
  if (PYTHON_EXTENSION.test(file.path)) {
    for (const match of file.text.matchAll(PYTHON_IMPORT)) {
      const names = match[1] !== undefined ? [match[1]] : (match[2] ?? '').split(',').map((name) => name.trim());
      for (const name of names) {
        const dots = /^\.*/.exec(name)?.[0].length ?? 0;
        const rest = name.slice(dots).replace(/\./g, '/');
        if (dots === 0) found.add(rest);
        else {
          let base: string | undefined = folder;
          for (let up = 1; up < dots && base !== undefined; up++) base = base === '' ? undefined : directoryOf(base);
          const resolved = base === undefined ? undefined : normalizePath(`${base}/${rest}`);
          if (resolved) found.add(resolved);
        }
      }
    }
    return [...found];
  }
  for (const match of file.text.matchAll(SCRIPT_IMPORT)) {
    const specifier = match[2];
    if (!specifier.startsWith('.')) continue;
    const resolved = normalizePath(`${folder}/${specifier}`);
    if (resolved !== undefined) found.add(moduleKey(resolved));
  }
  return [...found];
}

/**
 * The files among `candidates` that import one of `changed` (and are not changed themselves), in
 * the candidates' order. A Python import matches a changed file whose path ends with it, since the
 * package root is not known (`from app.greet import x` is `src/app/greet.py`).
 */
export function callersOf(changed: readonly string[], candidates: readonly AuditFile[]): AuditFile[] {
  const changedKeys = new Set(changed.map(moduleKey));
  const pythonKeys = changed.filter((path) => PYTHON_EXTENSION.test(path)).map(moduleKey);
  return candidates.filter((file) => {
    if (changed.includes(file.path)) return false;
    return importedModules(file).some((module) => changedKeys.has(module) || pythonKeys.some((key) => key === module || key.endsWith(`/${module}`)));
  });
}

/** At most this many callers are considered; the rest are named as left out. */
export const MAX_AUDIT_CALLERS = 20;
/** The whole audit's context, in characters (about 40k tokens). */
export const AUDIT_BUDGET_CHARS = 160_000;
/** A caller's share below this is not worth sending. */
const MIN_CALLER_CHARS = 1_000;
/** The diff's share at most, so the files always have room. */
const DIFF_SHARE = 0.4;

export interface AuditContext {
  readonly items: ContextItem[];
  /** What the user and the model are told was cut or left out to stay in the budget. */
  readonly notes: string[];
  /** The callers whose text was sent. */
  readonly callers: string[];
  /** The budget to render the items with: their total, so nothing is cut twice. */
  readonly budgetChars: number;
}

/**
 * The audit's context within `budgetChars`: the diff (at most 40% of it), the changed files and
 * then the callers, each file cut to an even share of what is left; a caller is dropped, and
 * named in a note, when its share would be under MIN_CALLER_CHARS (too little to show a use).
 */
export function auditContext(diff: string, changed: readonly AuditFile[], callers: readonly AuditFile[], budgetChars = AUDIT_BUDGET_CHARS): AuditContext {
  const notes: string[] = [];
  const considered = callers.slice(0, MAX_AUDIT_CALLERS);
  if (callers.length > considered.length) notes.push(`${callers.length - considered.length} more caller${callers.length - considered.length === 1 ? '' : 's'} left out: ${callers.slice(considered.length).map((file) => file.path).join(', ')}`);
  const fittedDiff = fitToBudget(diff, Math.floor(budgetChars * DIFF_SHARE));
  if (fittedDiff.omittedLines > 0) notes.push(`the diff: ${fittedDiff.omittedLines} lines in the middle left out to fit the context budget`);
  const items: ContextItem[] = [{ label: 'the change (git diff)', text: fittedDiff.text }];
  let left = budgetChars - fittedDiff.text.length;
  const files = [...changed.map((file) => ({ file, role: 'changed file' })), ...considered.map((file) => ({ file, role: 'caller' }))];
  const sent: string[] = [];
  files.forEach(({ file, role }, index) => {
    const share = Math.floor(left / (files.length - index));
    if (role === 'caller' && share < MIN_CALLER_CHARS) {
      notes.push(`caller ${file.path} left out to fit the context budget`);
      return;
    }
    const fitted = fitToBudget(file.text, share);
    if (fitted.omittedLines > 0) notes.push(`${role} ${file.path}: ${fitted.omittedLines} lines in the middle left out to fit the context budget`);
    items.push({ label: `${role} ${file.path}`, path: file.path, ...(file.languageId ? { languageId: file.languageId } : {}), text: fitted.text });
    left -= fitted.text.length;
    if (role === 'caller') sent.push(file.path);
  });
  const longest = items.reduce((max, item) => Math.max(max, item.text.length), 0);
  return { items, notes, callers: sent, budgetChars: longest * items.length };
}
