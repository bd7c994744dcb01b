/**
 * Glob patterns as VS Code's settings write them (`**` across folders, `*` and `?` within one,
 * `{a,b}` alternatives, `[abc]` classes), matched against paths with forward slashes. Compiled
 * once per pattern, since the exclude list is checked on every completion.
 */

const compiled = new Map<string, RegExp>();

/** The regular expression for a glob; the whole path must match. */
export function globToRegExp(glob: string): RegExp {
  let cached = compiled.get(glob);
  if (cached === undefined) {
    cached = new RegExp(`^${translate(glob)}$`);
    compiled.set(glob, cached);
  }
  return cached;
}

function translate(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      // `**/` is zero or more whole folders; a trailing `**` is anything at all.
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      out += '[^/]*';
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
      } else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (char === '{') {
      braces++;
      out += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (char === ',' && braces > 0) {
      out += '|';
    } else {
      out += char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return out + ')'.repeat(braces);
}

/** Whether `path` (forward slashes) matches `glob`. */
export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob).test(path);
}
