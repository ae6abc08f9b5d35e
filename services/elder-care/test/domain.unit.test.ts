import { describe, expect, it } from 'vitest';
import { beijingDate, DEFAULT_CALENDAR as cal, DomainError, orThrow } from '@linkage/domain';
import {
  adjustLevel,
  assessBy,
  DOMAIN_MAX,
  DOMAINS,
  ITEM_IDS,
  ITEM_MAX,
  levelFromTotal,
  MAX_TOTAL,
  reassessBy,
  respiteDaysFor,
  scoreAssessment,
} from '../src/domain/assessment/levels.ts';
import {
  daysBetween,
  decideBookingChange,
  decideRespiteBooking,
  peakOccupancy,
  type RespiteFacts,
} from '../src/domain/respite/decide.ts';
import {
  decideFamilyBed,
  decideScheduleVisit,
  decideTraining,
  decideVisitChange,
  type VisitStatus,
} from '../src/domain/services/decide.ts';
import {
  allocate,
  byPriority,
  costBasisFor,
  decideEnd,
  decidePlacementRequest,
  type PlacementStatus,
} from '../src/domain/placement/decide.ts';
import { decideSafeguarding } from '../src/domain/safeguarding/decide.ts';
import { foldIndicators } from '../src/domain/indicators/fold.ts';
import { isElderCareRequest } from '../src/domain/client/referral.ts';

/** The refusal a rule returns (or throws), as `status:code`; 'ok' when it allows. */
const code = (f: () => unknown): string => {
  try {
    const r = f();
    if (r instanceof DomainError) return `${r.statusCode}:${r.code}`;
  } catch (e) {
    if (e instanceof DomainError) return `${e.statusCode}:${e.code}`;
    throw e;
  }
  return 'ok';
};

const full = () => Object.fromEntries(ITEM_IDS.map((id) => [id, ITEM_MAX[id]!]));
/** Item scores summing to `total` (take points away from full marks, item by item). */
function scoresFor(total: number): Record<string, number> {
  const s = full();
  let missing = MAX_TOTAL - total;
  for (const id of ITEM_IDS) {
    const take = Math.min(missing, s[id]!);
    s[id]! -= take;
    missing -= take;
  }
  return s;
}
const ENTITLEMENT = { intact: 0, mild: 7, moderate: 14, severe: 21, total: 28 };

