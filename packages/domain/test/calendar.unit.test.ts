import { describe, expect, it } from 'vitest';
import {
  beijingYear,
  calendarOf,
  DEFAULT_CALENDAR as cal,
  dayPeriodEnd,
  monthPeriodEnd,
  STATE_COUNCIL_SCHEDULES,
  validateHolidayYear,
} from '../src/index.ts';

const bj = (s: string) => new Date(`${s}+08:00`);

describe('Civil Code Arts. 200–204: periods counted as the law counts them', () => {
  it('Art. 201: the start day is not counted; Art. 203: the last day ends at 24:00 Beijing time', () => {
    // 7 days from Mon 23 Nov 2026 10:00 → last day Mon 30 Nov, ends 24:00 (= 1 Dec 00:00 Beijing)
    expect(dayPeriodEnd(bj('2026-11-23T10:00:00'), 7, cal).toISOString()).toBe(bj('2026-12-01T00:00:00').toISOString());
    // started at 23:59 on the 23rd or at 00:01 — the same last day
    expect(dayPeriodEnd(bj('2026-11-23T23:59:00'), 7, cal)).toEqual(dayPeriodEnd(bj('2026-11-23T00:01:00'), 7, cal));
    // a UTC instant on the previous UTC day is still 23 Nov in Beijing
    expect(dayPeriodEnd(new Date('2026-11-22T16:30:00Z'), 7, cal).toISOString()).toBe(
      bj('2026-12-01T00:00:00').toISOString(),
    );
  });

  it('Art. 203: a last day on a weekend moves to the next working day', () => {
    // 5 days from Mon 16 Nov 2026 → Sat 21 Nov → Mon 23 Nov, ends 24:00
    expect(dayPeriodEnd(bj('2026-11-16T09:00:00'), 5, cal).toISOString()).toBe(bj('2026-11-24T00:00:00').toISOString());
  });

  it('Art. 203 with the State Council 2026 notice: a last day inside the National Day holiday moves past it', () => {
    // 3 days from Mon 28 Sep 2026 → Thu 1 Oct (holiday 1–7 Oct) → Thu 8 Oct
    expect(dayPeriodEnd(bj('2026-09-28T15:00:00'), 3, cal).toISOString()).toBe(bj('2026-10-09T00:00:00').toISOString());
    // Spring Festival 2026: 15–23 Feb; 7 days from Mon 9 Feb → Mon 16 Feb → Tue 24 Feb
    expect(dayPeriodEnd(bj('2026-02-09T10:00:00'), 7, cal).toISOString()).toBe(bj('2026-02-25T00:00:00').toISOString());
  });

  it('a make-up working day (调休上班) on a weekend is a working day: the period ends on it', () => {
    // Sat 10 Oct 2026 is a working day: 3 days from Wed 7 Oct → Sat 10 Oct stays
    expect(dayPeriodEnd(bj('2026-10-07T10:00:00'), 3, cal).toISOString()).toBe(bj('2026-10-11T00:00:00').toISOString());
    expect(cal.isRestDay('2026-02-28')).toBe(false); // Saturday, 调休上班
    expect(cal.isRestDay('2026-02-21')).toBe(true); // Saturday, Spring Festival
    expect(cal.isRestDay('2025-01-26')).toBe(false); // Sunday, 调休上班 (国办发明电〔2024〕12号)
    expect(cal.isRestDay('2025-10-08')).toBe(true);
  });

  it('without the holiday data a weekday holiday is not known: the schedule is what moves the day', () => {
    const weekendsOnly = calendarOf([]);
    expect(dayPeriodEnd(bj('2026-09-28T15:00:00'), 3, weekendsOnly).toISOString()).toBe(
      bj('2026-10-02T00:00:00').toISOString(),
    );
  });

  it('Art. 202: months end on the corresponding day, or the last day of a shorter month, at 24:00 Beijing', () => {
    expect(monthPeriodEnd(bj('2026-03-15T10:00:00'), 6).toISOString()).toBe(bj('2026-09-16T00:00:00').toISOString());
    expect(monthPeriodEnd(bj('2026-08-31T10:00:00'), 6).toISOString()).toBe(bj('2027-03-01T00:00:00').toISOString()); // 28 Feb 2027
    // 00:30 on 1 Sep Beijing is still 31 Aug in UTC: the Beijing date counts
    expect(monthPeriodEnd(bj('2026-09-01T00:30:00'), 6).toISOString()).toBe(bj('2027-03-02T00:00:00').toISOString());
  });

  it('the year of an instant is the Beijing year (00:30 on 1 January is the new year)', () => {
    expect(beijingYear(bj('2027-01-01T00:30:00'))).toBe(2027);
    expect(beijingYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(beijingYear(bj('2026-12-31T23:59:59'))).toBe(2026);
  });

  it('checks an admin-submitted schedule', () => {
    for (const y of STATE_COUNCIL_SCHEDULES) expect(validateHolidayYear(y)).toBeNull();
    expect(validateHolidayYear({ year: 2027, holidays: ['2027-02-30'], workdays: [], source: 'x' })).toMatch(
      /not a date/,
    );
    expect(validateHolidayYear({ year: 2027, holidays: ['2026-10-01'], workdays: [], source: 'x' })).toMatch(
      /not in 2027/,
    );
    expect(
      validateHolidayYear({ year: 2027, holidays: ['2027-10-01'], workdays: ['2027-10-01'], source: 'x' }),
    ).toMatch(/both/);
  });
});
