/**
 * Ledger lines for the learning tests, each validated by the ledger's own schema, so a fixture
 * cannot hold a line the file store would reject.
 */
import type { LedgerEntry } from '../../src/core/spend/spendRecord';
import { parseLedgerLine } from '../../src/core/spend/spendRecord';
import { request } from './spendFixtures';

type Extra = Parameters<typeof request>[0];

/** A request line at a local time, validated as the file store would. */
export function at(id: string, local: Date, session: string, fields: Extra = {}): LedgerEntry {
  return validated({ ...request(fields), v: 1, type: 'request', id, time: local.toISOString(), sessionId: session });
}

/** A feedback or completion-outcome line. */
export function note(id: string, local: Date, fields: { feedback: string } | { outcome: string }): LedgerEntry {
  return validated({ v: 1, type: 'feedback' in fields ? 'feedback' : 'completionOutcome', id, time: local.toISOString(), ...fields });
}

function validated(value: unknown): LedgerEntry {
  const parsed = parseLedgerLine(JSON.stringify(value));
  if (!parsed.ok) throw new Error(`fixture line rejected by the ledger's schema: ${parsed.error}`);
  return parsed.entry;
}

