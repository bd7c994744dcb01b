/**
 * Routes corpus examples through the real `route` and measures what the issue asks: agreement
 * (the routed tier is one of `accept`), must-frontier kept, under- and over-routing, and cost
 * against the oracle (the cheapest acceptable tier), per language and per prompt shape. The trainer
 * uses it on the dev split to pick thresholds; bench/routing uses it on the test split.
 */
import { DEFAULT_POLICY } from '../../src/core/routing/policy';
import type { Policy } from '../../src/core/routing/policy';
import type { RouteDecision, RouteRequest } from '../../src/core/routing/router';
import { previousTurnOf, route } from '../../src/core/routing/router';
import { TASK_KIND_INFO } from '../../src/core/routing/taskKinds';
import type { Tier } from '../../src/core/routing/tiers';
import { tierRank } from '../../src/core/routing/tiers';
import { costWithPrice, priceFor } from '../../src/core/spend/pricing';
import { usageOf } from '../../src/core/model/usage';
import type { CorpusExample } from './corpus';

/** Every prompt is priced at one nominal size, so cost compares tiers and nothing else. */
export const NOMINAL_USAGE = usageOf({ inputTokens: 2000, outputTokens: 500 });

/** Micro-dollars of one nominal request on a tier; the automated tier is $0. */
export function tierCost(tier: Tier, policy: Policy = DEFAULT_POLICY): number {
  if (tier === 'automated') return 0;
  const price = priceFor(policy.tiers[tier].model);
  if (price === undefined) throw new Error(`No price for ${policy.tiers[tier].model}; the routing bench needs the built-in price table.`);
  return costWithPrice(NOMINAL_USAGE, price);
}

/** The request a surface would send for an example: chat, `files` as scope signals, automation where the kind allows it. */
export function requestFor(example: CorpusExample, previous?: RouteRequest['previous']): RouteRequest {
  return {
    surface: 'chat',
    prompt: example.prompt,
    signals: { files: example.files ?? [] },
    canAutomate: true,
    ...(previous ? { previous } : {}),
  };
}

export interface Routed {
  readonly example: CorpusExample;
  readonly decision: RouteDecision;
  readonly agrees: boolean;
  readonly under: boolean;
  readonly over: boolean;
}

/** Routes one example; a follow-up's previous turn is routed first, as the chat would have routed it. */
export function routeExample(example: CorpusExample, policy: Policy = DEFAULT_POLICY): Routed {
  let previous: RouteRequest['previous'];
  if (example.previous !== undefined) {
    const before = route({ surface: 'chat', prompt: example.previous, canAutomate: true }, policy);
    previous = previousTurnOf(before);
  }
  const decision = route(requestFor(example, previous), policy);
  let tier = decision.tier;
  // canAutomate is offered only for automated kinds, as a chat that can run tasks would.
  if (tier === 'automated' && TASK_KIND_INFO[decision.taskKind].defaultTier !== 'automated') tier = 'fast';
  const agrees = example.accept.includes(tier);
  const lowest = Math.min(...example.accept.map(tierRank));
  const highest = Math.max(...example.accept.map(tierRank));
  return { example, decision: { ...decision, tier }, agrees, under: tierRank(tier) < lowest, over: tierRank(tier) > highest };
}

export interface Scores {
  readonly n: number;
  readonly agreement: number;
  readonly under: number;
  readonly over: number;
  readonly mustFrontier: number;
  readonly mustFrontierKept: number;
  readonly costRatio: number;
}

/** Aggregates routed examples. */
export function score(routed: readonly Routed[], policy: Policy = DEFAULT_POLICY): Scores {
  let agree = 0;
  let under = 0;
  let over = 0;
  let must = 0;
  let kept = 0;
  let cost = 0;
  let oracle = 0;
  for (const r of routed) {
    if (r.agrees) agree++;
    if (r.under) under++;
    if (r.over) over++;
    if (r.example.sensitive || (r.example.accept.length === 1 && r.example.accept[0] === 'frontier')) {
      must++;
      if (r.decision.tier === 'frontier') kept++;
    }
    cost += tierCost(r.decision.tier, policy);
    oracle += Math.min(...r.example.accept.map((tier) => tierCost(tier, policy)));
  }
  const n = routed.length;
  return { n, agreement: agree / n, under: under / n, over: over / n, mustFrontier: must, mustFrontierKept: must === 0 ? 1 : kept / must, costRatio: oracle === 0 ? 1 : cost / oracle };
}

/** Scores grouped by a key (language, shape). */
export function scoreBy(routed: readonly Routed[], key: (r: Routed) => string, policy: Policy = DEFAULT_POLICY): Record<string, Scores> {
  const groups = new Map<string, Routed[]>();
  for (const r of routed) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, group]) => [name, score(group, policy)]));
}
