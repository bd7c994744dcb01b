/**
 * Separates what a person asks from what they pasted. Prompts often carry code, stack traces,
 * logs, diffs or JSON whose words look like task kinds (`"migration": true`, `reviewOrder()`); the
 * classifier must read the ask and only know *that* something of each sort was pasted.
 */

export type PastedSort = 'code' | 'stackTrace' | 'log' | 'diff' | 'json';

export interface SplitPrompt {
  /** The prose lines: what the person asked, in their words. */
  readonly ask: string;
  /** Everything pasted, joined (scanned for sensitive terms, never for the task kind). */
  readonly pasted: string;
  /** Which sorts of material were pasted. */
  readonly sorts: ReadonlySet<PastedSort>;
}

/** Long prompts are cut: the ask is at the start or the end, pasted material in between. */
const HEAD_CHARS = 4000;
const TAIL_CHARS = 1000;

const TRACE_LINE = [
  /^\s+at\s+\S.*(\(.*:\d+(:\d+)?\)|:\d+:\d+)\s*$/,
  /^\s*at [\w$.<>/]+\(.*\)\s*$/,
  /^Traceback \(most recent call last\)/,
  /^\s*File ".+", line \d+/,
  /^(Caused by|Exception in thread)\b/,
  /^\s*(goroutine \d+ \[|panic: |thread '.+' panicked at)/,
  /^\s+\S+\.(go|rs|java|kt|py|rb|php|cs|c|cpp):\d+/,
  /^\s*#\d+\s+0x[0-9a-f]+/i,
  /^([\w$]+\.)*[\w$]*(Error|Exception)(:|\s*$)/,
];
const DIFF_HEADER = /^(diff --git |index [0-9a-f]{6,}\.\.|--- (a\/|\/dev\/null)|\+\+\+ (b\/|\/dev\/null)|@@ -\d+(,\d+)? \+\d+(,\d+)? @@)/;
const LOG_LINE = /^\s*(\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\[?\d\d:\d\d:\d\d([.,]\d+)?\]?\s|\[?(INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL|CRITICAL)\]?[\s:]|[A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d|\d{1,3}(\.\d{1,3}){3} - -)/;
const JSON_START = /^\s*[[{]\s*("|$|\[|\{|\d|-?\d)/;
const JSON_LINE = /^\s*("[^"]*"\s*:|[}\]],?\s*$|"[^"]*",?\s*$|-?\d+(\.\d+)?,?\s*$|(true|false|null),?\s*$)/;
const CODE_KEYWORD =
  /^\s*(const|let|var|function|def|class|import|from|export|return|if\s*\(|for\s*\(|while\s*\(|public|private|protected|static|func|fn|package|#include|using|namespace|async|await|try\s*\{|catch|switch|case .+:|select\s.+\sfrom|insert into|update \w+ set|create (table|index)|alter table|interface|type \w+ =|struct|impl|@\w+|<\/?[a-z][\w-]*[\s>])/i;
const CODE_END = /[;{}]\s*$|^\s*[)\]}]+[;,]?\s*$|=>\s*\{?\s*$|\)\s*:\s*$/;

/** The sort of one line of a prompt, or `undefined` for prose. */
function lineSort(line: string, inDiff: boolean, inJson: boolean): PastedSort | undefined {
  if (line.trim() === '') return undefined;
  if (DIFF_HEADER.test(line)) return 'diff';
  if (inDiff && /^[+\- ]/.test(line)) return 'diff';
  for (const pattern of TRACE_LINE) if (pattern.test(line)) return 'stackTrace';
  if (LOG_LINE.test(line)) return 'log';
  if ((inJson && JSON_LINE.test(line)) || (JSON_START.test(line) && /[":]/.test(line))) return 'json';
  if (CODE_KEYWORD.test(line) || CODE_END.test(line)) return 'code';
  const share = symbolShare(line);
  if (/^(\t| {2,})\S/.test(line) && share > 0.06) return 'code';
  if (share > 0.18 && line.trim().length > 6) return 'code';
  return undefined;
}

/** The share of the line's code units that are one of { } ( ) [ ] ; = < > & | $ # *. */
function symbolShare(line: string): number {
  let symbols = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code < 0x80 && SYMBOLS[code] === 1) symbols++;
  }
  return symbols / Math.max(1, line.length);
}

const SYMBOLS = new Uint8Array(0x80);
for (const char of '{}()[];=<>&|$#*') SYMBOLS[char.charCodeAt(0)] = 1;

function fencedSort(body: string): PastedSort {
  const split = splitLines(body.split('\n'));
  for (const sort of ['stackTrace', 'diff', 'json', 'log'] as const) if (split.sorts.has(sort)) return sort;
  return 'code';
}

/** A `key: value` (a short value) or `- item` line of YAML (a manifest, a CI workflow, a compose file): pasted only beside others. */
const YAML_LINE = /^\s*(-\s+)?[\w.$/"'-]+:(\s+\S+(\s+\S+){0,2})?\s*$|^\s*-\s+\S+\s*$/;
/** A call on a dotted name alone on its line (`console.log(0.1 + 0.2)`, `df.groupby("a").sum()`). */
const CALL_LINE = /^\s*[\w$]+(\.[\w$]+)+\(.*\)\s*;?\s*$/;

/**
 * The sort of each line, then what its neighbours say: a run of YAML lines is pasted config, and a
 * prose-looking line between two pasted lines of one block (no blank line between) is part of that
 * paste (`jobs:` in a workflow, a Python 2 `print` between code lines), not part of the ask.
 */
function lineSorts(lines: readonly string[]): Array<PastedSort | undefined> {
  const sorts: Array<PastedSort | undefined> = [];
  let inDiff = false;
  let inJson = false;
  for (const line of lines) {
    let sort = lineSort(line, inDiff, inJson);
    if (sort === undefined && CALL_LINE.test(line)) sort = 'code';
    inDiff = sort === 'diff' || (inDiff && line.trim() === '');
    inJson = sort === 'json';
    sorts.push(sort);
  }
  const own = [...sorts];
  const yaml = lines.map((line) => YAML_LINE.test(line));
  for (let i = 0; i < lines.length; i++) {
    if (sorts[i] !== undefined || !yaml[i]) continue;
    const before = i > 0 && (yaml[i - 1] || sorts[i - 1] !== undefined) && lines[i - 1].trim() !== '';
    const after = i + 1 < lines.length && (yaml[i + 1] || sorts[i + 1] !== undefined) && lines[i + 1].trim() !== '';
    if (before || after) sorts[i] = 'code';
  }
  for (let i = 1; i + 1 < lines.length; i++) {
    if (sorts[i] === undefined && lines[i].trim() !== '' && sorts[i - 1] !== undefined && sorts[i + 1] !== undefined) sorts[i] = sorts[i - 1];
  }
  // Neighbours never take the last words of the ask: "Note: …\nTODO: …" alone is what was asked.
  const prose = (all: Array<PastedSort | undefined>) => all.some((sort, i) => sort === undefined && lines[i].trim() !== '');
  return prose(sorts) || !prose(own) ? sorts : own;
}

function splitLines(lines: readonly string[]): { ask: string[]; pasted: string[]; sorts: Set<PastedSort> } {
  const ask: string[] = [];
  const pasted: string[] = [];
  const sorts = new Set<PastedSort>();
  const each = lineSorts(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const sort = each[i];
    if (sort === undefined) {
      ask.push(line);
    } else {
      sorts.add(sort);
      pasted.push(line);
    }
  }
  return { ask, pasted, sorts };
}

/** Splits a prompt into the ask and the pasted material; fenced blocks (```) are always pasted. */
export function splitPrompt(text: string): SplitPrompt {
  const sample = text.length > HEAD_CHARS + TAIL_CHARS ? `${text.slice(0, HEAD_CHARS)}\n${text.slice(-TAIL_CHARS)}` : text;
  const ask: string[] = [];
  const pasted: string[] = [];
  const sorts = new Set<PastedSort>();
  const parts = sample.split(/^\s*```[^\n]*$/m);
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      sorts.add(fencedSort(part));
      pasted.push(part);
      return;
    }
    const split = splitLines(part.split('\n'));
    ask.push(...split.ask);
    pasted.push(...split.pasted);
    split.sorts.forEach((sort) => sorts.add(sort));
  });
  return { ask: ask.join('\n').trim(), pasted: pasted.join('\n'), sorts };
}
