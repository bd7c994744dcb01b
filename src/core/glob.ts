/**
 * Glob patterns as VS Code's settings write them (`**` across folders, `*` and `?` within one,
 * `{a,b}` alternatives, `[abc]` and `[!a-z]` classes), matched against paths with forward slashes.
 *
 * Patterns come from settings a cloned repository can write, and are checked on every completion,
 * so matching must never backtrack: a pattern is compiled once into segments and matched with the
 * linear two-pointer wildcard algorithm (per folder, and per character within one), never as a
 * regular expression. `**\/*a*a*a*a*a*a*b` against a 67-character name costs microseconds, not the
 * seconds a backtracking regex (ours before, or picomatch's) takes. A pattern that cannot be
 * compiled (`[z-a]`, an unclosed `{`) is reported by `globProblem` and matches nothing.
 */

type Token = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'any' } | { readonly kind: 'star' } | { readonly kind: 'class'; readonly negate: boolean; readonly ranges: ReadonlyArray<readonly [string, string]> };
/** One folder of a pattern, or `**` (any number of folders). */
type Segment = { readonly kind: 'globstar' } | { readonly kind: 'tokens'; readonly tokens: readonly Token[] };
type Compiled = { readonly alternatives: ReadonlyArray<readonly Segment[]> } | { readonly problem: string };

/** Longer patterns are refused: nothing legitimate needs them, and they bound the work per path. */
export const MAX_GLOB_LENGTH = 500;
/** `{a,b}{c,d}…` multiplies; past this many alternatives a pattern is refused. */
const MAX_ALTERNATIVES = 64;
const CACHE_LIMIT = 1000;
const compiled = new Map<string, Compiled>();

/** Why `glob` cannot be used (shown to the user), or undefined when it is a valid pattern. */
export function globProblem(glob: string): string | undefined {
  const result = compile(glob);
  return 'problem' in result ? result.problem : undefined;
}

/** Whether `path` (forward slashes) matches `glob`; an invalid glob matches nothing. */
export function matchesGlob(path: string, glob: string): boolean {
  const result = compile(glob);
  if ('problem' in result) return false;
  const folders = path.split('/');
  return result.alternatives.some((segments) => matchSequence(segments, folders, (segment, folder) => segment.kind === 'tokens' && matchTokens(segment.tokens, folder), (segment) => segment.kind === 'globstar'));
}

function compile(glob: string): Compiled {
  let result = compiled.get(glob);
  if (result === undefined) {
    result = build(glob);
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(glob, result);
  }
  return result;
}

function build(glob: string): Compiled {
  if (glob.length > MAX_GLOB_LENGTH) return { problem: `longer than ${MAX_GLOB_LENGTH} characters` };
  const expanded = expandBraces(glob);
  if (typeof expanded === 'string') return { problem: expanded };
  const alternatives: Segment[][] = [];
  for (const alternative of expanded) {
    const segments: Segment[] = [];
    for (const part of alternative.split('/')) {
      if (part === '**') {
        if (segments.at(-1)?.kind !== 'globstar') segments.push({ kind: 'globstar' });
        continue;
      }
      const tokens = tokenize(part);
      if (typeof tokens === 'string') return { problem: tokens };
      segments.push({ kind: 'tokens', tokens });
    }
    // A trailing `**` means "something inside": `secrets/**` matches secrets/a, not a file named secrets.
    if (segments.at(-1)?.kind === 'globstar') segments.push({ kind: 'tokens', tokens: [{ kind: 'star' }] });
    alternatives.push(segments);
  }
  return { alternatives };
}

/** `{a,b}` alternatives (nested too) as a list of brace-free patterns, or what is wrong. */
function expandBraces(glob: string): string[] | string {
  const open = glob.indexOf('{');
  if (open < 0) return glob.includes('}') ? 'has a "}" without a "{"' : [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length && close < 0; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) close = i;
    else if (glob[i] === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) return 'has a "{" that is never closed';
  const bounds = [open, ...commas, close];
  const head = glob.slice(0, open);
  const tails = expandBraces(glob.slice(close + 1));
  if (typeof tails === 'string') return tails;
  const out: string[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const inner = expandBraces(glob.slice(bounds[i] + 1, bounds[i + 1]));
    if (typeof inner === 'string') return inner;
    for (const middle of inner) for (const tail of tails) out.push(head + middle + tail);
    if (out.length > MAX_ALTERNATIVES) return `has more than ${MAX_ALTERNATIVES} {…} alternatives`;
  }
  return out;
}

function tokenize(part: string): Token[] | string {
  const tokens: Token[] = [];
  for (let i = 0; i < part.length; i++) {
    const char = part[i];
    if (char === '*') {
      // `**` inside a folder name is one star; consecutive stars add nothing but work.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (char === '?') {
      tokens.push({ kind: 'any' });
    } else if (char === '[') {
      const negate = part[i + 1] === '!' || part[i + 1] === '^';
      const start = i + 1 + (negate ? 1 : 0);
      const end = part.indexOf(']', start + 1);
      if (end < 0) {
        tokens.push({ kind: 'char', char });
        continue;
      }
      const ranges: Array<readonly [string, string]> = [];
      const body = part.slice(start, end);
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] === '-' && j + 2 < body.length) {
          if (body[j] > body[j + 2]) return `has the range ${body[j]}-${body[j + 2]} out of order in [${body}]`;
          ranges.push([body[j], body[j + 2]]);
          j += 2;
        } else {
          ranges.push([body[j], body[j]]);
        }
      }
      tokens.push({ kind: 'class', negate, ranges });
      i = end;
    } else {
      tokens.push({ kind: 'char', char });
    }
  }
  return tokens;
}

function matchTokens(tokens: readonly Token[], folder: string): boolean {
  return matchSequence(tokens, [...folder], matchChar, (token) => token.kind === 'star');
}

function matchChar(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.char === char;
    case 'any':
      return true;
    case 'class':
      return token.ranges.some(([low, high]) => char >= low && char <= high) !== token.negate;
    case 'star':
      return false;
  }
}

/**
 * The two-pointer wildcard match: `isStar` items match any run of items, the others one item each.
 * Only the latest star is ever revisited, which is enough because a star absorbs whatever an earlier
 * one would have: at most pattern × input steps, whatever the pattern.
 */
function matchSequence<P, I>(pattern: readonly P[], input: readonly I[], matchOne: (p: P, i: I) => boolean, isStar: (p: P) => boolean): boolean {
  let p = 0;
  let i = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (i < input.length) {
    if (p < pattern.length && isStar(pattern[p])) {
      starAt = p++;
      resumeAt = i;
    } else if (p < pattern.length && matchOne(pattern[p], input[i])) {
      p++;
      i++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      i = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}
