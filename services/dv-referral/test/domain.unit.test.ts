import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DEFAULT_CALENDAR as cal,
  DomainError,
  ForbiddenError,
  orThrow,
  ValidationError,
  type Decision,
} from '@linkage/domain';
import {
  CASE_POLICY,
  isCaseOwner,
  isCoordinatorFor,
  isReceiver,
  ORDER_POLICY,
  refusal,
  streetOf,
  type Actor,
} from '../src/domain/access.ts';
import { lengthOfStayDays } from '../src/domain/clocks.ts';
import { decideRequestAssessment, decideCompleteAssessment } from '../src/domain/care/decide.ts';
import {
  decideCloseCase,
  decideRecordFollowup,
  planFollowups,
  reopens,
  type CaseState,
} from '../src/domain/followup/decide.ts';
import { decideApply } from '../src/domain/order/apply.ts';
import { decideOrder, type OrderState } from '../src/domain/order/decide.ts';
import { decideExpiry, orderChange } from '../src/domain/order/evolve.ts';
import { registrationRefusal } from '../src/domain/order/parties.ts';
import {
  decideDeliverWarningLetter,
  decideIssueWarningLetter,
  decideRecordPoliceVisit,
  planWarningLetter,
  withDelivery,
} from '../src/domain/police/decide.ts';
import { decideReferral, referralCreated, STATUS_AFTER, type ReferralState } from '../src/domain/referral/decide.ts';
import { decidePlace, decidePlacement, PLACEMENT_STATUS_AFTER } from '../src/domain/shelter/decide.ts';

// Decide functions are pure: state + command + now → the events, or the refusal RETURNED (never thrown), with
// the stable code the API has always answered with. The application layer throws it (`orThrow`).

const t0 = new Date('2026-11-28T10:00:00.000Z');
const CASE = '0190f000-0000-7000-8000-000000000001';
const ID = '0190f000-0000-7000-8000-000000000003';
const police: Actor = { role: 'police_officer', dept: 'police:xinqi' };
const owner: Actor = { role: 'wf_caseworker', dept: 'wf:district' };
const clerk: Actor = { role: 'court_clerk', dept: 'court:beilun' };

/** The refusal a decision returned: its class and code (fails if events came back instead). */
function refused(d: Decision | DomainError | undefined): { kind: string; status: number; code: string } {
  expect(d).toBeInstanceOf(DomainError);
  const e = d as DomainError;
  return { kind: e.constructor.name, status: e.statusCode, code: e.code };
}

