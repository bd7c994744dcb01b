/**
 * Reading a unified diff from git: which files it touches (scope signals for the router), and the
 * answer of Write Commit Message cleaned into what belongs in the Source Control input box.
 */

/** The files a `git diff` touches, in order, new paths for renames; /dev/null sides ignored. */
export function filesInDiff(diff: string): string[] {
  const files: string[] = [];
  for (const match of diff.matchAll(/^diff --git a\/(.+?) b\/(.+)$/gm)) {
    const path = match[2];
    if (!files.includes(path)) files.push(path);
  }
  return files;
}

/**
 * A commit message from a model's answer: code fences, a "Commit message:" preamble and
 * surrounding quotes are removed; the summary line keeps at most 72 characters.
 */
export function cleanCommitMessage(answer: string): string {
  let text = answer.trim();
  const fenced = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n\1\s*$/.exec(text);
  if (fenced) text = fenced[2].trim();
  text = text.replace(/^(?:here(?:'s| is) (?:the|a) )?commit message:?\s*\n+/i, '').trim();
  if (/^["'].*["']$/s.test(text)) text = text.slice(1, -1).trim();
  const [summary, ...body] = text.split('\n');
  const short = summary.length > 72 ? `${summary.slice(0, 71).trimEnd()}…` : summary;
  return [short, ...body].join('\n').replace(/\n{3,}/g, '\n\n');
}
