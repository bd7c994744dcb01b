#!/usr/bin/env node
// Checks the routing corpus (corpus/routing/*.jsonl) against corpus/routing/LABELING.md: every line is a
// JSON object with known fields and values, ids are unique, sensitive prompts accept only frontier.
// Usage: node scripts/checkCorpus.mjs [file ...]   (default: every corpus file). Exits 1 on any problem.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const KIND_TIER = {
  format: 'automated', imports: 'automated', rename: 'automated', preflight: 'automated', smokeTest: 'automated', runChecks: 'automated',
  completion: 'fast', commitMessage: 'fast', docstring: 'fast', naming: 'fast', trivialFix: 'fast', classify: 'fast', summarize: 'fast',
  config: 'fast', boilerplate: 'fast', docs: 'fast', explore: 'fast',
  explain: 'balanced', question: 'balanced', tests: 'balanced', implement: 'balanced', bugfix: 'balanced', refactor: 'balanced',
  review: 'balanced', query: 'balanced', buildPlan: 'balanced',
  plan: 'frontier', research: 'frontier', validation: 'frontier', deepAudit: 'frontier', architecture: 'frontier', apiDesign: 'frontier',
  debug: 'frontier', concurrency: 'frontier', performance: 'frontier', security: 'frontier', migration: 'frontier', multiFileRefactor: 'frontier',
};
const TIERS = ['automated', 'fast', 'balanced', 'frontier'];
const LANGS = ['en', 'de', 'es', 'pt', 'fr', 'it', 'zh', 'ja'];
const SHAPES = ['terse', 'sentence', 'question', 'long', 'pasted-code', 'stack-trace', 'log', 'diff', 'json', 'follow-up', 'annotation', 'file-list', 'typo'];
const FIELDS = new Set(['id', 'lang', 'prompt', 'previous', 'previousKind', 'files', 'kind', 'accept', 'sensitive', 'shape']);

const dir = join(import.meta.dirname, '..', 'corpus', 'routing');
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => join(dir, f));
const ids = new Map();
const problems = [];
const counts = { lang: {}, kind: {}, shape: {}, sensitive: 0, total: 0 };
for (const file of files) {
  readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let item;
    try { item = JSON.parse(line); } catch (error) { problems.push(`${where}: not JSON (${error.message})`); return; }
    const bad = (what) => problems.push(`${where} (${item.id ?? 'no id'}): ${what}`);
    for (const key of Object.keys(item)) if (!FIELDS.has(key)) bad(`unknown field "${key}"`);
    if (typeof item.id !== 'string' || !/^[a-z]{2}-[a-z0-9]+-\d{4}$/.test(item.id)) bad('id must look like "de-a-0042"');
    else if (ids.has(item.id)) bad(`id repeats ${ids.get(item.id)}`); else ids.set(item.id, where);
    if (!LANGS.includes(item.lang)) bad(`lang must be one of ${LANGS.join(' ')}`);
    if (typeof item.prompt !== 'string' || item.prompt.trim() === '') bad('prompt must be a non-empty string');
    if (!(item.kind in KIND_TIER)) bad(`unknown kind "${item.kind}"`);
    if (!SHAPES.includes(item.shape)) bad(`shape must be one of ${SHAPES.join(' ')}`);
    if (typeof item.sensitive !== 'boolean') bad('sensitive must be true or false');
    if (!Array.isArray(item.accept) || item.accept.length === 0 || item.accept.some((t) => !TIERS.includes(t))) bad('accept must be a non-empty list of tiers');
    else {
      const ranks = item.accept.map((t) => TIERS.indexOf(t));
      if (ranks.some((r, i) => i > 0 && r <= ranks[i - 1])) bad('accept must list tiers cheapest first, without repeats');
      if (item.sensitive && (item.accept.length !== 1 || item.accept[0] !== 'frontier')) bad('a sensitive prompt accepts only ["frontier"]');
    }
    if (item.previous !== undefined && (typeof item.previous !== 'string' || !(item.previousKind in KIND_TIER))) bad('previous needs a string and a known previousKind');
    if (item.previousKind !== undefined && item.previous === undefined) bad('previousKind without previous');
    if (item.files !== undefined && (!Array.isArray(item.files) || item.files.some((f) => typeof f !== 'string'))) bad('files must be a list of paths');
    counts.total++;
    counts.lang[item.lang] = (counts.lang[item.lang] ?? 0) + 1;
    counts.kind[item.kind] = (counts.kind[item.kind] ?? 0) + 1;
    counts.shape[item.shape] = (counts.shape[item.shape] ?? 0) + 1;
    if (item.sensitive) counts.sensitive++;
  });
}
console.log(JSON.stringify(counts));
if (problems.length > 0) {
  console.error(problems.slice(0, 50).join('\n'));
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
