/**
 * Shared builders for the spend tests: a plausible request, and a ledger on a fixed clock whose
 * days are UTC dates so the tests pass in every time zone.
 */
import { Ledger } from '../../src/core/spend/ledger';
import type { RequestInput } from '../../src/core/spend/ledger';
import { MemoryLedgerStore } from '../../src/core/spend/ledgerStore';
import type { LedgerStore } from '../../src/core/spend/ledgerStore';
import { usageOf } from '../../src/core/model/usage';

/** A finished balanced-tier chat request: $0.007 spent, $0.014 had it gone to the frontier model. */
export function request(overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    surface: 'chat',
    taskKind: 'tests',
    tier: 'balanced',
    model: 'claude-sonnet-5-5',
    rule: 'taskKind:tests',
    reasons: ['tests → balanced'],
    usage: usageOf({ inputTokens: 1000, outputTokens: 500 }),
    costMicros: 7_000,
    frontierModel: 'claude-opus-5-5',
    frontierCostMicros: 14_000,
    latencyMs: 1200,
    outcome: 'ok',
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public now: Date) {}

  readonly read = (): Date => this.now;

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

/** Day keys in UTC, so results do not depend on the machine's time zone. */
export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/** A ledger on a manual clock with sequential ids ("r1", "r2", … after an optional prefix). */
export function testLedger(
  options: { store?: LedgerStore; sessionId?: string; clock?: ManualClock; idPrefix?: string } = {},
): {
  ledger: Ledger;
  clock: ManualClock;
  store: LedgerStore;
} {
  const clock = options.clock ?? new ManualClock(new Date('2026-11-20T10:00:00Z'));
  const store = options.store ?? new MemoryLedgerStore();
  let next = 0;
  const ledger = new Ledger({
    store,
    sessionId: options.sessionId ?? 'session-1',
    clock: clock.read,
    dayOf: utcDay,
    newId: () => `${options.idPrefix ?? ''}r${++next}`,
  });
  return { ledger, clock, store };
}
