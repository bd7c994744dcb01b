/**
 * bench/learning: does the per-user adjustment (src/core/routing/userAdjustment.ts) make routing
 * better for a user who flags mis-routes? The corpus's held-out test split is cut in two by a hash
 * of each prompt's id: a stream the simulated user works through (1,000 interactions drawn from it,
 * seeded, so prompts recur as a user's do) and a held-out half the user never touches. The user
 * flags a mis-routed answer at a given rate — "needed stronger" when the routed tier is below every
 * acceptable one, "could have been cheaper" when above — which names the tier one step away, as the
 * chat's buttons do. After 0, 50, 200 and 1,000 interactions: agreement (the routed tier is
 * acceptable), must-frontier kept and cost against the oracle, on the stream's pool (the prompts this
 * user asks, and asks again) and on the held-out half (prompts the user never asked). Routing is the product's: `route` with the adjustment in its state.
 * Run with `npm run bench:learning`.
 */
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../src/core/routing/policy';
import type { RouteDecision, RouteRequest } from '../src/core/routing/router';
import { previousTurnOf, route } from '../src/core/routing/router';
import { routerModel } from '../src/core/routing/routerModel';
import { TASK_KIND_INFO } from '../src/core/routing/taskKinds';
import type { Tier } from '../src/core/routing/tiers';
import { tierAbove, tierBelow, tierRank } from '../src/core/routing/tiers';
import { MAX_EXAMPLES, UserAdjustment } from '../src/core/routing/userAdjustment';
import { useRouterModelUnder } from '../src/node/routerModelFile';
import type { CorpusExample } from '../scripts/router/corpus';
import { loadCorpus, splitExamples } from '../scripts/router/corpus';
import type { Routed, Scores } from '../scripts/router/evaluate';
import { requestFor, score } from '../scripts/router/evaluate';
import { seededRandom, writeResult } from './stats';

const root = join(__dirname, '..', '..');
useRouterModelUnder(root);
if (routerModel() === undefined) throw new Error('No router model: run npm run train-router first.');

const CHECKPOINTS = [0, 50, 200, 1000] as const;
const FLAG_RATES = [0.1, 0.3, 1] as const;
const SEED = 17;

const test = splitExamples(loadCorpus(join(root, 'corpus', 'routing')), 'test');
const half = (id: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 1;
};
const streamPool = test.filter((example) => half(example.id) === 0);
const heldOut = test.filter((example) => half(example.id) === 1);

/** Routes one example as the chat would (a follow-up's previous turn first), with the user's adjustment. */
function routeWith(example: CorpusExample, adjustment: UserAdjustment): Routed {
  let previous: RouteRequest['previous'];
  if (example.previous !== undefined) {
    const before = route({ surface: 'chat', prompt: example.previous, canAutomate: true }, DEFAULT_POLICY, { adjustment });
    previous = previousTurnOf(before);
  }
  const decision: RouteDecision = route(requestFor(example, previous), DEFAULT_POLICY, { adjustment });
  let tier = decision.tier;
  if (tier === 'automated' && TASK_KIND_INFO[decision.taskKind].defaultTier !== 'automated') tier = 'fast';
  const lowest = Math.min(...example.accept.map(tierRank));
  const highest = Math.max(...example.accept.map(tierRank));
  return { example, decision: { ...decision, tier }, agrees: example.accept.includes(tier), under: tierRank(tier) < lowest, over: tierRank(tier) > highest };
}

/** The tier the simulated user's flag names, or undefined when the answer was acceptable. */
function flagged(routed: Routed): Tier | undefined {
  if (routed.agrees) return undefined;
  return routed.under ? tierAbove(routed.decision.tier) : tierBelow(routed.decision.tier);
}

interface Checkpoint {
  readonly interactions: number;
  readonly examples: number;
  readonly flags: number;
  readonly heldOut: Scores;
  /** Every prompt of the stream's pool: the kinds of prompt this user asks (and asks again). */
  readonly own: Scores;
  /** Sensitive prompts (of both halves) routed below frontier: the floor must keep this at what it was without learning. */
  readonly sensitiveBelowFrontier: number;
}

const sensitivePrompts = test.filter((example) => example.sensitive);
const belowFrontier = (adjustment: UserAdjustment) => sensitivePrompts.filter((example) => routeWith(example, adjustment).decision.tier !== 'frontier').length;

function simulate(rate: number): Checkpoint[] {
  const random = seededRandom(SEED);
  const stream = Array.from({ length: CHECKPOINTS[CHECKPOINTS.length - 1] }, () => streamPool[Math.floor(random() * streamPool.length)]);
  const flagRandom = seededRandom(SEED + Math.round(rate * 1000));
  let adjustment = new UserAdjustment();
  let flags = 0;
  const checkpoints: Checkpoint[] = [];
  const snapshot = (at: number) =>
    checkpoints.push({
      interactions: at,
      examples: adjustment.size,
      flags,
      heldOut: score(heldOut.map((example) => routeWith(example, adjustment))),
      own: score(streamPool.map((example) => routeWith(example, adjustment))),
      sensitiveBelowFrontier: belowFrontier(adjustment),
    });
  for (let at = 0; at <= CHECKPOINTS[CHECKPOINTS.length - 1]; at++) {
    if ((CHECKPOINTS as readonly number[]).includes(at)) snapshot(at);
    if (at === CHECKPOINTS[CHECKPOINTS.length - 1]) break;
    const routed = routeWith(stream[at], adjustment);
    const right = flagged(routed);
    const learnable = routed.decision.learnable;
    if (right === undefined || learnable === undefined || flagRandom() >= rate) continue;
    flags++;
    adjustment = adjustment.with({ kind: learnable.kind, from: routed.decision.tier, tier: right, features: learnable.features, time: new Date(0).toISOString() });
  }
  return checkpoints;
}

const started = Date.now();
const runs = FLAG_RATES.map((rate) => ({ rate, checkpoints: simulate(rate) }));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const cell = (c: Checkpoint) => `${c.interactions}: own prompts ${pct(c.own.agreement)} agree / ${c.own.costRatio.toFixed(3)}x oracle, held-out ${pct(c.heldOut.agreement)} / ${c.heldOut.costRatio.toFixed(3)}x (${c.examples} examples)`;
const floorHeld = runs.every((run) => run.checkpoints.every((c) => c.sensitiveBelowFrontier <= run.checkpoints[0].sensitiveBelowFrontier));
const summary = [
  `stream ${streamPool.length} / held-out ${heldOut.length} prompts of the test split (never trained on); a simulated user flags mis-routes, one tier up or down; at most ${MAX_EXAMPLES} examples kept`,
  ...runs.map((run) => `flags ${pct(run.rate)} of mis-routes — ${run.checkpoints.map(cell).join('; ')}`),
  `sensitive prompts below frontier: ${runs.map((run) => `${pct(run.rate)}: ${run.checkpoints.map((c) => c.sensitiveBelowFrontier).join(' → ')}`).join('; ')} of ${sensitivePrompts.length} (${floorHeld ? 'never more than without learning' : 'MORE than without learning'})`,
];
writeResult('learning', { stream: streamPool.length, heldOut: heldOut.length, checkpoints: CHECKPOINTS, seed: SEED, runs, floorHeld, seconds: (Date.now() - started) / 1000, summary });
summary.forEach((text) => console.log(text));
