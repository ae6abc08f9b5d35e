// Given a case (or none), when a command, then these events or this refusal: pure, no I/O, no framework.
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type Decision,
  type Emit,
} from '@linkage/domain';
import { assessmentOf, decide, followUpDueAt, type CaseCommand, type OpenCase } from '../src/domain/case/decide.ts';
import { evolve } from '../src/domain/case/evolve.ts';
import { openInput, UNKNOWN_VICTIM } from '../src/domain/case/input.ts';
import { reportedCase } from '../src/domain/case/mandatory.ts';
import { referralsOf } from '../src/domain/case/referrals.ts';
import { noConsent, type CaseState } from '../src/domain/case/state.ts';
import { CHECKLIST_ITEM_IDS, DASH_V1 } from '../src/domain/risk/checklist.ts';
import { withCheckDigit } from '../src/domain/victim/validate.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const AT = NOW.toISOString();
const CASE_ID = '0190f0f0-0000-7000-8000-000000000001';
const OTHER_ID = '0190f0f0-0000-7000-8000-0000000000aa';
const VALID_ID = withCheckDigit('33020619920315123');

/** Deterministic ids, in the order decide asks for them. */
const ids = () => {
  let n = 0;
  return () => `0190f0f0-0000-7000-8000-${String(++n).padStart(12, '0')}`;
};
const emitsOf = (d: Decision): Emit[] => {
  if (d instanceof DomainError) throw new Error(`refused: ${d.code}`);
  return d;
};
const refusal = (d: Decision): DomainError => {
  if (!(d instanceof DomainError)) throw new Error(`not refused: ${d.map((e) => e.type).join(', ')}`);
  return d;
};
const types = (d: Decision) => emitsOf(d).map((e) => e.type);

/** A validated hotline opening, as the application builds it. */
function opening(body: Parameters<typeof openInput>[0], o: Partial<OpenCase> = {}): OpenCase {
  const input = openInput(body, NOW);
  if (input instanceof DomainError) throw new Error(`invalid: ${input.code}`);
  return {
    kind: 'open',
    caseId: CASE_ID,
    caseNumber: 'BL-2026-000001',
    ownerDept: 'wf:district',
    channel: input.channel,
    category: input.category,
    needs: input.needs,
    victim: input.victim,
    consent: input.consent,
    risk: input.risk,
    checklist: DASH_V1,
    repeat: false,
    ...o,
  };
}

