/**
 * Exporting the ledger: CSV for spreadsheets (one row per request, feedback and completion
 * outcomes folded in) and JSONL
 * exactly as stored. Values are quoted so a reason with a comma or a formula-like start cannot
 * break a row or run in a spreadsheet.
 */
import { advancesCompletion } from './spendRecord';
import type { CompletionOutcome, Feedback, LedgerEntry, SpendRecord } from './spendRecord';

const COLUMNS = [
  'time', 'sessionId', 'surface', 'taskKind', 'tier', 'model', 'rule', 'override', 'inputTokens', 'outputTokens',
  'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'costUsd', 'frontierModel', 'frontierCostUsd',
  'latencyMs', 'outcome', 'errorKind', 'feedback', 'completion', 'usageEstimated', 'apiRequestId', 'reasons',
] as const;

interface Later {
  feedback?: Feedback;
  completion?: CompletionOutcome;
}

export function ledgerToCsv(entries: readonly LedgerEntry[]): string {
  const later = new Map<string, Later>();
  for (const entry of entries) {
    if (entry.type === 'request') continue;
    const known = later.get(entry.id) ?? {};
    if (entry.type === 'feedback') known.feedback = entry.feedback;
    else if (advancesCompletion(known.completion, entry.outcome)) known.completion = entry.outcome;
    later.set(entry.id, known);
  }
  const lines = [COLUMNS.join(',')];
  for (const entry of entries) {
    if (entry.type !== 'request') continue;
    lines.push(COLUMNS.map((column) => csvCell(valueOf(entry, column, later.get(entry.id) ?? {}))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One entry per line; with a `developer` label (the `team.developer` setting) each request carries it. */
export function ledgerToJsonl(entries: readonly LedgerEntry[], developer = ''): string {
  const labelled = developer === '' ? entries : entries.map((entry) => (entry.type === 'request' ? { ...entry, developer } : entry));
  return labelled.map((entry) => JSON.stringify(entry)).join('\n') + (labelled.length > 0 ? '\n' : '');
}

function valueOf(record: SpendRecord, column: (typeof COLUMNS)[number], later: Later): string | number {
  const usd = (micros: number | null) => (micros === null ? 'unpriced' : (micros / 1_000_000).toFixed(6));
  switch (column) {
    case 'override':
      return record.override ? `${record.override.tier} (${record.override.scope})` : '';
    case 'inputTokens':
    case 'outputTokens':
    case 'cacheReadTokens':
    case 'cacheWrite5mTokens':
    case 'cacheWrite1hTokens':
      return record.usage[column];
    case 'costUsd':
      return usd(record.costMicros);
    case 'frontierCostUsd':
      return usd(record.frontierCostMicros);
    case 'feedback':
      return later.feedback ?? '';
    case 'completion':
      return later.completion ?? '';
    case 'usageEstimated':
      return record.usageEstimated ? 'yes' : '';
    case 'apiRequestId':
      return record.apiRequestId ?? '';
    case 'reasons':
      return record.reasons.join(' | ');
    case 'errorKind':
      return record.errorKind ?? '';
    default:
      return record[column];
  }
}

function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  // A leading =, +, - or @ would be run as a formula by spreadsheet programs, and so would one after a tab or CR.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