describe('refusals are returned with their stable codes', () => {
  const ref: ReferralState = {
    id: ID,
    caseId: CASE,
    department: 'police',
    assignedDept: 'police:xinqi',
    status: 'accepted',
  };
  const ctx = { now: t0, rerouteHours: 24, caseOwnerDept: 'wf:district' };
  it('referrals: another department 403 other_department; withdraw by a non-owner 403 not_case_owner', () => {
    const other = { role: 'police_officer', dept: 'police:daqi' } as const;
    expect(refused(decideReferral(ref, { kind: 'start' }, other, ctx))).toEqual({
      kind: 'ForbiddenError',
      status: 403,
      code: 'other_department',
    });
    expect(refused(decideReferral(ref, { kind: 'withdraw', reasonCode: 'victim_request' }, police, ctx)).code).toBe(
      'not_case_owner',
    );
    expect(refused(decideReferral(ref, { kind: 'accept' }, police, ctx))).toMatchObject({
      status: 409,
      code: 'illegal_transition',
    });
  });
  it('orders: another court 403 other_court; a shelter officer may not file (403 not_allowed), a clerk only at her court', () => {
    const s: OrderState = {
      id: ID,
      caseId: CASE,
      courtDept: 'court:beilun',
      measures: ['ban_violence'],
      urgent: false,
      status: 'applied',
      validUntil: null,
      reconsiderBy: null,
      served: {},
      reconsideration: null,
    };
    const p = { serveHours: 24, reminderDays: 14, cal };
    expect(refused(decideOrder(s, { kind: 'accept' }, { ...clerk, dept: 'court:other' }, t0, p)).code).toBe(
      'other_court',
    );
    const input = {
      orderId: ID,
      caseId: CASE,
      courtDept: 'court:beilun',
      applicant: 'victim' as const,
      measures: ['ban_violence' as const],
      urgent: true,
    };
    expect(refused(decideApply({ role: 'shelter_officer', dept: 'shelter:beilun' }, input, t0)).code).toBe(
      'not_allowed',
    );
    expect(refused(decideApply({ ...clerk, dept: 'court:other' }, input, t0)).code).toBe('other_court');
    expect(decideApply(clerk, input, t0)).toHaveLength(1);
  });
  it('police: letters and visits belong to the issuing station (403 other_department)', () => {
    const other = { role: 'police_officer', dept: 'police:daqi' } as const;
    const letter = { id: ID, caseId: CASE, dept: 'police:xinqi', deliveries: {} };
    expect(refused(decideDeliverWarningLetter(letter, other, 'victim', t0)).code).toBe('other_department');
    const visit = { id: ID, caseId: CASE, dept: 'police:xinqi', status: 'scheduled' };
    expect(refused(decideRecordPoliceVisit(visit, other, 'not_reached', t0)).code).toBe('other_department');
  });
  it('shelters and health: another shelter 403 other_shelter; another hospital 403 other_department', () => {
    const shelter = { id: ID, dept: 'shelter:beilun', capacity: 1 };
    const input = { placementId: ID, caseId: CASE, referral: null };
    expect(refused(decidePlace(shelter, 0, { role: 'shelter_officer', dept: 'shelter:x' }, input, t0)).code).toBe(
      'other_shelter',
    );
    expect(refused(decidePlace(shelter, 1, { role: 'shelter_officer', dept: 'shelter:beilun' }, input, t0))).toEqual({
      kind: 'ConflictError',
      status: 409,
      code: 'shelter_full',
    });
    const a = { id: ID, caseId: CASE, healthDept: 'health:beilun', status: 'requested' };
    const other = { role: 'health_worker', dept: 'health:other' } as const;
    expect(refused(decideCompleteAssessment(a, other, { grade: 'light', resultRef: 'x' }, t0)).code).toBe(
      'other_department',
    );
    expect(
      refused(
        decideRequestAssessment({ role: 'shelter_officer', dept: 'shelter:beilun' }, { ...a, assessmentId: ID }, t0),
      ).code,
    ).toBe('not_allowed');
  });
  it('follow-ups: only the owning unit closes or records (403 not_case_owner)', () => {
    const c: CaseState = { caseId: CASE, ownerDept: 'wf:district', status: 'open', closures: 0 };
    const plan = planFollowups(c, () => ID, t0, [7], cal);
    expect(refused(decideCloseCase(c, police, 0, plan, t0)).code).toBe('not_case_owner');
    expect(refused(decideRecordFollowup({ id: ID, caseId: CASE, status: 'due' }, c, police, 'reached', t0)).code).toBe(
      'not_case_owner',
    );
  });
});

