/**
 * Scope signals: what a surface can see about a request besides its words. The router reads
 * them to move a request up from its task kind's tier; none of them is ever needed.
 */

export interface ScopeSignals {
  /** Workspace-relative paths involved: the selection's file, referenced editors, files named in the prompt. */
  readonly files?: readonly string[];
  /** Distinct workspace folders the files belong to. */
  readonly workspaceFolders?: number;
  readonly selectionLines?: number;
  /** Lines the answer is expected to have (a plan or a whole-file rewrite is long). */
  readonly expectedOutputLines?: number;
  /** Estimated prompt tokens: context files, selection, history. */
  readonly contextTokens?: number;
  readonly languageId?: string;
  /** Errors and warnings in the files involved. */
  readonly diagnostics?: number;
  readonly hasNearbyTests?: boolean;
  /** For completions: the cursor opens an empty block, so the answer may span lines. */
  readonly multiLine?: boolean;
}

const FILE_MENTION =
  /(?:^|[\s`'"([])((?:[\w@.-]+\/)*[\w@-][\w@.-]*\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kt|kts|swift|cs|cpp|cc|c|h|hpp|php|scala|sql|sh|ya?ml|json|toml|md|css|scss|html|vue|svelte|proto|graphql|tf))(?=$|[\s`'"),.:;!?\]])/gi;

/** File names a prompt mentions ("fix the bug in src/auth/session.ts and api.ts"), in order, without repeats. */
export function filesMentioned(text: string): string[] {
  // Every mention has a dot before its extension: most prompts need no regex at all.
  if (!text.includes('.')) return [];
  const found = new Set<string>();
  for (const match of text.matchAll(FILE_MENTION)) {
    found.add(match[1]);
  }
  return [...found];
}

/**
 * Splits a path or identifier into lower-case words: `src/authMiddleware/JWT_token.ts` → src, auth,
 * middleware, jwt, token, ts. What `.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
 * .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/)` keeps, without the
 * regexes: a prompt is split on every request.
 */
export function wordsOf(text: string): string[] {
  return runsOf(splitCamelCase(text).toLowerCase());
}

/** Index 0-35 of a-z and 0-9, or -1 for any other code unit. */
function alphanumeric(code: number): number {
  return code >= 0x61 && code <= 0x7a ? code - 0x61 : code >= 0x30 && code <= 0x39 ? code - 0x30 + 26 : -1;
}

/** The runs of a-z and 0-9 in a lower-cased text. */
function runsOf(lower: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const inWord = i < lower.length && alphanumeric(lower.charCodeAt(i)) >= 0;
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      words.push(lower.slice(start, i));
      start = -1;
    }
  }
  return words;
}

