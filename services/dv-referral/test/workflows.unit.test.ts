import { describe, expect, it } from 'vitest';
import {
  addMonths,
  ConflictError,
  DEFAULT_CALENDAR as cal,
  ForbiddenError,
  orThrow,
  ValidationError,
} from '@linkage/domain';
import {
  lengthOfStayDays,
  maxValidUntil,
  parseOffsets,
  reconsiderBy,
  remindAt,
  ruleBy,
  visitsDue,
} from '../src/domain/clocks.ts';
import * as referral from '../src/domain/referral/decide.ts';
import type { ReferralCommand, ReferralState, ReferralStatus } from '../src/domain/referral/decide.ts';
import * as policeRules from '../src/domain/police/decide.ts';
import { decideApply as apply } from '../src/domain/order/apply.ts';
import * as order from '../src/domain/order/decide.ts';
import type { OrderCommand, OrderState, OrderStatus } from '../src/domain/order/decide.ts';
import { decideExpiry, decideExpiryReminder, orderChange } from '../src/domain/order/evolve.ts';
import * as shelterRules from '../src/domain/shelter/decide.ts';
import * as care from '../src/domain/care/decide.ts';
import * as followup from '../src/domain/followup/decide.ts';
import { VISIBLE_FIELDS, canReceive, isReceiver } from '../src/domain/access.ts';

// The decide functions return their events or the refusal (a `Decision`); these adapters throw the refusal
// (`orThrow`, as the application layer does) and add the row change the application derives, so each case
// below reads as "given, when, then" with the refusal as a thrown typed error.
type Args<F extends (...a: never[]) => unknown> = Parameters<F>;
const decideReferral = (...a: Args<typeof referral.decideReferral>) => ({
  events: orThrow(referral.decideReferral(...a)),
  status: referral.STATUS_AFTER[a[1].kind],
});
const decideCreateReferral = (...a: Args<typeof referral.decideCreateReferral>) =>
  orThrow(referral.decideCreateReferral(...a));
const { referralForSafeguarding } = referral;
const decideRecordCallout = (...a: Args<typeof policeRules.decideRecordCallout>) =>
  orThrow(policeRules.decideRecordCallout(...a));
const decideIssueWarningLetter = (
  r: ReferralState,
  actor: Args<typeof policeRules.decideIssueWarningLetter>[1],
  letterId: string,
  visitIds: () => string,
  now: Date,
  p: policeRules.WarningPolicy,
) => {
  const plan = policeRules.planWarningLetter(letterId, visitIds, now, p);
  return { ...plan, events: orThrow(policeRules.decideIssueWarningLetter(r, actor, plan, now)) };
};
const decideDeliverWarningLetter = (...a: Args<typeof policeRules.decideDeliverWarningLetter>) => ({
  events: orThrow(policeRules.decideDeliverWarningLetter(...a)),
  deliveries: policeRules.withDelivery(a[0].deliveries, a[2], a[3]),
});
const decideRecordPoliceVisit = (...a: Args<typeof policeRules.decideRecordPoliceVisit>) =>
  orThrow(policeRules.decideRecordPoliceVisit(...a));
const decideOrder = (...a: Args<typeof order.decideOrder>) => {
  const events = orThrow(order.decideOrder(...a));
  return { events, patch: orderChange(events, a[0].served, a[4].reminderDays) };
};
const decideApply = (...a: Args<typeof apply>) => orThrow(apply(...a));
const decidePlace = (...a: Args<typeof shelterRules.decidePlace>) => orThrow(shelterRules.decidePlace(...a));
const decidePlacement = (...a: Args<typeof shelterRules.decidePlacement>) => ({
  events: orThrow(shelterRules.decidePlacement(...a)),
  status: shelterRules.PLACEMENT_STATUS_AFTER[a[2].kind],
});
const decideRequestAssessment = (...a: Args<typeof care.decideRequestAssessment>) =>
  orThrow(care.decideRequestAssessment(...a));
const decideCompleteAssessment = (...a: Args<typeof care.decideCompleteAssessment>) =>
  orThrow(care.decideCompleteAssessment(...a));
const decideRecordSession = (...a: Args<typeof care.decideRecordSession>) => orThrow(care.decideRecordSession(...a));
const decideCloseCase = (
  c: followup.CaseState,
  actor: Args<typeof followup.decideCloseCase>[1],
  openReferrals: number,
  ids: () => string,
  now: Date,
  offsets: readonly number[],
  calendar: typeof cal,
) => {
  const plan = followup.planFollowups(c, ids, now, offsets, calendar);
  return { ...plan, events: orThrow(followup.decideCloseCase(c, actor, openReferrals, plan, now)) };
};
const decideRecordFollowup = (...a: Args<typeof followup.decideRecordFollowup>) => {
  const events = orThrow(followup.decideRecordFollowup(...a));
  return { events, reopen: followup.reopens(events) };
};

