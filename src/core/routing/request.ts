/**
 * The words a routing request is made of that other concepts reuse: where it came from and the
 * user's tier override in force. They live here, with routing, because the router reads them
 * first; the ledger stores them (spend/spendRecord.ts imports them from here).
 */
import type { Effort } from '../model/llm';
import type { Tier } from './tiers';

export const SURFACES = ['completion', 'chat', 'command', 'languageModel', 'cli', 'router'] as const;
/** Where the request came from. */
export type Surface = (typeof SURFACES)[number];

export const OVERRIDE_SCOPES = ['next', 'session', 'taskKind'] as const;
/** How long a user's tier override lasts: the next request, this session, or pinned for a task kind. */
export type OverrideScope = (typeof OVERRIDE_SCOPES)[number];

/** A user's tier override that was in force for a request. */
export interface TierOverride {
  readonly tier: Tier;
  readonly scope: OverrideScope;
}

/** An effort chosen by the user (Choose Tier), for the next request or for the session. */
export interface EffortOverride {
  readonly effort: Effort;
  readonly scope: 'next' | 'session';
}
