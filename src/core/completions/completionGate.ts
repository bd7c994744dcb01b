/**
 * Which documents get inline completions. A file that matches an exclude pattern (secrets such as
 * `.env` by default) is never read for a prompt; huge and binary files, disabled languages and
 * empty untitled files are skipped because nothing useful can come of them. Each "no" says why,
 * in words that name the setting, for the log.
 */
import type { Config } from '../settings/settings';
import { looksBinary } from '../prompts/contextText';
import { secretFilePattern } from '../privacy/secretFiles';

/** What the gate needs to know about a document; the editor adapter fills it in cheaply. */
export interface DocumentFacts {
  readonly languageId: string;
  /** Absolute path with forward slashes; empty for an untitled document. */
  readonly absolutePath: string;
  /** Path inside the workspace folder, when the document is in one. */
  readonly relativePath?: string;
  readonly untitled: boolean;
  /** Length of the document in characters. */
  readonly length: number;
  /** Its first 8 KB, enough to tell binary content and an empty document. */
  readonly sample: string;
}

export type GateSettings = Pick<
  Config,
  'completions.enabled' | 'completions.disabledLanguages' | 'completions.exclude' | 'completions.maxFileSizeKb'
>;

/** Why the document gets no completions, or undefined when it may have them. */
export function completionsBlocked(document: DocumentFacts, settings: GateSettings): string | undefined {
  if (!settings['completions.enabled']) return 'completions are turned off (modelRouter.completions.enabled)';
  // Exclusion first: for a secrets file, that is the reason worth reading in the log.
  const excluded = excludedBy(document, settings['completions.exclude']);
  if (excluded !== undefined) return `the file matches ${excluded} (modelRouter.completions.exclude)`;
  if (settings['completions.disabledLanguages'].includes(document.languageId)) {
    return `completions are off for ${document.languageId} (modelRouter.completions.disabledLanguages)`;
  }
  if (document.length > settings['completions.maxFileSizeKb'] * 1024) {
    return `the file is larger than ${settings['completions.maxFileSizeKb']} KB (modelRouter.completions.maxFileSizeKb)`;
  }
  if (looksBinary(document.sample)) return 'the file looks binary';
  if (document.untitled && document.length <= document.sample.length && document.sample.trim() === '') return 'the untitled file is empty';
  return undefined;
}

/** The first exclude pattern the document's workspace path or absolute path matches. */
export function excludedBy(document: Pick<DocumentFacts, 'absolutePath' | 'relativePath'>, patterns: readonly string[]): string | undefined {
  // The one secret-file rule every surface applies (src/core/secretFiles.ts).
  return secretFilePattern([document.relativePath, document.absolutePath], patterns);
}
