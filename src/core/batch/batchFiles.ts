/**
 * Which files of a folder a batch sends: source files only, never a secret file (the one rule of
 * privacy/secretFiles.ts, `modelRouter.completions.exclude`), not generated or vendored folders, not
 * tests (they get no docstrings and no tests of their own), at most MAX_FOLDER_FILES and each at most
 * MAX_FILE_CHARS. What is left out is named with its reason, so the view can say it.
 */
import { isTestFile } from '../agent/testFilePath';
import { secretFilePattern } from '../privacy/secretFiles';
import type { BatchKind } from './batchJob';

export const MAX_FOLDER_FILES = 100;
export const MAX_FILE_CHARS = 100_000;

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs|py|go|rs|java|kt|cs|rb|php|swift|c|cc|cpp|h|hpp|scala)$/i;
const SKIPPED_FOLDERS = /(^|\/)(node_modules|\.git|dist|out|build|vendor|target|__pycache__|\.venv)\//;
const DECLARATIONS = /\.d\.[cm]?ts$/i;

export interface FolderChoice {
  readonly send: readonly string[];
  readonly skipped: readonly string[];
}

/** The workspace-relative `paths` a batch of `kind` sends, and why each other one is not sent. */
export function chooseFolderFiles(kind: BatchKind, paths: readonly string[], secretPatterns: readonly string[]): FolderChoice {
  const send: string[] = [];
  const skipped: string[] = [];
  for (const path of [...paths].sort()) {
    if (!SOURCE.test(path) || DECLARATIONS.test(path) || SKIPPED_FOLDERS.test(path)) continue;
    const secret = secretFilePattern([path], secretPatterns);
    if (secret !== undefined) skipped.push(`${path}: matches ${secret} in modelRouter.completions.exclude (secret files are never sent)`);
    else if (isTestFile(path)) skipped.push(`${path}: a test file (${kind === 'tests' ? 'it gets no tests of its own' : 'left as it is'})`);
    else if (send.length >= MAX_FOLDER_FILES) skipped.push(`${path}: more than ${MAX_FOLDER_FILES} files in one batch; run it again on a smaller folder`);
    else send.push(path);
  }
  return { send, skipped };
}

/** Why a file's text is not sent, or undefined when it may be. */
export function fileTextProblem(path: string, text: string): string | undefined {
  if (text.length > MAX_FILE_CHARS) return `${path}: ${text.length.toLocaleString('en-US')} characters, more than ${MAX_FILE_CHARS.toLocaleString('en-US')} in one request`;
  if (text.trim() === '') return `${path}: empty`;
  return undefined;
}
