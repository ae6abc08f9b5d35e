import { describe, expect, it } from 'vitest';
import { checkReportGround } from '../src/domain/case/mandatory.ts';
import { CAPACITY_GROUNDS, MANDATORY_REPORTER_KINDS } from '../src/domain/case/schemas.ts';
import { ageOf, victimProblems } from '../src/domain/victim/validate.ts';

const code = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};
const now = new Date('2026-11-28T02:00:00.000Z');

describe('ADVL Art. 14: mandatory reports', () => {
  it('covers persons with no or limited civil capacity only — the grounds are no wider than the law', () => {
    expect([...CAPACITY_GROUNDS]).toEqual(['minor', 'adult_no_capacity', 'adult_limited_capacity']);
  });
  it('names relief-management institutions (救助管理机构) among the reporters', () => {
    expect(MANDATORY_REPORTER_KINDS).toContain('relief_management_institution');
    for (const k of [
      'school',
      'kindergarten',
      'hospital',
      'residents_committee',
      'village_committee',
      'social_work_agency',
      'welfare_institution',
    ])
      expect(MANDATORY_REPORTER_KINDS).toContain(k);
  });
  it('a report about a capable adult (ground `minor` for a 30-year-old) is refused, so it cannot override her consent', () => {
    expect(code(() => checkReportGround({ capacity: 'minor', victim: { age: 30 } }, now))).toBe(
      'not_a_mandatory_report',
    );
    expect(code(() => checkReportGround({ capacity: 'minor', victim: { age: 9 } }, now))).toBe('no error');
    expect(code(() => checkReportGround({ capacity: 'adult_no_capacity', victim: { age: 70 } }, now))).toBe('no error');
    expect(code(() => checkReportGround({ capacity: 'adult_limited_capacity', victim: { age: 12 } }, now))).toBe(
      'capacity_ground_mismatch',
    );
    expect(code(() => checkReportGround({ capacity: 'adult_no_capacity' }, now))).toBe('no error');
  });
});

describe('years and ages are those of Beijing, not UTC', () => {
  it('at 00:30 on 1 January Beijing time (16:30 UTC on 31 December) the year is the new one', () => {
    const newYear = new Date('2026-12-31T16:30:00.000Z');
    expect(ageOf({ birthYear: 2000 }, newYear)).toBe(27);
    expect(victimProblems({ birthYear: 2027 }, newYear)).toEqual([]);
    // a person born 1 Jan 2009 turns 18 at 00:00 Beijing time
    expect(ageOf({ idNumber: withBirth('20090101') }, newYear)).toBe(18);
  });
});

function withBirth(yyyymmdd: string): string {
  const first17 = `330206${yyyymmdd}123`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((n, c, i) => n + Number(c) * W[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}
