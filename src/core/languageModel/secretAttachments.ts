/**
 * VS Code's Chat (Ask, Edit and Agent mode with a Model Router model selected) puts attached files,
 * and implicitly the active editor's file, into the prompt as `<attachment filePath="…">text</attachment>`.
 * `@router` filters its references through the secret-file rule; this applies the same rule to what
 * VS Code itself attaches, so a `.env` is never sent from any surface: its text becomes the note
 * that says why, and the caller tells the user.
 */
import { secretFileNote, secretFilePattern } from '../privacy/secretFiles';
import type { LmMessage, LmPart } from './lmMessages';

const ATTACHMENT = /<attachment\b([^>]*)>([\s\S]*?)<\/attachment>/gi;
const PATH_ATTRIBUTE = /\b(?:filePath|path|uri)="([^"]*)"/i;

export interface ScrubbedConversation {
  readonly conversation: LmMessage[];
  /** One note per secret file left out (secretFileNote), in order, without repeats. */
  readonly leftOut: string[];
}

/** `file:///home/a/.env` → `/home/a/.env`; `&quot;` and percent escapes decoded. */
function attachmentPath(raw: string): string {
  let path = raw.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  if (/^file:\/\//i.test(path)) {
    path = path.replace(/^file:\/\//i, '');
    try {
      path = decodeURIComponent(path);
    } catch {
      // A malformed escape: the path as written is still checked.
    }
  }
  return path;
}

/**
 * The conversation with the text of every attachment whose path is a secret file replaced by a
 * note. `relativePath` gives the workspace-relative form, so patterns such as `config/*.json` match.
 */
export function withoutSecretAttachments(conversation: readonly LmMessage[], patterns: readonly string[], relativePath: (path: string) => string): ScrubbedConversation {
  const leftOut: string[] = [];
  const scrub = (text: string): string =>
    text.replace(ATTACHMENT, (whole, attributes: string) => {
      const raw = PATH_ATTRIBUTE.exec(attributes)?.[1];
      if (raw === undefined) return whole;
      const path = attachmentPath(raw);
      const relative = relativePath(path);
      const pattern = secretFilePattern([path, relative], patterns);
      if (pattern === undefined) return whole;
      const note = secretFileNote(relative, pattern);
      if (!leftOut.includes(note)) leftOut.push(note);
      return `<attachment${attributes}>\n(${note})\n</attachment>`;
    });
  const scrubbed = conversation.map((message) => ({
    ...message,
    parts: message.parts.map((part): LmPart => (part.type === 'text' ? { ...part, text: scrub(part.text) } : part)),
  }));
  return { conversation: scrubbed, leftOut };
}