describe('opening a case (decide)', () => {
  it('a high-risk DV call: case.opened, then the screening, then a DV request on the high-risk exception', () => {
    const cmd = opening({
      channel: 'hotline_12338',
      category: 'domestic_violence',
      victim: { name: '李某某', age: 34, sex: 'female', street: 'xinqi', idNumber: VALID_ID },
      needs: ['dv_protection'],
      risk: { yes: CHECKLIST_ITEM_IDS.slice(0, 14) },
    });
    const emits = emitsOf(decide(undefined, cmd, NOW, ids()));
    expect(emits.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.risk.assessed.v1',
      'intake.referral.requested.v1',
    ]);
    expect(emits[0]).toMatchObject({
      data: { caseId: CASE_ID, riskLevel: 'high', street: 'xinqi', ownerDept: 'wf:district', openedAt: AT },
    });
    expect(emits[1]).toMatchObject({ data: { previousLevel: null, level: 'high', yesCount: 14 } });
    expect(emits[2]).toMatchObject({
      data: { target: 'dv', consentBasis: 'high_risk_exception', victimSex: 'female', victimAgeBand: 'adult' },
    });
    expect(referralsOf(emits)).toEqual([
      { requestId: expect.any(String), target: 'dv', consentBasis: 'high_risk_exception' },
    ]);
    expect(assessmentOf(emits)).toMatchObject({ level: 'high', checklistVersion: 'dash-2026.1' });
    const serialised = JSON.stringify(emits);
    for (const personal of ['李某某', VALID_ID]) expect(serialised).not.toContain(personal);
    expect(evolve(undefined, cmd, emits)).toMatchObject({ version: 1, riskLevel: 'high', requested: ['dv'] });
  });

  it('a mandatory report: case.opened, the receipt, then the police request — decided in that order', () => {
    const body = reportedCase({ reporterKind: 'school', capacity: 'minor', victim: { age: 9, street: 'xinqi' } });
    const input = openInput(body, NOW, 'minor');
    if (input instanceof DomainError) throw input;
    const cmd = opening(body, { reportId: '0190f0f0-0000-7000-8000-0000000000ee' });
    const emits = emitsOf(decide(undefined, cmd, NOW, ids()));
    expect(emits.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.mandatory_report.received.v1',
      'intake.referral.requested.v1',
    ]);
    expect(emits[0]).toMatchObject({ data: { channel: 'mandatory_report', flags: { minor: true } } });
    expect(emits[1]).toMatchObject({
      data: { reportId: '0190f0f0-0000-7000-8000-0000000000ee', caseId: CASE_ID, receivedAt: AT },
    });
    expect(emits[2]).toMatchObject({
      data: { target: 'dv', consentBasis: 'mandatory_report', victimAgeBand: 'minor' },
    });
  });

  it('a mandatory report on a ground that contradicts the victim’s age is refused before anything is decided', () => {
    const body = reportedCase({ reporterKind: 'school', capacity: 'minor', victim: { age: 30 } });
    expect(openInput(body, NOW, 'minor')).toMatchObject({ code: 'not_a_mandatory_report' });
  });

  it('a repeat raises a standard screening to medium and says so in case.opened', () => {
    const cmd = opening({ channel: 'hotline_12338', category: 'domestic_violence', needs: [], risk: { yes: [] } });
    const emits = emitsOf(decide(undefined, { ...cmd, repeat: true }, NOW, ids()));
    expect(emits[0]).toMatchObject({ type: 'intake.case.opened.v1', data: { repeat: true, riskLevel: 'medium' } });
    expect(emits[1]).toMatchObject({ type: 'intake.risk.assessed.v1', data: { scoredLevel: 'standard' } });
  });

  it('departments that have the case already (a direct elder-care referral) get no request', () => {
    const cmd: OpenCase = {
      ...opening({ channel: 'walk_in', category: 'other', needs: ['elder_care'], consent: { elder_care: true } }),
      requested: ['elder_care'],
    };
    const emits = emitsOf(decide(undefined, cmd, NOW, ids()));
    expect(emits.map((e) => e.type)).toEqual(['intake.case.opened.v1']);
    expect(evolve(undefined, cmd, emits).requested).toEqual(['elder_care']);
  });

  it('refuses a judgement without a reason, answers the checklist does not have, and a case that exists', () => {
    const walkIn = { channel: 'walk_in' as const, category: 'other' as const, needs: [] };
    expect(refusal(decide(undefined, opening({ ...walkIn, risk: { yes: [], judgement: 'high' } }), NOW))).toMatchObject(
      { code: 'judgement_reason_required', statusCode: 400 },
    );
    expect(refusal(decide(undefined, opening({ ...walkIn, risk: { yes: ['not_an_item'] } }), NOW))).toMatchObject({
      code: 'unknown_checklist_item',
      errors: [{ path: '/risk/yes/0', message: expect.stringContaining('not_an_item') }],
    });
    expect(refusal(decide(STATE, opening(walkIn), NOW))).toBeInstanceOf(ConflictError);
  });

  it('validates the people once: an invalid ID number and a future incident are named; flags, never the ID', () => {
    const bad = VALID_ID.slice(0, 17) + (VALID_ID[17] === '0' ? '1' : '0');
    const refused = openInput(
      {
        channel: 'walk_in',
        category: 'other',
        needs: [],
        victim: { idNumber: bad },
        incident: { violenceTypes: [], occurredAt: '2027-01-01T00:00:00Z' },
      },
      NOW,
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({
      code: 'invalid_person_data',
      errors: [
        { path: '/victim/idNumber', message: 'check digit is wrong' },
        { path: '/incident/occurredAt', message: 'must not be in the future' },
      ],
    });
    const ok = openInput(
      {
        channel: 'walk_in',
        category: 'domestic_violence',
        needs: [],
        victim: { idNumber: VALID_ID, protection: { pregnantOrBreastfeeding: true } },
      },
      NOW,
    );
    // the birth year for the blind index comes from the same reading of the ID number
    expect(ok).toMatchObject({
      victim: { ageBand: 'adult', flags: { pregnantOrBreastfeeding: true, minor: false } },
      identity: { idNumber: VALID_ID, birthYear: 1992 },
    });
    expect(openInput({ channel: 'walk_in', category: 'other', needs: [] }, NOW)).toMatchObject({
      victim: UNKNOWN_VICTIM,
    });
  });
});

const STATE: CaseState = {
  id: CASE_ID,
  caseNumber: 'BL-2026-000001',
  status: 'open',
  version: 3,
  channel: 'hotline_12338',
  category: 'domestic_violence',
  street: 'xinqi',
  riskLevel: 'standard',
  repeat: false,
  ageBand: 'adult',
  flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
  needs: ['dv_protection', 'legal_aid'],
  consent: noConsent(),
  overrides: [],
  requested: [],
};
const CLOSED: CaseState = { ...STATE, status: 'closed' };