describe('the row change the application writes follows from the events', () => {
  const p = { serveHours: 24, reminderDays: 14, cal };
  const applied: OrderState = {
    id: ID,
    caseId: CASE,
    courtDept: 'court:beilun',
    measures: ['ban_violence'],
    urgent: true,
    status: 'accepted',
    validUntil: null,
    reconsiderBy: null,
    served: {},
    reconsideration: null,
  };
  it('issuing sets the ruling, the end, the reconsideration deadline and the reminder', () => {
    const validUntil = new Date('2027-03-01T00:00:00Z');
    const events = decideOrder(applied, { kind: 'issue', validUntil }, clerk, t0, p);
    expect(orderChange(orThrow(events), {}, 14)).toEqual({
      status: 'issued',
      ruledAt: t0,
      measures: ['ban_violence'],
      validUntil,
      reconsiderBy: new Date('2026-12-03T16:00:00.000Z'),
      remindAt: new Date('2027-02-15T00:00:00.000Z'),
      remindedAt: null,
    });
  });
  it('service adds to the parties served so far; a lapsed order is expired with no reminder left', () => {
    const issued = { ...applied, status: 'issued' as const, validUntil: new Date('2027-03-01T00:00:00Z') };
    const served = decideOrder(issued, { kind: 'serve', party: 'police' }, clerk, t0, p);
    expect(orderChange(orThrow(served), { applicant: 'a' }, 14)).toEqual({
      served: { applicant: 'a', police: t0.toISOString() },
    });
    const lapsed = decideExpiry({ ...issued, status: 'issued' }, new Date('2027-03-02T00:00:00Z'));
    expect(orderChange(lapsed, {}, 14)).toEqual({ status: 'expired', remindAt: null });
  });
  it('statuses after a referral or placement command; deliveries; a new incident reopens', () => {
    expect(STATUS_AFTER).toEqual({
      accept: 'accepted',
      decline: 'declined',
      start: 'in_progress',
      complete: 'completed',
      withdraw: 'withdrawn',
    });
    expect(PLACEMENT_STATUS_AFTER).toEqual({ check_in: 'checked_in', check_out: 'checked_out' });
    const placed = { id: ID, shelterId: ID, caseId: CASE, status: 'placed' as const, checkedInAt: null };
    const officer = { role: 'shelter_officer', dept: 'shelter:beilun' } as const;
    expect(decidePlacement(placed, 'shelter:beilun', { kind: 'check_in' }, officer, t0)).toHaveLength(1);
    expect(withDelivery({ abuser: 'x' }, 'committee', t0)).toEqual({ abuser: 'x', committee: t0.toISOString() });
    const closed: CaseState = { caseId: CASE, ownerDept: 'wf:district', status: 'closed', closures: 1 };
    const f = { id: ID, caseId: CASE, status: 'due' };
    expect(reopens(orThrow(decideRecordFollowup(f, closed, owner, 'new_incident', t0)))).toBe(true);
    expect(reopens(orThrow(decideRecordFollowup(f, closed, owner, 'reached', t0)))).toBe(false);
  });
  it('a warning letter plan: delivery deadline and one visit per offset, announced by the letter', () => {
    let n = 0;
    const plan = planWarningLetter(ID, () => `v${++n}`, t0, { deliveryHours: 24, visitOffsets: [30, 7], cal });
    expect(plan.deliverBy).toEqual(new Date('2026-11-29T10:00:00.000Z'));
    expect(plan.visits.map((v) => [v.id, v.offsetDays])).toEqual([
      ['v1', 7],
      ['v2', 30],
    ]);
    const r: ReferralState = {
      id: ID,
      caseId: CASE,
      department: 'police',
      assignedDept: 'police:xinqi',
      status: 'accepted',
    };
    const events = orThrow(decideIssueWarningLetter(r, police, plan, t0));
    expect(events.map((e) => e.type)).toEqual([
      'dv.warning_letter.issued.v1',
      'dv.police_visit.scheduled.v1',
      'dv.police_visit.scheduled.v1',
    ]);
  });
  it('parties are registered on accepting only (400 parties_on_register_only)', () => {
    const parties = { respondent: { name: 'x' } };
    expect(registrationRefusal('accept', parties)).toBeUndefined();
    expect(registrationRefusal('issue', undefined)).toBeUndefined();
    expect(registrationRefusal('issue', parties)).toBeInstanceOf(ValidationError);
    expect(registrationRefusal('issue', parties)!.code).toBe('parties_on_register_only');
  });
});

