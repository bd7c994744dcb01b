import * as assert from 'node:assert/strict';
import { AUDIT_BUDGET_CHARS, auditContext, callersOf, importedModules, MAX_AUDIT_CALLERS, normalizePath } from '../../src/core/agent/audit';
import { buildCommandPrompt } from '../../src/core/prompts/commandPrompt';
import { route } from '../../src/core/routing/router';
import { DEFAULT_POLICY } from '../../src/core/routing/policy';

const DIFF = 'diff --git a/src/greet.ts b/src/greet.ts\n--- a/src/greet.ts\n+++ b/src/greet.ts\n@@ -1 +1 @@\n-export function greet(name: string) {\n+export function greet(name: string, loud: boolean) {\n';

describe('Deep Audit: callers of the changed files', () => {
  it('resolves relative script imports, re-exports, require and dynamic import against the importer’s folder', () => {
    const text = [
      "import { greet } from '../greet';",
      "export * from './util/index.js';",
      "const x = require('./legacy.cjs');",
      "const y = await import('../../lib/tool');",
      "import React from 'react';",
    ].join('\n');
    assert.deepEqual(importedModules({ path: 'src/app/main.ts', text }), ['src/greet', 'src/app/util', 'src/app/legacy', 'lib/tool']);
  });

  it('reads Python imports, absolute and relative', () => {
    const text = 'from .greet import greet\nfrom ..core.money import usd\nimport os, app.util\n';
    assert.deepEqual(importedModules({ path: 'pkg/app/main.py', text }), ['pkg/app/greet', 'pkg/core/money', 'os', 'app/util']);
  });

  it('finds the files that import a changed module, not the changed files themselves nor unrelated ones', () => {
    const candidates = [
      { path: 'src/app.ts', text: "import { greet } from './greet';\ngreet('Ada');\n" },
      { path: 'src/other.ts', text: "import { farewell } from './farewell';\n" },
      { path: 'src/nested/use.tsx', text: "import { greet } from '../greet.js';\n" },
      { path: 'src/greet.ts', text: "import { x } from './greet';\n" },
      { path: 'tools/run.py', text: 'from src.greet_py import greet\n' },
    ];
    assert.deepEqual(callersOf(['src/greet.ts', 'src/greet_py.py'], candidates).map((file) => file.path), ['src/app.ts', 'src/nested/use.tsx', 'tools/run.py']);
  });

  it('never resolves an import above the repository', () => {
    assert.equal(normalizePath('../outside/secret'), undefined);
    assert.deepEqual(importedModules({ path: 'a.ts', text: "import x from '../../etc/passwd';" }), []);
  });
});

describe('Deep Audit: the bounded context', () => {
  it('sends the diff, then the changed files, then the callers, labelled by role', () => {
    const context = auditContext(DIFF, [{ path: 'src/greet.ts', text: 'export function greet() {}\n' }], [{ path: 'src/app.ts', text: "import { greet } from './greet';\n" }]);
    assert.deepEqual(context.items.map((item) => item.label), ['the change (git diff)', 'changed file src/greet.ts', 'caller src/app.ts']);
    assert.deepEqual(context.callers, ['src/app.ts']);
    assert.deepEqual(context.notes, []);
    const prompt = buildCommandPrompt({ kind: 'deepAudit', context: context.items, contextBudgetChars: context.budgetChars });
    const user = String(prompt.messages[0].content);
    assert.match(user, /<context label="caller src\/app\.ts" path="src\/app\.ts">\nimport \{ greet \} from '\.\/greet';/, 'the caller’s text reaches the prompt uncut');
    assert.match(prompt.system[0].text, /cross-file integration/);
    assert.match(prompt.system[0].text, /`path:line: severity: message`/, 'findings in the format the Problems view reads');
  });

  it('stays within its budget for a large change with many callers, and names what it left out', () => {
    const big = 'x'.repeat(200) + '\n';
    const changed = Array.from({ length: 5 }, (_, i) => ({ path: `src/m${i}.ts`, text: big.repeat(500) }));
    const callers = Array.from({ length: MAX_AUDIT_CALLERS + 3 }, (_, i) => ({ path: `src/c${String(i).padStart(2, '0')}.ts`, text: big.repeat(300) }));
    const context = auditContext(DIFF + big.repeat(2_000), changed, callers);
    const total = context.items.reduce((sum, item) => sum + item.text.length, 0);
    assert.ok(total <= AUDIT_BUDGET_CHARS * 1.05, `${total} characters sent, budget ${AUDIT_BUDGET_CHARS}`);
    assert.ok(context.notes.some((note) => note.startsWith('3 more callers left out: src/c20.ts, src/c21.ts, src/c22.ts')), context.notes.join('\n'));
    assert.ok(context.notes.some((note) => note.startsWith('the diff:')), 'the cut diff is named');
    assert.ok(context.notes.some((note) => note.startsWith('changed file src/m0.ts:')), 'a cut file is named');
    // Rendering with the context's own budget cuts nothing more: every item's marker is the one auditContext wrote.
    const rendered = String(buildCommandPrompt({ kind: 'deepAudit', context: context.items, contextBudgetChars: context.budgetChars }).messages[0].content);
    assert.equal((rendered.match(/lines omitted to fit the context budget/g) ?? []).length, context.notes.filter((note) => /lines in the middle left out/.test(note)).length);
  });

  it('is routed to the frontier tier', () => {
    const decision = route({ surface: 'command', taskKind: 'deepAudit', signals: { files: ['src/greet.ts'] } }, DEFAULT_POLICY);
    assert.equal(decision.tier, 'frontier');
  });
});
