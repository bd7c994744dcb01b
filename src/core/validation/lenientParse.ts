/**
 * Parses user-written data (settings, a team policy file) against a zod schema without ever
 * throwing: each invalid or unknown field is reported once by its path and dropped, so its
 * default applies while everything valid around it is kept.
 */
import type * as z from 'zod';
import { issueText, valueAt } from './issueText';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `scope.frontierAtFiles`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
}

/** Enough rounds for every field of a policy to be wrong at once; each round drops at least one. */
const MAX_ROUNDS = 64;

export interface LenientResult<T> {
  readonly value: T;
  readonly issues: FieldIssue[];
  /** The input with the bad fields removed and no defaults added: a layer to merge over others. */
  readonly cleaned: unknown;
}

export function parseLeniently<S extends z.ZodType>(schema: S, raw: unknown): LenientResult<z.output<S>> {
  const issues: FieldIssue[] = [];
  const tooBig = shapeProblem(raw);
  if (tooBig !== undefined) {
    // Checked before anything recursive runs (structuredClone, zod): 3,000 levels overflow the stack.
    issues.push({ path: '', message: `${tooBig}; the built-in defaults apply until you correct it` });
    return { value: schema.parse({}), issues, cleaned: {} };
  }
  let input: unknown = raw === undefined || raw === null ? {} : structuredClone(raw);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = schema.safeParse(input);
    if (result.success) return { value: result.data, issues, cleaned: input };
    let dropped = false;
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          // A key is cut as values are: a 10 MB key must not become a 20 MB notification.
          const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
          issues.push({ path: [...path, shown].join('.'), message: `unknown field "${shown}"; it is ignored` });
          dropped = removeAt(input, [...path, key]) || dropped;
        }
        continue;
      }
      const text = issueText(issue, valueAt(input, issue.path));
      if (path.length === 0) {
        issues.push({ path: '', message: `${text}; the built-in defaults apply until you correct it` });
        input = {};
        dropped = true;
        break;
      }
      issues.push({ path: path.join('.'), message: `${text}; the default applies until you correct it` });
      dropped = removeAt(input, path) || dropped;
    }
    if (!dropped) break;
  }
  // Unreachable for well-formed schemas whose every field has a default; kept as a last resort.
  return { value: schema.parse({}), issues, cleaned: {} };
}

/** Deeper than any setting or policy needs (a policy is 3 levels deep). */
export const MAX_DEPTH = 32;
/** More values than any setting or policy needs. */
export const MAX_NODES = 100_000;

/** Why `raw` is too deep or too large to parse, or undefined; walks iteratively, so depth cannot overflow it. */
export function shapeProblem(raw: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: raw, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++nodes > MAX_NODES) return `has more than ${MAX_NODES} values`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return `is nested more than ${MAX_DEPTH} levels deep`;
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}

function removeAt(root: unknown, path: readonly string[]): boolean {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) return false;
  const last = path[path.length - 1];
  if (Array.isArray(node)) {
    node.splice(Number(last), 1);
    return true;
  }
  if (!(last in node)) return false;
  delete (node as Record<string, unknown>)[last];
  return true;
}
