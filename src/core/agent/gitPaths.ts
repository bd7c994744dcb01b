/**
 * File names as git writes them in a diff's headers. Git quotes a name C-style when it holds a `"`,
 * a `\`, a control character or, under the default `core.quotePath`, any non-ASCII byte:
 * `diff --git "a/caf\303\251/.env" "b/caf\303\251/.env"`. A secret check that reads only the
 * unquoted form sends such a file whole, so both forms are read here, and a name that cannot be read
 * is reported as undefined for the caller to fail closed.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Reads one C-quoted string at the start of `text` (which begins with `"`): its value and the rest after it. */
export function readQuoted(text: string): { value: string; rest: string } | undefined {
  if (!text.startsWith('"')) return undefined;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const value = new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
      return { value, rest: text.slice(i + 1) };
    }
    if (char !== '\\') {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = text[i + 1];
    const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (next !== undefined && SIMPLE_ESCAPES[next] !== undefined) {
      bytes.push(SIMPLE_ESCAPES[next]);
      i += 1;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** `a/src/x.ts` → `src/x.ts`: the side prefix git adds (`a/`, `b/`, or a mnemonic one such as `i/` or `w/`). */
function withoutPrefix(path: string): string | undefined {
  const match = /^[abciwo12]\/(.+)$/.exec(path);
  return match ? match[1] : undefined;
}

/** The old and new paths of a `diff --git` line, or undefined when they cannot be read (fail closed). */
export function diffGitPaths(line: string): { from: string; to: string } | undefined {
  if (!line.startsWith('diff --git ')) return undefined;
  const rest = line.slice('diff --git '.length);
  let from: string | undefined;
  let to: string | undefined;
  if (rest.startsWith('"')) {
    const first = readQuoted(rest);
    if (!first || !first.rest.startsWith(' ')) return undefined;
    from = first.value;
    const second = first.rest.slice(1);
    to = second.startsWith('"') ? (readQuoted(second)?.rest === '' ? readQuoted(second)?.value : undefined) : second;
  } else if (rest.endsWith('"')) {
    const at = rest.lastIndexOf(' "');
    const second = at < 0 ? undefined : readQuoted(rest.slice(at + 1));
    if (!second || second.rest !== '') return undefined;
    from = rest.slice(0, at);
    to = second.value;
  } else {
    // Unquoted names may hold spaces; a file changed in place has the same name twice, so try the middle first.
    const middle = (rest.length - 1) / 2;
    if (Number.isInteger(middle) && rest[middle] === ' ' && rest.slice(2, middle) === rest.slice(middle + 3)) {
      from = rest.slice(0, middle);
      to = rest.slice(middle + 1);
    } else {
      const match = /^(\S\/.+?) (\S\/.+)$/.exec(rest);
      if (!match) return undefined;
      from = match[1];
      to = match[2];
    }
  }
  const fromPath = from === undefined ? undefined : withoutPrefix(from);
  const toPath = to === undefined ? undefined : withoutPrefix(to);
  return fromPath !== undefined && toPath !== undefined ? { from: fromPath, to: toPath } : undefined;
}

/**
 * Every other name a diff section gives its file: `--- a/…`, `+++ b/…`, `rename from …`,
 * `copy to …`, quoted or not. Checked too, so a header that disagrees with them cannot hide a secret.
 */
export function otherPathsInSection(section: string): string[] {
  const paths: string[] = [];
  // Only the section's header: a removed line "-- x" reads "--- x" inside a hunk.
  const hunk = section.search(/^@@/m);
  const header = hunk < 0 ? section : section.slice(0, hunk);
  for (const match of header.matchAll(/^(?:(?:---|\+\+\+) |(?:rename|copy) (?:from|to) )(.+)$/gm)) {
    const raw = match[1];
    if (raw === '/dev/null') continue;
    const value = raw.startsWith('"') ? readQuoted(raw)?.value : raw;
    if (value === undefined) continue;
    const isSide = /^(?:---|\+\+\+) /.test(match[0]);
    paths.push(isSide ? (withoutPrefix(value) ?? value) : value);
  }
  return paths;
}
