import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Graph {
  readonly files: number;
  readonly cycles: readonly (readonly string[])[];
  readonly upward: readonly string[];
}

describe('the import graph of src/', () => {
  let graph: Graph;
  before(async () => {
    // The script lives in scripts/ (plain ESM, also run by hand); tests run from out/test/unit.
    const script = pathToFileURL(join(__dirname, '..', '..', '..', 'scripts', 'importGraph.mjs')).href;
    const module = (await import(script)) as { importGraph: () => Graph };
    graph = module.importGraph();
  });

  it('reads the whole source tree', () => {
    assert.ok(graph.files > 100, `only ${graph.files} files were read: is src/ where the script looks?`);
  });

  it('has no import cycle between files', () => {
    assert.deepEqual(graph.cycles, [], `cycles: ${graph.cycles.map((cycle) => cycle.join(' ↔ ')).join('; ')}`);
  });

  it('never imports up the layers (core ← llm/node ← vscode)', () => {
    assert.deepEqual(graph.upward, []);
  });
});