const isUpper = (code: number): boolean => code >= 0x41 && code <= 0x5a;
const isLower = (code: number): boolean => code >= 0x61 && code <= 0x7a;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** A space between a lower-case letter or digit and a capital (`authMiddleware`), then before the last capital of a run that starts a word (`JWTToken`). */
function splitCamelCase(text: string): string {
  let first = '';
  let copied = 0;
  for (let i = 1; i < text.length; i++) {
    const before = text.charCodeAt(i - 1);
    if (isUpper(text.charCodeAt(i)) && (isLower(before) || isDigit(before))) {
      first += `${text.slice(copied, i)} `;
      copied = i;
    }
  }
  if (copied > 0) first += text.slice(copied);
  else first = text;
  let second = '';
  copied = 0;
  for (let i = 0; i < first.length; ) {
    if (!isUpper(first.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < first.length && isUpper(first.charCodeAt(end))) end++;
    if (end - i >= 2 && end < first.length && isLower(first.charCodeAt(end))) {
      second += `${first.slice(copied, end - 1)} `;
      copied = end - 1;
      end++;
    }
    i = end;
  }
  return copied > 0 ? second + first.slice(copied) : first;
}

/**
 * A term list split into words, once per list (policies change rarely, requests are many), and a
 * trie of the terms' first words over a-z and 0-9: `children[node * 36 + letter]` is the child node
 * (-1 for none; the root is 0), `starting[node]` the terms whose first word ends there.
 */
interface TermIndex {
  readonly words: ReadonlyArray<readonly string[]>;
  readonly children: Int32Array;
  readonly starting: ReadonlyArray<readonly number[]>;
}

const termIndexCache = new WeakMap<readonly string[], TermIndex>();

function termIndex(terms: readonly string[]): TermIndex {
  let cached = termIndexCache.get(terms);
  if (cached === undefined) {
    const words = terms.map((term) => wordsOf(term));
    const next: number[] = new Array<number>(36).fill(-1);
    const starting: number[][] = [[]];
    words.forEach((run, term) => {
      if (run.length === 0) return;
      let node = 0;
      for (let i = 0; i < run[0].length; i++) {
        const slot = node * 36 + alphanumeric(run[0].charCodeAt(i));
        if (next[slot] < 0) {
          next[slot] = starting.length;
          starting.push([]);
          next.push(...new Array<number>(36).fill(-1));
        }
        node = next[slot];
      }
      starting[node].push(term);
    });
    cached = { words, children: Int32Array.from(next), starting };
    termIndexCache.set(terms, cached);
  }
  return cached;
}

/** Which terms of the list in hand have their first word in the text, reused across calls. */
let candidate = new Uint8Array(64);

function mark(terms: readonly number[]): boolean {
  for (let i = 0; i < terms.length; i++) candidate[terms[i]] = 1;
  return terms.length > 0;
}

/**
 * The sensitive terms found in the words of `text`. Words are compared whole after splitting
 * paths and identifiers (`authMiddleware` → auth, middleware), with a plural `s` allowed, so `auth`
 * matches `src/auth/` and `authMiddleware.ts` but `token` does not match `tokenizer`. A term of
 * several words ("schema migration") matches those words in a row.
 */
export function sensitiveTerms(text: string, terms: readonly string[]): string[] {
  if (terms.length === 0 || text.length === 0) return [];
  const lower = splitCamelCase(text).toLowerCase();
  const { words: parts, children, starting } = termIndex(terms);
  if (candidate.length < terms.length) candidate = new Uint8Array(terms.length);
  // Each word (and the word less a plural s) walks the trie of first words, without becoming a
  // string: only the terms it can start are looked at, in the list's order.
  let marked = false;
  for (let i = 0; i < lower.length; ) {
    if (alphanumeric(lower.charCodeAt(i)) < 0) {
      i++;
      continue;
    }
    const start = i;
    let node = 0;
    let beforeLast = -1;
    let letter: number;
    while (i < lower.length && (letter = alphanumeric(lower.charCodeAt(i))) >= 0) {
      beforeLast = node;
      if (node >= 0) node = children[node * 36 + letter];
      i++;
    }
    if (node >= 0) marked = mark(starting[node]) || marked;
    if (beforeLast >= 0 && i - start > 3 && lower.charCodeAt(i - 1) === 0x73) marked = mark(starting[beforeLast]) || marked;
  }
  const hits: string[] = [];
  if (!marked) return hits;
  let words: string[] | undefined;
  let singular: string[] | undefined;
  for (let i = 0; i < terms.length; i++) {
    if (candidate[i] === 0) continue;
    candidate[i] = 0;
    const run = parts[i];
    if (run.length > 1) {
      words ??= runsOf(lower);
      singular ??= words.map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word));
    }
    if (run.length === 1 || containsRun(words!, run) || containsRun(singular!, run)) hits.push(terms[i]);
  }
  return hits;
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  outer: for (let start = 0; start + run.length <= words.length; start++) {
    for (let offset = 0; offset < run.length; offset++) {
      if (words[start + offset] !== run[offset]) continue outer;
    }
    return true;
  }
  return false;
}

/** Folders that accompany the code they sit beside (its tests, its docs): work reaching them does not cross services. */
const COMPANION_FOLDERS = new Set(['test', 'tests', 'spec', 'specs', '__tests__', 'e2e', 'doc', 'docs', '.github']);

/**
 * Distinct top-level folders that hold code of their own, a stand-in for "work across several
 * services": files at the root (README.md, .env.example, package.json) and companion folders
 * (test/, docs/) are part of whatever they accompany, so src/a.ts with test/a.test.ts is one place.
 */
export function serviceFolders(files: readonly string[]): number {
  const tops = new Set<string>();
  for (const file of files) {
    const parts = file.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
    if (parts.length > 1 && !COMPANION_FOLDERS.has(parts[0].toLowerCase())) tops.add(parts[0]);
  }
  return tops.size;
}

/**
 * The files of a request without repeats: a bare name the prompt mentions (`utils.js`) is the
 * attached file of that name (`src/lib/utils.js`), not one more file.
 */
export function distinctFiles(attached: readonly string[], mentioned: readonly string[]): string[] {
  const files = [...attached];
  for (const file of mentioned) {
    const bare = file.replace(/\\/g, '/');
    if (files.some((known) => known === bare || known.endsWith(`/${bare}`) || bare.endsWith(`/${known}`))) continue;
    files.push(file);
  }
  return files;
}

/** Number of distinct top-level folders among the paths: a cheap stand-in for "crosses services". */
export function topLevelFolders(files: readonly string[]): number {
  const tops = new Set<string>();
  for (const file of files) {
    const parts = file.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
    tops.add(parts.length > 1 ? parts[0] : '.');
  }
  return tops.size;
}
