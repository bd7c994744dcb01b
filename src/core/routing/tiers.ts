/**
 * Tiers are model-agnostic capability levels. Which model serves a tier is a setting; the order
 * here is the order of cost and of capability, and every step up or down moves along it.
 */
export const TIERS = ['automated', 'fast', 'balanced', 'frontier'] as const;
export type Tier = (typeof TIERS)[number];

/** Tiers that call a model (the automated tier runs an editor command at $0 instead). */
export const MODEL_TIERS = ['fast', 'balanced', 'frontier'] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

export const TIER_LABELS: Readonly<Record<Tier, string>> = {
  automated: 'Automated',
  fast: 'Fast',
  balanced: 'Balanced',
  frontier: 'Frontier',
};

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

export function isModelTier(tier: Tier): tier is ModelTier {
  return tier !== 'automated';
}

/** The higher of two tiers. */
export function maxTier(a: Tier, b: Tier): Tier {
  return tierRank(a) >= tierRank(b) ? a : b;
}

/** One model tier up, or undefined at the top. */
export function tierAbove(tier: Tier): ModelTier | undefined {
  const next = TIERS[tierRank(tier) + 1];
  return next === undefined ? undefined : (next as ModelTier);
}

/** One model tier down, or undefined at the cheapest model tier. */
export function tierBelow(tier: Tier): ModelTier | undefined {
  const rank = tierRank(tier);
  return rank <= 1 ? undefined : (TIERS[rank - 1] as ModelTier);
}
