/**
 * ISO weeks in local time: a week starts on Monday, and belongs to the year its Thursday is in, so
 * 29 December 2025 (a Monday) starts 2026-W01. The weekly review files every request by the local
 * week it was made in, as the user's calendar shows it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A local ISO week. */
export interface Week {
  /** `2026-W47`. */
  readonly key: string;
  /** The Monday it starts on, `2026-11-16` (local). */
  readonly start: string;
  /** Local midnight of that Monday, in milliseconds. */
  readonly startMs: number;
}

/** The local Monday at midnight of the week `date` is in. */
export function weekStart(date: Date): Date {
  const day = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day;
}

/** The ISO week `date` falls in, in local time. */
export function weekOf(date: Date): Week {
  const monday = weekStart(date);
  const thursday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 3);
  const year = thursday.getFullYear();
  const firstMonday = weekStart(new Date(year, 0, 4));
  // Rounded: a week with a daylight-saving change is an hour short or long.
  const number = Math.round((monday.getTime() - firstMonday.getTime()) / (7 * DAY_MS)) + 1;
  return { key: `${year}-W${String(number).padStart(2, '0')}`, start: localDate(monday), startMs: monday.getTime() };
}

/** The `count` weeks ending with the one `now` is in, oldest first. */
export function weeksUpTo(now: Date, count: number): Week[] {
  const monday = weekStart(now);
  const weeks: Week[] = [];
  for (let back = count - 1; back >= 0; back--) weeks.push(weekOf(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() - 7 * back)));
  return weeks;
}

function localDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
