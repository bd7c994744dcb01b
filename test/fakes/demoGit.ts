/**
 * The demo backend's reading of a `git diff`: which files changed, which names were added or
 * removed and on which new-file lines, so Write Commit Message and Review Uncommitted Changes answer
 * from the change itself — never by quoting the diff back.
 */

export interface FileChange {
  readonly path: string;
  readonly added: ReadonlyArray<{ line: number; text: string }>;
  readonly removed: readonly string[];
  readonly isNew: boolean;
}

/** The files of a unified diff with their added lines (numbered in the new file) and removed lines. */
export function parseDiff(diff: string): FileChange[] {
  const files: Array<{ path: string; added: Array<{ line: number; text: string }>; removed: string[]; isNew: boolean }> = [];
  let current: (typeof files)[number] | undefined;
  let line = 0;
  for (const text of diff.split('\n')) {
    const header = /^diff --git a\/(\S+) b\/(\S+)/.exec(text);
    if (header) {
      current = { path: header[2], added: [], removed: [], isNew: false };
      files.push(current);
      continue;
    }
    if (!current) continue;
    if (text.startsWith('new file mode')) current.isNew = true;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(text);
    if (hunk) line = Number(hunk[1]);
    else if (text.startsWith('+++') || text.startsWith('---')) continue;
    else if (text.startsWith('+')) current.added.push({ line: line++, text: text.slice(1) });
    else if (text.startsWith('-')) current.removed.push(text.slice(1));
    else if (text.startsWith(' ')) line++;
  }
  return files;
}

const DECLARED = /\b(?:function|const|let|class|interface|type|def)\s+(\w+)/;

function declaredNames(lines: readonly string[]): string[] {
  return lines.map((text) => DECLARED.exec(text)?.[1]).filter((name): name is string => name !== undefined);
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A commit message for the diff: an imperative summary of at most 72 characters and a why. */
export function commitMessageFor(diff: string): string {
  const files = parseDiff(diff);
  if (files.length === 0) return 'Update the working tree\n\nThe diff held no file changes the demo could read.';
  const added = files.flatMap((file) => declaredNames(file.added.map((a) => a.text)).filter((name) => !declaredNames(file.removed).includes(name)).map((name) => ({ file, name })));
  const all = files.flatMap((file) => file.added.map((a) => a.text)).join('\n');
  let summary: string;
  if (/FREE_SHIPPING/.test(all)) summary = 'Ship orders of $50 or more for free';
  else if (files.every((file) => file.isNew)) summary = `Add ${files.map((file) => fileName(file.path)).join(', ')}`;
  else if (added.length > 0) summary = `Add ${added.slice(0, 2).map((a) => a.name).join(' and ')} to ${fileName(added[0].file.path)}`;
  else summary = `Update ${files.slice(0, 3).map((file) => fileName(file.path)).join(', ')}`;
  if (summary.length > 72) summary = `${summary.slice(0, 69).replace(/\s+\S*$/, '')}…`;
  const body = files.map((file) => {
    const names = declaredNames(file.added.map((a) => a.text));
    const what = names.length > 0 ? `adds ${names.map((n) => `${n}`).join(', ')}` : `changes ${file.added.length} line${file.added.length === 1 ? '' : 's'}`;
    return `- ${file.path}: ${what}${file.removed.length > 0 ? `, replacing ${file.removed.length} line${file.removed.length === 1 ? '' : 's'}` : ''}.`;
  });
  const why = /FREE_SHIPPING/.test(all)
    ? 'Orders from $50 now ship free, and the checkout line says so, so customers see the threshold pay off.'
    : 'Keeps the change in one commit so it can be reviewed and reverted on its own.';
  return [summary, '', why, '', ...body].join('\n');
}

/** Review findings for the diff's added lines, as `path:line: severity: message`, then a summary. */
export function reviewFor(diff: string): string {
  const files = parseDiff(diff);
  const findings: string[] = [];
  for (const file of files) {
    for (const { line, text } of file.added) {
      if (/console\.log\(/.test(text)) findings.push(`${file.path}:${line}: warning: a console.log left in; remove it or use the logger`);
      if (/\bTODO\b|\bFIXME\b/.test(text)) findings.push(`${file.path}:${line}: info: a TODO is being committed; file it or finish it`);
      if (/:\s*any\b/.test(text)) findings.push(`${file.path}:${line}: warning: \`any\` turns off type checking here`);
      const fn = /export function (\w+)/.exec(text);
      if (fn && !files.some((other) => /\.test\.|_test\.|test_/.test(other.path))) findings.push(`${file.path}:${line}: info: ${fn[1]} is new and has no test in this change`);
      if (/>=\s*FREE_SHIPPING/.test(text)) findings.push(`${file.path}:${line}: info: the threshold is inclusive (>=): exactly $50.00 ships free; pin that boundary in a test`);
    }
  }
  const summary = [
    '',
    '### Summary',
    '',
    files.length === 0
      ? 'No changes to review.'
      : `${files.length} file${files.length === 1 ? '' : 's'} changed (${files.map((f) => f.path).join(', ')}). ${findings.length === 0 ? 'Nothing stands out: the change is small and reads clearly.' : `${findings.length} finding${findings.length === 1 ? '' : 's'} above, none blocking.`}`,
  ];
  return [...findings, ...summary].join('\n');
}
