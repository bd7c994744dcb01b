/**
 * `npm run train-router`: trains the learned router from corpus/routing on the train split, picks
 * hyperparameters, the softmax temperature and the thresholds by measurement on the dev split
 * (never the test split), and writes media/routerModel.bin plus media/routerModel.md (what was
 * chosen and why). Deterministic: the same corpus gives the same bytes.
 * `--quick` trains the default options only (no search).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useRouterModel } from '../src/core/routing/routerModel';
import { classifyLearned } from '../src/core/routing/learnedClassifier';
import type { CorpusExample } from './router/corpus';
import { loadCorpus, splitExamples } from './router/corpus';
import { routeExample, score } from './router/evaluate';
import type { TrainOptions, Trained } from './router/train';
import { DEFAULT_TRAIN_OPTIONS, artifact, fit, fitTemperature, inputOf, load } from './router/train';

const root = join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const corpus = loadCorpus(join(root, 'corpus', 'routing'));
const train = splitExamples(corpus, 'train');
const dev = splitExamples(corpus, 'dev');
console.log(`corpus: ${corpus.length} examples (train ${train.length}, dev ${dev.length}, test ${corpus.length - train.length - dev.length} held out)`);

const PROVISIONAL: { temperature: number; unsureBelow: number; routeUpMass?: number; sensitive: { floorAt: number; vetoBelow: number } } = {
  temperature: 1,
  unsureBelow: 0,
  sensitive: { floorAt: 0.5, vetoBelow: 0.1 },
};

function devKindAccuracy(trained: Trained): { accuracy: number; sensitiveAccuracy: number; bytes: number } {
  const bytes = artifact(trained, PROVISIONAL);
  const model = load(bytes);
  let right = 0;
  let sensitiveRight = 0;
  for (const example of dev) {
    const result = classifyLearned(model, inputOf(example));
    if (result.kind === example.kind) right++;
    if (result.sensitive >= 0.5 === example.sensitive) sensitiveRight++;
  }
  return { accuracy: right / dev.length, sensitiveAccuracy: sensitiveRight / dev.length, bytes: bytes.length };
}

const grid: TrainOptions[] = [];
if (quick) grid.push(DEFAULT_TRAIN_OPTIONS);
else {
  for (const bits of [15, 16])
    {for (const epochs of [8, 16])
      {for (const l2 of [1e-5, 1e-4, 3e-4]) grid.push({ ...DEFAULT_TRAIN_OPTIONS, bits, epochs, l2 });}}
}

const searched: Array<{ options: TrainOptions; accuracy: number; sensitiveAccuracy: number; bytes: number }> = [];
let best: { options: TrainOptions; trained: Trained; accuracy: number; sensitiveAccuracy: number; bytes: number } | undefined;
for (const options of grid) {
  const trained = fit(train, options);
  const measured = devKindAccuracy(trained);
  searched.push({ options, ...measured });
  console.log(`bits ${options.bits} epochs ${options.epochs} L2 ${options.l2}: dev kind ${(measured.accuracy * 100).toFixed(1)}%, sensitive ${(measured.sensitiveAccuracy * 100).toFixed(1)}%, ${(measured.bytes / 1024).toFixed(0)} KiB`);
  // Ties (within half a point) go to the smaller artifact: it loads faster and the bundle stays small.
  const value = measured.accuracy + measured.sensitiveAccuracy;
  const bestValue = best ? best.accuracy + best.sensitiveAccuracy : -1;
  if (best === undefined || value > bestValue + 0.005 || (value > bestValue - 0.005 && measured.bytes < best.bytes)) best = { options, trained, ...measured };
}
const chosen = best!;

const temperature = fitTemperature(load(artifact(chosen.trained, PROVISIONAL)), dev);

/** Dev routing of a candidate calibration; the objective never trades a missed must-frontier case for cost. */
function measure(meta: typeof PROVISIONAL, examples: readonly CorpusExample[]) {
  useRouterModel(() => artifact(chosen.trained, meta));
  const scores = score(examples.map((example) => routeExample(example)));
  useRouterModel(undefined);
  return scores;
}

type Meta = typeof PROVISIONAL;
const objective = (scores: ReturnType<typeof measure>) => scores.agreement - 5 * (1 - scores.mustFrontierKept) - 0.2 * Math.max(0, scores.costRatio - 1);
const candidates: Meta[] = [];
for (const unsureBelow of [0, 0.3, 0.5]) {
  for (const routeUpMass of [undefined, 0.25, 0.35, 0.45, 0.55]) {
    for (const floorAt of [0.3, 0.45, 0.6]) {
      for (const vetoBelow of [0.03, 0.06, 0.12, 0.2]) {
        candidates.push({ temperature, unsureBelow, ...(routeUpMass !== undefined ? { routeUpMass } : {}), sensitive: { floorAt, vetoBelow } });
      }
    }
  }
}
let bestMeta: Meta = { ...PROVISIONAL, temperature };
let bestScores = measure(bestMeta, dev);
for (const meta of candidates) {
  const scores = measure(meta, dev);
  if (objective(scores) > objective(bestScores) + 1e-9) {
    bestMeta = meta;
    bestScores = scores;
  }
}