describe('case lifecycle (decide)', () => {
  it('update: the new facts, then a request to each department now due; evolve bumps the version once', () => {
    const given = { ...STATE, consent: { ...noConsent(), legal_aid: true } };
    const cmd: CaseCommand = { kind: 'update', changed: ['needs'], needs: ['legal_aid'] };
    const emits = emitsOf(decide(given, cmd, NOW, ids()));
    expect(emits.map((e) => e.type)).toEqual(['intake.case.updated.v1', 'intake.referral.requested.v1']);
    expect(emits[0]).toMatchObject({ data: { version: 4, needs: ['legal_aid'], street: 'xinqi' } });
    expect(emits[1]).toMatchObject({ data: { target: 'legal_aid', consentBasis: 'consent' } });
    expect(emits[1]!.data).not.toHaveProperty('victimSex');
    expect(evolve(given, cmd, emits)).toMatchObject({ version: 4, needs: ['legal_aid'], requested: ['legal_aid'] });
  });
  it('update: a new victim section re-derives street, flags and age band; routing sees the new age band', () => {
    const elderly = { street: 'daqi' as const, sex: 'female' as const, ageBand: 'elderly' as const };
    const flags = { ...STATE.flags, elderly: true };
    const given = { ...STATE, category: 'elder_abuse' as const, consent: { ...noConsent(), elder_care: true } };
    const cmd: CaseCommand = { kind: 'update', changed: ['victim'], victim: { ...elderly, flags } };
    const emits = emitsOf(decide(given, cmd, NOW, ids()));
    expect(emits[0]).toMatchObject({ data: { street: 'daqi', flags: { elderly: true } } });
    expect(referralsOf(emits).map((r) => r.target)).toEqual(['elder_care']);
    expect(evolve(given, cmd, emits)).toMatchObject({ ageBand: 'elderly', street: 'daqi', version: 4 });
  });
  it('update: refused on a closed case', () => {
    expect(refusal(decide(CLOSED, { kind: 'update', changed: [] }, NOW))).toMatchObject({ code: 'case_closed' });
  });

  it('re-screening: risk.assessed with the previous level; reaching high sends DV on the high-risk exception', () => {
    const cmd: CaseCommand = { kind: 'assess_risk', yes: CHECKLIST_ITEM_IDS.slice(0, 14), checklist: DASH_V1 };
    const emits = emitsOf(decide(STATE, cmd, NOW, ids()));
    expect(emits[0]).toMatchObject({
      type: 'intake.risk.assessed.v1',
      data: { previousLevel: 'standard', level: 'high', yesCount: 14, checklistVersion: 'dash-2026.1' },
    });
    expect(referralsOf(emits)).toEqual([
      expect.objectContaining({ target: 'dv', consentBasis: 'high_risk_exception' }),
    ]);
    expect(evolve(STATE, cmd, emits)).toMatchObject({ riskLevel: 'high', requested: ['dv'] });
  });
  it('re-screening: refused without a judgement reason, or with answers the checklist does not have', () => {
    const judged: CaseCommand = { kind: 'assess_risk', yes: [], judgement: 'high', checklist: DASH_V1 };
    expect(refusal(decide(STATE, judged, NOW))).toMatchObject({ code: 'judgement_reason_required' });
    const unknown: CaseCommand = { kind: 'assess_risk', yes: ['nope'], checklist: DASH_V1 };
    expect(refusal(decide(STATE, unknown, NOW))).toMatchObject({ code: 'unknown_checklist_item' });
  });

  it('consent: recorded, and only departments not already requested are requested', () => {
    const given = { ...STATE, requested: ['dv' as const] };
    const cmd: CaseCommand = { kind: 'record_consent', consent: { police: true, legal_aid: true } };
    const emits = emitsOf(decide(given, cmd, NOW, ids()));
    expect(emits.map((e) => e.type)).toEqual(['intake.consent.recorded.v1', 'intake.referral.requested.v1']);
    expect(referralsOf(emits).map((r) => r.target)).toEqual(['legal_aid']);
    expect(evolve(given, cmd, emits).consent).toMatchObject({ police: true, legal_aid: true, court: null });
    expect(refusal(decide(CLOSED, cmd, NOW))).toMatchObject({ code: 'case_closed' });
  });

  it('override: caseworkers only, once, not when consent is given', () => {
    const cmd: CaseCommand = { kind: 'override_consent', department: 'legal_aid', byRole: 'wf_caseworker' };
    const emits = emitsOf(decide(STATE, cmd, NOW, ids()));
    expect(emits.map((e) => e.type)).toEqual(['intake.consent.overridden.v1', 'intake.referral.requested.v1']);
    expect(referralsOf(emits)[0]!.consentBasis).toBe('override');
    expect(refusal(decide(STATE, { ...cmd, byRole: 'hotline_operator' }, NOW))).toBeInstanceOf(ForbiddenError);
    expect(refusal(decide(evolve(STATE, cmd, emits), cmd, NOW))).toMatchObject({ code: 'already_overridden' });
    const consented = { ...STATE, consent: { ...noConsent(), legal_aid: true } };
    expect(refusal(decide(consented, cmd, NOW))).toMatchObject({ code: 'consent_already_given' });
  });

  it('duplicates: link is an event, dismiss is not; never with itself', () => {
    const other = { caseId: OTHER_ID, caseNumber: 'BL-2025-000001', matchedOn: ['phone' as const] };
    expect(types(decide(STATE, { kind: 'link_duplicate', other }, NOW))).toEqual(['intake.case.linked.v1']);
    const dismiss: CaseCommand = { kind: 'dismiss_duplicate', otherCaseId: OTHER_ID };
    expect(decide(STATE, dismiss, NOW)).toEqual([]);
    expect(evolve(STATE, dismiss, []).version).toBe(4);
    const self = { caseId: CASE_ID, caseNumber: STATE.caseNumber, matchedOn: [] };
    expect(refusal(decide(STATE, { kind: 'link_duplicate', other: self }, NOW))).toMatchObject({ code: 'self_link' });
    expect(refusal(decide(STATE, { kind: 'dismiss_duplicate', otherCaseId: CASE_ID }, NOW))).toMatchObject({
      code: 'self_link',
    });
  });

  it('notes: allowed on open and closed cases', () => {
    const note: CaseCommand = { kind: 'add_note', noteId: '0190f0f0-0000-7000-8000-0000000000ab' };
    expect(types(decide(STATE, note, NOW))).toEqual(['intake.note.added.v1']);
    expect(types(decide(CLOSED, note, NOW))).toEqual(['intake.note.added.v1']);
    expect(refusal(decide(undefined, note, NOW))).toBeInstanceOf(NotFoundError);
  });

  it('close: carries the follow-up visit deadlines for DV cases; a closed case refuses every other command', () => {
    const close: CaseCommand = { kind: 'close', reason: 'resolved', followUpDays: [7, 30, 90] };
    const emits = emitsOf(decide(STATE, close, NOW));
    expect(emits[0]).toMatchObject({
      type: 'intake.case.closed.v1',
      data: {
        reason: 'resolved',
        followUpDueAt: ['2026-12-05T10:00:00.000Z', '2026-12-28T10:00:00.000Z', '2027-02-26T10:00:00.000Z'],
      },
    });
    const closed = evolve(STATE, close, emits);
    expect(closed).toMatchObject({ status: 'closed', version: 4 });
    const refused: CaseCommand[] = [
      close,
      { kind: 'update', changed: [] },
      { kind: 'assess_risk', yes: [], checklist: DASH_V1 },
      { kind: 'record_consent', consent: {} },
      { kind: 'override_consent', department: 'court', byRole: 'wf_caseworker' },
      { kind: 'link_duplicate', other: { caseId: OTHER_ID, caseNumber: 'BL-2025-000001', matchedOn: [] } },
      { kind: 'dismiss_duplicate', otherCaseId: OTHER_ID },
    ];
    for (const cmd of refused) expect(refusal(decide(closed, cmd, NOW)), cmd.kind).toBeInstanceOf(ConflictError);
  });
  it('reopen: only a closed case', () => {
    const reopen: CaseCommand = { kind: 'reopen', reason: 'new_incident' };
    const emits = emitsOf(decide(CLOSED, reopen, NOW));
    expect(emits[0]).toMatchObject({ type: 'intake.case.reopened.v1', data: { reason: 'new_incident' } });
    expect(evolve(CLOSED, reopen, emits).status).toBe('open');
    expect(refusal(decide(STATE, reopen, NOW))).toMatchObject({ code: 'case_not_closed' });
  });
  it('follow-up deadlines: only for DV and elder abuse, n × 24 hours after closing', () => {
    expect(followUpDueAt('marriage_family_dispute', NOW, [7])).toEqual([]);
    expect(followUpDueAt('elder_abuse', NOW, [1])).toEqual(['2026-11-29T10:00:00.000Z']);
  });
});
