import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributor } from '../../bench/bundles';
import { BENCHES } from '../../bench/run';

const root = join(__dirname, '..', '..', '..');

describe('npm run bench', () => {
  it('has a bench/<name>.ts and an npm script bench:<name> for every benchmark it runs', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.deepEqual(BENCHES.map((entry) => entry.name), ['route', 'routing', 'completions', 'chat', 'activation', 'bundles', 'replay', 'effort', 'cascade', 'cascadeGate', 'load', 'ledger', 'learning']);
    for (const { name, vscode, nodeArgs } of BENCHES) {
      assert.ok(existsSync(join(root, 'bench', `${name}.ts`)), `bench/${name}.ts is missing`);
      const flags = (nodeArgs ?? []).map((flag) => `${flag} `).join('');
      assert.match(scripts[`bench:${name}`] ?? '', new RegExp(`node ${flags}out/bench/${name}\\.js`), `npm script bench:${name}`);
      // Only one VS Code at a time on the machine: the script holds the lock the integration tests use.
      if (vscode) assert.match(scripts[`bench:${name}`], /flock \/tmp\/it\.lock node/);
    }
    assert.match(scripts.bench, /node out\/bench\/run\.js/);
  });

  it('names what takes room in a bundle by package, zod by part, and sources by folder', () => {
    assert.equal(contributor('node_modules/zod/v4/locales/fr.js'), 'zod (locales)');
    assert.equal(contributor('node_modules/zod/v4/core/schemas.js'), 'zod (core)');
    assert.equal(contributor('node_modules/zod/v4/mini/schemas.js'), 'zod (mini)');
    assert.equal(contributor('node_modules/@anthropic-ai/sdk/resources/beta/beta.mjs'), '@anthropic-ai/sdk');
    assert.equal(contributor('src/core/policy.ts'), 'src/core');
    assert.equal(contributor('src/webview/chat/thread.ts'), 'src/webview/chat');
    assert.equal(contributor('src/extension.ts'), 'src/extension.ts');
    assert.equal(contributor('shared-sdk:@anthropic-ai/sdk/resources/index'), 'shared-sdk');
  });
});