describe('access policy (@linkage/auth/policy) as dv-referral applies it', () => {
  it('a receiver restricted to streets works only referrals in them; a referral of an unknown type nobody', () => {
    const r = { department: 'police', assignedDept: 'police:xinqi', street: 'xinqi' };
    expect(isReceiver({ ...police, streets: ['xinqi'] }, r)).toBe(true);
    expect(isReceiver({ ...police, streets: ['daqi'] }, r)).toBe(false);
    expect(isReceiver(police, { ...r, department: 'toString' })).toBe(false);
  });
  it('a case with no known owner is owned by nobody; coordinators see by street only', () => {
    expect(isCaseOwner(owner, { ownerDept: null })).toBe(false);
    expect(isCaseOwner(owner, { ownerDept: 'wf:district', street: 'xinqi' })).toBe(true);
    expect(isCoordinatorFor({ role: 'coordinator', dept: 'wf:district', streets: ['daqi'] }, 'xinqi')).toBe(false);
    expect(isCoordinatorFor({ role: 'coordinator', dept: 'wf:district' }, null)).toBe(true);
    expect(isCoordinatorFor(owner, null)).toBe(false);
  });
  it('orders: the court within its streets; the filer, never as a coordinator', () => {
    const o = { courtDept: 'court:beilun', appliedByDept: 'wf:district', street: 'xinqi' };
    const p = (a: Actor) => ({ sub: 's', role: a.role, dept: a.dept, streets: a.streets ?? [] });
    expect(ORDER_POLICY.court.record!(p(clerk), o)).toBe(true);
    expect(ORDER_POLICY.court.record!(p({ ...clerk, streets: ['daqi'] }), o)).toBe(false);
    expect(ORDER_POLICY.filer.roles).not.toContain('coordinator');
    expect(ORDER_POLICY.filer.roles).toContain('wf_caseworker');
  });
  it('refusal: undefined when allowed, else a ForbiddenError with the given code', () => {
    expect(refusal(CASE_POLICY, owner, 'own', { ownerDept: 'wf:district' }, 'not_case_owner', 'm')).toBeUndefined();
    const e = refusal(CASE_POLICY, police, 'own', { ownerDept: 'wf:district' }, 'not_case_owner', 'm');
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e!.code).toBe('not_case_owner');
  });
});

describe('pure helpers', () => {
  it('a new referral is announced without personal data, its street only if a district street', () => {
    const r = { department: 'police' as const, assignedDept: 'police:xinqi', acceptBy: t0 };
    const e = referralCreated(ID, { caseId: CASE, riskLevel: 'high', street: 'xinqi' }, r, t0);
    expect(e).toEqual({
      type: 'dv.referral.created.v1',
      data: {
        referralId: ID,
        caseId: CASE,
        requestId: null,
        department: 'police',
        assignedDept: 'police:xinqi',
        riskLevel: 'high',
        street: 'xinqi',
        acceptBy: t0.toISOString(),
        createdAt: t0.toISOString(),
      },
    });
    expect(streetOf('nowhere')).toBeNull();
    expect(streetOf('constructor')).toBeNull();
    expect(streetOf(null)).toBeNull();
  });
  it('a stay counts completed 24-hour days (never negative)', () => {
    expect(lengthOfStayDays(t0, new Date(t0.getTime()))).toBe(0);
    expect(lengthOfStayDays(t0, new Date('2026-11-29T09:59:59.999Z'))).toBe(0);
    expect(lengthOfStayDays(t0, new Date('2026-11-29T10:00:00.000Z'))).toBe(1);
    expect(lengthOfStayDays(t0, new Date('2026-12-08T10:00:00.000Z'))).toBe(10);
    expect(lengthOfStayDays(t0, new Date('2026-11-27T10:00:00.000Z'))).toBe(0);
  });
  it('an illegal order transition is a 409, not a throw', () => {
    const s: OrderState = {
      id: ID,
      caseId: CASE,
      courtDept: 'court:beilun',
      measures: ['ban_violence'],
      urgent: true,
      status: 'revoked',
      validUntil: null,
      reconsiderBy: null,
      served: {},
      reconsideration: null,
    };
    const d = decideOrder(s, { kind: 'revoke' }, clerk, t0, { serveHours: 24, reminderDays: 14, cal });
    expect(d).toBeInstanceOf(ConflictError);
  });
});
