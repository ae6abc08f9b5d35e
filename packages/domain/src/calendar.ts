// Periods counted as the law counts them (pure; no clock, no I/O). One place for every service.
//
// Civil Code (民法典) Arts. 200–204:
//   Art. 201 — a period in years, months or days does not count the day it starts on; it runs from the next day.
//              A period in hours runs from the stated time (hours stay hours: addHours).
//   Art. 202 — a period in months/years ends on the corresponding day of the due month, or its last day.
//   Art. 203 — if the last day is a statutory rest day (法定休假日), the day after the rest days ends the period;
//              the last day ends at 24:00.
// Civil Procedure Law Art. 85 counts periods the same way. Times are Beijing time (UTC+8, no DST).
//
// Which days are rest days is data: weekends, the State Council's yearly holiday notice (国务院办公厅关于
// 部分节假日安排的通知), and its make-up working days (调休上班), which are working days even on a weekend.
import { beijingDate, startOfBeijingDay } from './time.ts';

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One year's State Council schedule: statutory holidays and make-up working days (`YYYY-MM-DD`, Beijing). */
export interface HolidayYear {
  year: number;
  holidays: readonly string[];
  workdays: readonly string[];
  /** The notice it comes from. */
  source: string;
}

/**
 * The published schedules, used to seed each service's table (admins add later years).
 * 2025: 国办发明电〔2024〕12号 (12 Nov 2024). 2026: 国务院办公厅 notice of 4 Nov 2025 (Xinhua).
 */
export const STATE_COUNCIL_SCHEDULES: readonly HolidayYear[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    holidays: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'),
      ...range('2025-04-04', '2025-04-06'),
      ...range('2025-05-01', '2025-05-05'),
      ...range('2025-05-31', '2025-06-02'),
      ...range('2025-10-01', '2025-10-08'),
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    holidays: [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

/** Every date from `from` to `to`, inclusive. */
export function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** `YYYY-MM-DD` + n calendar days. */
export const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Check a schedule an admin submits: real dates of its year, no date both a holiday and a working day. */
export function validateHolidayYear(y: HolidayYear): string | null {
  const all = [...y.holidays, ...y.workdays];
  for (const d of all) {
    if (
      !DATE.test(d) ||
      Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ||
      new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d
    )
      return `${d} is not a date`;
    if (Number(d.slice(0, 4)) !== y.year) return `${d} is not in ${y.year}`;
  }
  const hol = new Set(y.holidays);
  const both = y.workdays.find((d) => hol.has(d));
  return both ? `${both} cannot be both a holiday and a working day` : null;
}

export interface Calendar {
  /** A statutory rest day (法定休假日): a holiday, or a weekend that is not a make-up working day. */
  isRestDay(date: string): boolean;
  /** Years the schedule covers (outside them only weekends are known). */
  years: readonly number[];
}

export function calendarOf(schedules: readonly HolidayYear[]): Calendar {
  const holidays = new Set(schedules.flatMap((s) => s.holidays));
  const workdays = new Set(schedules.flatMap((s) => s.workdays));
  return {
    years: schedules.map((s) => s.year).sort(),
    isRestDay(date) {
      if (holidays.has(date)) return true;
      if (workdays.has(date)) return false;
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      return dow === 0 || dow === 6;
    },
  };
}

/** The calendar of the published schedules (for tests and as the seed). */
export const DEFAULT_CALENDAR: Calendar = calendarOf(STATE_COUNCIL_SCHEDULES);

/** Art. 203: the first day that is not a rest day, from `date` on. */
export function nextWorkingDay(date: string, cal: Calendar): string {
  let d = date;
  for (let i = 0; i < 60 && cal.isRestDay(d); i++) d = plusDays(d, 1);
  return d;
}

/**
 * The instant a period whose last day is `lastDay` ends: 24:00 Beijing time of that day, moved past rest days (Art.
 * 203).
 */
export const endOfPeriod = (lastDay: string, cal: Calendar): Date =>
  startOfBeijingDay(plusDays(nextWorkingDay(lastDay, cal), 1));

/**
 * A period of `days` days starting at `start` (Arts. 201, 203): the start day is not counted, the last
 * day is start + days (Beijing dates), moved to the next working day if it is a rest day, ending at 24:00.
 * E.g. 7 days from Mon 2026-11-23 10:00 end at 24:00 Mon 2026-11-30.
 */
export const dayPeriodEnd = (start: Date, days: number, cal: Calendar): Date =>
  endOfPeriod(plusDays(beijingDate(start), days), cal);

/** The corresponding day `months` later (Art. 202), clamped to the month's last day, as `YYYY-MM-DD`. */
export function plusMonthsDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * A period of `months` months starting at `start` (Arts. 201–202): it ends at 24:00 Beijing time of the
 * corresponding day of the due month (or that month's last day). With a calendar, a last day that is a
 * rest day moves on (Art. 203); without one (a validity, not a time to act) it does not.
 */
export function monthPeriodEnd(start: Date, months: number, cal?: Calendar): Date {
  const last = plusMonthsDate(beijingDate(start), months);
  return cal ? endOfPeriod(last, cal) : startOfBeijingDay(plusDays(last, 1));
}

/** The calendar year in Beijing at an instant (case and receipt numbers, yearly quotas). */
export const beijingYear = (t: Date): number => Number(beijingDate(t).slice(0, 4));
/** The calendar month `YYYY-MM` in Beijing at an instant. */
export const beijingMonth = (t: Date): string => beijingDate(t).slice(0, 7);
