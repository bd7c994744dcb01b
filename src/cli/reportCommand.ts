/**
 * `model-router report --ledger FILE...`: what one or more ledgers spent (the extension's monthly
 * files or its folder, JSONL exports of several developers), in total and by day, week, tier,
 * model, task kind or surface; with `--review`, the weekly routing review (reviewOutput.ts). Files are streamed, so a ledger of any size costs a chunk of memory
 * and one row per group.
 */
import { parseArgs } from 'node:util';
import { formatUsd } from '../core/money';
import { LedgerReportBuilder, parseSince, REPORT_GROUPINGS } from '../core/spend/ledgerReport';
import type { LedgerReport, ReportGrouping, ReportRow } from '../core/spend/ledgerReport';
import { LedgerSourceError, ledgerSources, readLedgerSource } from '../node/ledgerSources';
import { buildWeeklyReview, REVIEW_WEEKS } from '../core/learning/weeklyReview';
import { weeksUpTo } from '../core/learning/weeks';
import type { LedgerEntry } from '../core/spend/spendRecord';
import type { CliIo } from './io';
import { InputError, UsageError } from './io';
import { loadPolicy } from './policyOption';
import { printReview, reviewJson } from './reviewOutput';

export const REPORT_USAGE = `model-router report --ledger FILE|FOLDER [--ledger FILE|FOLDER]... [--since DATE|Nd] [--by ${REPORT_GROUPINGS.join('|')}] [--review [--policy FILE]] [--json]`;

/** Damaged lines quoted one by one before the rest are only counted. */
const MAX_QUOTED = 20;

export async function reportCommand(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ledger: { type: 'string', multiple: true }, since: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' }, review: { type: 'boolean' }, policy: { type: 'string' } },
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}": name each ledger with --ledger`);
  const names = values.ledger ?? [];
  if (names.length === 0) throw new UsageError('--ledger is required: a ledger file, the ledger folder or a JSONL export (repeat it for several)');
  if (names.some((name) => name.trim() === '')) throw new UsageError('--ledger needs a file or folder name, not an empty string');
  const by = groupingOf(values.by);
  if (values.review && (by !== undefined || values.since !== undefined)) throw new UsageError('--review shows the eight weeks ending today; leave out --by and --since');
  if (values.policy !== undefined && !values.review) throw new UsageError('--policy applies to --review (its learning thresholds and taskKinds)');
  const policy = values.review ? await loadPolicy(values.policy, io) : undefined;
  const reviewSince = weeksUpTo(now(), REVIEW_WEEKS)[0].startMs;
  const recent: LedgerEntry[] = [];
  const seen = new Set<string>();
  let sinceMs: number | undefined;
  if (values.since !== undefined) {
    const since = parseSince(values.since, now());
    if (!since.ok) throw new UsageError(since.error);
    sinceMs = since.ms;
  }

  let found;
  try {
    found = await ledgerSources(names);
  } catch (error) {
    if (error instanceof LedgerSourceError) throw new InputError(error.message);
    throw error;
  }
  for (const skip of found.skipped) io.err(`model-router report: ${skip.path} is left out: ${skip.reason}`);

  const builder = new LedgerReportBuilder({ ...(by === undefined ? {} : { by }), ...(sinceMs === undefined ? {} : { sinceMs }) });
  const files: { path: string; entries: number; damagedLines: number }[] = [];
  let damaged = 0;
  for (const source of found.sources) {
    const read = await readLedgerSource(
      source.path,
      (entry) => {
        builder.add(entry, { file: source.path });
        // The same export named twice, or a developer's file copied, counts once in the review too.
        const key = `${entry.type}:${entry.id}:${entry.time}`;
        if (policy !== undefined && Date.parse(entry.time) >= reviewSince && !seen.has(key)) {
          seen.add(key);
          recent.push(entry);
        }
      },
      (where, problem) => {
        damaged += 1;
        if (damaged <= MAX_QUOTED) io.err(`warning: ${where}: skipped, ${problem}`);
      },
    );
    if (read.entries === 0 && read.damaged > 0) {
      throw new InputError(`${source.path} is not a ledger: none of its ${read.damaged} lines is a ledger entry (${read.firstProblem ?? 'unreadable'}). Name the ledger folder or a JSONL export of the spend report.`);
    }
    files.push({ path: source.path, entries: read.entries, damagedLines: read.damaged });
  }
  if (damaged > MAX_QUOTED) io.err(`warning: ${damaged - MAX_QUOTED} more damaged lines skipped (${damaged} in all)`);

  if (policy !== undefined) {
    const review = buildWeeklyReview(recent, { now: now(), policy });
    if (values.json) io.out(JSON.stringify(reviewJson(review), null, 2));
    else printReview(review, io);
    return 0;
  }
  const report = builder.report();
  if (values.json) io.out(JSON.stringify(toJson(report, files, found.skipped, sinceMs, damaged), null, 2));
  else printReport(report, files.length, damaged, sinceMs, io);
  return 0;
}

