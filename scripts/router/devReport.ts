/**
 * `node out/scripts/router/devReport.js [split]`: the routing errors of the dev split (never the
 * test split by default), grouped by gold kind, rule that decided, language and shape, with the
 * misses listed (`--misses`), for error analysis. Reads media/routerModel.bin or `--model=FILE`.
 */
import { join } from 'node:path';
import { routerModelFile, useRouterModelUnder } from '../../src/node/routerModelFile';
import { useRouterModel } from '../../src/core/routing/routerModel';
import { loadCorpus, splitExamples } from './corpus';
import type { Split } from './corpus';
import { routeExample, score, scoreBy } from './evaluate';

const root = join(__dirname, '..', '..', '..');
const modelAt = process.argv.find((arg) => arg.startsWith('--model='));
if (modelAt !== undefined) useRouterModel(routerModelFile(modelAt.slice('--model='.length)));
else useRouterModelUnder(root);
const split = (process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'dev') as Split;
const examples = splitExamples(loadCorpus(join(root, 'corpus', 'routing')), split);
const routed = examples.map((example) => routeExample(example));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const overall = score(routed);
console.log(`${split}: n=${overall.n} agree ${pct(overall.agreement)} must ${pct(overall.mustFrontierKept)} of ${overall.mustFrontier} under ${pct(overall.under)} over ${pct(overall.over)} cost ${overall.costRatio.toFixed(3)}x`);
for (const [name, key] of [
  ['lang', (r: (typeof routed)[number]) => r.example.lang],
  ['shape', (r: (typeof routed)[number]) => r.example.shape],
  ['kind', (r: (typeof routed)[number]) => r.example.kind],
  ['rule', (r: (typeof routed)[number]) => r.decision.rule.replace(/:.*/, '')],
] as const) {
  const by = scoreBy(routed, key);
  console.log(`-- by ${name}: ` + Object.entries(by).sort((a, b) => (1 - b[1].agreement) * b[1].n - (1 - a[1].agreement) * a[1].n).map(([k, s]) => `${k} ${pct(s.agreement)} (${s.n}, over ${Math.round(s.over * s.n)}, under ${Math.round(s.under * s.n)})`).join('; '));
}
if (process.argv.includes('--misses')) {
  for (const r of routed.filter((x) => !x.agrees)) {
    console.log(JSON.stringify({ id: r.example.id, kind: r.example.kind, accept: r.example.accept, sens: r.example.sensitive, tier: r.decision.tier, routedKind: r.decision.taskKind, rule: r.decision.rule, reasons: r.decision.reasons, prompt: r.example.prompt.slice(0, 160), files: r.example.files }));
  }
}
