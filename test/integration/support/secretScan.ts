// Finds API keys in what the tests left behind: log files, ledgers, exports, persisted state and
// messages. No `vscode` import, so the unit tests can prove the scan fails when a key is planted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One text to scan, named so a hit says where it is. */
export interface ScanSource {
  readonly where: string;
  readonly text: string;
}

export interface SecretHit {
  readonly where: string;
  /** 1-based line of the first occurrence. */
  readonly line: number;
  /** The key, masked: a failure message must not leak what it found. */
  readonly key: string;
}

/** What is searched for each key: the key, and its distinctive part without the `sk-ant-` prefix. */
export function needlesFor(key: string): string[] {
  const tail = key.replace(/^sk-ant-/, '');
  return tail !== key && tail.length >= 12 ? [key, tail] : [key];
}

export function maskKey(key: string): string {
  return `${key.slice(0, 11)}…(${key.length} chars)`;
}

export function findSecrets(sources: readonly ScanSource[], keys: readonly string[]): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const source of sources) {
    for (const key of keys) {
      const at = needlesFor(key)
        .map((needle) => source.text.indexOf(needle))
        .filter((index) => index >= 0)
        .sort((a, b) => a - b)[0];
      if (at !== undefined) hits.push({ where: source.where, line: source.text.slice(0, at).split('\n').length, key: maskKey(key) });
    }
  }
  return hits;
}

export function describeHits(hits: readonly SecretHit[]): string {
  return hits.map((hit) => `an API key (${hit.key}) in ${hit.where}, line ${hit.line}`).join('\n');
}

/** Every file under `dir` (recursively) as a source; binary files are read as latin1 so bytes still match. */
export function filesUnder(dir: string, maxBytes = 50_000_000): ScanSource[] {
  const out: ScanSource[] = [];
  const walk = (folder: string): void => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && stat.size <= maxBytes) out.push({ where: path, text: readFileSync(path).toString('latin1') });
    }
  };
  walk(dir);
  return out;
}
