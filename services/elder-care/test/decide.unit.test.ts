// The decide functions of each aggregate: given a state and a command, the events it emits or the refusal it
// returns (never thrown). Pure: no framework, no database.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR as cal, DomainError, type Emit } from '@linkage/domain';
import { decideReferral } from '../src/domain/client/decide.ts';
import { decideAssessment } from '../src/domain/assessment/decide.ts';
import { ITEM_IDS, ITEM_MAX } from '../src/domain/assessment/levels.ts';
import { decideBooking, decideStay, type Stay } from '../src/domain/respite/decide.ts';
import { decideHomeCare, decideVisit, type HomeCareClient, type Visit } from '../src/domain/services/decide.ts';
import {
  decideEndPlacement,
  endedAs,
  placementsMade,
  waitlisted,
  type PlacementRef,
} from '../src/domain/placement/decide.ts';
import { decideRaise } from '../src/domain/safeguarding/decide.ts';

const CLIENT = '0190f3a0-0000-7000-8000-0000000000c1';
const CASE = '0190f3a0-0000-7000-8000-0000000000ca';
const ID = '0190f3a0-0000-7000-8000-0000000000e1';
const FACILITY = '0190f3a0-0000-7000-8000-0000000000f1';
const now = new Date('2025-06-01T01:00:00Z'); // 09:00 Beijing, Sunday 1 June 2025

/** The refusal as `status:code`, or the event types emitted. */
const outcome = (d: Emit[] | DomainError): string | string[] =>
  d instanceof DomainError ? `${d.statusCode}:${d.code}` : d.map((e) => e.type);

describe('client: referral', () => {
  it('a referral is announced with the date the first assessment is due', () => {
    const [e] = decideReferral(
      { clientId: CLIENT, caseId: CASE, requestId: null, channel: 'direct', street: 'xinqi', hardship: true },
      now,
      10,
      cal,
    );
    expect(e).toEqual({
      type: 'elder_care.client.referred.v1',
      data: {
        clientId: CLIENT,
        caseId: CASE,
        requestId: null,
        channel: 'direct',
        street: 'xinqi',
        hardship: true,
        referredAt: now.toISOString(),
        // 10 days from Sun 1 June: Wed 11 June, 24:00 Beijing
        assessBy: '2025-06-11T16:00:00.000Z',
      },
    });
  });
});

describe('assessment', () => {
  const items = Object.fromEntries(ITEM_IDS.map((id) => [id, ITEM_MAX[id]!]));
  const rules = { reassessMonths: 12, respite: { intact: 0, mild: 7, moderate: 14, severe: 21, total: 28 } };
  const cmd = { assessmentId: ID, items, previousAssessmentId: null };
  it('completes with the level, its entitlement and the reassessment date', () => {
    const d = decideAssessment({ id: CLIENT, caseId: CASE }, { ...cmd, diagnosis: 'dementia' }, now, rules);
    expect(d).not.toBeInstanceOf(DomainError);
    expect((d as Exclude<typeof d, DomainError>)[0].data).toMatchObject({
      level: 'mild', // full marks are intact; dementia makes it one level worse
      baseLevel: 'intact',
      adjustments: ['dementia_or_mental_disorder'],
      respiteDaysPerYear: 7,
      dementia: true,
      reassessBy: '2026-06-01T16:00:00.000Z',
    });
  });
  it('refuses incomplete item scores', () => {
    const { eating: _eating, ...missing } = items;
    expect(outcome(decideAssessment({ id: CLIENT, caseId: CASE }, { ...cmd, items: missing }, now, rules))).toBe(
      '400:assessment_items_invalid',
    );
  });
});

describe('respite', () => {
  const client = {
    id: CLIENT,
    caseId: CASE,
    street: 'xinqi' as const,
    level: 'moderate',
    respiteDaysPerYear: 14,
    reassessBy: new Date('2026-06-01T00:00:00Z'),
  };
  const facts = {
    now,
    usedDaysThisYear: 0,
    facility: { kind: 'respite_provider', capacity: 2, active: true },
    overlapping: [],
  };
  const book = { bookingId: ID, facilityId: FACILITY, startDate: '2025-06-10', endDate: '2025-06-14' };
  it('book: respite.booked with the days left this year', () => {
    const d = decideBooking(client, book, facts);
    expect(outcome(d)).toEqual(['elder_care.respite.booked.v1']);
    expect((d as Exclude<typeof d, DomainError>)[0].data).toMatchObject({ days: 5, daysLeftThisYear: 9 });
  });
  it('book: refused over the entitlement', () => {
    expect(outcome(decideBooking(client, book, { ...facts, usedDaysThisYear: 10 }))).toBe('409:entitlement_exceeded');
  });
  const stay: Stay = {
    id: ID,
    clientId: CLIENT,
    caseId: CASE,
    street: 'xinqi',
    status: 'booked',
    days: 5,
    startDate: '2025-05-30',
  };
  it('deliver: a service delivered with its days; refused for more days than booked', () => {
    const d = decideStay(stay, { kind: 'deliver', daysDelivered: 4 }, now);
    expect(outcome(d)).toEqual(['elder_care.service.delivered.v1']);
    expect((d as Emit[])[0]!.data).toMatchObject({ kind: 'respite', days: 4 });
    expect(outcome(decideStay(stay, { kind: 'deliver', daysDelivered: 6 }, now))).toBe('400:too_many_days');
  });
  it('cancel: respite.cancelled; refused once the stay is closed', () => {
    expect(outcome(decideStay(stay, { kind: 'cancel' }, now))).toEqual(['elder_care.respite.cancelled.v1']);
    expect(outcome(decideStay({ ...stay, status: 'delivered' }, { kind: 'cancel' }, now))).toBe('409:booking_closed');
  });
});

