import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR as cal, DomainError, dayPeriodEnd, orThrow, type Decision } from '@linkage/domain';
import type { Actor } from '../src/domain/access.ts';
import { committeeStreet, decideRecordCommitteeVisit, planCommitteeVisits } from '../src/domain/police/committee.ts';
import { decideDeliverWarningLetter } from '../src/domain/police/decide.ts';
import { decideConcludeProgramme, decideReferPerpetrator, type CaseWork } from '../src/domain/perpetrator/decide.ts';

// Pure decide functions: state + command + now → the events, or the refusal returned (never thrown).

const t0 = new Date('2026-11-30T02:00:00.000Z');
const CASE = '0190f000-0000-7000-8000-000000000001';
const LETTER = '0190f000-0000-7000-8000-000000000002';
const ID = '0190f000-0000-7000-8000-000000000003';
const police: Actor = { role: 'police_officer', dept: 'police:xinqi' };
const committee: Actor = { role: 'reporter', dept: 'committee:xinqi' };
const owner: Actor = { role: 'wf_caseworker', dept: 'wf:district' };

const refused = (d: Decision | unknown) => {
  expect(d).toBeInstanceOf(DomainError);
  const e = d as DomainError;
  return { status: e.statusCode, code: e.code };
};
let n = 0;
const ids = () => `0190f000-0000-7000-8000-${String(++n).padStart(12, '0')}`;

describe('ADVL Art. 17: the committee notified of a warning letter, and its visits (查访)', () => {
  const letter = { id: LETTER, caseId: CASE, dept: 'police:xinqi', deliveries: {} };

  it("is the committee named, else the case's street's, else the station's; a district station must name it", () => {
    expect(committeeStreet('daqi', 'xinqi', 'police:xinqi')).toBe('daqi');
    expect(committeeStreet(undefined, 'xiapu', 'police:xinqi')).toBe('xiapu');
    expect(committeeStreet(undefined, null, 'police:chunxiao')).toBe('chunxiao');
    expect(refused(committeeStreet(undefined, null, 'police:district'))).toEqual({
      status: 400,
      code: 'committee_unknown',
    });
  });

  it('notifying the committee schedules its visits, due from committee:<street> on the configured days', () => {
    const plan = planCommitteeVisits('xinqi', ids, t0, [30, 7], cal);
    const events = orThrow(decideDeliverWarningLetter(letter, police, 'committee', t0, plan));
    expect(events.map((e) => e.type)).toEqual([
      'dv.warning_letter.delivered.v1',
      'dv.committee_visit.scheduled.v1',
      'dv.committee_visit.scheduled.v1',
    ]);
    expect(events[1]!.data).toMatchObject({
      caseId: CASE,
      warningLetterId: LETTER,
      assignedDept: 'committee:xinqi',
      street: 'xinqi',
      dueAt: dayPeriodEnd(t0, 7, cal).toISOString(),
    });
    // a committee is named only with the committee as recipient; and only when one can be named
    expect(refused(decideDeliverWarningLetter(letter, police, 'victim', t0, plan)).code).toBe('committee_only');
    expect(refused(decideDeliverWarningLetter(letter, police, 'committee', t0)).code).toBe('committee_only');
    const unknown = committeeStreet(undefined, null, 'police:district');
    expect(typeof unknown).not.toBe('string');
    if (typeof unknown !== 'string')
      expect(refused(decideDeliverWarningLetter(letter, police, 'committee', t0, unknown)).code).toBe(
        'committee_unknown',
      );
    // abuser and victim: the delivery alone
    expect(orThrow(decideDeliverWarningLetter(letter, police, 'abuser', t0)).map((e) => e.type)).toEqual([
      'dv.warning_letter.delivered.v1',
    ]);
  });

  it('the visit is recorded by the committee it is due from, once', () => {
    const v = { id: ID, caseId: CASE, dept: 'committee:xinqi', status: 'scheduled' };
    expect(orThrow(decideRecordCommitteeVisit(v, committee, 'violence_recurred', t0))).toEqual([
      {
        type: 'dv.committee_visit.recorded.v1',
        data: { visitId: ID, caseId: CASE, outcome: 'violence_recurred', visitedAt: t0.toISOString() },
      },
    ]);
    for (const a of [
      { role: 'reporter', dept: 'committee:daqi' },
      { role: 'reporter', dept: 'school:xinqi' },
      police,
      { role: 'wf_caseworker', dept: 'committee:xinqi' },
    ] as Actor[])
      expect(refused(decideRecordCommitteeVisit(v, a, 'not_reached', t0)), a.dept).toEqual({
        status: 403,
        code: 'other_department',
      });
    expect(refused(decideRecordCommitteeVisit({ ...v, status: 'done' }, committee, 'not_reached', t0)).code).toBe(
      'already_recorded',
    );
  });
});

describe('plan 二(七)4: perpetrator education and correction', () => {
  const work: CaseWork = {
    c: { caseId: CASE, ownerDept: 'wf:district', street: 'xinqi' },
    received: [{ department: 'police', assignedDept: 'police:xinqi' }],
    courts: [],
  };

  it('the departments working the case refer the abuser; others are refused', () => {
    for (const a of [owner, police])
      expect(orThrow(decideReferPerpetrator(a, work, { programmeId: ID, programme: 'legal_education' }, t0))).toEqual([
        {
          type: 'dv.perpetrator_programme.referred.v1',
          data: { programmeId: ID, caseId: CASE, programme: 'legal_education', referredAt: t0.toISOString() },
        },
      ]);
    for (const a of [
      { role: 'wf_caseworker', dept: 'wf:xinqi' },
      { role: 'police_officer', dept: 'police:daqi' },
      { role: 'court_clerk', dept: 'court:beilun' },
      { role: 'coordinator', dept: 'wcw:district' },
    ] as Actor[])
      expect(
        refused(decideReferPerpetrator(a, work, { programmeId: ID, programme: 'legal_education' }, t0)),
        a.dept,
      ).toEqual({ status: 403, code: 'not_involved' });
  });

  it('a programme is concluded once, completed or not', () => {
    const p = { id: ID, caseId: CASE, programme: 'behaviour_correction' as const, status: 'referred', referredAt: t0 };
    const later = new Date(t0.getTime() + 1000);
    expect(orThrow(decideConcludeProgramme(p, owner, work, 'not_completed', later))[0]!.data).toEqual({
      programmeId: ID,
      caseId: CASE,
      programme: 'behaviour_correction',
      outcome: 'not_completed',
      referredAt: t0.toISOString(),
      concludedAt: later.toISOString(),
    });
    expect(refused(decideConcludeProgramme({ ...p, status: 'concluded' }, owner, work, 'completed', later)).code).toBe(
      'already_concluded',
    );
    expect(
      refused(decideConcludeProgramme(p, { role: 'wf_caseworker', dept: 'wf:xinqi' }, work, 'completed', later)).code,
    ).toBe('not_involved');
  });
});
