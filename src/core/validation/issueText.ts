/**
 * A validation problem in words a user can act on. zod's own messages ("Invalid input: expected
 * record, received number", or just "Invalid input" for a union) name types the user never wrote;
 * these say what the field takes, what it was given, and what happens until it is corrected.
 */

/** The parts of a zod issue the text is built from (a structural subset of zod's issue types). */
export interface IssueLike {
  readonly code: string;
  readonly message: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly origin?: string;
  readonly format?: string;
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  record: 'an object ({ "key": value })',
  object: 'an object ({ "key": value })',
};

/** What the field takes and what it got, e.g. `expected a number, got "ten"`. */
export function issueText(issue: IssueLike, value: unknown): string {
  const got = `got ${describeValue(value)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected ?? ''] ?? issue.expected ?? 'another type'}, ${got}`;
    case 'invalid_value': {
      const values = (issue.values ?? []).map((v) => JSON.stringify(v));
      return `expected ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}, ${got}`;
    }
    case 'too_small':
      return `${bound(issue, 'at least', 'more than', issue.minimum)}, ${got}`;
    case 'too_big':
      return `${bound(issue, 'at most', 'less than', issue.maximum)}, ${got}`;
    case 'invalid_format':
      if (issue.format === 'url') return `expected an http:// or https:// URL, ${got}`;
      // A pattern's own message (a model id's) says what the field takes; zod's ("Invalid string: must match …") does not.
      if (!/^Invalid\b/.test(issue.message)) return `${issue.message}, ${got}`;
      return `expected a ${issue.format ?? 'valid'} value, ${got}`;
    default:
      // A custom message (a union's `error`) is already written for users.
      return `${issue.message.replace(/^Invalid input$/, 'not a valid value')}, ${got}`;
  }
}

function bound(issue: IssueLike, inclusive: string, exclusive: string, limit: number | bigint | undefined): string {
  const n = String(limit);
  const words = issue.inclusive === false ? exclusive : inclusive;
  if (issue.origin === 'string') return n === '1' && issue.inclusive !== false && words === 'at least' ? 'must not be empty' : `must have ${words} ${n} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return `must have ${words} ${n} entries`;
  return `must be ${words} ${n}`;
}

/** A short, safe rendering of what the user wrote: strings quoted and cut, containers named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The default as the user would write it, or "the built-in default" when that would not fit a notice. */
export function describeDefault(fallback: unknown): string {
  const json = JSON.stringify(fallback);
  return json !== undefined && json.length <= 40 ? `the default (${json})` : 'the built-in default';
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The notification for a bad setting, e.g. "Setting modelRouter.completions.debounceMs: expected a number, …". */
export function settingNotice(issue: { readonly path: string; readonly message: string }): string {
  return `Setting ${issue.path}: ${issue.message}.`;
}

/** The notification for a bad field of the team policy file; the whole file when `path` is empty. */
export function policyFileNotice(file: string, issue: { readonly path: string; readonly message: string }): string {
  return `${issue.path === '' ? file : `${file} › ${issue.path}`}: ${issue.message}.`;
}
