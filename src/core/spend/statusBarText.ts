/**
 * What the status bar shows about spend: a humble view. This pure function turns a ledger
 * snapshot and the budget verdict into text, a Markdown tooltip and a severity; the VS Code
 * adapter only assigns them. The text stays short enough for a crowded status bar; the tooltip
 * holds the detail.
 */
import { COMMANDS } from '../commands';
import { percentUsed, usedText } from '../routing/budget';
import type { BudgetEvaluation, BudgetScope, BudgetStatus } from '../routing/budget';
import { formatUsd } from '../money';
import { formatTokens } from '../model/tokens';
import type { OverrideScope } from '../routing/request';
import type { GroupTotals, SpendSnapshot, Totals } from './spendTotals';
import { groupOfTotals } from './spendTotals';
import { TASK_KIND_INFO } from '../routing/taskKinds';
import type { TaskKind } from '../routing/taskKinds';
import { TIER_LABELS, TIERS } from '../routing/tiers';
import type { Tier } from '../routing/tiers';

/** The user's tier override in force, if any. `taskKind` names the kind a pin applies to. */
export interface ActiveOverride {
  readonly tier: Tier;
  readonly scope: OverrideScope;
  readonly taskKind?: TaskKind;
}

export type SpendSeverity = 'normal' | 'warning' | 'error';

/** Status bar content: `text` may use codicons (`$(name)`); `tooltip` is Markdown. */
export interface SpendView {
  readonly text: string;
  readonly tooltip: string;
  readonly severity: SpendSeverity;
}

export interface SpendViewOptions {
  /** Demo mode: answers come from the built-in simulator, so the figures are not real spend. */
  readonly demo?: boolean;
  /** Task kinds pinned to a tier (modelRouter.policy.pins), listed so a forgotten pin is seen. */
  readonly pins?: Readonly<Partial<Record<TaskKind, Tier>>>;
  /** The user's local server and the tiers it serves, when any do (modelRouter.tiers.<tier>.endpoint). */
  readonly local?: { readonly model: string; readonly url: string; readonly tiers: readonly Tier[] };
  /** The routing suggestion waiting for the user's Apply, Not now or Never (src/core/learning/suggestions.ts). */
  readonly suggestion?: string;
}

const ICON: Readonly<Record<SpendSeverity, string>> = { normal: '$(pulse)', warning: '$(warning)', error: '$(error)' };
const BUDGET_NAME: Readonly<Record<BudgetScope, string>> = { session: 'session', daily: 'daily' };

/**
 * Describes session spend for the status bar, e.g. `$(pulse) $0.42 · saved $1.87 · ⚑ frontier (session)`.
 * Severity follows the budget: warning from 80%, error from 100%.
 */
export function describeSpend(
  snapshot: SpendSnapshot,
  budget: BudgetEvaluation,
  override?: ActiveOverride,
  options: SpendViewOptions = {},
): SpendView {
  const severity: SpendSeverity =
    budget.state === 'exceeded' ? 'error' : budget.state === 'warning' ? 'warning' : 'normal';
  const session = snapshot.session;
  const parts = [[ICON[severity], options.demo === true ? 'DEMO' : '', formatUsd(session.costMicros)].filter(Boolean).join(' ')];
  if (session.savingsMicros > 0) {
    parts.push(`saved ${formatUsd(session.savingsMicros)}`);
  }
  if (session.unpricedRequests > 0) {
    parts.push(`${session.unpricedRequests} unpriced`);
  }
  if (snapshot.loading === true) {
    // Until the history is read the figures hold only this window's new requests.
    parts.push('loading');
  }
  if (budget.state !== 'ok' && budget.which !== undefined) {
    parts.push(`${percentUsed(budget)}% of ${BUDGET_NAME[budget.which]} budget`);
  }
  if (override !== undefined) {
    parts.push(`⚑ ${override.tier} (${overrideScopeText(override)})`);
  }
  if (options.suggestion !== undefined) parts.push('$(lightbulb) suggestion');
  return { text: parts.join(' · '), tooltip: tooltipOf(snapshot, budget, override, options), severity };
}