function groupingOf(value: string | undefined): ReportGrouping | undefined {
  if (value === undefined) return undefined;
  if ((REPORT_GROUPINGS as readonly string[]).includes(value)) return value as ReportGrouping;
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new UsageError(`--by takes ${REPORT_GROUPINGS.join(', ')}, not "${shown}"`);
}

const usd = (micros: number) => micros / 1_000_000;

function rowJson(row: ReportRow): Record<string, unknown> {
  return {
    requests: row.requests,
    costUsd: usd(row.costMicros),
    unpricedRequests: row.unpricedRequests,
    frontierCostUsd: usd(row.frontierCostMicros),
    savingsUsd: usd(row.savingsMicros),
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheReadTokens: row.cacheReadTokens,
    cacheWriteTokens: row.cacheWriteTokens,
    errors: row.errors,
    cancelled: row.cancelled,
    localRequests: row.localRequests,
    gatewayRequests: row.gatewayRequests,
    gatewayCostUsd: usd(row.gatewayCostMicros),
    gatewayEstimateUsd: usd(row.gatewayEstimateMicros),
  };
}

function toJson(report: LedgerReport, files: readonly unknown[], skipped: readonly unknown[], sinceMs: number | undefined, damaged: number): Record<string, unknown> {
  return {
    ...rowJson(report.total),
    first: report.first ?? null,
    last: report.last ?? null,
    since: sinceMs === undefined ? null : new Date(sinceMs).toISOString(),
    beforeSince: report.beforeSince,
    by: report.by ?? null,
    rows: report.rows.map((row) => ({ key: row.key, ...rowJson(row) })),
    files,
    skippedFiles: skipped,
    damagedLines: damaged,
  };
}

function printReport(report: LedgerReport, fileCount: number, damaged: number, sinceMs: number | undefined, io: CliIo): void {
  const { total } = report;
  const span = report.first === undefined ? 'no requests' : `${report.first.slice(0, 10)} to ${report.last?.slice(0, 10) ?? ''}`;
  const since = sinceMs === undefined ? '' : `, since ${new Date(sinceMs).toISOString()} (${report.beforeSince} earlier left out)`;
  io.out(`${total.requests} requests from ${fileCount} ledger file${fileCount === 1 ? '' : 's'}, ${span}${since}`);
  const row = (label: string, requests: string, cost: string, saved: string, share: string) =>
    io.out(`${label.padEnd(30)}${requests.padStart(10)}  ${cost.padStart(12)}  ${saved.padStart(14)}  ${share.padStart(6)}`);
  row(report.by ?? '', 'requests', 'cost', 'vs frontier', 'share');
  const shareOf = (micros: number) => (total.costMicros > 0 ? `${((micros / total.costMicros) * 100).toFixed(1)}%` : '—');
  for (const group of report.rows) row(group.key.length > 29 ? `${group.key.slice(0, 28)}…` : group.key, String(group.requests), formatUsd(group.costMicros), formatUsd(group.savingsMicros), shareOf(group.costMicros));
  row('total', String(total.requests), formatUsd(total.costMicros), formatUsd(total.savingsMicros), total.costMicros > 0 ? '100%' : '—');
  if (total.unpricedRequests > 0) io.out(`${total.unpricedRequests} requests were on unpriced models: counted, not in the cost`);
  if (total.errors + total.cancelled > 0) io.out(`${total.errors} failed and ${total.cancelled} cancelled requests are included (what they were billed)`);
  if (total.localRequests > 0) io.out(`${total.localRequests} requests ran on a local server (at $0 unless the developer's prices say otherwise)`);
  if (total.gatewayRequests > 0) {
    const difference = total.gatewayCostMicros - total.gatewayEstimateMicros;
    io.out(`The gateway billed ${formatUsd(total.gatewayCostMicros)} for ${total.gatewayRequests} requests; Model Router estimated ${formatUsd(total.gatewayEstimateMicros)} for them (${difference >= 0 ? '+' : '−'}${formatUsd(Math.abs(difference))} billed ${difference >= 0 ? 'above' : 'below'} the estimate)`);
  }
  if (damaged > 0) io.out(`${damaged} damaged lines were skipped (see the warnings)`);
}
