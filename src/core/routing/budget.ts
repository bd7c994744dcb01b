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
  const session = limitMicros(budget.sessionUsd);
  if (session !== undefined) {
    budgets.push(statusOf('session', spend.session.costMicros, session));
  }
  const daily = limitMicros(budget.dailyUsd);
  if (daily !== undefined) {
    budgets.push(statusOf('daily', spend.today.costMicros, daily));
  }
  const worst = budgets.reduce<BudgetStatus | undefined>(
    (a, b) =>
      a === undefined || STATE_RANK[b.state] > STATE_RANK[a.state] || (b.state === a.state && b.fraction > a.fraction)
        ? b
        : a,
    undefined,
  );
  if (worst === undefined) {
    return { state: 'ok', fraction: 0, limitMicros: 0, spentMicros: 0, message: 'No budget set.', budgets };
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
 * Whole percent of a budget used, rounded down so 79.9% never reads "80%" while the state is
 * still ok. Computed from the integers: fraction × 100 would turn 29% into 28.999…
 */
export function percentUsed(status: { readonly spentMicros: number; readonly limitMicros: number }): number {
  return status.limitMicros > 0 ? Math.floor((status.spentMicros * 100) / status.limitMicros) : 0;
}

function limitMicros(usd: number | undefined): number | undefined {
  return usd !== undefined && Number.isFinite(usd) && usd > 0 ? Math.round(usd * MICROS_PER_USD) : undefined;
}

function statusOf(which: BudgetScope, spentMicros: number, limit: number): BudgetStatus {
  // Integer comparisons: spent/limit ≥ 4/5 ⇔ 5·spent ≥ 4·limit, with no float rounding at the edge.
  const state: BudgetState = spentMicros >= limit ? 'exceeded' : spentMicros * 5 >= limit * 4 ? 'warning' : 'ok';
  return { which, state, fraction: spentMicros / limit, limitMicros: limit, spentMicros };
}

function messageOf(status: BudgetStatus, action: BudgetAction | undefined): string {
  const which = status.which;
  const spent = formatUsd(status.spentMicros);
  const limit = formatUsd(status.limitMicros);
  const percent = `${percentUsed(status)}%`;
  switch (status.state) {
    case 'ok':
      return `${LABEL[which]}: ${spent} of ${limit} (${percent}).`;
    case 'warning':
      return `${LABEL[which]} ${percent} used: ${spent} of ${limit}.`;
    case 'exceeded': {
      const then =
        action === 'stop'
          ? `Requests that need a model are stopped until ${RESETS[which]} or a higher budget.`
          : action === 'stepDown'
            ? 'Requests now run one tier lower.'
            : 'Requests continue (on exceed: warn).';
      return `${LABEL[which]} ${limit} reached (${spent} spent). ${then}`;
    }
  }
}
