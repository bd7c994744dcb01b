/**
 * The spend report of one or more ledgers, folded one entry at a time so any number of entries
 * costs the same memory: a running total and one row per group (a day, a week, a tier, a model, a
 * task kind, a surface), never the entries themselves. `model-router report` feeds it from files;
 * it counts requests as the extension's totals do (every request, failed and cancelled ones too,
 * unpriced ones apart and never as $0).
 */
import { weekOf } from '../learning/weeks';
import { localDay } from './spendTotals';
import type { LedgerEntry, SpendRecord } from './spendRecord';

export const REPORT_GROUPINGS = ['day', 'week', 'tier', 'model', 'taskKind', 'surface', 'developer'] as const;
/** What `--by` groups the requests by. */
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/**
 * Where an entry was read from. A grouping receives it with the record, so one that needs more
 * than the record (a developer's name for a team's exports, issue 18) is one more entry in
 * GROUP_KEYS reading a field added here (or on the record), with no change to the folding.
 */
export interface ReportSource {
  /** The file, as given or found in a folder. */
  readonly file: string;
}

const GROUP_KEYS: Readonly<Record<ReportGrouping, (record: SpendRecord, time: Date, source: ReportSource) => string>> = {
  day: (_record, time) => localDay(time),
  week: (_record, time) => weekOf(time).key,
  tier: (record) => record.tier,
  model: (record) => record.model,
  taskKind: (record) => record.taskKind,
  surface: (record) => record.surface,
  // The label of a developer's export (`team.developer`); never guessed from the file's name.
  developer: (record) => record.developer ?? '(no developer label)',
};

/** Groupings whose rows read in time order; the others are listed by cost, highest first. */
const BY_TIME: ReadonlySet<ReportGrouping> = new Set(['day', 'week']);

/** What a set of requests cost. Money in integer micro-dollars. */
export interface ReportRow {
  readonly key: string;
  readonly requests: number;
  /** Priced requests only. */
  readonly costMicros: number;
  readonly unpricedRequests: number;
  /** What the same usage would have cost on the frontier model, where it is priced. */
  readonly frontierCostMicros: number;
  /** Frontier cost − cost, over requests where both are priced (negative if routing cost more). */
  readonly savingsMicros: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly errors: number;
  readonly cancelled: number;
  /** Requests served by a developer's local server ($0 unless their prices say otherwise). */
  readonly localRequests: number;
  /** Requests whose gateway reported what it billed, that bill, and Model Router's estimate of the same requests. */
  readonly gatewayRequests: number;
  readonly gatewayCostMicros: number;
  readonly gatewayEstimateMicros: number;
}

/** The report: everything counted, and the rows of the grouping if one was asked for. */
export interface LedgerReport {
  readonly total: ReportRow;
  readonly by?: ReportGrouping;
  readonly rows: readonly ReportRow[];
  /** Time of the first and the last request counted (ISO 8601), when any was. */
  readonly first?: string;
  readonly last?: string;
  /** Requests before `since`, not counted. */
  readonly beforeSince: number;
  /** Feedback and completion outcomes read (they change no cost). */
  readonly annotations: number;
}

type MutableRow = { -readonly [K in keyof ReportRow]: ReportRow[K] };

function emptyRow(key: string): MutableRow {
  return { key, requests: 0, costMicros: 0, unpricedRequests: 0, frontierCostMicros: 0, savingsMicros: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, errors: 0, cancelled: 0, localRequests: 0, gatewayRequests: 0, gatewayCostMicros: 0, gatewayEstimateMicros: 0 };
}

function addTo(row: MutableRow, record: SpendRecord): void {
  row.requests += 1;
  if (record.costMicros === null) row.unpricedRequests += 1;
  else row.costMicros += record.costMicros;
  if (record.frontierCostMicros !== null) row.frontierCostMicros += record.frontierCostMicros;
  if (record.costMicros !== null && record.frontierCostMicros !== null) row.savingsMicros += record.frontierCostMicros - record.costMicros;
  row.inputTokens += record.usage.inputTokens;
  row.outputTokens += record.usage.outputTokens;
  row.cacheReadTokens += record.usage.cacheReadTokens;
  row.cacheWriteTokens += record.usage.cacheWrite5mTokens + record.usage.cacheWrite1hTokens;
  if (record.outcome === 'error') row.errors += 1;
  if (record.outcome === 'cancelled') row.cancelled += 1;
  if (record.endpoint === 'local') row.localRequests += 1;
  if (record.gatewayCostMicros !== undefined) {
    row.gatewayRequests += 1;
    row.gatewayCostMicros += record.gatewayCostMicros;
    row.gatewayEstimateMicros += record.costMicros ?? 0;
  }
}

/** Folds entries into a report; see the file comment. */
export class LedgerReportBuilder {
  private readonly total = emptyRow('total');
  private readonly groups = new Map<string, MutableRow>();
  private firstMs = Infinity;
  private lastMs = -Infinity;
  private beforeSince = 0;
  private annotations = 0;

  constructor(private readonly options: { readonly by?: ReportGrouping; readonly sinceMs?: number } = {}) {}

  add(entry: LedgerEntry, source: ReportSource): void {
    if (entry.type !== 'request') {
      this.annotations += 1;
      return;
    }
    const time = new Date(entry.time);
    const ms = time.getTime();
    if (this.options.sinceMs !== undefined && ms < this.options.sinceMs) {
      this.beforeSince += 1;
      return;
    }
    addTo(this.total, entry);
    this.firstMs = Math.min(this.firstMs, ms);
    this.lastMs = Math.max(this.lastMs, ms);
    const by = this.options.by;
    if (by === undefined) return;
    const key = GROUP_KEYS[by](entry, time, source);
    let row = this.groups.get(key);
    if (row === undefined) {
      row = emptyRow(key);
      this.groups.set(key, row);
    }
    addTo(row, entry);
  }

  report(): LedgerReport {
    const by = this.options.by;
    const rows = [...this.groups.values()].sort(by !== undefined && BY_TIME.has(by) ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.costMicros - a.costMicros || b.requests - a.requests || a.key.localeCompare(b.key));
    const counted = this.total.requests > 0;
    return {
      total: { ...this.total },
      ...(by === undefined ? {} : { by }),
      rows: rows.map((row) => ({ ...row })),
      ...(counted ? { first: new Date(this.firstMs).toISOString(), last: new Date(this.lastMs).toISOString() } : {}),
      beforeSince: this.beforeSince,
      annotations: this.annotations,
    };
  }
}

/**
 * Reads `--since`: a day (`2026-11-01`, local midnight, as the report's days are local), a date and
 * time in ISO 8601, or a number of days back (`30d`, from local midnight `now`). The error says
 * which forms are accepted.
 */
export function parseSince(text: string, now: Date): { ok: true; ms: number } | { ok: false; error: string } {
  const value = text.trim();
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  const daysBack = /^(\d{1,5})d$/.exec(value);
  if (daysBack) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - Number(daysBack[1]));
    return { ok: true, ms: day.getTime() };
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const local = new Date(year, month - 1, date);
    if (local.getFullYear() !== year || local.getMonth() !== month - 1 || local.getDate() !== date) return { ok: false, error: `--since ${shown} is not a calendar day` };
    return { ok: true, ms: local.getTime() };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return { ok: true, ms };
  }
  return { ok: false, error: `--since takes a day (2026-11-01), a time with its zone (2026-11-01T09:00:00Z) or a number of days back (30d), not "${shown}"` };
}