function tooltipOf(
  snapshot: SpendSnapshot,
  budget: BudgetEvaluation,
  override: ActiveOverride | undefined,
  options: SpendViewOptions,
): string {
  const session = snapshot.session;
  const blocks: string[] = [
    options.demo === true
      ? '**Model Router — this session** · DEMO: simulated answers, costs as real requests would be'
      : '**Model Router — this session**',
  ];
  if (snapshot.loading === true) blocks.push('_Reading the spend history: the figures so far count only requests from this window._');
  blocks.push(session.requests === 0 ? 'No requests yet this session.' : tierTable(session));
  blocks.push(savingsLine(session));
  const unpriced = [...session.byModel].filter(([, group]) => group.unpricedRequests > 0).map(([model]) => model);
  if (unpriced.length > 0) {
    blocks.push(
      `${session.unpricedRequests} ${plural(session.unpricedRequests, 'request')} on unpriced models ` +
        `(${unpriced.map((model) => `\`${escapeCode(model)}\``).join(', ')}) not included in the totals.`,
    );
  }
  blocks.push(`Today: ${formatUsd(snapshot.today.costMicros)} across ${snapshot.today.requests} ${plural(snapshot.today.requests, 'request')}.`);
  blocks.push(budget.budgets.length === 0 ? 'No budget set.' : budget.budgets.map(budgetLine).join('  \n'));
  if (budget.state === 'exceeded') {
    blocks.push(`**${budget.message}**`);
  }
  if (override !== undefined) {
    blocks.push(`Override: **${override.tier}** (${overrideScopeText(override)}).`);
  }
  const local = localLine(session, options.local);
  if (local !== undefined) blocks.push(local);
  const pins = pinsLine(options.pins);
  if (pins !== undefined) blocks.push(pins);
  if (options.suggestion !== undefined) {
    blocks.push(`$(lightbulb) **Routing suggestion:** ${escapeMarkdown(options.suggestion)} [Review it in the Spend Report](command:${COMMANDS.spendReport.id}) (Apply, Not now or Never).`);
  }
  blocks.push('_Click for the Model Router menu._');
  return blocks.join('\n\n');
}

/** "Local: **fast** runs `qwen2.5-coder:7b` on http://localhost:11434 — 3 requests, $0.00 this session." */
function localLine(session: Totals, local: SpendViewOptions['local']): string | undefined {
  if (local === undefined || local.tiers.length === 0) return undefined;
  const group = session.byModel.get(local.model);
  const tiers = local.tiers.map((tier) => `**${tier}**`).join(', ');
  const used = group === undefined ? 'no requests yet' : `${group.requests} ${plural(group.requests, 'request')}, ${formatUsd(group.costMicros)}`;
  return `Local: ${tiers} ${local.tiers.length > 1 ? 'run' : 'runs'} \`${escapeCode(local.model)}\` on \`${escapeCode(local.url)}\` — ${used} this session.`;
}

/** "Pinned: every **refactor** → frontier, …", with where to remove them; undefined without pins. */
function pinsLine(pins: SpendViewOptions['pins']): string | undefined {
  const entries = Object.entries(pins ?? {}) as Array<[TaskKind, Tier]>;
  if (entries.length === 0) return undefined;
  const list = entries.map(([kind, tier]) => `**${TASK_KIND_INFO[kind]?.label ?? kind}** → ${tier}`).join(', ');
  return `Pinned: ${list}. [Choose Tier](command:${COMMANDS.chooseTier.id}) removes a pin.`;
}

function tierTable(totals: Totals): string {
  const rows = TIERS.filter((tier) => totals.byTier[tier].requests > 0).map((tier) =>
    row(TIER_LABELS[tier], totals.byTier[tier], false),
  );
  const all = groupOfTotals(totals);
  return [
    '| Tier | Requests | Tokens in / out | Cache read / write | Cost |',
    '|:--|--:|--:|--:|--:|',
    ...rows,
    row('Session', all, true),
  ].join('\n');
}

function row(label: string, group: GroupTotals, bold: boolean): string {
  const cost = formatUsd(group.costMicros) + (group.unpricedRequests > 0 ? ` + ${group.unpricedRequests} unpriced` : '');
  const cells = [
    label,
    String(group.requests),
    `${formatTokens(group.inputTokens)} / ${formatTokens(group.outputTokens)}`,
    `${formatTokens(group.cacheReadTokens)} / ${formatTokens(group.cacheWriteTokens)}`,
    cost,
  ];
  return `| ${cells.map((cell) => (bold ? `**${cell}**` : cell)).join(' | ')} |`;
}

function savingsLine(totals: Totals): string {
  if (totals.savingsBasisMicros === 0) {
    return 'Savings against all-frontier: nothing to compare yet.';
  }
  const percent = Math.round((Math.abs(totals.savingsMicros) * 100) / totals.savingsBasisMicros);
  const frontier = formatUsd(totals.savingsBasisMicros);
  return totals.savingsMicros >= 0
    ? `Saved **${formatUsd(totals.savingsMicros)}** (${percent}%) against sending everything to the frontier model (${frontier}).`
    : `Cost **${formatUsd(-totals.savingsMicros)} more** (${percent}%) than the frontier model would have (${frontier}).`;
}

function budgetLine(status: BudgetStatus): string {
  const name = status.which === 'session' ? 'Session budget' : 'Daily budget';
  const flag = status.state === 'exceeded' ? ' — **reached**' : status.state === 'warning' ? ' — nearly used up' : '';
  // Held spend (batches in flight, at their estimate) counts against the budget until their results are recorded.
  const used = status.heldMicros > 0 ? `${usedText(status)}, of` : `${formatUsd(status.spentMicros)} of`;
  return `${name}: ${used} ${formatUsd(status.limitMicros)} (${percentUsed(status)}%)${flag}`;
}

function overrideScopeText(override: ActiveOverride): string {
  switch (override.scope) {
    case 'next':
      return 'next request';
    case 'session':
      return 'session';
    case 'taskKind':
      return override.taskKind === undefined ? 'pinned' : `pinned for ${TASK_KIND_INFO[override.taskKind].label}`;
  }
}

/** The suggestion's words are the extension's own, but a Markdown character in a label must stay text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, (char) => `\\${char}`);
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/**
 * Model ids come from settings, a team file or another window's ledger, and the tooltip is trusted
 * Markdown: anything outside a model id's characters (a backtick, a blank line, `![`, `](`) becomes
 * `?`, so an id can neither end its code span nor load an image or add a link.
 */
function escapeCode(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._:@/-]/g, '?');
  return safe.length > 100 ? `${safe.slice(0, 100)}…` : safe;
}
