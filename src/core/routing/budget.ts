/**
 * Spend budgets per session and per day. At 80% the status bar warns; at 100% the configured
 * action applies. Pure functions over a snapshot, so the status bar, the router and the tests all
 * see the same verdict. Comparisons are on integer micro-dollars, so "exactly 80%" is exact.
 */
import { formatUsd, MICROS_PER_USD } from '../money';
import { isModelTier, tierBelow } from './tiers';
import type { Tier } from './tiers';

/** What happens once a budget is used up. */
export type BudgetAction = 'warn' | 'stepDown' | 'stop';

/** The user's budgets. An absent, zero, negative or non-finite amount means "no limit". */
export interface Budget {
  readonly sessionUsd?: number;
  readonly dailyUsd?: number;
  readonly onExceed: BudgetAction;
}

export type BudgetState = 'ok' | 'warning' | 'exceeded';
export type BudgetScope = 'session' | 'daily';

/** Where one configured budget stands. */
export interface BudgetStatus {
  readonly which: BudgetScope;
  readonly state: BudgetState;
  /** Spent ÷ limit; above 1 once exceeded. */
  readonly fraction: number;
  readonly limitMicros: number;
  readonly spentMicros: number;
  /** Estimated cost of work sent but not yet billed (batches in flight), counted with the spend. */
  readonly heldMicros: number;
}

/**
 * The verdict: the worst of the configured budgets (exceeded beats warning beats ok; on a tie the
 * higher fraction). With no budget set, `which` is absent and the amounts are 0.
 */
export interface BudgetEvaluation {
  readonly state: BudgetState;
  readonly which?: BudgetScope;
  readonly fraction: number;
  readonly limitMicros: number;
  readonly spentMicros: number;
  readonly heldMicros: number;
  /** The configured action; present only once the budget is exceeded. */
  readonly action?: BudgetAction;
  /** One sentence for the user. */
  readonly message: string;
  /** Every configured budget, session first, for the tooltip. */
  readonly budgets: readonly BudgetStatus[];
}

/** The spend a budget is judged on; a ledger SpendSnapshot fits. */
export interface BudgetSpend {
  readonly session: { readonly costMicros: number };
  readonly today: { readonly costMicros: number };
  /**
   * What work already sent but not yet billed is estimated to cost (Message Batches in flight, at
   * most their max_tokens), counted against both budgets until the real cost is in the ledger.
   */
  readonly heldMicros?: number;
}

/** A tier after the budget had its say: allowed (maybe stepped down, with why), or blocked. */
export type BudgetedTier =
  | { readonly kind: 'allowed'; readonly tier: Tier; readonly reason?: string }
  | { readonly kind: 'blocked'; readonly message: string };

const STATE_RANK: Readonly<Record<BudgetState, number>> = { ok: 0, warning: 1, exceeded: 2 };
const LABEL: Readonly<Record<BudgetScope, string>> = { session: 'Session budget', daily: 'Daily budget' };
const RESETS: Readonly<Record<BudgetScope, string>> = { session: 'a new session', daily: 'tomorrow' };

/** Judges the spend so far against the budgets: warning at ≥ 80% of a limit, exceeded at ≥ 100%. */
export function evaluateBudget(spend: BudgetSpend, budget: Budget): BudgetEvaluation {
  const budgets: BudgetStatus[] = [];
  const held = heldOf(spend);
  const session = limitMicros(budget.sessionUsd);
  if (session !== undefined) {
    budgets.push(statusOf('session', spend.session.costMicros, held, session));
  }
  const daily = limitMicros(budget.dailyUsd);
  if (daily !== undefined) {
    budgets.push(statusOf('daily', spend.today.costMicros, held, daily));
  }
  const worst = budgets.reduce<BudgetStatus | undefined>(
    (a, b) =>
      a === undefined || STATE_RANK[b.state] > STATE_RANK[a.state] || (b.state === a.state && b.fraction > a.fraction)
        ? b
        : a,
    undefined,
  );
  if (worst === undefined) {
    return { state: 'ok', fraction: 0, limitMicros: 0, spentMicros: 0, heldMicros: 0, message: 'No budget set.', budgets };
  }
  const action = worst.state === 'exceeded' ? budget.onExceed : undefined;
  return { ...worst, action, message: messageOf(worst, action), budgets };
}

/**
 * Applies an exceeded budget's action to a routed tier. `stepDown` moves one tier down
 * (frontier → balanced → fast) from whatever the router chose, for as long as the budget stays
 * exceeded — one step, not a slide to the bottom, so hard work still gets the stronger of the
 * cheaper tiers; fast stays fast. `stop` blocks every request that would call a model.
 * The automated tier costs nothing and is never affected.
 */
