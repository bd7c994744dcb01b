/**
 * Reading a unified diff from git: which files it touches (scope signals for the router), and the
 * answer of Write Commit Message cleaned into what belongs in the Source Control input box.
 * Changes to secret files are taken out before a diff goes anywhere.
 */
import { SECRET_FILES_SETTING, secretFileNote, secretFilePattern } from '../privacy/secretFiles';
import { diffGitPaths, otherPathsInSection } from './gitPaths';

/** The files a `git diff` touches, in order, new paths for renames; /dev/null sides ignored. */
export function filesInDiff(diff: string): string[] {
  const files: string[] = [];
  for (const match of diff.matchAll(/^diff --git .*$/gm)) {
    const path = diffGitPaths(match[0])?.to;
    if (path !== undefined && !files.includes(path)) files.push(path);
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

/** A diff with the changes to secret files taken out, and what was taken out, for the user. */
export interface ScrubbedDiff {
  readonly diff: string;
  /** One note per secret file, naming its pattern and the setting (secretFileNote). */
  readonly leftOut: string[];
}

/**
 * Takes the changes to secret files (modelRouter.completions.exclude) out of a `git diff`: each
 * such file keeps its `diff --git` line, so the model knows it changed, and the rest of its
 * section — the lines that would carry the secret — becomes one line saying it was left out.
 */
export function withoutSecretFiles(diff: string, patterns: readonly string[]): ScrubbedDiff {
  const leftOut: string[] = [];
  const sections = diff.split(/^(?=diff --git )/m).map((section) => {
    if (!section.startsWith('diff --git ')) return section;
    const line = section.split('\n', 1)[0];
    const paths = diffGitPaths(line);
    if (paths === undefined) {
      // Fail closed: a file that cannot be named cannot be checked, so none of its section is sent.
      const note = `a changed file whose name could not be read (${line.slice(0, 120)}) left out: it cannot be checked against ${SECRET_FILES_SETTING}`;
      leftOut.push(note);
      return '';
    }
    const pattern = secretFilePattern([paths.from, paths.to, ...otherPathsInSection(section)], patterns);
    if (pattern === undefined) return section;
    const note = secretFileNote(secretFilePattern([paths.to], patterns) === undefined ? paths.from : paths.to, pattern);
    leftOut.push(note);
    return `${line}\n(changes ${note})\n`;
  });
  return { diff: sections.join(''), leftOut };
}
