/**
 * The ledger line check on the hot path: a million lines through zod cost seconds, and almost every
 * line is one the extension wrote. `fastLedgerEntry` accepts only a line it can prove valid under
 * the schemas of spendRecord.ts, with no field the schemas would drop (so the value is the entry
 * as zod would return it); anything else (an unknown or newer field, a null where a field is
 * optional, a time not in toISOString's form, a damaged line) is left to `parseLedgerEntry`, which
 * keeps the one wording of what is wrong. `test/unit/fastLedgerLine.test.ts` checks that the two
 * agree on every line it varies.
 */
import { FEEDBACKS } from './feedback';
import { COMPLETION_OUTCOMES, OUTCOMES, RECORD_ENDPOINTS, RETRY_ACTIONS } from './spendRecord';
import type { LedgerEntry } from './spendRecord';
import { TASK_KINDS } from '../routing/taskKinds';
import { TIERS } from '../routing/tiers';
import { OVERRIDE_SCOPES, SURFACES } from '../routing/request';

type Check = (value: unknown) => boolean;

const oneOf = (values: readonly string[]): Check => {
  const set = new Set(values);
  return (value) => typeof value === 'string' && set.has(value);
};
const literal =
  (expected: unknown): Check =>
  (value) =>
    value === expected;
const string: Check = (value) => typeof value === 'string';
const nonEmpty: Check = (value) => typeof value === 'string' && value.length > 0;
const maxLength =
  (max: number): Check =>
  (value) =>
    typeof value === 'string' && value.length <= max;
const count: Check = (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const countOrNull: Check = (value) => value === null || count(value);
const nonNegative: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const strings: Check = (value) => Array.isArray(value) && value.every((item) => typeof item === 'string');
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of `length` digits at `at`, or -1. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i += 1) {
    const code = text.charCodeAt(i) - 0x30;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Exactly what `new Date().toISOString()` writes (`2026-11-30T18:00:00.000Z`), for a date that exists. */
const isoTime: Check = (value) => {
  if (typeof value !== 'string' || value.length !== 24) return false;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':' || value[19] !== '.' || value[23] !== 'Z') return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return false;
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && digits(value, 20, 3) >= 0;
};

/** An object with these fields (`optional` ones may be absent) and no other own field. */
function object(required: Readonly<Record<string, Check>>, optional: Readonly<Record<string, Check>> = {}): Check {
  // A table without a prototype (a key such as `constructor` finds nothing in it), read with for…in
  // (JSON.parse makes own, enumerable fields only): no array of keys and no Map per object checked.
  const fields = Object.create(null) as Record<string, { readonly check: Check; readonly required: boolean } | undefined>;
  for (const [key, check] of Object.entries(optional)) fields[key] = { check, required: false };
  for (const [key, check] of Object.entries(required)) fields[key] = { check, required: true };
  const requiredCount = Object.keys(required).length;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
    const record = value as Record<string, unknown>;
    let present = 0;
    for (const key in record) {
      const field = fields[key];
      if (field === undefined || !field.check(record[key])) return false;
      if (field.required) present += 1;
    }
    return present === requiredCount;
  };
}

const tier = oneOf(TIERS);
const usage = object(
  { inputTokens: count, outputTokens: count, cacheWrite5mTokens: count, cacheWrite1hTokens: count, cacheReadTokens: count },
  { thinkingTokens: count },
);

const request = object(
  {
    v: literal(1),
    type: literal('request'),
    id: nonEmpty,
    time: isoTime,
    sessionId: string,
    surface: oneOf(SURFACES),
    taskKind: oneOf(TASK_KINDS),
    tier,
    model: string,
    rule: string,
    reasons: strings,
    usage,
    costMicros: countOrNull,
    frontierModel: string,
    frontierCostMicros: countOrNull,
    latencyMs: nonNegative,
    outcome: oneOf(OUTCOMES),
  },
  {
    override: object({ tier, scope: oneOf(OVERRIDE_SCOPES) }),
    errorKind: string,
    conversationId: string,
    usageEstimated: literal(true),
    apiRequestId: maxLength(200),
    endpoint: oneOf(RECORD_ENDPOINTS),
    gatewayCostMicros: count,
    developer: maxLength(64),
    effort: oneOf(['low', 'medium', 'high', 'xhigh', 'max']),
    thinking: oneOf(['adaptive', 'disabled']),
    thinkingCostMicros: count,
    retryOf: object({ id: nonEmpty, action: oneOf(RETRY_ACTIONS) }),
    routedTier: tier,
    folder: maxLength(200),
    languageId: maxLength(100),
  },
);

const feedback = object({ v: literal(1), type: literal('feedback'), id: nonEmpty, time: isoTime, feedback: oneOf(FEEDBACKS) });
const completionOutcome = object({ v: literal(1), type: literal('completionOutcome'), id: nonEmpty, time: isoTime, outcome: oneOf(COMPLETION_OUTCOMES) });

/** The parsed line as an entry when it is provably valid as it is; undefined means "ask the schema". */
export function fastLedgerEntry(value: unknown): LedgerEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  const check = type === 'request' ? request : type === 'completionOutcome' ? completionOutcome : type === 'feedback' ? feedback : undefined;
  return check !== undefined && check(value) ? (value as LedgerEntry) : undefined;
}