export function applyBudgetToTier(tier: Tier, evaluation: BudgetEvaluation): BudgetedTier {
  const which = evaluation.which;
  if (evaluation.state !== 'exceeded' || which === undefined || !isModelTier(tier)) {
    return { kind: 'allowed', tier };
  }
  const reached = `${LABEL[which].toLowerCase()} ${formatUsd(evaluation.limitMicros)} reached`;
  switch (evaluation.action) {
    case 'stop':
      return { kind: 'blocked', message: messageOf({ ...evaluation, which }, 'stop') };
    case 'stepDown': {
      const lower = tierBelow(tier);
      return lower === undefined
        ? { kind: 'allowed', tier, reason: `${reached}: already on the cheapest tier (${tier})` }
        : { kind: 'allowed', tier: lower, reason: `${reached}: stepped down from ${tier} to ${lower}` };
    }
    default:
      return { kind: 'allowed', tier, reason: `${reached}: kept ${tier} (on exceed: warn)` };
  }
}

/**
 * Whole percent of a budget used (held spend included), rounded down so 79.9% never reads "80%"
 * while the state is still ok. Computed from the integers: fraction × 100 would turn 29% into 28.999…
 */
export function percentUsed(status: { readonly spentMicros: number; readonly limitMicros: number; readonly heldMicros?: number }): number {
  return status.limitMicros > 0 ? Math.floor(((status.spentMicros + (status.heldMicros ?? 0)) * 100) / status.limitMicros) : 0;
}

/** What is left of a budget once its spend and its held spend are counted; never below 0. */
export function leftMicros(status: BudgetStatus): number {
  return Math.max(0, status.limitMicros - status.spentMicros - status.heldMicros);
}

/** The budget's label for a sentence: "Session budget", "Daily budget". */
export function budgetLabel(which: BudgetScope): string {
  return LABEL[which];
}

/** "$0.30" or "$0.30 spent + $0.40 held for batches in flight": what a budget has used. */
export function usedText(status: { readonly spentMicros: number; readonly heldMicros: number }): string {
  return status.heldMicros > 0 ? `${formatUsd(status.spentMicros)} spent + ${formatUsd(status.heldMicros)} held for batches in flight` : formatUsd(status.spentMicros);
}

function limitMicros(usd: number | undefined): number | undefined {
  return usd !== undefined && Number.isFinite(usd) && usd > 0 ? Math.round(usd * MICROS_PER_USD) : undefined;
}

function heldOf(spend: BudgetSpend): number {
  const held = spend.heldMicros ?? 0;
  return Number.isFinite(held) && held > 0 ? Math.round(held) : 0;
}

function statusOf(which: BudgetScope, spentMicros: number, heldMicros: number, limit: number): BudgetStatus {
  const used = spentMicros + heldMicros;
  // Integer comparisons: used/limit ≥ 4/5 ⇔ 5·used ≥ 4·limit, with no float rounding at the edge.
  const state: BudgetState = used >= limit ? 'exceeded' : used * 5 >= limit * 4 ? 'warning' : 'ok';
  return { which, state, fraction: used / limit, limitMicros: limit, spentMicros, heldMicros };
}

function messageOf(status: BudgetStatus, action: BudgetAction | undefined): string {
  const which = status.which;
  const spent = formatUsd(status.spentMicros);
  const limit = formatUsd(status.limitMicros);
  const percent = `${percentUsed(status)}%`;
  const held = status.heldMicros > 0 ? formatUsd(status.heldMicros) : undefined;
  switch (status.state) {
    case 'ok':
      return held ? `${LABEL[which]} ${limit}: ${usedText(status)} (${percent}).` : `${LABEL[which]}: ${spent} of ${limit} (${percent}).`;
    case 'warning':
      return held ? `${LABEL[which]} ${percent} used of ${limit}: ${usedText(status)}.` : `${LABEL[which]} ${percent} used: ${spent} of ${limit}.`;
    case 'exceeded': {
      const until = held ? `${RESETS[which]}, a higher budget, or the batches' results (their real cost replaces what is held; a batch whose results cannot be read any more holds until you remove it in the Batches view)` : `${RESETS[which]} or a higher budget`;
      const then =
        action === 'stop'
          ? `Requests that need a model are stopped until ${until}.`
          : action === 'stepDown'
            ? 'Requests now run one tier lower.'
            : 'Requests continue (on exceed: warn).';
      return `${LABEL[which]} ${limit} reached (${held ? `${spent} spent, ${held} held for batches in flight` : `${spent} spent`}). ${then}`;
    }
  }
}