const t0 = new Date('2026-11-28T10:00:00.000Z');
const policy = { defaultHours: 24, highRiskHours: 1 };
const CASE = '0190f000-0000-7000-8000-000000000001';
const REF = '0190f000-0000-7000-8000-000000000002';
const ID = '0190f000-0000-7000-8000-000000000003';
let n = 0;
const ids = () => `0190f000-0000-7000-8000-${String(++n).padStart(12, '0')}`;

const police = { role: 'police_officer', dept: 'police:xinqi' } as const;
const otherPolice = { role: 'police_officer', dept: 'police:daqi' } as const;
const owner = { role: 'wf_caseworker', dept: 'wf:district' } as const;
const clerk = { role: 'court_clerk', dept: 'court:beilun' } as const;
const shelterOfficer = { role: 'shelter_officer', dept: 'shelter:beilun' } as const;
const health = { role: 'health_worker', dept: 'health:beilun' } as const;

describe('clocks', () => {
  it('ruling clock is 72 h, 24 h if urgent (ADVL Art. 28)', () => {
    expect(ruleBy(t0, false).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(ruleBy(t0, true).toISOString()).toBe('2026-11-29T10:00:00.000Z');
  });
  // Until now these were start + 6 months / + n × 24 h to the minute in UTC; the law counts (Civil Code Arts. 201–203)
  // from the next day to 24:00 Beijing time of the last day, past rest days. t0 is Sat 28 Nov 2026, 18:00 Beijing.
  it('ADVL Art. 30: orders last at most 6 months — to 24:00 Beijing of the corresponding day; Art. 31: reconsideration within 5 days', () => {
    expect(maxValidUntil(t0).toISOString()).toBe('2027-05-28T16:00:00.000Z');
    expect(addMonths(new Date('2026-08-31T00:00:00Z'), 6).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(reconsiderBy(t0, cal).toISOString()).toBe('2026-12-03T16:00:00.000Z');
  });
  it('reminds N days before the end, never before issue', () => {
    expect(remindAt(new Date('2027-01-28T10:00:00Z'), 14, t0).toISOString()).toBe('2027-01-14T10:00:00.000Z');
    expect(remindAt(new Date('2026-12-01T10:00:00Z'), 14, t0).toISOString()).toBe(t0.toISOString());
  });
  it('follow-ups +7/+30/+90 days (configurable), stay length in whole days', () => {
    expect(visitsDue(t0, [90, 7, 30], cal).map((v) => [v.offsetDays, v.dueAt.toISOString()])).toEqual([
      [7, '2026-12-07T16:00:00.000Z'], // Sat 5 Dec is a rest day → Mon 7 Dec
      [30, '2026-12-28T16:00:00.000Z'],
      [90, '2027-02-26T16:00:00.000Z'],
    ]);
    expect(parseOffsets('3, 14')).toEqual([3, 14]);
    expect(() => parseOffsets('0,x')).toThrow();
    expect(lengthOfStayDays(t0, new Date('2026-12-01T09:00:00Z'))).toBe(2);
  });
});

describe('referral lifecycle', () => {
  const ref = (
    status: ReferralStatus,
    department: ReferralState['department'] = 'police',
    assignedDept = 'police:xinqi',
  ): ReferralState => ({ id: REF, caseId: CASE, department, assignedDept, status });
  const ctx = { now: t0, rerouteHours: 24, caseOwnerDept: 'wf:district' };
  const cmds: Record<string, ReferralCommand> = {
    accept: { kind: 'accept' },
    decline: { kind: 'decline', reasonCode: 'no_capacity' },
    start: { kind: 'start' },
    complete: { kind: 'complete' },
    withdraw: { kind: 'withdraw', reasonCode: 'victim_request' },
  };
  const legal: Record<string, Partial<Record<ReferralStatus, ReferralStatus>>> = {
    accept: { requested: 'accepted' },
    decline: { requested: 'declined' },
    start: { accepted: 'in_progress' },
    complete: { in_progress: 'completed' },
    withdraw: { requested: 'withdrawn', accepted: 'withdrawn', in_progress: 'withdrawn' },
  };
  const statuses: ReferralStatus[] = ['requested', 'accepted', 'in_progress', 'completed', 'declined', 'withdrawn'];
  for (const [name, cmd] of Object.entries(cmds)) {
    for (const from of statuses) {
      const to = legal[name]![from];
      const actor = name === 'withdraw' ? owner : police;
      it(`${name} from ${from} ${to ? `→ ${to}` : 'is refused (409)'}`, () => {
        if (to) {
          const d = decideReferral(ref(from), cmd, actor, ctx);
          expect(d.status).toBe(to);
          expect(d.events[0]!.type).toBe(`dv.referral.${to === 'in_progress' ? 'started' : to}.v1`);
        } else {
          expect(() => decideReferral(ref(from), cmd, actor, ctx)).toThrow(ConflictError);
        }
      });
    }
  }
  it('a decline carries its reason and the re-route deadline', () => {
    const d = decideReferral(ref('requested'), cmds.decline!, police, ctx);
    expect(d.events[0]!.data).toMatchObject({ reasonCode: 'no_capacity', rerouteBy: '2026-11-29T10:00:00.000Z' });
  });
  it('cannot accept a referral addressed to another department, or in the wrong role', () => {
    expect(() => decideReferral(ref('requested'), cmds.accept!, otherPolice, ctx)).toThrow(ForbiddenError);
    expect(() =>
      decideReferral(ref('requested'), cmds.accept!, { role: 'court_clerk', dept: 'police:xinqi' }, ctx),
    ).toThrow(ForbiddenError);
    expect(() => decideReferral(ref('requested'), cmds.withdraw!, police, ctx)).toThrow(ForbiddenError);
    expect(() =>
      decideReferral(ref('requested'), cmds.withdraw!, { role: 'wf_caseworker', dept: 'wf:xinqi' }, ctx),
    ).toThrow(ForbiddenError);
  });
  it('caseworkers refer to a matching department only, on an open case they own', () => {
    const r = decideCreateReferral(
      owner,
      { ownerDept: 'wf:district', status: 'open' },
      { department: 'shelter', assignedDept: 'shelter:beilun', riskLevel: 'high' },
      t0,
      policy,
    );
    expect(r.acceptBy.toISOString()).toBe('2026-11-28T11:00:00.000Z');
    expect(() =>
      decideCreateReferral(
        owner,
        null,
        { department: 'shelter', assignedDept: 'police:xinqi', riskLevel: 'high' },
        t0,
        policy,
      ),
    ).toThrow(ValidationError);
    expect(() =>
      decideCreateReferral(
        owner,
        { ownerDept: 'wf:xinqi', status: 'open' },
        { department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' },
        t0,
        policy,
      ),
    ).toThrow(ForbiddenError);
    expect(() =>
      decideCreateReferral(
        owner,
        { ownerDept: 'wf:district', status: 'closed' },
        { department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' },
        t0,
        policy,
      ),
    ).toThrow(ConflictError);
    expect(() =>
      decideCreateReferral(
        police,
        null,
        { department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' },
        t0,
        policy,
      ),
    ).toThrow(ForbiddenError);
  });
  it('elder safeguarding goes to the street police with the risk clock', () => {
    expect(referralForSafeguarding('daqi', 'standard', t0, policy)).toEqual({
      department: 'police',
      assignedDept: 'police:daqi',
      acceptBy: new Date('2026-11-29T10:00:00.000Z'),
    });
  });
  it('access: receivers by dept kind and role; fields by referral type', () => {
    expect(canReceive('counselling', 'health:beilun')).toBe(true);
    expect(canReceive('court', 'police:xinqi')).toBe(false);
    expect(isReceiver(health, { department: 'counselling', assignedDept: 'health:beilun' })).toBe(true);
    expect(isReceiver(health, { department: 'police', assignedDept: 'health:beilun' })).toBe(false);
    expect(VISIBLE_FIELDS.court).not.toContain('contact');
    expect(VISIBLE_FIELDS.shelter).not.toContain('note');
  });
});

describe('police', () => {
  const ref = (status: ReferralStatus, department: ReferralState['department'] = 'police'): ReferralState => ({
    id: REF,
    caseId: CASE,
    department,
    assignedDept: 'police:xinqi',
    status,
  });
  const callout = {
    calloutId: ID,
    occurredAt: t0,
    outcome: 'violence_stopped' as const,
    evidenceCollected: true,
    medicalHelpArranged: false,
  };
  it('records a call-out on an accepted or started police referral', () => {
    for (const s of ['accepted', 'in_progress'] as const)
      expect(decideRecordCallout(ref(s), police, callout, t0)[0]!.type).toBe('dv.callout.recorded.v1');
    for (const s of ['requested', 'completed', 'declined', 'withdrawn'] as const)
      expect(() => decideRecordCallout(ref(s), police, callout, t0)).toThrow(ConflictError);
    expect(() => decideRecordCallout(ref('accepted'), otherPolice, callout, t0)).toThrow(ForbiddenError);
    expect(() => decideRecordCallout(ref('accepted', 'shelter'), police, callout, t0)).toThrow(ConflictError);
    expect(() =>
      decideRecordCallout(ref('accepted'), police, { ...callout, occurredAt: new Date(t0.getTime() + 1000) }, t0),
    ).toThrow(ValidationError);
  });
  it('issues a warning letter with a delivery deadline and scheduled visits', () => {
    const d = decideIssueWarningLetter(ref('accepted'), police, ID, ids, t0, {
      deliveryHours: 24,
      visitOffsets: [7, 30],
      cal,
    });
    expect(d.events.map((e) => e.type)).toEqual([
      'dv.warning_letter.issued.v1',
      'dv.police_visit.scheduled.v1',
      'dv.police_visit.scheduled.v1',
    ]);
    expect(d.events[0]!.data).toMatchObject({ deliverBy: '2026-11-29T10:00:00.000Z' });
    expect(d.events[2]!.data).toMatchObject({ dueAt: '2026-12-28T16:00:00.000Z' });
    expect(() =>
      decideIssueWarningLetter(ref('requested'), police, ID, ids, t0, { deliveryHours: 24, visitOffsets: [7], cal }),
    ).toThrow(ConflictError);
  });
  it('delivers to each recipient once, by the issuing station', () => {
    const l = { id: ID, caseId: CASE, dept: 'police:xinqi', deliveries: {} };
    const d = decideDeliverWarningLetter(l, police, 'abuser', t0);
    expect(d.deliveries).toEqual({ abuser: t0.toISOString() });
    expect(() => decideDeliverWarningLetter({ ...l, deliveries: d.deliveries }, police, 'abuser', t0)).toThrow(
      ConflictError,
    );
    expect(() => decideDeliverWarningLetter(l, otherPolice, 'victim', t0)).toThrow(ForbiddenError);
  });
  it('records a visit once', () => {
    const v = { id: ID, caseId: CASE, dept: 'police:xinqi', status: 'scheduled' };
    expect(decideRecordPoliceVisit(v, police, 'no_further_violence', t0)[0]!.type).toBe('dv.police_visit.recorded.v1');
    expect(() => decideRecordPoliceVisit({ ...v, status: 'done' }, police, 'not_reached', t0)).toThrow(ConflictError);
    expect(() => decideRecordPoliceVisit(v, otherPolice, 'not_reached', t0)).toThrow(ForbiddenError);
  });
});

describe('protection orders', () => {
  const p = { serveHours: 24, reminderDays: 14, cal };
  const order = (status: OrderStatus, extra: Partial<OrderState> = {}): OrderState => ({
    id: ID,
    caseId: CASE,
    courtDept: 'court:beilun',
    measures: ['ban_violence'],
    urgent: true,
    status,
    validUntil: status === 'issued' ? new Date('2027-03-01T00:00:00Z') : null,
    reconsiderBy: status === 'issued' || status === 'rejected' ? reconsiderBy(t0, cal) : null,
    served: {},
    reconsideration: null,
    ...extra,
  });
  const validUntil = new Date('2027-03-01T00:00:00Z');
  const later = new Date('2027-06-01T00:00:00Z');
  const cmds: Record<string, OrderCommand> = {
    accept: { kind: 'accept' },
    issue: { kind: 'issue', validUntil },
    reject: { kind: 'reject', reasonCode: 'insufficient_evidence' },
    serve: { kind: 'serve', party: 'respondent' },
    request_reconsideration: { kind: 'request_reconsideration', requestedBy: 'respondent' },
    extend: { kind: 'extend', validUntil: later },
    change: { kind: 'change', measures: ['ban_violence', 'move_out'] },
    revoke: { kind: 'revoke' },
  };
  const legal: Record<string, OrderStatus[]> = {
    accept: ['applied'],
    issue: ['accepted'],
    reject: ['accepted'],
    serve: ['issued'],
    request_reconsideration: ['issued'], // by the respondent: against an order only (Art. 31)
    extend: ['issued'],
    change: ['issued'],
    revoke: ['issued'],
  };
  const all: OrderStatus[] = ['applied', 'accepted', 'issued', 'rejected', 'revoked', 'expired'];
  for (const [name, cmd] of Object.entries(cmds))
    for (const s of all)
      it(`${name} on ${s}: ${legal[name]!.includes(s) ? 'allowed' : 'refused'}`, () => {
        const now =
          name === 'extend' ||
          name === 'change' ||
          name === 'revoke' ||
          name === 'serve' ||
          name === 'request_reconsideration'
            ? new Date(t0.getTime() + 3600_000)
            : t0;
        if (legal[name]!.includes(s)) expect(decideOrder(order(s), cmd, clerk, now, p).events).toHaveLength(1);
        else expect(() => decideOrder(order(s), cmd, clerk, now, p)).toThrow(ConflictError);
      });
  it('accepting starts the ruling clock (24 h urgent, 72 h not)', () => {
    expect(decideOrder(order('applied'), cmds.accept!, clerk, t0, p).events[0]!.data).toMatchObject({
      ruleBy: '2026-11-29T10:00:00.000Z',
    });
    expect(decideOrder(order('applied', { urgent: false }), cmds.accept!, clerk, t0, p).events[0]!.data).toMatchObject({
      ruleBy: '2026-12-01T10:00:00.000Z',
    });
  });
  it('issues with validUntil ≤ 6 months and carries serve and reconsideration deadlines', () => {
    const d = decideOrder(order('accepted'), cmds.issue!, clerk, t0, p);
    expect(d.events[0]!.data).toMatchObject({
      validUntil: validUntil.toISOString(),
      serveBy: '2026-11-29T10:00:00.000Z',
      reconsiderBy: '2026-12-03T16:00:00.000Z',
      measures: ['ban_violence'],
    });
    expect(d.patch.remindAt!.toISOString()).toBe('2027-02-15T00:00:00.000Z');
    expect(() =>
      decideOrder(order('accepted'), { kind: 'issue', validUntil: new Date('2027-05-29T00:00:00Z') }, clerk, t0, p),
    ).toThrow(ValidationError);
    expect(() => decideOrder(order('accepted'), { kind: 'issue', validUntil: t0 }, clerk, t0, p)).toThrow(
      ValidationError,
    );
  });
  it('only the court it was filed with decides', () => {
    expect(() =>
      decideOrder(order('applied'), cmds.accept!, { role: 'court_clerk', dept: 'court:other' }, t0, p),
    ).toThrow(ForbiddenError);
    expect(() =>
      decideOrder(order('applied'), cmds.accept!, { role: 'wf_caseworker', dept: 'court:beilun' }, t0, p),
    ).toThrow(ForbiddenError);
  });
  it('serves each party once; fully served after all four', () => {
    const served = { applicant: 'x', police: 'x', committee: 'x' };
    expect(decideOrder(order('issued', { served }), cmds.serve!, clerk, t0, p).events[0]!.data).toMatchObject({
      fullyServed: true,
    });
    expect(() => decideOrder(order('issued', { served: { respondent: 'x' } }), cmds.serve!, clerk, t0, p)).toThrow(
      ConflictError,
    );
  });
  it('reconsideration only within 5 days, once', () => {
    expect(() =>
      decideOrder(order('issued'), cmds.request_reconsideration!, clerk, new Date('2026-12-03T16:00:01Z'), p),
    ).toThrow(/5 days/);
    expect(() =>
      decideOrder(order('issued', { reconsideration: 'pending' }), cmds.request_reconsideration!, clerk, t0, p),
    ).toThrow(ConflictError);
  });
  it('extend / change / revoke only before expiry; extension later and within 6 months of the current end', () => {
    const after = new Date('2027-03-02T00:00:00Z');
    for (const c of ['extend', 'change', 'revoke'])
      expect(() => decideOrder(order('issued'), cmds[c]!, clerk, after, p)).toThrow(/expired/);
    expect(() =>
      decideOrder(order('issued'), { kind: 'extend', validUntil: new Date('2027-02-01T00:00:00Z') }, clerk, t0, p),
    ).toThrow(ValidationError);
    expect(() =>
      decideOrder(order('issued'), { kind: 'extend', validUntil: new Date('2027-09-02T00:00:00Z') }, clerk, t0, p),
    ).toThrow(ValidationError);
    const d = decideOrder(order('issued'), cmds.extend!, clerk, t0, p);
    expect(d.patch).toMatchObject({ validUntil: later, remindedAt: null });
  });
  it('applications: a court, eligible filers, consistent applicant', () => {
    const input = {
      orderId: ID,
      caseId: CASE,
      courtDept: 'court:beilun',
      applicant: 'women_federation' as const,
      measures: ['ban_violence' as const],
      urgent: true,
      onBehalfGround: 'coercion_or_intimidation' as const,
    };
    expect(decideApply(owner, input, t0)[0]!.type).toBe('dv.protection_order.applied.v1');
    expect(() => decideApply(owner, { ...input, courtDept: 'police:xinqi' }, t0)).toThrow(ValidationError);
    expect(() => decideApply(shelterOfficer, input, t0)).toThrow(ForbiddenError);
    expect(() => decideApply({ role: 'court_clerk', dept: 'court:other' }, input, t0)).toThrow(ForbiddenError);
    expect(() => decideApply(police, input, t0)).toThrow(ValidationError);
  });
  it('ADVL Art. 23: on her behalf only with a ground (no/limited capacity, coercion; SPC 2022 Art. 2 old age, disability, illness by her wishes) — else 409', () => {
    const base = {
      orderId: ID,
      caseId: CASE,
      courtDept: 'court:beilun',
      measures: ['ban_violence' as const],
      urgent: true,
    };
    // a capable woman applies herself (with the federation's help)
    expect(
      decideApply(owner, { ...base, applicant: 'victim', assistedBy: 'women_federation' }, t0)[0]!.data,
    ).toMatchObject({ applicant: 'victim', onBehalfGround: null, assistedBy: 'women_federation' });
    const noGround = (() => {
      try {
        decideApply(owner, { ...base, applicant: 'women_federation' }, t0);
      } catch (e) {
        return e as ConflictError;
      }
    })();
    expect(noGround).toBeInstanceOf(ConflictError);
    expect(noGround!.code).toBe('no_standing_on_her_behalf');
    expect(
      decideApply(owner, { ...base, applicant: 'close_relative', onBehalfGround: 'limited_civil_capacity' }, t0)[0]!
        .data,
    ).toMatchObject({ onBehalfGround: 'limited_civil_capacity' });
    expect(() =>
      decideApply(owner, { ...base, applicant: 'elderly_organisation', onBehalfGround: 'old_age' }, t0),
    ).toThrow(/her wishes/);
    expect(
      decideApply(
        owner,
        { ...base, applicant: 'elderly_organisation', onBehalfGround: 'old_age', herWishes: true },
        t0,
      ),
    ).toHaveLength(1);
    expect(() => decideApply(owner, { ...base, applicant: 'victim', onBehalfGround: 'old_age' }, t0)).toThrow(
      ValidationError,
    );
  });
  it('ADVL Art. 31: reconsideration by the party the ruling went against, decided by a clock, with an outcome', () => {
    const t1 = new Date(t0.getTime() + 3600_000);
    expect(() =>
      decideOrder(order('issued'), { kind: 'request_reconsideration', requestedBy: 'applicant' }, clerk, t1, p),
    ).toThrow(/respondent/);
    expect(() =>
      decideOrder(order('rejected'), { kind: 'request_reconsideration', requestedBy: 'respondent' }, clerk, t1, p),
    ).toThrow(/applicant/);
    const r = decideOrder(
      order('rejected'),
      { kind: 'request_reconsideration', requestedBy: 'applicant' },
      clerk,
      t1,
      p,
    );
    expect(r.events[0]!.data).toMatchObject({ requestedBy: 'applicant', decideBy: '2026-12-03T16:00:00.000Z' });
    // the rejection revoked: the court rules again (Art. 28 clock)
    const back = decideOrder(
      order('rejected', { reconsideration: 'pending' }),
      { kind: 'decide_reconsideration', outcome: 'revoked' },
      clerk,
      t1,
      p,
    );
    expect(back.patch).toMatchObject({ status: 'accepted', reconsideration: 'revoked', reconsiderationDecideBy: null });
    expect(back.events.map((e) => e.type)).toEqual([
      'dv.protection_order.reconsideration_decided.v1',
      'dv.protection_order.accepted.v1',
    ]);
    const revoked = decideOrder(
      order('issued', { reconsideration: 'pending' }),
      { kind: 'decide_reconsideration', outcome: 'revoked' },
      clerk,
      t1,
      p,
    );
    expect(revoked.patch.status).toBe('revoked');
    const changed = decideOrder(
      order('issued', { reconsideration: 'pending' }),
      { kind: 'decide_reconsideration', outcome: 'changed', measures: ['move_out'] },
      clerk,
      t1,
      p,
    );
    expect(changed.patch).toMatchObject({ reconsideration: 'changed', measures: ['move_out'] });
    expect(
      decideOrder(
        order('issued', { reconsideration: 'pending' }),
        { kind: 'decide_reconsideration', outcome: 'upheld' },
        clerk,
        t1,
        p,
      ).events[0]!.data,
    ).toMatchObject({ outcome: 'upheld' });
    expect(() =>
      decideOrder(order('issued'), { kind: 'decide_reconsideration', outcome: 'upheld' }, clerk, t1, p),
    ).toThrow(/No reconsideration/);
  });
  it('ADVL Art. 30: an order that runs to its end is expired — an event dated at its end, not a breach', () => {
    const o = { id: ID, caseId: CASE, courtDept: 'court:beilun', status: 'issued', validUntil };
    expect(decideExpiry(o, new Date(validUntil.getTime() - 1))).toEqual([]);
    const [event, ...more] = decideExpiry(o, new Date(validUntil.getTime() + 3_600_000));
    expect(more).toEqual([]);
    expect(orderChange([event!], {}, 14).status).toBe('expired');
    expect(event!.time).toEqual(validUntil);
    expect({ type: event!.type, data: event!.data }).toEqual({
      type: 'dv.protection_order.expired.v1',
      data: {
        orderId: ID,
        caseId: CASE,
        courtDept: 'court:beilun',
        validUntil: validUntil.toISOString(),
        expiredAt: validUntil.toISOString(),
      },
    });
    expect(decideExpiry({ ...o, status: 'revoked' }, later)).toEqual([]);
  });
  it('expiry reminder is due once, for issued orders only', () => {
    const o = {
      id: ID,
      caseId: CASE,
      courtDept: 'court:beilun',
      status: 'issued',
      validUntil,
      remindAt: new Date('2027-02-15T00:00:00Z'),
      remindedAt: null,
    };
    expect(decideExpiryReminder(o, new Date('2027-02-14T00:00:00Z'))).toEqual([]);
    expect(decideExpiryReminder(o, new Date('2027-02-15T00:00:00Z'))[0]).toMatchObject({
      type: 'dv.protection_order.expiring.v1',
      data: { validUntil: validUntil.toISOString() },
    });
    expect(decideExpiryReminder({ ...o, remindedAt: t0 }, new Date('2027-02-16T00:00:00Z'))).toEqual([]);
    expect(decideExpiryReminder({ ...o, status: 'revoked' }, new Date('2027-02-16T00:00:00Z'))).toEqual([]);
  });
});

describe('shelters', () => {
  const shelter = { id: ID, dept: 'shelter:beilun', capacity: 2 };
  const input = { placementId: REF, caseId: CASE, referral: null };
  it('places while a bed is free; refuses a full shelter', () => {
    expect(decidePlace(shelter, 1, shelterOfficer, input, t0)[0]!.type).toBe('dv.shelter.placed.v1');
    expect(() => decidePlace(shelter, 2, shelterOfficer, input, t0)).toThrow(/full/);
    expect(() => decidePlace(shelter, 0, { role: 'shelter_officer', dept: 'shelter:other' }, input, t0)).toThrow(
      ForbiddenError,
    );
  });
  it('a referral must be an accepted shelter referral to this shelter', () => {
    const referral = { id: REF, department: 'shelter', assignedDept: 'shelter:beilun', status: 'requested' };
    expect(() => decidePlace(shelter, 0, shelterOfficer, { ...input, referral }, t0)).toThrow(/accept it first/);
    expect(() =>
      decidePlace(
        shelter,
        0,
        shelterOfficer,
        { ...input, referral: { ...referral, status: 'accepted', department: 'police' } },
        t0,
      ),
    ).toThrow(ConflictError);
    expect(
      decidePlace(shelter, 0, shelterOfficer, { ...input, referral: { ...referral, status: 'accepted' } }, t0)[0]!.data,
    ).toMatchObject({ referralId: REF });
  });
  it('check in from placed, check out from checked in, with length of stay', () => {
    const p = { id: REF, shelterId: ID, caseId: CASE, status: 'placed' as const, checkedInAt: null };
    expect(decidePlacement(p, 'shelter:beilun', { kind: 'check_in' }, shelterOfficer, t0).status).toBe('checked_in');
    expect(() => decidePlacement(p, 'shelter:beilun', { kind: 'check_out' }, shelterOfficer, t0)).toThrow(
      ConflictError,
    );
    const inside = { ...p, status: 'checked_in' as const, checkedInAt: t0 };
    expect(() => decidePlacement(inside, 'shelter:beilun', { kind: 'check_in' }, shelterOfficer, t0)).toThrow(
      ConflictError,
    );
    expect(
      decidePlacement(inside, 'shelter:beilun', { kind: 'check_out' }, shelterOfficer, new Date('2026-12-08T10:00:00Z'))
        .events[0]!.data,
    ).toMatchObject({ lengthOfStayDays: 10 });
    expect(() =>
      decidePlacement({ ...p, status: 'checked_out' }, 'shelter:beilun', { kind: 'check_out' }, shelterOfficer, t0),
    ).toThrow(ConflictError);
  });
});

describe('health and counselling', () => {
  it('assessment requested by eligible roles from a health dept, completed once by that dept', () => {
    expect(
      decideRequestAssessment(police, { assessmentId: ID, caseId: CASE, healthDept: 'health:beilun' }, t0)[0]!.type,
    ).toBe('dv.injury_assessment.requested.v1');
    expect(() =>
      decideRequestAssessment(police, { assessmentId: ID, caseId: CASE, healthDept: 'court:beilun' }, t0),
    ).toThrow(ValidationError);
    expect(() =>
      decideRequestAssessment(shelterOfficer, { assessmentId: ID, caseId: CASE, healthDept: 'health:beilun' }, t0),
    ).toThrow(ForbiddenError);
    const a = { id: ID, caseId: CASE, healthDept: 'health:beilun', status: 'requested' };
    expect(
      decideCompleteAssessment(a, health, { grade: 'light', resultRef: 'FJ-2026-001' }, t0)[0]!.data,
    ).toMatchObject({ grade: 'light', resultRef: 'FJ-2026-001' });
    expect(() =>
      decideCompleteAssessment({ ...a, status: 'completed' }, health, { grade: 'light', resultRef: 'x' }, t0),
    ).toThrow(ConflictError);
    expect(() =>
      decideCompleteAssessment(
        a,
        { role: 'health_worker', dept: 'health:other' },
        { grade: 'light', resultRef: 'x' },
        t0,
      ),
    ).toThrow(ForbiddenError);
  });
  it('sessions on an accepted counselling referral only', () => {
    const r: ReferralState = {
      id: REF,
      caseId: CASE,
      department: 'counselling',
      assignedDept: 'health:beilun',
      status: 'accepted',
    };
    expect(decideRecordSession(r, health, { sessionId: ID, heldAt: t0, durationMinutes: 50 }, t0)[0]!.type).toBe(
      'dv.counselling.session_recorded.v1',
    );
    expect(() =>
      decideRecordSession(
        { ...r, status: 'requested' },
        health,
        { sessionId: ID, heldAt: t0, durationMinutes: 50 },
        t0,
      ),
    ).toThrow(ConflictError);
    expect(() =>
      decideRecordSession(
        { ...r, department: 'police' },
        health,
        { sessionId: ID, heldAt: t0, durationMinutes: 50 },
        t0,
      ),
    ).toThrow(ConflictError);
    expect(() => decideRecordSession(r, police, { sessionId: ID, heldAt: t0, durationMinutes: 50 }, t0)).toThrow(
      ForbiddenError,
    );
  });
});

describe('closure and follow-up', () => {
  const c = { caseId: CASE, ownerDept: 'wf:district', status: 'open' as const, closures: 0 };
  it('closes with no open referrals and schedules +7/+30/+90', () => {
    const d = decideCloseCase(c, owner, 0, ids, t0, [7, 30, 90], cal);
    expect(d.round).toBe(1);
    expect(d.events.map((e) => e.type)).toEqual([
      'dv.case.closed.v1',
      'dv.followup.due.v1',
      'dv.followup.due.v1',
      'dv.followup.due.v1',
    ]);
    expect(d.events[3]!.data).toMatchObject({ offsetDays: 90, dueAt: '2027-02-26T16:00:00.000Z' });
  });
  it('refuses with open referrals, twice, or by another dept', () => {
    expect(() => decideCloseCase(c, owner, 1, ids, t0, [7], cal)).toThrow(/still open/);
    expect(() => decideCloseCase({ ...c, status: 'closed' }, owner, 0, ids, t0, [7], cal)).toThrow(ConflictError);
    expect(() => decideCloseCase(c, { role: 'wf_caseworker', dept: 'wf:xinqi' }, 0, ids, t0, [7], cal)).toThrow(
      ForbiddenError,
    );
  });
  it('records a follow-up once; a new incident reopens for re-screening', () => {
    const f = { id: ID, caseId: CASE, status: 'due' };
    const closed = { ...c, status: 'closed' as const, closures: 1 };
    expect(decideRecordFollowup(f, closed, owner, 'reached', t0)).toMatchObject({ reopen: false });
    const d = decideRecordFollowup(f, closed, owner, 'new_incident', t0);
    expect(d.reopen).toBe(true);
    expect(d.events[1]).toMatchObject({ type: 'dv.case.reopened.v1', data: { rescreenRequired: true } });
    expect(() => decideRecordFollowup({ ...f, status: 'done' }, closed, owner, 'reached', t0)).toThrow(ConflictError);
    expect(() => decideRecordFollowup(f, closed, police, 'reached', t0)).toThrow(ForbiddenError);
  });
});
