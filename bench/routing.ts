/**
 * bench/routing: routing quality on the held-out test split of corpus/routing (never trained or
 * tuned on): agreement (the routed tier is acceptable), must-frontier kept, under- and
 * over-routing, cost against the oracle (cheapest acceptable tier; each prompt priced at 2k in /
 * 500 out, the automated tier $0), per language and per prompt shape; and classify / route latency.
 * Requests are routed as the chat sends them: surface chat, `files` as scope signals, automation
 * where the kind allows it. Then the same scores on bench/routing-fresh/ (prompts written apart from
 * the corpus, by someone who did not write it; never trained, tuned or chosen on). Run with
 * `npm run bench:routing`.
 */
import { join } from 'node:path';
import { classifyLearned } from '../src/core/routing/learnedClassifier';
import { DEFAULT_POLICY } from '../src/core/routing/policy';
import { route } from '../src/core/routing/router';
import { routerModel } from '../src/core/routing/routerModel';
import { useRouterModelUnder } from '../src/node/routerModelFile';
import { loadCorpus, splitExamples } from '../scripts/router/corpus';
import { requestFor, routeExample, score, scoreBy } from '../scripts/router/evaluate';
import type { Routed, Scores } from '../scripts/router/evaluate';
import { summarize, writeResult } from './stats';

const root = join(__dirname, '..', '..');
useRouterModelUnder(root);
const model = routerModel();
if (model === undefined) throw new Error('No router model: run npm run train-router first.');

const corpus = loadCorpus(join(root, 'corpus', 'routing'));
const test = splitExamples(corpus, 'test');
const routed: Routed[] = test.map((example) => routeExample(example));
const overall = score(routed);
const byLanguage = scoreBy(routed, (r) => r.example.lang);
const byShape = scoreBy(routed, (r) => r.example.shape);
const freshRouted = loadCorpus(join(root, 'bench', 'routing-fresh')).map((example) => routeExample(example));
const fresh = { overall: score(freshRouted), byLanguage: scoreBy(freshRouted, (r) => r.example.lang) };

const misses = routed
  .filter((r) => !r.agrees)
  .map((r) => ({ id: r.example.id, accept: r.example.accept, routed: r.decision.tier, kind: r.example.kind, routedKind: r.decision.taskKind, reasons: r.decision.reasons }));

// Latency: every test prompt many times after a warm-up; "chat-length" is a prompt of at most 400 characters.
function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1000;
}
const requests = test.map((example) => requestFor(example));
const chatLength = requests.filter((request) => (request.prompt ?? '').length <= 400);
for (let round = 0; round < 3; round++) for (const request of requests) route(request, DEFAULT_POLICY);
const routeAll: number[] = [];
const routeChat: number[] = [];
const classifyChat: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const request of requests) routeAll.push(time(() => route(request, DEFAULT_POLICY)));
  for (const request of chatLength) {
    routeChat.push(time(() => route(request, DEFAULT_POLICY)));
    classifyChat.push(time(() => classifyLearned(model, { prompt: request.prompt ?? '', files: request.signals?.files ?? [] })));
  }
}
const latency = { routeChatLength: summarize(routeChat), routeAll: summarize(routeAll), classifyChatLength: summarize(classifyChat) };

const TARGETS = { agreement: 0.95, mustFrontierKept: 1, perLanguage: 0.9, costRatio: 1.05, routeP99Us: 200 };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
const line = (name: string, s: Scores) => `${name}: ${pct(s.agreement)} agree, must-frontier ${pct(s.mustFrontierKept)} of ${s.mustFrontier}, under ${pct(s.under)}, over ${pct(s.over)}, cost ${s.costRatio.toFixed(3)}x oracle (n=${s.n})`;
const worstLanguage = Math.min(...Object.values(byLanguage).map((s) => s.agreement));
const summary = [
  `test split (${test.length} of ${corpus.length} prompts, never trained or tuned on): ${pct(overall.agreement)} agreement (target ${pct(TARGETS.agreement)}: ${met(overall.agreement >= TARGETS.agreement)}), must-frontier kept ${pct(overall.mustFrontierKept)} of ${overall.mustFrontier} (${met(overall.mustFrontierKept >= 1)}), under-routed ${pct(overall.under)}, over-routed ${pct(overall.over)}, cost ${overall.costRatio.toFixed(3)}x the oracle (target ${TARGETS.costRatio}x: ${met(overall.costRatio <= TARGETS.costRatio)})`,
  `per language: ${Object.entries(byLanguage).map(([lang, s]) => `${lang} ${pct(s.agreement)}`).join(', ')} (worst ${pct(worstLanguage)}, target ${pct(TARGETS.perLanguage)}: ${met(worstLanguage >= TARGETS.perLanguage)})`,
  `per shape: ${Object.entries(byShape).map(([shape, s]) => `${shape} ${pct(s.agreement)}`).join(', ')}`,
  `written apart from the corpus (bench/routing-fresh, ${fresh.overall.n} prompts): ${pct(fresh.overall.agreement)} agreement, must-frontier kept ${pct(fresh.overall.mustFrontierKept)} of ${fresh.overall.mustFrontier}, under-routed ${pct(fresh.overall.under)}, over-routed ${pct(fresh.overall.over)}, cost ${fresh.overall.costRatio.toFixed(3)}x the oracle; per language ${Object.entries(fresh.byLanguage).map(([lang, s]) => `${lang} ${pct(s.agreement)}`).join(', ')}`,
  `route, chat-length prompt (n=${routeChat.length}): p50 ${latency.routeChatLength.p50.toFixed(1)} µs, p95 ${latency.routeChatLength.p95.toFixed(1)} µs, p99 ${latency.routeChatLength.p99.toFixed(1)} µs (target p99 ≤ ${TARGETS.routeP99Us} µs: ${met(latency.routeChatLength.p99 <= TARGETS.routeP99Us)}); every test prompt p99 ${latency.routeAll.p99.toFixed(1)} µs; classify alone p50 ${latency.classifyChatLength.p50.toFixed(1)} µs, p99 ${latency.classifyChatLength.p99.toFixed(1)} µs`,
];
const path = writeResult('routing', {
  corpus: corpus.length,
  test: test.length,
  targets: TARGETS,
  overall,
  byLanguage,
  byShape,
  latencyUs: latency,
  lines: [line('all', overall), ...Object.entries(byLanguage).map(([lang, s]) => line(lang, s))],
  misses,
  fresh: { ...fresh, misses: freshRouted.filter((r) => !r.agrees).map((r) => ({ id: r.example.id, accept: r.example.accept, routed: r.decision.tier, kind: r.example.kind, routedKind: r.decision.taskKind, reasons: r.decision.reasons })) },
  summary,
});
summary.forEach((text) => console.log(text));
console.log(`written to ${path}`);
