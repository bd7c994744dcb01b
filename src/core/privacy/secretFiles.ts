/**
 * Secret files (`.env`, keys, credentials) are never read into a prompt, on any surface: inline
 * completions, the chat's file chip and editor-command turns, agent commands, `@router`
 * references. One list of glob patterns decides it — `modelRouter.completions.exclude`, so the
 * user configures it once — matched as completions always matched it, with Windows separators
 * read as `/` and letter case ignored (`.ENV` on a case-insensitive disk is the same file).
 */
import { matchesGlob } from '../glob';

/** The setting that lists secret files, as the user finds it in Settings. */
export const SECRET_FILES_SETTING = 'modelRouter.completions.exclude';

/** The first pattern any of `paths` (workspace-relative or absolute, any separator) matches. */
export function secretFilePattern(paths: readonly (string | undefined)[], patterns: readonly string[]): string | undefined {
  const normalized = paths.filter((path): path is string => path !== undefined && path !== '').map(normalize);
  return patterns.find((pattern) => normalized.some((path) => matchesGlob(path, normalize(pattern))));
}

/** Whether `path` is a secret file under `patterns`. */
export function isSecretFile(path: string, patterns: readonly string[]): boolean {
  return secretFilePattern([path], patterns) !== undefined;
}

/** What the user reads where the file's text would have gone: which file, which pattern, where it is set. */
export function secretFileNote(path: string, pattern: string): string {
  return `file ${path} left out: it matches ${pattern} in ${SECRET_FILES_SETTING} (secret files are never sent)`;
}

/** An agent command's refusal for a secret file, naming the setting that decides it. */
export function secretFileRefusal(path: string, pattern: string, what: string): string {
  return `Model Router: ${path} is not sent to a model to ${what}: it matches ${pattern} in ${SECRET_FILES_SETTING} (secret files are never sent). Remove the pattern from that setting if this file holds no secrets.`;
}

/** Forward slashes, lower case: `C:\Work\.ENV` and `c:/work/.env` are one path. */
function normalize(path: string): string {
  return path.replace(/\\/g, '/').toLowerCase();
}
