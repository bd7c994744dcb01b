/**
 * The totals snapshot: a small JSON file beside the ledger with the session-independent totals
 * (all time, recent days, recent sessions, the index of requests that can still be annotated) and
 * the position in the ledger's files it covers. Activation reads it and only the lines written
 * after that position, so it costs kilobytes whatever the ledger's size. Everything read back is
 * validated: a damaged or foreign snapshot is a problem, and the ledger is then read in full.
 */
import * as z from 'zod';
import { TASK_KINDS } from '../routing/taskKinds';
import type { TaskKind } from '../routing/taskKinds';
import { TIERS } from '../routing/tiers';
import { completionOutcomeEntrySchema, COMPLETION_OUTCOMES, feedbackEntrySchema, FEEDBACKS, OUTCOMES } from './spendRecord';
import type { Annotation } from './spendRecord';
import type { IndexEntry, LedgerTotalsState } from './ledgerTotals';
import { EMPTY_GROUP, EMPTY_TOTALS } from './spendTotals';
import type { GroupTotals, Totals } from './spendTotals';

/** Where a snapshot ends, per file of the ledger: bytes covered and a fingerprint of them. */
export interface SegmentPosition {
  readonly name: string;
  readonly offset: number;
  /** The store's fingerprint of the covered bytes, so a replaced or truncated file is noticed. */
  readonly check: string;
}
export type LedgerPosition = readonly SegmentPosition[];

/** A snapshot as stored. */
export interface LedgerSnapshotFile {
  readonly position: LedgerPosition;
  readonly state: LedgerTotalsState;
}

const count = z.number().int().nonnegative();
// Savings are negative when routing cost more than the frontier would have, so sums are any integer.
const sum = z.number().int();
// The numeric fields are checked as a whole against SHAPE, so a field added to the totals later
// makes an older snapshot outdated (read in full once) rather than silently missing.
const group = z.record(z.string(), sum);
const countsOf = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((key) => [key, count])) as Record<K, typeof count>);
const totalsSchema = z
  .object({
    usage: z.record(z.string(), count),
    byTier: z.object(Object.fromEntries(TIERS.map((tier) => [tier, group])) as Record<(typeof TIERS)[number], typeof group>),
    byModel: z.array(z.tuple([z.string(), group])),
    byTaskKind: z.array(z.tuple([z.enum(TASK_KINDS), group])),
    byOutcome: countsOf(OUTCOMES),
    feedback: countsOf(FEEDBACKS),
    completionOutcomes: countsOf(COMPLETION_OUTCOMES),
  })
  .catchall(sum);
type TotalsJson = z.infer<typeof totalsSchema>;

/** The fields of Totals and GroupTotals this build has: a snapshot with others is from another version. */
const SHAPE = `${Object.keys(EMPTY_TOTALS).sort().join(',')}|${Object.keys(EMPTY_GROUP).sort().join(',')}`;

const snapshotSchema = z.object({
  v: z.literal(1),
  shape: z.string(),
  position: z.array(z.object({ name: z.string().min(1), offset: count, check: z.string() })),
  newestMs: count,
  allTime: totalsSchema,
  days: z.array(z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), totalsSchema])),
  sessions: z.array(z.tuple([z.string(), count, totalsSchema])),
  // [id, time ms, index into sessions, is a completion, feedback or null, outcome or null]
  index: z.array(z.tuple([z.string().min(1), count, count, z.boolean(), z.enum(FEEDBACKS).nullable(), z.enum(COMPLETION_OUTCOMES).nullable()])),
  orphans: z.array(z.union([feedbackEntrySchema, completionOutcomeEntrySchema])),
});

/** The snapshot as one line of JSON. */
export function serializeSnapshot(snapshot: LedgerSnapshotFile): string {
  const { state } = snapshot;
  const sessionIds = [...state.sessions.keys()];
  const sessionIndex = new Map(sessionIds.map((id, index) => [id, index]));
  const index = [...state.index]
    .filter(([, entry]) => sessionIndex.has(entry.session))
    .map(([id, entry]) => [id, entry.timeMs, sessionIndex.get(entry.session), entry.completion, entry.feedback ?? null, entry.outcome ?? null]);
  return JSON.stringify({
    v: 1,
    shape: SHAPE,
    position: snapshot.position,
    newestMs: state.newestMs,
    allTime: totalsJson(state.allTime),
    days: [...state.days].map(([day, totals]) => [day, totalsJson(totals)]),
    sessions: [...state.sessions].map(([id, session]) => [id, session.lastMs, totalsJson(session.totals)]),
    index,
    orphans: state.orphans,
  });
}

/** Reads a snapshot back; the error says what is wrong, and the caller then reads the whole ledger. */
export function parseSnapshot(text: string): { ok: true; snapshot: LedgerSnapshotFile } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.map(String).join('.') || '(snapshot)'}: ${issue?.message ?? 'invalid'}` };
  }
  const data = parsed.data;
  if (data.shape !== SHAPE) return { ok: false, error: 'written by another version of Model Router, with other totals' };
  const groups = [data.allTime, ...data.days.map(([, totals]) => totals), ...data.sessions.map(([, , totals]) => totals)].flatMap((totals) => [
    ...Object.values(totals.byTier),
    ...totals.byModel.map(([, g]) => g),
    ...totals.byTaskKind.map(([, g]) => g),
  ]);
  const [totalsShape, groupShape] = SHAPE.split('|');
  const allTotals = [data.allTime, ...data.days.map(([, totals]) => totals), ...data.sessions.map(([, , totals]) => totals)];
  if (allTotals.some((totals) => Object.keys(totals).sort().join(',') !== totalsShape) || groups.some((g) => Object.keys(g).sort().join(',') !== groupShape)) {
    return { ok: false, error: 'totals with other fields than this version has' };
  }
  const sessionIds = data.sessions.map(([id]) => id);
  if (data.index.some(([, , session]) => session >= sessionIds.length)) return { ok: false, error: 'index: refers to a session the snapshot does not have' };
  const index = new Map<string, IndexEntry>(
    data.index.map(([id, timeMs, session, completion, feedback, outcome]) => [
      id,
      { timeMs, session: sessionIds[session], completion, ...(feedback === null ? {} : { feedback }), ...(outcome === null ? {} : { outcome }) },
    ]),
  );
  const state: LedgerTotalsState = {
    allTime: totalsOf(data.allTime),
    days: new Map(data.days.map(([day, totals]) => [day, totalsOf(totals)])),
    sessions: new Map(data.sessions.map(([id, lastMs, totals]) => [id, { lastMs, totals: totalsOf(totals) }])),
    index,
    orphans: data.orphans as Annotation[],
    newestMs: data.newestMs,
  };
  return { ok: true, snapshot: { position: data.position, state } };
}

function totalsJson(totals: Totals): unknown {
  return { ...totals, byModel: [...totals.byModel], byTaskKind: [...totals.byTaskKind] };
}

function totalsOf(json: TotalsJson): Totals {
  // The shape was checked above: these are this version's Totals, numbers where numbers belong.
  return {
    ...json,
    usage: json.usage as unknown as Totals['usage'],
    byTier: json.byTier as unknown as Totals['byTier'],
    byModel: new Map(json.byModel) as unknown as Map<string, GroupTotals>,
    byTaskKind: new Map(json.byTaskKind) as unknown as Map<TaskKind, GroupTotals>,
  } as unknown as Totals;
}
