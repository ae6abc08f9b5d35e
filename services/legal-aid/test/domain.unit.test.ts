import { describe, expect, it } from 'vitest';
import { addHours, DEFAULT_CALENDAR as cal, DomainError, orThrow } from '@linkage/domain';
import * as clocks from '../src/domain/application/clocks.ts';
import { assessMeans, LEGAL_BASIS, meansFromIntakeCategory } from '../src/domain/application/means.ts';
import { missingDocuments, requiredDocuments } from '../src/domain/application/checklist.ts';
import { decide as decideWith, type Command } from '../src/domain/application/decide.ts';
import { changeOf } from '../src/domain/application/evolve.ts';
import type { ApplicationState, Status } from '../src/domain/application/state.ts';
import { applicationFromReferral, channelRefusal, receive as receiveWith } from '../src/domain/application/receive.ts';
import { chooseLawyer, conflictRefusal, type Candidate } from '../src/domain/lawyer/choose.ts';
import { LA_ART48_GROUNDS } from '@linkage/contracts';

// Day periods are counted per Civil Code Arts. 201–203 with the State Council calendar (@linkage/domain):
// t0 is Saturday 28 Nov 2026, 18:00 Beijing time.
/** A command decided (a refusal thrown) with the row change its events make and the lawyer it releases. */
const decide = (s: ApplicationState, c: Command, now: Date) => {
  const events = orThrow(decideWith(s, c, now, cal));
  const { change, releaseLawyer } = changeOf(s, c, events);
  return { events, patch: change, releaseLawyer };
};
const receive = (i: Parameters<typeof receiveWith>[0], now: Date) => receiveWith(i, now, cal);
const decideByFrom = (t: Date) => clocks.decideByFrom(t, cal);
const assignByFrom = (t: Date) => clocks.assignByFrom(t, cal);
const reviewByFrom = (t: Date) => clocks.reviewByFrom(t, cal);
const { remainingMs } = clocks;
const t0 = new Date('2026-11-28T10:00:00.000Z');
const at = (h: number) => addHours(t0, h);
const APP = '0190f3a0-0000-7000-8000-000000000001';
const CASE = '0190f3a0-0000-7000-8000-0000000000c1';
const LAWYER = '0190f3a0-0000-7000-8000-0000000000a1';

