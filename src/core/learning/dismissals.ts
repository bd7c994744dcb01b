/**
 * What the user said to a suggestion other than Apply: Not now hides it for a week (the evidence
 * may change its mind), Never hides that change for good. Kept in the extension's global state as
 * plain JSON and read leniently: a damaged entry is dropped, never a failure.
 */

/** How long Not now hides a suggestion. */
export const NOT_NOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Ids kept at most; the oldest Never is forgotten first. */
const MAX_IDS = 200;

export const DISMISS_ACTIONS = ['notNow', 'never'] as const;
export type DismissAction = (typeof DISMISS_ACTIONS)[number];

export interface Dismissals {
  /** Suggestion ids never to offer again. */
  readonly never: readonly string[];
  /** Suggestion id → ISO time until which it is hidden. */
  readonly notNow: Readonly<Record<string, string>>;
}

export const NO_DISMISSALS: Dismissals = { never: [], notNow: {} };

/** The ids hidden at `now`. */
export function dismissedAt(state: Dismissals, now: Date): Set<string> {
  const hidden = new Set(state.never);
  for (const [id, until] of Object.entries(state.notNow)) if (Date.parse(until) > now.getTime()) hidden.add(id);
  return hidden;
}

/** `state` with `id` dismissed by `action` at `now`; expired Not nows are dropped. */
export function dismiss(state: Dismissals, id: string, action: DismissAction, now: Date): Dismissals {
  const notNow = Object.fromEntries(Object.entries(state.notNow).filter(([key, until]) => key !== id && Date.parse(until) > now.getTime()));
  if (action === 'never') return { never: [...state.never.filter((key) => key !== id), id].slice(-MAX_IDS), notNow };
  return { never: state.never, notNow: { ...notNow, [id]: new Date(now.getTime() + NOT_NOW_DAYS * DAY_MS).toISOString() } };
}

/** Reads stored dismissals, keeping only well-formed entries. */
export function parseDismissals(raw: unknown): Dismissals {
  if (typeof raw !== 'object' || raw === null) return NO_DISMISSALS;
  const { never, notNow } = raw as { never?: unknown; notNow?: unknown };
  const ids = Array.isArray(never) ? never.filter((id): id is string => typeof id === 'string' && id.length <= 200) : [];
  const until =
    typeof notNow === 'object' && notNow !== null
      ? Object.fromEntries(Object.entries(notNow).filter((pair): pair is [string, string] => typeof pair[1] === 'string' && !Number.isNaN(Date.parse(pair[1]))))
      : {};
  return { never: ids.slice(-MAX_IDS), notNow: until };
}
