/**
 * VS Code's Chat (Ask, Edit and Agent mode with a Model Router model selected) puts attached files,
 * and implicitly the active editor's file, into the prompt as `<attachment filePath="…">text</attachment>`.
 * `@router` filters its references through the secret-file rule; this applies the same rule to what
 * VS Code itself attaches, so a `.env` is never sent from any surface: its text becomes the note
 * that says why, and the caller tells the user.
 */
import { secretFileNote, secretFilePattern } from '../privacy/secretFiles';
import type { LmMessage, LmPart } from './lmMessages';
import { unescapeAttribute } from './taskSignals';

const OPEN_TAG = /<attachment\b([^>]*)>/giy;
const CLOSE_TAG = /<\/\s*attachment\s*>/gi;
/** A closing tag in a file's own text, however it is spelled. */
const CLOSES = /<\/\s*attachment\s*>/i;
const PATH_ATTRIBUTE = /\b(?:filePath|path|uri)="([^"]*)"/i;

export interface ScrubbedConversation {
  readonly conversation: LmMessage[];
  /** One note per secret file left out (secretFileNote), and one naming the attachments left out with it, in order, without repeats. */
  readonly leftOut: string[];
}

/** `file:///home/a/.env` → `/home/a/.env`; `&quot;` and percent escapes decoded. */
function attachmentPath(raw: string): string {
  let path = unescapeAttribute(raw);
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
export async function withoutSecretAttachments(
  conversation: readonly LmMessage[],
  patterns: readonly string[],
  relativePath: (path: string) => string,
  fileText: (path: string) => Promise<string | undefined>,
): Promise<ScrubbedConversation> {
  const leftOut: string[] = [];
  const note = (text: string): void => {
    if (!leftOut.includes(text)) leftOut.push(text);
  };
  // Which secret files may hold a closing tag of their own: read once each, before any text is scrubbed.
  const mayClose = new Map<string, boolean>();
  for (const message of conversation) {
    for (const part of message.parts) {
      if (part.type !== 'text') continue;
      for (const tag of openTags(part.text, patterns, relativePath)) {
        if (tag.pattern === undefined || tag.path === undefined || mayClose.has(tag.path)) continue;
        const text = await fileText(tag.path).catch(() => undefined);
        mayClose.set(tag.path, text === undefined || CLOSES.test(text));
      }
    }
  }
  const scrubbed = conversation.map((message) => ({
    ...message,
    parts: message.parts.map((part): LmPart => (part.type === 'text' ? { ...part, text: scrubText(part.text, patterns, relativePath, note, (path) => mayClose.get(path) ?? true) } : part)),
  }));
  return { conversation: scrubbed, leftOut };
}

interface OpenTag {
  readonly start: number;
  readonly end: number;
  readonly attributes: string;
  /** The path as the tag names it (a `file://` URI read as a path). */
  readonly path?: string;
  /** The attachment's path relative to the workspace, and the secret pattern it matches, if any. */
  readonly relative?: string;
  readonly pattern?: string;
}

/**
 * VS Code writes a file's text into its block as it is, so a secret file holding `</attachment>`
 * would end its block early and the rest of it would pass as ordinary text or as another, harmless
 * looking attachment. When the file's own text holds no closing tag, its block ends at the first
 * one. Otherwise (or when the file cannot be read) nothing tells the real end from a forged one, so
 * the block runs to the message part's last `</attachment>` (to its end if there is none): every
 * attachment after the secret one in that part is left out with it, and the note says so.
 */
function scrubText(text: string, patterns: readonly string[], relativePath: (path: string) => string, note: (text: string) => void, mayClose: (path: string) => boolean): string {
  const opens = openTags(text, patterns, relativePath);
  const firstSecret = opens.findIndex((tag) => tag.pattern !== undefined);
  if (firstSecret < 0) return text;
  const secret = opens[firstSecret];
  let closeStart = -1;
  let closeEnd = -1;
  const toLast = secret.path === undefined || mayClose(secret.path);
  for (const match of text.matchAll(CLOSE_TAG)) {
    if (match.index >= secret.end) {
      closeStart = match.index;
      closeEnd = match.index + match[0].length;
      if (!toLast) break;
    }
  }
  const regionEnd = closeEnd < 0 ? text.length : closeEnd;
  const notes: string[] = [];
  if (secret.relative !== undefined && secret.pattern !== undefined) notes.push(secretFileNote(secret.relative, secret.pattern));
  // The attachments after it are not named: their tags may be the secret file's own text.
  const closeAt = closeStart < 0 ? text.length : closeStart;
  if (toLast && opens.some((tag) => tag.start > secret.start && tag.start < closeAt)) {
    notes.push(`the attachments after ${secret.relative} were left out with it (its text may close its block early)`);
  }
  for (const line of notes) note(line);
  // A secret block after the last `</attachment>` (one never closed) is left out to the end.
  const rest = scrubText(text.slice(regionEnd), patterns, relativePath, note, mayClose);
  return `${text.slice(0, secret.start)}<attachment${secret.attributes}>\n(${notes.join('; ')})\n</attachment>${rest}`;
}

/** Every `<attachment …>` opening tag, read at each place one starts, so no forged tag can hide a real one. */
function openTags(text: string, patterns: readonly string[], relativePath: (path: string) => string): OpenTag[] {
  const tags: OpenTag[] = [];
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('<attachment'); at >= 0; at = lower.indexOf('<attachment', at + 1)) {
    OPEN_TAG.lastIndex = at;
    const match = OPEN_TAG.exec(text);
    if (match === null) continue;
    const attributes = match[1];
    const raw = PATH_ATTRIBUTE.exec(attributes)?.[1];
    const base = { start: at, end: at + match[0].length, attributes };
    if (raw === undefined) {
      tags.push(base);
      continue;
    }
    const path = attachmentPath(raw);
    const relative = relativePath(path);
    const pattern = secretFilePattern([path, relative], patterns);
    tags.push(pattern === undefined ? { ...base, path, relative } : { ...base, path, relative, pattern });
  }
  return tags;
}