function state(o: Partial<ApplicationState> = {}): ApplicationState {
  return {
    id: APP,
    caseId: CASE,
    status: 'received',
    matterType: 'dv_protection_order',
    street: 'xinqi',
    documents: [],
    receivedAt: t0,
    decideBy: decideByFrom(t0),
    clockPausedAt: null,
    materialsRequestedAt: null,
    missingRequested: null,
    meansOutcome: 'exempt',
    urgentAidStartedAt: null,
    objectionFiledAt: null,
    objectionAgainst: null,
    centreDept: 'legal_aid:beilun',
    applicantGender: 'female',
    supplyBy: null,
    terminationGround: null,
    lawyerId: null,
    ...o,
  };
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('statutory clocks', () => {
  // These expectations used to be start + n × 24 h to the minute (UTC); the law counts days from the next day,
  // to 24:00 Beijing time, past rest days (Civil Code Arts. 201–203).
  it('LAL Art. 43 (7 days to decide, 3 to assign) and Art. 49 (5 days to review), counted per Civil Code Arts. 201–203', () => {
    // received Sat 28 Nov → last day Sat 5 Dec is a rest day → Mon 7 Dec, 24:00 Beijing
    expect(decideByFrom(t0).toISOString()).toBe('2026-12-07T16:00:00.000Z');
    // approved Sat 28 Nov → Tue 1 Dec 24:00
    expect(assignByFrom(t0).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    // objection Sat 28 Nov → Thu 3 Dec 24:00
    expect(reviewByFrom(t0).toISOString()).toBe('2026-12-03T16:00:00.000Z');
  });
  it('LAL Art. 43 / 程序规定 Art. 13: the days the applicant takes to supply materials are not counted; the rest run on', () => {
    // received Sat 28 Nov, paused Mon 30 Nov (2 days used), resumed Thu 10 Dec → 5 days left → Tue 15 Dec 24:00
    expect(clocks.resumedDecideBy(t0, at(48), at(48 + 240), cal).toISOString()).toBe('2026-12-15T16:00:00.000Z');
    // paused after the 7 days were used up: to the end of the day the materials arrive (a working day)
    expect(clocks.resumedDecideBy(t0, at(24 * 9), at(24 * 10), cal).toISOString()).toBe('2026-12-08T16:00:00.000Z');
    expect(remainingMs(decideByFrom(t0), at(24 * 10))).toBe(0);
  });
});

describe('means test and statutory exemptions', () => {
  it('exempts DV, abuse and abandonment victims asserting related rights, with the legal basis (Art. 32(4))', () => {
    const r = assessMeans({ basis: 'dv_abuse_abandonment_victim', assertsRelatedRights: true });
    expect(r).toMatchObject({ outcome: 'exempt', basis: 'dv_abuse_abandonment_victim' });
    expect(r.legalBasis).toContain('第三十二条第（四）项');
    expect(r.legalBasis).toContain('Art. 32(4)');
  });
  it('refuses the exemption when the victim is not asserting related rights', () => {
    expect(code(() => assessMeans({ basis: 'dv_abuse_abandonment_victim', assertsRelatedRights: false }))).toBe(
      'exemption_not_applicable',
    );
    expect(code(() => assessMeans({ basis: 'dv_abuse_abandonment_victim' }))).toBe('exemption_not_applicable');
  });
  it('waives hardship verification for every group LAL Art. 42(1)–(4) names, with the item cited', () => {
    expect(assessMeans({ basis: 'elderly_without_fixed_income' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('Art. 42(1)'),
    });
    expect(assessMeans({ basis: 'minor_without_fixed_income' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('Art. 42(1)'),
    });
    expect(assessMeans({ basis: 'disabled_without_fixed_income' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('Art. 42(1)'),
    });
    expect(assessMeans({ basis: 'social_assistance_recipient' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('Art. 42(2)'),
    });
    expect(assessMeans({ basis: 'judicial_assistance_recipient' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('Art. 42(2)'),
    });
    expect(assessMeans({ basis: 'special_care_recipient' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('Art. 42(2)'),
    });
    expect(assessMeans({ basis: 'migrant_worker_wages_or_work_injury' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('第四十二条第（三）项'),
    });
    expect(assessMeans({ basis: 'other_statutory_waiver' })).toMatchObject({
      outcome: 'waived',
      legalBasis: expect.stringContaining('Art. 42(4)'),
    });
    // every cited basis fits the event's legalBasis field (maxLength 100)
    for (const b of Object.values(LEGAL_BASIS)) expect(b.length).toBeLessThanOrEqual(100);
  });
  it('otherwise checks hardship with a recorded basis: personal pledge or verified data (Art. 41)', () => {
    expect(assessMeans({ basis: 'hardship_personal_pledge', meetsHardshipStandard: true })).toMatchObject({
      outcome: 'eligible',
      legalBasis: expect.stringContaining('个人诚信承诺'),
    });
    expect(assessMeans({ basis: 'hardship_verified_data', meetsHardshipStandard: false })).toMatchObject({
      outcome: 'ineligible',
      basis: 'hardship_verified_data',
    });
    expect(code(() => assessMeans({ basis: 'hardship_personal_pledge' }))).toBe('hardship_result_required');
  });
  it('treats an intake DV or abuse referral as asserting the exempt rights, and nothing else', () => {
    expect(meansFromIntakeCategory('domestic_violence')?.outcome).toBe('exempt');
    expect(meansFromIntakeCategory('elder_abuse')?.outcome).toBe('exempt');
    expect(meansFromIntakeCategory('marriage_family_dispute')).toBeNull();
  });
});

describe('documents checklist', () => {
  it('asks for identity, the proof fitting the means outcome and the matter evidence', () => {
    expect(requiredDocuments('divorce', 'eligible')).toEqual([
      'id_document',
      'hardship_statement',
      'marriage_certificate',
      'dispute_evidence',
    ]);
    expect(requiredDocuments('dv_protection_order', 'exempt')).toEqual([
      'id_document',
      'victim_status_proof',
      'dv_evidence',
    ]);
    expect(requiredDocuments('maintenance', 'waived')).toContain('waiver_status_proof');
    expect(missingDocuments('dv_protection_order', 'exempt', ['id_document', 'dv_evidence'])).toEqual([
      'victim_status_proof',
    ]);
  });
});

describe('receiving', () => {
  it('starts the 7-day decision clock on the received event', () => {
    const r = receive(
      {
        id: APP,
        caseId: CASE,
        requestId: null,
        channel: 'walk_in',
        matterType: 'divorce',
        proceedings: 'civil',
        urgency: 'normal',
        street: 'daqi',
        means: null,
      },
      t0,
    );
    expect(r.event.data).toMatchObject({
      receivedAt: t0.toISOString(),
      decideBy: '2026-12-07T16:00:00.000Z',
      meansTest: null,
      channel: 'walk_in',
    });
  });
  it('turns an intake DV referral into an urgent, means-test-exempt protection-order application; ignores other targets', () => {
    const req = {
      requestId: 'r',
      caseId: CASE,
      target: 'legal_aid',
      category: 'domestic_violence',
      riskLevel: 'high',
      street: 'xinqi',
    } as Parameters<typeof applicationFromReferral>[0];
    expect(applicationFromReferral(req, APP)).toMatchObject({
      channel: 'intake_referral',
      matterType: 'dv_protection_order',
      urgency: 'urgent',
      means: { outcome: 'exempt' },
    });
    expect(applicationFromReferral({ ...req, target: 'dv' }, APP)).toBeNull();
    expect(
      applicationFromReferral({ ...req, category: 'marriage_family_dispute', riskLevel: 'standard' }, APP),
    ).toMatchObject({ matterType: 'divorce', urgency: 'normal', means: null });
  });
});

describe('decide: legal transitions', () => {
  it('records a means test with its legal basis', () => {
    const d = decide(
      state({ meansOutcome: null }),
      { kind: 'record_means_test', input: { basis: 'social_assistance_recipient' } },
      at(1),
    );
    expect(d.patch).toMatchObject({ meansOutcome: 'waived', meansBasis: 'social_assistance_recipient' });
    expect(d.events[0]).toMatchObject({
      type: 'legal_aid.means_test.recorded.v1',
      data: { meansTest: { outcome: 'waived' } },
    });
  });
  it('requests every missing document at once (LAL Art. 43), pauses the clock, saying how much time is left and the period to supply them', () => {
    const d = decide(
      state({ documents: ['id_document'] }),
      { kind: 'request_materials', supplyWithinDays: 15 },
      at(48),
    );
    // supply period: 15 days from Mon 30 Nov → Tue 15 Dec, 24:00 Beijing
    expect(d.patch).toMatchObject({
      status: 'materials_requested',
      clockPausedAt: at(48),
      missingRequested: ['victim_status_proof', 'dv_evidence'],
      supplyBy: new Date('2026-12-15T16:00:00.000Z'),
    });
    expect(d.events[0]).toMatchObject({
      type: 'legal_aid.application.materials_requested.v1',
      data: {
        missing: ['victim_status_proof', 'dv_evidence'],
        decisionClock: 'paused',
        remainingHours: 174,
        supplyBy: '2026-12-15T16:00:00.000Z',
      },
    });
  });
  it('resumes the clock when the materials arrive', () => {
    const s = state({
      status: 'materials_requested',
      clockPausedAt: at(48),
      materialsRequestedAt: at(48),
      missingRequested: ['victim_status_proof', 'dv_evidence'],
    });
    const d = decide(s, { kind: 'supply_materials', documents: ['dv_evidence'] }, at(48 + 240));
    expect(d.patch).toMatchObject({ status: 'received', clockPausedAt: null, documents: ['dv_evidence'] });
    expect(d.events[0]).toMatchObject({
      data: { decideBy: '2026-12-15T16:00:00.000Z', stillMissing: ['victim_status_proof'] },
    });
  });
  it('starts urgent aid before the decision (Art. 44), keeping the decision deadline', () => {
    for (const status of ['received', 'materials_requested'] as const) {
      const d = decide(state({ status }), { kind: 'start_urgent_aid', ground: 'limitation_within_7_days' }, at(2));
      expect(d.events[0]).toMatchObject({
        type: 'legal_aid.urgent_aid.started.v1',
        data: { ground: 'limitation_within_7_days', decideBy: '2026-12-07T16:00:00.000Z' },
      });
    }
  });
  it('approves and starts the 3-day assignment clock', () => {
    const d = decide(state(), { kind: 'approve' }, at(24));
    expect(d.patch).toMatchObject({ status: 'approved', approvedVia: 'decision', decidedAt: at(24) });
    expect(d.events[0]).toMatchObject({
      type: 'legal_aid.application.approved.v1',
      data: {
        assignBy: '2026-12-02T16:00:00.000Z',
        meansOutcome: 'exempt',
        via: 'decision',
        matterType: 'dv_protection_order',
        street: 'xinqi',
      },
    });
  });
  it('approving a matter where a lawyer already acts under urgent aid needs no assignment clock', () => {
    const d = decide(state({ urgentAidStartedAt: at(1), lawyerId: LAWYER }), { kind: 'approve' }, at(24));
    expect(d.patch.status).toBe('assigned');
    expect(d.events[0]).toMatchObject({ data: { assignBy: null } });
  });
  it('refuses with a ground, releasing an urgent-aid lawyer', () => {
    const d = decide(
      state({ urgentAidStartedAt: at(1), lawyerId: LAWYER }),
      { kind: 'refuse', ground: 'matter_not_covered' },
      at(24),
    );
    expect(d.patch).toMatchObject({ status: 'refused', refusalGround: 'matter_not_covered', lawyerId: null });
    expect(d.releaseLawyer).toBe(LAWYER);
    expect(d.events[0]).toMatchObject({
      type: 'legal_aid.application.refused.v1',
      data: { ground: 'matter_not_covered' },
    });
  });
  it('takes an objection to a refusal with a 5-day review clock; upheld means approved with an assignment clock', () => {
    const filed = decide(state({ status: 'refused' }), { kind: 'file_objection' }, at(0));
    expect(filed.events[0]).toMatchObject({
      type: 'legal_aid.objection.filed.v1',
      data: { reviewBy: '2026-12-03T16:00:00.000Z', against: 'refusal', reviewerDept: 'justice:beilun' },
    });
    const upheld = decide(
      state({ status: 'objection_pending', objectionFiledAt: at(0) }),
      { kind: 'review_objection', outcome: 'upheld' },
      at(48),
    );
    expect(upheld.patch).toMatchObject({ status: 'approved', objectionOutcome: 'upheld', approvedVia: 'objection' });
    expect(upheld.events.map((e) => e.type)).toEqual([
      'legal_aid.objection.reviewed.v1',
      'legal_aid.application.approved.v1',
    ]);
    expect(upheld.events[1]).toMatchObject({ data: { via: 'objection', assignBy: '2026-12-03T16:00:00.000Z' } });
    const dismissed = decide(
      state({ status: 'objection_pending', objectionFiledAt: at(0) }),
      { kind: 'review_objection', outcome: 'dismissed' },
      at(48),
    );
    expect(dismissed.patch).toMatchObject({ status: 'refused', objectionOutcome: 'dismissed' });
    expect(dismissed.events).toHaveLength(1);
  });
  it('assigns a lawyer after approval, or before it under urgent aid', () => {
    const cmd: Command = {
      kind: 'assign_lawyer',
      lawyerId: LAWYER,
      assignmentId: APP,
      femaleLawyer: true,
      femaleLawyerRequested: true,
    };
    const d = decide(state({ status: 'approved' }), cmd, at(30));
    expect(d.patch).toMatchObject({ status: 'assigned', lawyerId: LAWYER });
    expect(d.events[0]).toMatchObject({
      type: 'legal_aid.lawyer.assigned.v1',
      data: { underUrgentAid: false, femaleLawyer: true, femaleLawyerRequested: true },
    });
    const urgent = decide(state({ urgentAidStartedAt: at(1) }), cmd, at(2));
    expect(urgent.patch.status).toBeUndefined();
    expect(urgent.events[0]).toMatchObject({ data: { underUrgentAid: true } });
  });
  it('notes progress and closes with the outcome, releasing the lawyer', () => {
    expect(
      decide(state({ status: 'assigned', lawyerId: LAWYER }), { kind: 'note_progress', stage: 'filed' }, at(50))
        .events[0],
    ).toMatchObject({ type: 'legal_aid.matter.progress_noted.v1', data: { stage: 'filed' } });
    const won = decide(
      state({ status: 'assigned', lawyerId: LAWYER }),
      { kind: 'close', outcome: 'won', terminationGround: null, satisfaction: 5 },
      at(500),
    );
    expect(won.patch).toMatchObject({ status: 'closed', outcome: 'won', satisfaction: 5 });
    expect(won.releaseLawyer).toBe(LAWYER);
    expect(won.events[0]).toMatchObject({
      type: 'legal_aid.matter.closed.v1',
      data: { outcome: 'won', terminationGround: null, satisfaction: 5 },
    });
  });
  it('LAL Art. 48: termination is a decision on one of the eight grounds (law numbering), releasing the lawyer', () => {
    const ended = decide(
      state({ status: 'assigned', lawyerId: LAWYER }),
      { kind: 'terminate', ground: 'art48_6_retained_own_lawyer' },
      at(500),
    );
    expect(ended.patch).toMatchObject({
      status: 'terminated',
      outcome: 'terminated',
      terminationGround: 'art48_6_retained_own_lawyer',
      lawyerId: null,
    });
    expect(ended.releaseLawyer).toBe(LAWYER);
    expect(ended.events).toEqual([
      {
        type: 'legal_aid.matter.terminated.v1',
        data: {
          applicationId: APP,
          caseId: CASE,
          ground: 'art48_6_retained_own_lawyer',
          terminatedAt: at(500).toISOString(),
        },
      },
    ]);
    expect(LA_ART48_GROUNDS).toHaveLength(8);
    expect(LA_ART48_GROUNDS.map((g) => g.split('_')[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });
  it('LAL Art. 49: an objection to a termination goes to the justice bureau; upheld restores aid with a new 3-day assignment clock, dismissed keeps the termination', () => {
    const filed = decide(
      state({ status: 'terminated', terminationGround: 'art48_4_no_longer_financially_eligible' }),
      { kind: 'file_objection' },
      at(0),
    );
    expect(filed.patch).toMatchObject({ status: 'objection_pending', objectionAgainst: 'termination' });
    expect(filed.events[0]).toMatchObject({
      type: 'legal_aid.objection.filed.v1',
      data: { against: 'termination', reviewerDept: 'justice:beilun', reviewBy: '2026-12-03T16:00:00.000Z' },
    });
    const pending = state({
      status: 'objection_pending',
      objectionFiledAt: at(0),
      objectionAgainst: 'termination',
      terminationGround: 'art48_4_no_longer_financially_eligible',
    });
    const upheld = decide(pending, { kind: 'review_objection', outcome: 'upheld' }, at(48));
    expect(upheld.patch).toMatchObject({ status: 'approved', objectionOutcome: 'upheld', terminationGround: null });
    expect(upheld.events.map((e) => e.type)).toEqual([
      'legal_aid.objection.reviewed.v1',
      'legal_aid.application.approved.v1',
    ]);
    expect(upheld.events[0]).toMatchObject({ data: { against: 'termination', outcome: 'upheld' } });
    const dismissed = decide(pending, { kind: 'review_objection', outcome: 'dismissed' }, at(48));
    expect(dismissed.patch).toMatchObject({ status: 'terminated', objectionOutcome: 'dismissed' });
  });
  it('LAL Art. 43: materials not supplied within the period set → deemed withdrawn (视为撤回), with an event; not before', () => {
    const s = state({
      status: 'materials_requested',
      clockPausedAt: at(48),
      materialsRequestedAt: at(48),
      supplyBy: new Date('2026-12-15T16:00:00.000Z'),
    });
    expect(code(() => decide(s, { kind: 'deem_withdrawn' }, new Date('2026-12-15T15:59:00.000Z')))).toBe(
      'materials_period_running',
    );
    const d = decide(s, { kind: 'deem_withdrawn' }, new Date('2026-12-15T16:00:00.000Z'));
    expect(d.patch).toMatchObject({ status: 'withdrawn', clockPausedAt: null });
    expect(d.events).toEqual([
      {
        type: 'legal_aid.application.deemed_withdrawn.v1',
        data: {
          applicationId: APP,
          caseId: CASE,
          requestedAt: at(48).toISOString(),
          supplyBy: '2026-12-15T16:00:00.000Z',
          withdrawnAt: '2026-12-15T16:00:00.000Z',
        },
      },
    ]);
    expect(code(() => decide(state(), { kind: 'deem_withdrawn' }, at(2)))).toBe('illegal_transition');
  });
});

describe('decide: illegal transitions are rejected', () => {
  const ALL: Status[] = [
    'received',
    'materials_requested',
    'approved',
    'refused',
    'objection_pending',
    'assigned',
    'terminated',
    'withdrawn',
    'closed',
  ];
  const cases: [Command, Status[]][] = [
    [
      { kind: 'record_means_test', input: { basis: 'social_assistance_recipient' } },
      ['received', 'materials_requested'],
    ],
    [{ kind: 'start_urgent_aid', ground: 'advance_execution' }, ['received', 'materials_requested']],
    [{ kind: 'approve' }, ['received']],
    [{ kind: 'refuse', ground: 'other' }, ['received', 'materials_requested']],
    [{ kind: 'file_objection' }, ['refused', 'terminated']],
    [{ kind: 'terminate', ground: 'art48_7_justified_request_to_end' }, ['approved', 'assigned']],
    [{ kind: 'review_objection', outcome: 'upheld' }, ['objection_pending']],
    [
      { kind: 'assign_lawyer', lawyerId: LAWYER, assignmentId: APP, femaleLawyer: false, femaleLawyerRequested: false },
      ['approved'],
    ],
    [{ kind: 'note_progress', stage: 'hearing' }, ['assigned']],
    [{ kind: 'close', outcome: 'settled', terminationGround: null, satisfaction: null }, ['assigned']],
  ];
  for (const [cmd, legal] of cases) {
    it(`${cmd.kind} only from ${legal.join(', ')}`, () => {
      for (const status of ALL) {
        const c = code(() =>
          decide(state({ status, clockPausedAt: status === 'materials_requested' ? at(1) : null }), cmd, at(2)),
        );
        if (legal.includes(status)) expect(c, status).toBe('no error');
        else expect(['illegal_transition', 'awaiting_materials'], `${cmd.kind} from ${status}`).toContain(c);
      }
    });
  }
  it('requests materials only once, and only when something is missing', () => {
    expect(
      code(() =>
        decide(state({ materialsRequestedAt: at(1) }), { kind: 'request_materials', supplyWithinDays: 15 }, at(2)),
      ),
    ).toBe('materials_already_requested');
    expect(
      code(() =>
        decide(
          state({ documents: ['id_document', 'victim_status_proof', 'dv_evidence'] }),
          { kind: 'request_materials', supplyWithinDays: 15 },
          at(2),
        ),
      ),
    ).toBe('nothing_missing');
    expect(
      code(() => decide(state({ status: 'approved' }), { kind: 'request_materials', supplyWithinDays: 15 }, at(2))),
    ).toBe('illegal_transition');
    expect(code(() => decide(state(), { kind: 'supply_materials', documents: ['dv_evidence'] }, at(2)))).toBe(
      'illegal_transition',
    );
  });
  it('does not approve without a means test, after a failed hardship check, or while materials are awaited', () => {
    expect(code(() => decide(state({ meansOutcome: null }), { kind: 'approve' }, at(2)))).toBe('means_test_missing');
    expect(code(() => decide(state({ meansOutcome: 'ineligible' }), { kind: 'approve' }, at(2)))).toBe(
      'means_test_not_met',
    );
    expect(
      code(() => decide(state({ status: 'materials_requested', clockPausedAt: at(1) }), { kind: 'approve' }, at(2))),
    ).toBe('awaiting_materials');
  });
  it('starts urgent aid once; objects to a refusal once', () => {
    expect(
      code(() =>
        decide(state({ urgentAidStartedAt: at(1) }), { kind: 'start_urgent_aid', ground: 'advance_execution' }, at(2)),
      ),
    ).toBe('urgent_aid_already_started');
    expect(
      code(() => decide(state({ status: 'refused', objectionFiledAt: at(1) }), { kind: 'file_objection' }, at(2))),
    ).toBe('objection_already_filed');
  });
  it('assigns no lawyer before the decision without urgent aid, and never a second one', () => {
    const cmd: Command = {
      kind: 'assign_lawyer',
      lawyerId: LAWYER,
      assignmentId: APP,
      femaleLawyer: false,
      femaleLawyerRequested: false,
    };
    expect(code(() => decide(state(), cmd, at(2)))).toBe('illegal_transition');
    expect(code(() => decide(state({ status: 'approved', lawyerId: LAWYER }), cmd, at(2)))).toBe(
      'lawyer_already_assigned',
    );
  });
  it('LAL Art. 48: a closure cannot be a termination (that is a decision with its own objection path)', () => {
    expect(
      code(() =>
        decide(
          state({ status: 'assigned' }),
          { kind: 'close', outcome: 'terminated', terminationGround: null, satisfaction: null },
          at(2),
        ),
      ),
    ).toBe('termination_is_a_decision');
    expect(
      code(() =>
        decide(
          state({ status: 'assigned' }),
          { kind: 'close', outcome: 'won', terminationGround: 'applicant_request', satisfaction: null },
          at(2),
        ),
      ),
    ).toBe('termination_is_a_decision');
  });
});

describe('lawyer assignment', () => {
  const l = (id: string, o: Partial<Candidate> = {}): Candidate => ({
    id,
    gender: 'male',
    practiceAreas: ['divorce', 'dv_protection_order'],
    activeCases: 0,
    maxCases: 5,
    active: true,
    ...o,
  });
  const need = { matterType: 'dv_protection_order', conflicts: new Set<string>(), femaleLawyerRequested: false };
  it('picks the lightest caseload among suitable lawyers', () => {
    const c = chooseLawyer(
      [
        l('a', { activeCases: 3 }),
        l('b', { activeCases: 1 }),
        l('c', { activeCases: 0, practiceAreas: ['criminal_victim'] }),
      ],
      need,
    );
    expect(c.lawyer.id).toBe('b');
    expect(c.femalePreferenceMet).toBeNull();
  });
  it('never picks the opposing party’s lawyer in the same case, and refuses that choice when named', () => {
    const conflicts = new Set(['b']);
    expect(chooseLawyer([l('a', { activeCases: 3 }), l('b')], { ...need, conflicts }).lawyer.id).toBe('a');
    expect(code(() => chooseLawyer([l('a'), l('b')], { ...need, conflicts, lawyerId: 'b' }))).toBe(
      'conflict_of_interest',
    );
    expect(code(() => chooseLawyer([l('b')], { ...need, conflicts }))).toBe('no_lawyer_available');
  });
  it('prefers female lawyers when asked, falling back to others if none is free', () => {
    const pool = [l('a'), l('f', { gender: 'female', activeCases: 4 })];
    expect(chooseLawyer(pool, { ...need, femaleLawyerRequested: true })).toMatchObject({
      lawyer: { id: 'f' },
      femalePreferenceMet: true,
    });
    expect(chooseLawyer(pool, need).lawyer.id).toBe('a');
    expect(
      chooseLawyer([l('a'), l('f', { gender: 'female', activeCases: 5 })], { ...need, femaleLawyerRequested: true }),
    ).toMatchObject({ lawyer: { id: 'a' }, femalePreferenceMet: false });
  });
  it('refuses a named lawyer who is full, inactive, outside the practice area or unknown', () => {
    expect(code(() => chooseLawyer([l('a', { activeCases: 5 })], { ...need, lawyerId: 'a' }))).toBe(
      'lawyer_at_capacity',
    );
    expect(code(() => chooseLawyer([l('a', { active: false })], { ...need, lawyerId: 'a' }))).toBe('lawyer_inactive');
    expect(code(() => chooseLawyer([l('a', { practiceAreas: ['divorce'] })], { ...need, lawyerId: 'a' }))).toBe(
      'outside_practice_area',
    );
    expect(code(() => chooseLawyer([l('a')], { ...need, lawyerId: 'zz' }))).toBe('not_found');
  });
});

describe('decide returns its refusal (one per command), and events otherwise', () => {
  const assign: Command = {
    kind: 'assign_lawyer',
    lawyerId: LAWYER,
    assignmentId: APP,
    femaleLawyer: false,
    femaleLawyerRequested: false,
  };
  const refusals: [Command, Partial<ApplicationState>, string][] = [
    [
      { kind: 'record_means_test', input: { basis: 'hardship_personal_pledge' } },
      { meansOutcome: null },
      'hardship_result_required',
    ],
    [
      { kind: 'request_materials', supplyWithinDays: 15 },
      { materialsRequestedAt: at(1) },
      'materials_already_requested',
    ],
    [{ kind: 'deem_withdrawn' }, {}, 'illegal_transition'],
    [{ kind: 'supply_materials', documents: ['dv_evidence'] }, {}, 'illegal_transition'],
    [{ kind: 'start_urgent_aid', ground: 'advance_execution' }, { status: 'closed' }, 'illegal_transition'],
    [{ kind: 'approve' }, { meansOutcome: 'ineligible' }, 'means_test_not_met'],
    [{ kind: 'refuse', ground: 'matter_not_covered' }, { status: 'approved' }, 'illegal_transition'],
    [{ kind: 'file_objection' }, { status: 'refused', objectionFiledAt: at(1) }, 'objection_already_filed'],
    [{ kind: 'review_objection', outcome: 'upheld' }, { status: 'refused' }, 'illegal_transition'],
    [assign, { status: 'approved', lawyerId: LAWYER }, 'lawyer_already_assigned'],
    [{ kind: 'note_progress', stage: 'hearing' }, { status: 'approved' }, 'illegal_transition'],
    [{ kind: 'terminate', ground: 'art48_7_justified_request_to_end' }, {}, 'illegal_transition'],
    [
      { kind: 'close', outcome: 'terminated', terminationGround: null, satisfaction: null },
      { status: 'assigned' },
      'termination_is_a_decision',
    ],
  ];
  it('covers every command', () => {
    expect(new Set(refusals.map(([c]) => c.kind)).size).toBe(13);
  });
  for (const [cmd, given, code] of refusals) {
    it(`${cmd.kind}: refused with ${code}, returned rather than thrown`, () => {
      const d = decideWith(state(given), cmd, at(2), cal);
      expect(d).toBeInstanceOf(DomainError);
      expect((d as DomainError).code).toBe(code);
    });
  }
  it('a legal command returns its events, typed against the contracts', () => {
    const d = decideWith(state({ status: 'assigned' }), { kind: 'note_progress', stage: 'hearing' }, at(2), cal);
    expect(d).toEqual([
      {
        type: 'legal_aid.matter.progress_noted.v1',
        data: { applicationId: APP, caseId: CASE, stage: 'hearing', notedAt: at(2).toISOString() },
      },
    ]);
  });
  it("the women's federation applies only through its own channel; a conflict is declared before assignment", () => {
    expect(channelRefusal('wf_caseworker', 'walk_in')?.code).toBe('channel_not_allowed');
    expect(channelRefusal('wf_caseworker', 'womens_federation')).toBeNull();
    expect(channelRefusal('legal_aid_officer', 'walk_in')).toBeNull();
    expect(conflictRefusal(LAWYER, LAWYER)?.code).toBe('conflict_with_assigned_lawyer');
    expect(conflictRefusal(null, LAWYER)).toBeNull();
  });
});