const notes = {
  corpus: { examples: corpus.length, train: train.length, dev: dev.length },
  options: chosen.options,
  dev: { kindAccuracy: chosen.accuracy, sensitiveAccuracy: chosen.sensitiveAccuracy, routing: bestScores },
};
const bytes = artifact(chosen.trained, { ...bestMeta, notes });
writeFileSync(join(root, 'media', 'routerModel.bin'), bytes);
console.log(`chosen: ${JSON.stringify(chosen.options)}; temperature ${temperature}; thresholds ${JSON.stringify(bestMeta)}`);
console.log(`dev routing: agreement ${(bestScores.agreement * 100).toFixed(1)}%, must-frontier kept ${(bestScores.mustFrontierKept * 100).toFixed(1)}%, cost ${bestScores.costRatio.toFixed(3)}x oracle`);
console.log(`wrote media/routerModel.bin (${(bytes.length / 1024).toFixed(0)} KiB)`);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const readme = [
  '# routerModel.bin: the learned router',
  '',
  'Written by `npm run train-router` (scripts/trainRouter.ts) from corpus/routing; do not edit by hand.',
  'Format and loading: src/core/routing/routerModel.ts; features: src/core/routing/features.ts.',
  '',
  `Trained on the train split (${train.length} of ${corpus.length} prompts); every choice below was measured on the dev split (${dev.length}); the test split is only read by \`npm run bench:routing\`.`,
  '',
  '## Model',
  'A linear model over hashed features (word unigrams and bigrams of the ask, character 2–4-grams, markers of pasted code / stack traces / logs / diffs / JSON, path words, sensitive stems, the previous turn), two heads: a softmax over the task kinds and a logistic sensitive-or-not. Sparse AdaGrad, fixed seed, int8 weights with one scale per output, buckets without weight left out.',
  'Why linear: the corpus is a few thousand prompts, inference must stay far below 200 µs in plain TypeScript, and the bundle must stay under 3 MB; a linear model over character n-grams is the proven fit for that (fastText).',
  '',
  '## Hyperparameters (dev split)',
  '| hash bits | epochs | L2 | dev kind accuracy | dev sensitive accuracy | artifact |',
  '|---|---|---|---|---|---|',
  ...searched.map((s) => `| ${s.options.bits} | ${s.options.epochs} | ${s.options.l2} | ${pct(s.accuracy)} | ${pct(s.sensitiveAccuracy)} | ${(s.bytes / 1024).toFixed(0)} KiB |`),
  '',
  `Chosen: ${chosen.options.bits} bits, ${chosen.options.epochs} epochs, learning rate ${chosen.options.learningRate} (L2 ${chosen.options.l2}, a missed sensitive example weighs ${chosen.options.sensitiveWeight}x): the best sum of kind and sensitive accuracy, ties within half a point going to the smaller artifact.`,
  '',
  '## Calibration and thresholds (dev split)',
  `- Softmax temperature ${temperature}: the one that minimizes the dev negative log-likelihood, so "92% sure" means about 92%.`,
  `- Unsure below ${bestMeta.unsureBelow}: a request the model is less sure of goes one tier up ("unsure, routed up").`,
  `- Route up by the tiers' probability: ${bestMeta.routeUpMass === undefined ? 'off (it did not help on dev)' : `when the kinds of the tiers above hold ${bestMeta.routeUpMass} or more, the request goes to the highest such tier`}.`,
  `- Sensitive head: floors alone at ${bestMeta.sensitive.floorAt}; a sensitive stem or built-in floor term floors unless the head is below ${bestMeta.sensitive.vetoBelow} (confidently cosmetic). Terms a user adds always floor.`,
  '- Chosen as the best dev agreement with every must-frontier case kept (a miss weighs 5x), then the cost against the oracle.',
  '',
  `Dev routing with these: agreement ${pct(bestScores.agreement)}, must-frontier kept ${pct(bestScores.mustFrontierKept)} of ${bestScores.mustFrontier}, under-routed ${pct(bestScores.under)}, over-routed ${pct(bestScores.over)}, cost ${bestScores.costRatio.toFixed(3)}x the oracle.`,
  '',
];
writeFileSync(join(root, 'media', 'routerModel.md'), readme.join('\n'));
