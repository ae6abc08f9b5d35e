import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { Value } from '@sinclair/typebox/value';
import { ASSESSMENT_DOMAINS, assessmentBody, stayDates } from '../src/web/desks/elder-care/forms.ts';
import { DOMAINS } from '../../elder-care/src/domain/assessment/levels.ts';
import { AssessBody } from '../../elder-care/src/domain/assessment/schemas.ts';
import { BookRespiteBody } from '../../elder-care/src/domain/respite/schemas.ts';

describe('elder-care desk forms send what elder-care accepts', () => {
  it('the assessment form has exactly the GB/T 42195-2022 items and maxima elder-care validates', () => {
    expect(ASSESSMENT_DOMAINS).toEqual(Object.fromEntries(Object.entries(DOMAINS).map(([d, v]) => [d, v.items])));
  });

  it('an assessment body (every item, optional adjustments only when given) passes AssessBody; a missing item does not', () => {
    const items = Object.fromEntries(Object.values(ASSESSMENT_DOMAINS).flatMap((d) => Object.entries(d)));
    const plain = assessmentBody({ items });
    expect(Value.Check(AssessBody, plain)).toBe(true);
    expect(plain).toEqual({ items });
    const adjusted = assessmentBody({ items, coma: true, diagnosis: 'dementia', careRiskEventsLast30Days: 2 });
    expect(Value.Check(AssessBody, adjusted)).toBe(true);
    const { eating: _omitted, ...rest } = items;
    expect(Value.Check(AssessBody, assessmentBody({ items: rest }))).toBe(false);
  });

  it('a respite stay is sent as the calendar dates picked', () => {
    const body = {
      facilityId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      ...stayDates([dayjs('2026-12-03T23:30:00'), dayjs('2026-12-05T00:10:00')]),
    };
    expect(body).toMatchObject({ startDate: '2026-12-03', endDate: '2026-12-05' });
    expect(Value.Check(BookRespiteBody, body)).toBe(true);
  });
});