describe('capability assessment (GB/T 42195-2022)', () => {
  it('has 26 items worth 90 points', () => {
    expect(ITEM_IDS).toHaveLength(26);
    expect(MAX_TOTAL).toBe(90);
  });

  // The maxima used to be stairs 4, orientation in person / memory / understanding / expression 2, aggression and
  // depression 2, consciousness 4, vision and hearing 4, transport 2 — not the standard's.
  it('GB/T 42195-2022 Appendix A: the item maxima and the domain totals 32/15/28/15', () => {
    expect(DOMAINS.self_care.items).toEqual({
      eating: 4,
      grooming: 4,
      bathing: 4,
      dressing_upper: 4,
      dressing_lower: 4,
      bladder_control: 4,
      bowel_control: 4,
      toileting: 4,
    });
    expect(DOMAINS.mobility.items).toEqual({ bed_mobility: 4, transfer: 4, walking: 4, stairs: 3 });
    expect(DOMAINS.mental.items).toEqual({
      time_orientation: 4,
      space_orientation: 4,
      person_orientation: 4,
      memory: 4,
      understanding: 4,
      expression: 4,
      aggression: 1,
      depression: 1,
      consciousness: 2,
    });
    expect(DOMAINS.perception_social.items).toEqual({
      vision: 2,
      hearing: 2,
      daily_affairs: 4,
      going_out_by_transport: 3,
      social_interaction: 4,
    });
    for (const [d, max] of Object.entries(DOMAIN_MAX))
      expect(
        Object.values(DOMAINS[d as keyof typeof DOMAINS].items).reduce((a: number, b: number) => a + b, 0),
        d,
      ).toBe(max);
    expect(orThrow(scoreAssessment(full())).domainScores).toEqual({
      self_care: 32,
      mobility: 15,
      mental: 28,
      perception_social: 15,
    });
  });

  it('GB/T 42195-2022 level adjustments: coma ⇒ complete loss; dementia / mental disorder ⇒ one level worse; ≥ 2 care-risk events in 30 days ⇒ one level worse', () => {
    expect(adjustLevel('intact', { coma: true })).toEqual({ level: 'total', adjustments: ['coma'] });
    expect(adjustLevel('mild', { diagnosis: 'dementia' })).toEqual({
      level: 'moderate',
      adjustments: ['dementia_or_mental_disorder'],
    });
    expect(adjustLevel('mild', { diagnosis: 'other_mental_disorder' }).level).toBe('moderate');
    expect(adjustLevel('moderate', { careRiskEventsLast30Days: 1 })).toEqual({ level: 'moderate', adjustments: [] });
    expect(adjustLevel('moderate', { careRiskEventsLast30Days: 2 })).toEqual({
      level: 'severe',
      adjustments: ['care_risk_events'],
    });
    expect(adjustLevel('severe', { diagnosis: 'dementia', careRiskEventsLast30Days: 3 }).level).toBe('total'); // capped
    expect(adjustLevel('intact', {})).toEqual({ level: 'intact', adjustments: [] });
  });

  it.each([
    [90, 'intact'],
    [89, 'mild'],
    [66, 'mild'],
    [65, 'moderate'],
    [46, 'moderate'],
    [45, 'severe'],
    [30, 'severe'],
    [29, 'total'],
    [0, 'total'],
  ] as const)('total %i ⇒ %s, from the item scores', (total, level) => {
    expect(levelFromTotal(total)).toBe(level);
    const scored = orThrow(scoreAssessment(scoresFor(total)));
    expect(scored.totalScore).toBe(total);
    expect(scored.level).toBe(level);
    expect(Object.values(scored.domainScores).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('rejects missing, unknown and out-of-range items', () => {
    const { eating: _, ...missing } = full();
    expect(code(() => scoreAssessment(missing))).toBe('400:assessment_items_invalid');
    expect(code(() => scoreAssessment({ ...full(), flying: 1 }))).toBe('400:assessment_items_invalid');
    expect(code(() => scoreAssessment({ ...full(), memory: 5 }))).toBe('400:assessment_items_invalid');
    expect(code(() => scoreAssessment({ ...full(), aggression: 2 }))).toBe('400:assessment_items_invalid');
    expect(code(() => scoreAssessment({ ...full(), stairs: 4 }))).toBe('400:assessment_items_invalid');
    expect(code(() => scoreAssessment({ ...full(), eating: -1 }))).toBe('400:assessment_items_invalid');
  });

  it('level ⇒ annual respite entitlement, from configuration', () => {
    expect(respiteDaysFor('intact', ENTITLEMENT)).toBe(0);
    expect(respiteDaysFor('moderate', ENTITLEMENT)).toBe(14);
    expect(respiteDaysFor('total', { ...ENTITLEMENT, total: 40 })).toBe(40);
  });

  // These used to be + n months / + n × 24 h to the minute in UTC; periods end at 24:00 Beijing of the last day (Civil
  // Code Arts. 201–203).
  it('computes the reassessment and first-assessment deadlines (Civil Code Arts. 201–203, Beijing time)', () => {
    expect(reassessBy(new Date('2025-03-10T02:00:00Z'), 12).toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(reassessBy(new Date('2024-02-29T02:00:00Z'), 12).toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(reassessBy(new Date('2025-08-31T00:00:00Z'), 6).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(assessBy(new Date('2025-03-10T02:00:00Z'), 10, cal).toISOString()).toBe('2025-03-20T16:00:00.000Z');
    // 10 days from Mon 22 Sep 2025 end on Thu 2 Oct, inside the National Day holiday (1–8 Oct) → Thu 9 Oct
    expect(assessBy(new Date('2025-09-22T02:00:00Z'), 10, cal).toISOString()).toBe('2025-10-09T16:00:00.000Z');
  });
});

describe('respite booking', () => {
  const now = new Date('2025-06-01T01:00:00Z'); // 09:00 in Beijing
  const client = { level: 'moderate', respiteDaysPerYear: 14, reassessBy: new Date('2026-06-01T00:00:00Z') };
  const facts = (o: Partial<RespiteFacts> = {}): RespiteFacts => ({
    now,
    usedDaysThisYear: 0,
    facility: { kind: 'respite_provider', capacity: 2, active: true },
    overlapping: [],
    ...o,
  });
  const req = { startDate: '2025-06-10', endDate: '2025-06-14' };

  it('books within the entitlement and the places, with its due time (start of the first day, Beijing)', () => {
    expect(decideRespiteBooking(client, req, facts({ usedDaysThisYear: 4 }))).toEqual({
      days: 5,
      year: 2025,
      daysLeftThisYear: 5,
      dueAt: new Date('2025-06-09T16:00:00Z'),
    });
  });

  it('never books over the annual entitlement', () => {
    expect(code(() => decideRespiteBooking(client, req, facts({ usedDaysThisYear: 10 })))).toBe(
      '409:entitlement_exceeded',
    );
    expect(code(() => decideRespiteBooking(client, req, facts({ usedDaysThisYear: 9 })))).toBe('ok');
    expect(code(() => decideRespiteBooking({ ...client, level: 'intact', respiteDaysPerYear: 0 }, req, facts()))).toBe(
      '409:not_entitled',
    );
  });

  it('never books over the provider’s places on any day', () => {
    const full = [
      { startDate: '2025-06-01', endDate: '2025-06-10' },
      { startDate: '2025-06-14', endDate: '2025-06-20' },
    ];
    expect(peakOccupancy(full, '2025-06-10', '2025-06-14')).toBe(1);
    expect(code(() => decideRespiteBooking(client, req, facts({ overlapping: full })))).toBe('ok');
    const clash = [...full, { startDate: '2025-06-12', endDate: '2025-06-14' }];
    expect(peakOccupancy(clash, '2025-06-10', '2025-06-14')).toBe(2);
    expect(code(() => decideRespiteBooking(client, req, facts({ overlapping: clash })))).toBe('409:provider_full');
    expect(
      code(() =>
        decideRespiteBooking(client, req, facts({ facility: { kind: 'respite_provider', capacity: 0, active: true } })),
      ),
    ).toBe('409:provider_full');
  });

  it('rejects bookings without a current assessment, at a non-provider, in the past, backwards or across years', () => {
    expect(code(() => decideRespiteBooking({ ...client, level: null, reassessBy: null }, req, facts()))).toBe(
      '409:not_assessed',
    );
    expect(
      code(() => decideRespiteBooking({ ...client, reassessBy: new Date('2025-05-31T00:00:00Z') }, req, facts())),
    ).toBe('409:reassessment_overdue');
    expect(
      code(() =>
        decideRespiteBooking(client, req, facts({ facility: { kind: 'institution', capacity: 9, active: true } })),
      ),
    ).toBe('409:not_a_respite_provider');
    expect(code(() => decideRespiteBooking(client, { startDate: '2025-05-31', endDate: '2025-06-02' }, facts()))).toBe(
      '400:respite_in_past',
    );
    expect(code(() => decideRespiteBooking(client, { startDate: '2025-06-05', endDate: '2025-06-02' }, facts()))).toBe(
      '400:respite_dates_invalid',
    );
    expect(
      code(() =>
        decideRespiteBooking(
          { ...client, respiteDaysPerYear: 28 },
          { startDate: '2025-12-30', endDate: '2026-01-02' },
          facts(),
        ),
      ),
    ).toBe('400:respite_spans_years');
  });

  it('counts days inclusively and knows Beijing’s date', () => {
    expect(daysBetween('2025-06-10', '2025-06-10')).toBe(1);
    expect(daysBetween('2025-02-27', '2025-03-01')).toBe(3);
    expect(beijingDate(new Date('2025-06-01T16:30:00Z'))).toBe('2025-06-02');
  });

  it('booked → delivered (≤ booked days, once started) | cancelled; closed stays do not change', () => {
    const b = { status: 'booked' as const, days: 5, startDate: '2025-06-10' };
    expect(decideBookingChange(b, { kind: 'deliver', daysDelivered: 4, today: '2025-06-14' })).toEqual({
      status: 'delivered',
      daysDelivered: 4,
    });
    expect(code(() => decideBookingChange(b, { kind: 'deliver', daysDelivered: 6, today: '2025-06-14' }))).toBe(
      '400:too_many_days',
    );
    expect(code(() => decideBookingChange(b, { kind: 'deliver', daysDelivered: 1, today: '2025-06-09' }))).toBe(
      '409:not_started',
    );
    expect(decideBookingChange(b, { kind: 'cancel' })).toEqual({ status: 'cancelled', daysDelivered: null });
    for (const status of ['delivered', 'cancelled'] as const) {
      expect(code(() => decideBookingChange({ ...b, status }, { kind: 'cancel' }))).toBe('409:booking_closed');
      expect(
        code(() => decideBookingChange({ ...b, status }, { kind: 'deliver', daysDelivered: 1, today: '2025-06-14' })),
      ).toBe('409:booking_closed');
    }
  });
});

describe('home visits, family care beds, training', () => {
  it('scheduled → delivered | missed | cancelled; nothing leaves a closed visit', () => {
    expect(decideVisitChange('scheduled', { kind: 'deliver' })).toBe('delivered');
    expect(decideVisitChange('scheduled', { kind: 'miss' })).toBe('missed');
    expect(decideVisitChange('scheduled', { kind: 'cancel' })).toBe('cancelled');
    for (const s of ['delivered', 'missed', 'cancelled'] as VisitStatus[])
      for (const kind of ['deliver', 'miss', 'cancel'] as const)
        expect(code(() => decideVisitChange(s, { kind }))).toBe('409:visit_closed');
  });

  it('schedules visits only for assessed people, in the future', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    expect(code(() => decideScheduleVisit('mild', new Date('2025-06-02T00:00:00Z'), now))).toBe('ok');
    expect(code(() => decideScheduleVisit(null, new Date('2025-06-02T00:00:00Z'), now))).toBe('409:not_assessed');
    expect(code(() => decideScheduleVisit('mild', new Date('2025-05-31T00:00:00Z'), now))).toBe('400:visit_in_past');
  });

  it('sets up family care beds for moderate loss of capability or worse, one per person', () => {
    expect(code(() => decideFamilyBed('moderate', false))).toBe('ok');
    expect(code(() => decideFamilyBed('total', false))).toBe('ok');
    expect(code(() => decideFamilyBed('mild', false))).toBe('409:not_eligible');
    expect(code(() => decideFamilyBed(null, false))).toBe('409:not_assessed');
    expect(code(() => decideFamilyBed('severe', true))).toBe('409:family_bed_exists');
  });

  it('records training only after it was held', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    expect(code(() => decideTraining(new Date('2025-05-30T00:00:00Z'), now))).toBe('ok');
    expect(code(() => decideTraining(new Date('2025-06-02T00:00:00Z'), now))).toBe('400:training_in_future');
  });
});

describe('institution placement', () => {
  it('hardship ⇒ free or low-cost care', () => {
    expect(costBasisFor(['social_assistance'])).toBe('free');
    expect(costBasisFor(['special_family_planning', 'low_income'])).toBe('free');
    expect(costBasisFor(['low_income'])).toBe('low_cost');
    expect(costBasisFor([])).toBe('standard');
  });

  it('gives free beds to hardship cases first, then the more severe level, then who asked first', () => {
    const t = (m: number) => new Date(Date.UTC(2025, 0, 1, 0, m));
    const waiting = [
      { id: 'a', hardship: false, levelRank: 4, requestedAt: t(0) },
      { id: 'b', hardship: true, levelRank: 2, requestedAt: t(5) },
      { id: 'c', hardship: true, levelRank: 3, requestedAt: t(9) },
      { id: 'd', hardship: false, levelRank: 4, requestedAt: t(1) },
    ];
    expect([...waiting].sort(byPriority).map((w) => w.id)).toEqual(['c', 'b', 'a', 'd']);
    expect(allocate(2, waiting)).toEqual(['c', 'b']);
    expect(allocate(0, waiting)).toEqual([]);
    expect(allocate(-1, waiting)).toEqual([]);
    expect(allocate(9, waiting)).toHaveLength(4);
  });

  it('needs an assessment, an institution and no open placement', () => {
    const ok = { level: 'severe' as const, facility: { kind: 'institution', active: true }, hasOpenPlacement: false };
    expect(decidePlacementRequest(ok, ['low_income'])).toEqual({ costBasis: 'low_cost', hardship: true, levelRank: 3 });
    expect(code(() => decidePlacementRequest({ ...ok, level: null }, []))).toBe('409:not_assessed');
    expect(
      code(() => decidePlacementRequest({ ...ok, facility: { kind: 'respite_provider', active: true } }, [])),
    ).toBe('409:not_an_institution');
    expect(code(() => decidePlacementRequest({ ...ok, hasOpenPlacement: true }, []))).toBe('409:placement_open');
  });

  it('placed → ended; waiting → withdrawn; closed placements do not change', () => {
    expect(decideEnd('placed', 'discharged')).toBe('ended');
    expect(decideEnd('placed', 'deceased')).toBe('ended');
    expect(decideEnd('waiting', 'withdrawn')).toBe('withdrawn');
    expect(code(() => decideEnd('placed', 'withdrawn'))).toBe('409:already_placed');
    expect(code(() => decideEnd('waiting', 'discharged'))).toBe('409:not_placed');
    for (const s of ['ended', 'withdrawn'] as PlacementStatus[])
      expect(code(() => decideEnd(s, 'discharged'))).toBe('409:placement_closed');
  });
});

describe('safeguarding consent', () => {
  it('refers with consent, or without it at high risk or on a recorded override; otherwise respects her refusal', () => {
    expect(decideSafeguarding({ consent: true, riskLevel: 'standard' })).toEqual({
      outcome: 'referred',
      consentBasis: 'consent',
    });
    expect(decideSafeguarding({ consent: false, riskLevel: 'high' })).toEqual({
      outcome: 'referred',
      consentBasis: 'high_risk_exception',
    });
    expect(
      decideSafeguarding({ consent: false, riskLevel: 'medium', overrideReason: 'lacks capacity (dementia)' }),
    ).toEqual({ outcome: 'referred', consentBasis: 'override' });
    expect(decideSafeguarding({ consent: false, riskLevel: 'medium', overrideReason: '   ' })).toEqual({
      outcome: 'withheld',
      consentBasis: null,
    });
    expect(decideSafeguarding({ consent: false, riskLevel: 'medium' })).toEqual({
      outcome: 'withheld',
      consentBasis: null,
    });
  });
});

describe('referral intake and indicators', () => {
  it('takes only intake requests addressed to elder care', () => {
    const base = { target: 'elder_care' } as Parameters<typeof isElderCareRequest>[0];
    expect(isElderCareRequest(base)).toBe(true);
    expect(isElderCareRequest({ ...base, target: 'dv' })).toBe(false);
  });

  it('folds counts by street and in total, ignoring unknown metrics', () => {
    const r = foldIndicators([
      { street: 'xinqi', metric: 'respite_days_delivered', n: 5 },
      { street: 'daqi', metric: 'respite_days_delivered', n: 2 },
      { street: null, metric: 'home_visits_delivered', n: 1 },
      { street: 'xinqi', metric: 'nonsense', n: 9 },
    ]);
    expect(r.total.respite_days_delivered).toBe(7);
    expect(r.total.home_visits_delivered).toBe(1);
    expect(r.byStreet.map((s) => s.street)).toEqual(['daqi', 'unknown', 'xinqi']);
    expect(r.byStreet.find((s) => s.street === 'xinqi')!.respite_days_delivered).toBe(5);
  });
});
