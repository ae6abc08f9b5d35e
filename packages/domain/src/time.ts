// Calendar arithmetic for statutory deadlines, shared by every service (pure; no clock inside).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Beijing time (UTC+8, no daylight saving): the district's calendar day. */
const BEIJING_OFFSET = 8 * HOUR;

export const addHours = (t: Date, h: number): Date => new Date(t.getTime() + h * HOUR);
export const addDays = (t: Date, d: number): Date => new Date(t.getTime() + d * DAY);

/** Hours from `from` to `to` (negative when `to` is earlier), for countdowns and elapsed-time figures. */
export const hoursBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / HOUR;

/** Calendar months; the day is clamped to the end of a shorter month (31 Aug + 6 → 28/29 Feb). */
export function addMonths(t: Date, months: number): Date {
  const d = new Date(t.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The calendar date (`YYYY-MM-DD`) in Beijing at an instant. */
export const beijingDate = (t: Date): string => new Date(t.getTime() + BEIJING_OFFSET).toISOString().slice(0, 10);
/** An instant as the district reads it: Beijing date and time to the minute, `YYYY-MM-DD HH:mm`. */
export const beijingMinute = (t: Date): string =>
  new Date(t.getTime() + BEIJING_OFFSET).toISOString().slice(0, 16).replace('T', ' ');
/** Midnight Beijing time at the start of a `YYYY-MM-DD` date, as an instant. */
export const startOfBeijingDay = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET);
