/**
 * Complexity annotations (`[scope: cross-service] [domain: security] [ambiguity: high]`): a hard
 * signal the author gives on purpose, so a rule reads it rather than the learned model.
 */
import type { Tier } from './tiers';

export interface Annotations {
  readonly scope?: string;
  readonly domain?: string;
  readonly ambiguity?: string;
}

const ANNOTATION = /\[\s*(scope|domain|ambiguity)\s*:\s*([\w-]+)\s*\]/gi;

/** The annotations in a prompt; later ones of the same axis win. */
export function annotationsOf(text: string): Annotations {
  const found: Record<string, string> = {};
  for (const match of text.matchAll(ANNOTATION)) found[match[1].toLowerCase()] = match[2].toLowerCase();
  return found;
}

/**
 * What the routing guide says the annotations mean: cross-service, security, schema or high
 * ambiguity → frontier (high ambiguity is also sensitive); single-file + docs/config/tests + low
 * ambiguity → fast; anything else says nothing.
 */
export function annotationTier(annotations: Annotations): { tier: Tier; sensitive: boolean; why: string } | undefined {
  const { scope, domain, ambiguity } = annotations;
  if (ambiguity === 'high') return { tier: 'frontier', sensitive: true, why: 'Marked [ambiguity: high]' };
  if (domain === 'security' || domain === 'schema') return { tier: 'frontier', sensitive: true, why: `Marked [domain: ${domain}]` };
  if (scope === 'cross-service') return { tier: 'frontier', sensitive: false, why: 'Marked [scope: cross-service]' };
  if (scope === 'single-file' && ambiguity === 'low' && (domain === 'docs' || domain === 'config' || domain === 'tests')) {
    return { tier: 'fast', sensitive: false, why: `Marked single-file ${domain}, low ambiguity` };
  }
  return undefined;
}
