#!/usr/bin/env node
// The import graph of src/: every cycle between files, and every import that goes up the layers
// (core ← llm/node ← vscode ← extension ← activation; shared and webview beside core). Prints both and exits 1 if any.
// Type-only imports count too: a cycle of types is still a tangle a newcomer has to hold in mind.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');
/** Which layers each layer may import from (its own included). */
const ALLOWED = {
  core: ['core'],
  shared: ['shared', 'core'],
  webview: ['webview', 'shared', 'core'],
  llm: ['llm', 'core'],
  node: ['node', 'core'],
  cli: ['cli', 'node', 'core'],
  vscode: ['vscode', 'llm', 'node', 'shared', 'core'],
  'extension.ts': ['vscode', 'llm', 'node', 'shared', 'core'],
  // The activation entry: the command table, and the features' types (it requires them at run time).
  'activation.ts': ['extension.ts', 'core'],
};

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}
function layerOf(file) {
  return relative(src, file).split('/')[0];
}
function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  return [base + '.ts', join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
}

export function importGraph() {
  const files = walk(src);
  const edges = new Map();
  const upward = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set();
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolveImport(file, match[1]);
      if (target === undefined) continue;
      targets.add(target);
      const allowed = ALLOWED[layerOf(file)] ?? [];
      if (!allowed.includes(layerOf(target))) upward.push(`${relative(root, file)} → ${relative(root, target)}`);
    }
    edges.set(file, [...targets]);
  }
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  let index = 0;
  const stack = [];
  const info = new Map();
  const cycles = [];
  const connect = (node) => {
    info.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!info.has(next)) {
        connect(next);
        info.get(node).low = Math.min(info.get(node).low, info.get(next).low);
      } else if (info.get(next).onStack) info.get(node).low = Math.min(info.get(node).low, info.get(next).index);
    }
    if (info.get(node).low === info.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        info.get(member).onStack = false;
        component.push(relative(root, member));
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const file of files) if (!info.has(file)) connect(file);
  return { files: files.length, edges: [...edges.values()].reduce((sum, list) => sum + list.length, 0), cycles, upward };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const graph = importGraph();
  console.log(`${graph.files} files, ${graph.edges} imports, ${graph.cycles.length} cycles, ${graph.upward.length} upward imports`);
  for (const cycle of graph.cycles) console.log(`cycle: ${cycle.join(' ↔ ')}`);
  for (const edge of graph.upward) console.log(`upward: ${edge}`);
  process.exit(graph.cycles.length + graph.upward.length > 0 ? 1 : 0);
}