describe('home care', () => {
  const c: HomeCareClient = { id: CLIENT, caseId: CASE, street: 'xinqi', level: 'moderate', reassessBy: null };
  const later = new Date('2025-06-02T01:00:00Z');
  const earlier = new Date('2025-05-30T01:00:00Z');
  it('schedule_visit: home_visit.scheduled; refused in the past', () => {
    const cmd = { kind: 'schedule_visit', visitId: ID, serviceType: 'meal', dueAt: later } as const;
    expect(outcome(decideHomeCare(c, cmd, now))).toEqual(['elder_care.home_visit.scheduled.v1']);
    expect(outcome(decideHomeCare(c, { ...cmd, dueAt: earlier }, now))).toBe('400:visit_in_past');
  });
  it('set_up_family_bed: reviewed with the reassessment; refused below moderate loss of capability', () => {
    const cmd = { kind: 'set_up_family_bed', bedId: ID, hasActiveBed: false, reassessMonths: 12 } as const;
    const d = decideHomeCare(c, cmd, now);
    expect(outcome(d)).toEqual(['elder_care.family_bed.set_up.v1']);
    expect((d as Emit[])[0]!.data).toMatchObject({ reviewBy: '2026-06-01T16:00:00.000Z' });
    expect(outcome(decideHomeCare({ ...c, level: 'mild' }, cmd, now))).toBe('409:not_eligible');
  });
  it('record_training: a service delivered when it was held; refused in the future', () => {
    const cmd = { kind: 'record_training', trainingId: ID, heldAt: earlier } as const;
    const d = decideHomeCare(c, cmd, now);
    expect((d as Emit[])[0]).toMatchObject({
      type: 'elder_care.service.delivered.v1',
      data: { kind: 'caregiver_training', deliveredAt: earlier.toISOString() },
    });
    expect(outcome(decideHomeCare(c, { ...cmd, heldAt: later }, now))).toBe('400:training_in_future');
  });
  const v: Visit = { id: ID, status: 'scheduled', dueAt: earlier, clientId: CLIENT, caseId: CASE, street: 'xinqi' };
  it('closing a visit: delivered, missed (reported), cancelled (nothing leaves); never twice', () => {
    expect(outcome(decideVisit(v, { kind: 'deliver' }, now))).toEqual(['elder_care.service.delivered.v1']);
    expect(outcome(decideVisit(v, { kind: 'miss' }, now))).toEqual(['elder_care.home_visit.missed.v1']);
    expect(outcome(decideVisit(v, { kind: 'cancel' }, now))).toEqual([]);
    expect(outcome(decideVisit({ ...v, status: 'missed' }, { kind: 'deliver' }, now))).toBe('409:visit_closed');
  });
});

describe('placement', () => {
  const p: PlacementRef = { id: ID, clientId: CLIENT, caseId: CASE, facilityId: FACILITY, costBasis: 'free' };
  it('placements made are each on their own case; a request without a bed is waitlisted', () => {
    const other = { ...p, id: CLIENT, caseId: '0190f3a0-0000-7000-8000-0000000000cb', street: null };
    const made = placementsMade([{ ...p, street: 'xinqi' }, other], now);
    expect(made.map((e) => e.subject)).toEqual([CASE, other.caseId]);
    expect(waitlisted(p, true, now)).toMatchObject({
      type: 'elder_care.placement.waitlisted.v1',
      data: { priorityHardship: true },
    });
  });
  it('end: placement.ended; a placed person is discharged, not withdrawn', () => {
    expect(outcome(decideEndPlacement({ ...p, status: 'placed' }, 'discharged', now))).toEqual([
      'elder_care.placement.ended.v1',
    ]);
    expect(endedAs('discharged')).toBe('ended');
    expect(endedAs('withdrawn')).toBe('withdrawn');
    expect(outcome(decideEndPlacement({ ...p, status: 'placed' }, 'withdrawn', now))).toBe('409:already_placed');
  });
});

describe('safeguarding', () => {
  const c = { caseId: CASE, street: 'xinqi' as const };
  const raise = { safeguardingId: ID, concerns: ['neglect' as const], riskLevel: 'medium' as const, consent: true };
  it('with her consent: the hand-over to DV referral; without a basis: nothing leaves the service', () => {
    expect(decideRaise(c, raise, now)).toMatchObject([
      { type: 'elder_care.safeguarding.raised.v1', data: { consentBasis: 'consent', wishesRecorded: true } },
    ]);
    expect(decideRaise(c, { ...raise, consent: false }, now)).toEqual([]);
  });
});
