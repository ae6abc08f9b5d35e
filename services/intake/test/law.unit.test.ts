import { describe, expect, it } from 'vitest';
import { DomainError } from '@linkage/domain';
import { openInput } from '../src/domain/case/input.ts';
import { reportedCase } from '../src/domain/case/mandatory.ts';
import { CAPACITY_GROUNDS, MANDATORY_REPORTER_KINDS, type MandatoryReportBody } from '../src/domain/case/schemas.ts';
import { readPerson } from '../src/domain/victim/validate.ts';

const now = new Date('2026-11-28T02:00:00.000Z');
/** A report on a ground, validated as filing it validates it: the refusal's code, or 'no error'. */
const ground = (body: Pick<MandatoryReportBody, 'capacity' | 'victim'>) => {
  const r = openInput(reportedCase({ reporterKind: 'school', ...body }), now, body.capacity);
  return r instanceof DomainError ? r.code : 'no error';
};

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
    expect(ground({ capacity: 'minor', victim: { age: 30 } })).toBe('not_a_mandatory_report');
    expect(ground({ capacity: 'minor', victim: { age: 9 } })).toBe('no error');
    expect(ground({ capacity: 'adult_no_capacity', victim: { age: 70 } })).toBe('no error');
    expect(ground({ capacity: 'adult_limited_capacity', victim: { age: 12 } })).toBe('capacity_ground_mismatch');
    expect(ground({ capacity: 'adult_no_capacity' })).toBe('no error');
  });
});

describe('years and ages are those of Beijing, not UTC', () => {
  it('at 00:30 on 1 January Beijing time (16:30 UTC on 31 December) the year is the new one', () => {
    const newYear = new Date('2026-12-31T16:30:00.000Z');
    expect(readPerson({ birthYear: 2000 }, newYear).age).toBe(27);
    expect(readPerson({ birthYear: 2027 }, newYear).problems).toEqual([]);
    // a person born 1 Jan 2009 turns 18 at 00:00 Beijing time
    expect(readPerson({ idNumber: withBirth('20090101') }, newYear).age).toBe(18);
  });
});

function withBirth(yyyymmdd: string): string {
  const first17 = `330206${yyyymmdd}123`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((n, c, i) => n + Number(c) * W[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}
