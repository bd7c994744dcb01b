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
  if (/^(\t| {2,})\S/.test(line) && symbolShare(line) > 0.06) return 'code';
  if (symbolShare(line) > 0.18 && line.trim().length > 6) return 'code';
  return undefined;
}

function symbolShare(line: string): number {
  let symbols = 0;
  for (const char of line) if ('{}()[];=<>&|$#*'.includes(char)) symbols++;
  return symbols / Math.max(1, line.length);
}

function fencedSort(body: string): PastedSort {
  const split = splitLines(body.split('\n'));
  for (const sort of ['stackTrace', 'diff', 'json', 'log'] as const) if (split.sorts.has(sort)) return sort;
  return 'code';
}

function splitLines(lines: readonly string[]): { ask: string[]; pasted: string[]; sorts: Set<PastedSort> } {
  const ask: string[] = [];
  const pasted: string[] = [];
  const sorts = new Set<PastedSort>();
  let inDiff = false;
  let inJson = false;
  for (const line of lines) {
    const sort = lineSort(line, inDiff, inJson);
    inDiff = sort === 'diff' || (inDiff && line.trim() === '');
    inJson = sort === 'json';
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
