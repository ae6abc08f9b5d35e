import { describe, expect, it } from 'vitest';
import { blindIndex, ConflictError, ForbiddenError, StaleVersionError, ValidationError } from '@linkage/service-kit';
import { newEvent } from '@linkage/messaging';
import { CASE_CATEGORIES, CHANNELS, NEEDS } from '@linkage/contracts';
import {
  ageOf,
  checkResidentId,
  protectionFlags,
  victimProblems,
  withCheckDigit,
} from '../src/domain/victim/validate.ts';
import {
  blindIndexes,
  classifyHits,
  matchValues,
  normaliseName,
  normalisePhone,
} from '../src/domain/duplicates/match.ts';
import {
  decideCase,
  followUpDueAt,
  type CaseCommand,
  type CaseState,
  type DecideContext,
} from '../src/domain/case/lifecycle.ts';
import { decideOpenCase, noConsent } from '../src/domain/case/open.ts';
import { route } from '../src/domain/routing/rules.ts';
import { projectedTopics, projectStatus } from '../src/domain/summary/projections.ts';
import { ZH_LABELS } from '../src/domain/labels/zh.ts';
import { CHECKLIST_ITEM_IDS, DASH_V1 } from '../src/domain/risk/checklist.ts';
import { can, CASE_POLICY } from '../src/domain/case/policy.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
// 330206 (Beilun) + 1992-03-15 + 123
const VALID_ID = withCheckDigit('33020619920315123');

describe('resident ID numbers', () => {
  it('accepts a correct checksum (including X) and returns the birth date', () => {
    expect(checkResidentId(VALID_ID, NOW)).toEqual({ ok: true, birth: new Date('1992-03-15T00:00:00.000Z') });
    expect(checkResidentId('11010519491231002X', NOW)).toMatchObject({ ok: true }); // the GB 11643 example
    expect(checkResidentId('11010519491231002x', NOW)).toMatchObject({ ok: true });
  });
  it('rejects a wrong check digit, a bad format and impossible or future birth dates', () => {
    const wrong = VALID_ID.slice(0, 17) + (VALID_ID[17] === '0' ? '1' : '0');
    expect(checkResidentId(wrong, NOW)).toEqual({ ok: false, problem: 'checksum' });
    expect(checkResidentId('1234', NOW)).toEqual({ ok: false, problem: 'format' });
    expect(checkResidentId(withCheckDigit('33020619920230123'), NOW)).toEqual({ ok: false, problem: 'birth_date' }); // 30 Feb
    expect(checkResidentId(withCheckDigit('33020620300101123'), NOW)).toEqual({ ok: false, problem: 'birth_date' }); // future
  });
  it('reports every personal-data problem with its path', () => {
    expect(victimProblems({ birthYear: 2027 }, NOW)).toEqual([
      { path: '/victim/birthYear', message: 'must not be in the future' },
    ]);
    expect(victimProblems({ birthYear: 1990, age: 20 }, NOW)).toEqual([
      { path: '/victim/age', message: 'does not match birthYear' },
    ]);
    expect(victimProblems({ idNumber: VALID_ID, birthYear: 1993 }, NOW)).toEqual([
      { path: '/victim/birthYear', message: 'does not match the ID number' },
    ]);
    expect(victimProblems({ idNumber: VALID_ID, birthYear: 1992, age: 34 }, NOW)).toEqual([]);
  });
  it('derives age and protection flags from age, birth year or ID number', () => {
    expect(ageOf({ idNumber: VALID_ID }, NOW)).toBe(34);
    expect(ageOf({ birthYear: 2012 }, NOW)).toBe(14);
    expect(protectionFlags({ age: 15 }, NOW).flags.minor).toBe(true);
    expect(protectionFlags({ birthYear: 1950 }, NOW)).toMatchObject({ ageBand: 'elderly', flags: { elderly: true } });
    expect(protectionFlags({ protection: { pregnantOrBreastfeeding: true, disabled: true } }, NOW)).toEqual({
      ageBand: 'unknown',
      flags: { minor: false, elderly: false, disabled: true, pregnantOrBreastfeeding: true, seriouslyIll: false },
    });
  });
});

describe('duplicate matching on blind indexes', () => {
  const key = Buffer.alloc(32, 7);
  const hash = (p: string, v: string) => blindIndex(key, p, v);

  it('normalises phones and names so trivial differences still match', () => {
    expect(normalisePhone('+86 138-0000-0000')).toBe('13800000000');
    expect(normalisePhone('0086 13800000000')).toBe('13800000000');
    expect(normaliseName(' 李 某某 ')).toBe('李某某');
    expect(blindIndexes({ phone: '+86 13800000000' }, hash)).toEqual(blindIndexes({ phone: '138 0000 0000' }, hash));
  });
  it('indexes phone, ID number and name+birth year+street, and no plaintext', () => {
    const idx = blindIndexes(
      { name: '李某某', phone: '13800000000', idNumber: VALID_ID.toLowerCase(), birthYear: 1992, street: 'xinqi' },
      hash,
    );
    expect(idx.map((i) => i.key)).toEqual(['phone', 'id_number', 'name_birth_street']);
    expect(JSON.stringify(idx)).not.toMatch(/李|13800000000|330206/);
    expect(idx[1]!.value).toBe(hash('victim.id_number', VALID_ID.toUpperCase()));
    expect(matchValues({ name: '李某某', birthYear: 1992 })).toEqual([]); // needs the street too
  });
  it('a different key gives different indexes', () => {
    expect(blindIndex(Buffer.alloc(32, 1), 'victim.phone', '1')).not.toBe(
      blindIndex(Buffer.alloc(32, 2), 'victim.phone', '1'),
    );
  });
  it('groups hits per case; a match within 12 months is a repeat, an older one only a suggestion', () => {
    const recent = new Date('2026-03-01T00:00:00Z');
    const old = new Date('2025-10-01T00:00:00Z');
    const r = classifyHits(
      [
        { caseId: 'a', caseNumber: 'BL-2026-000001', openedAt: recent, key: 'phone' },
        { caseId: 'a', caseNumber: 'BL-2026-000001', openedAt: recent, key: 'id_number' },
        { caseId: 'b', caseNumber: 'BL-2025-000009', openedAt: old, key: 'phone' },
      ],
      NOW,
    );
    expect(r.repeat).toBe(true);
    expect(r.candidates).toEqual([
      {
        caseId: 'a',
        caseNumber: 'BL-2026-000001',
        openedAt: recent,
        matchedOn: ['phone', 'id_number'],
        withinRepeatWindow: true,
      },
      { caseId: 'b', caseNumber: 'BL-2025-000009', openedAt: old, matchedOn: ['phone'], withinRepeatWindow: false },
    ]);
    expect(classifyHits([{ caseId: 'b', caseNumber: 'BL-2025-000009', openedAt: old, key: 'phone' }], NOW).repeat).toBe(
      false,
    );
    expect(classifyHits([], NOW)).toEqual({ candidates: [], repeat: false });
  });
});

describe('routing with overrides', () => {
  const base = {
    channel: 'hotline_12338',
    category: 'domestic_violence' as const,
    needs: ['legal_aid' as const],
    riskLevel: 'standard' as const,
    ageBand: 'adult' as const,
    consent: {},
  };
  it('an override lets a withheld referral proceed, marked as such', () => {
    expect(route({ ...base, overrides: ['legal_aid'] }).referrals).toEqual([
      { target: 'legal_aid', consentBasis: 'override' },
    ]);
    expect(route({ ...base, consent: { police: false } }).withheld.map((w) => w.target)).toEqual(['dv', 'legal_aid']);
  });
  it('an explicit refusal holds, unless a statutory exception applies', () => {
    expect(route({ ...base, riskLevel: 'high', consent: { police: false, legal_aid: false } })).toEqual({
      referrals: [{ target: 'dv', consentBasis: 'high_risk_exception' }],
      withheld: [{ target: 'legal_aid', reason: 'consent_withheld' }],
    });
  });
});

describe('opening a case with repeat and special-protection facts', () => {
  const ctx = {
    caseId: '0190f0f0-0000-7000-8000-000000000001',
    caseNumber: 'BL-2026-000001',
    now: NOW,
    actor: { sub: 'op', role: 'hotline_operator' as const, dept: 'wf:district', streets: [] },
    correlationId: '0190f0f0-0000-7000-8000-0000000000cc',
    source: '/services/intake',
  };
  let n = 0;
  const newId = () => `0190f0f0-0000-7000-8000-${String(++n).padStart(12, '0')}`;

  it('a repeat raises a standard screening to medium and says so in case.opened', () => {
    const d = decideOpenCase(
      { channel: 'hotline_12338', category: 'domestic_violence', needs: [], risk: { yes: [] } },
      { ...ctx, repeat: true },
      newId,
    );
    expect(d.risk.level).toBe('medium');
    expect(d.events[0]).toMatchObject({ type: 'intake.case.opened.v1', data: { repeat: true, riskLevel: 'medium' } });
    expect(d.assessmentId).not.toBeNull();
  });
  it('carries protection flags, never the ID number', () => {
    const d = decideOpenCase(
      {
        channel: 'walk_in',
        category: 'domestic_violence',
        needs: [],
        victim: { idNumber: VALID_ID, protection: { pregnantOrBreastfeeding: true } },
      },
      ctx,
      newId,
    );
    expect(d.flags).toMatchObject({ pregnantOrBreastfeeding: true, minor: false });
    expect(JSON.stringify(d.events)).not.toContain(VALID_ID);
  });
  it('rejects an invalid ID number and a future incident', () => {
    const bad = VALID_ID.slice(0, 17) + (VALID_ID[17] === '0' ? '1' : '0');
    expect(() =>
      decideOpenCase({ channel: 'walk_in', category: 'other', needs: [], victim: { idNumber: bad } }, ctx, newId),
    ).toThrow(ValidationError);
    expect(() =>
      decideOpenCase(
        {
          channel: 'walk_in',
          category: 'other',
          needs: [],
          incident: { violenceTypes: [], occurredAt: '2027-01-01T00:00:00Z' },
        },
        ctx,
        newId,
      ),
    ).toThrow(ValidationError);
  });
});

describe('case lifecycle (decide)', () => {
  const state: CaseState = {
    id: '0190f0f0-0000-7000-8000-000000000001',
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
  let n = 0;
  const ctx = (role: 'hotline_operator' | 'wf_caseworker' = 'wf_caseworker'): DecideContext => ({
    now: NOW,
    actor: { sub: 'u', role, dept: 'wf:district', streets: [] },
    correlationId: '0190f0f0-0000-7000-8000-0000000000cc',
    source: '/services/intake',
    newId: () => `0190f0f0-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    followUpDays: [7, 30, 90],
  });
  const types = (cmd: CaseCommand, s = state, c = ctx()) => decideCase(s, cmd, c).events.map((e) => e.type);

  it('update: bumps the version and re-routes newly due departments', () => {
    const d = decideCase(
      { ...state, consent: { ...noConsent(), legal_aid: true } },
      { kind: 'update', version: 3, changed: ['needs'], needs: ['legal_aid'] },
      ctx(),
    );
    expect(d.next.version).toBe(4);
    expect(d.events.map((e) => e.type)).toEqual(['intake.case.updated.v1', 'intake.referral.requested.v1']);
    expect(d.events[1]!.causationid).toBe(d.events[0]!.id);
    expect(d.next.requested).toEqual(['legal_aid']);
  });
  it('update with a stale version is refused (412)', () => {
    expect(() => decideCase(state, { kind: 'update', version: 2, changed: [] }, ctx())).toThrow(StaleVersionError);
  });
  it('re-screening: emits risk.assessed with the previous level; reaching high sends DV on the high-risk exception', () => {
    const d = decideCase(
      state,
      { kind: 'assess_risk', yes: CHECKLIST_ITEM_IDS.slice(0, 14), checklist: DASH_V1 },
      ctx(),
    );
    expect(d.events[0]).toMatchObject({
      type: 'intake.risk.assessed.v1',
      data: { previousLevel: 'standard', level: 'high', yesCount: 14, checklistVersion: 'dash-2026.1' },
    });
    expect(d.referrals).toEqual([expect.objectContaining({ target: 'dv', consentBasis: 'high_risk_exception' })]);
    expect(() =>
      decideCase(state, { kind: 'assess_risk', yes: [], judgement: 'high', checklist: DASH_V1 }, ctx()),
    ).toThrow(ValidationError);
  });
  it('consent: records it and requests only departments not already requested', () => {
    const d = decideCase(
      { ...state, requested: ['dv'] },
      { kind: 'record_consent', consent: { police: true, legal_aid: true } },
      ctx(),
    );
    expect(d.events.map((e) => e.type)).toEqual(['intake.consent.recorded.v1', 'intake.referral.requested.v1']);
    expect(d.referrals.map((r) => r.target)).toEqual(['legal_aid']);
    expect(d.next.consent).toMatchObject({ police: true, legal_aid: true, court: null });
  });
  it('override: caseworkers only, once, not when consent is given', () => {
    const d = decideCase(
      state,
      { kind: 'override_consent', department: 'legal_aid', reason: 'victim cannot be reached; urgent' },
      ctx(),
    );
    expect(d.events.map((e) => e.type)).toEqual(['intake.consent.overridden.v1', 'intake.referral.requested.v1']);
    expect(d.referrals[0]!.consentBasis).toBe('override');
    expect(() =>
      decideCase(
        state,
        { kind: 'override_consent', department: 'legal_aid', reason: 'x'.repeat(10) },
        ctx('hotline_operator'),
      ),
    ).toThrow(ForbiddenError);
    expect(() =>
      decideCase(d.next, { kind: 'override_consent', department: 'legal_aid', reason: 'x'.repeat(10) }, ctx()),
    ).toThrow(ConflictError);
    expect(() =>
      decideCase(
        { ...state, consent: { ...noConsent(), legal_aid: true } },
        { kind: 'override_consent', department: 'legal_aid', reason: 'x'.repeat(10) },
        ctx(),
      ),
    ).toThrow(ConflictError);
  });
  it('link and dismiss duplicates; never with itself', () => {
    expect(
      types({
        kind: 'link_duplicate',
        other: { caseId: '0190f0f0-0000-7000-8000-0000000000aa', caseNumber: 'BL-2025-000001', matchedOn: ['phone'] },
      }),
    ).toEqual(['intake.case.linked.v1']);
    expect(
      decideCase(state, { kind: 'dismiss_duplicate', otherCaseId: '0190f0f0-0000-7000-8000-0000000000aa' }, ctx()),
    ).toMatchObject({ events: [], next: { version: 4 } });
    expect(() =>
      decideCase(
        state,
        { kind: 'link_duplicate', other: { caseId: state.id, caseNumber: state.caseNumber, matchedOn: [] } },
        ctx(),
      ),
    ).toThrow(ConflictError);
    expect(() => decideCase(state, { kind: 'dismiss_duplicate', otherCaseId: state.id }, ctx())).toThrow(ConflictError);
  });
  it('notes: allowed on open and closed cases', () => {
    expect(types({ kind: 'add_note', noteId: '0190f0f0-0000-7000-8000-0000000000ab' })).toEqual([
      'intake.note.added.v1',
    ]);
    expect(
      types({ kind: 'add_note', noteId: '0190f0f0-0000-7000-8000-0000000000ab' }, { ...state, status: 'closed' }),
    ).toEqual(['intake.note.added.v1']);
  });
  it('close: carries the follow-up visit deadlines for DV cases; a closed case refuses other commands', () => {
    const d = decideCase(state, { kind: 'close', reason: 'resolved' }, ctx());
    expect(d.next.status).toBe('closed');
    expect(d.events[0]).toMatchObject({
      type: 'intake.case.closed.v1',
      data: {
        reason: 'resolved',
        followUpDueAt: ['2026-12-05T10:00:00.000Z', '2026-12-28T10:00:00.000Z', '2027-02-26T10:00:00.000Z'],
      },
    });
    for (const cmd of [
      { kind: 'close', reason: 'resolved' },
      { kind: 'update', version: 4, changed: [] },
      { kind: 'assess_risk', yes: [] },
      { kind: 'record_consent', consent: {} },
      { kind: 'override_consent', department: 'court', reason: 'xxxxxxxxxx' },
      {
        kind: 'link_duplicate',
        other: { caseId: '0190f0f0-0000-7000-8000-0000000000aa', caseNumber: 'BL-2025-000001', matchedOn: [] },
      },
      { kind: 'dismiss_duplicate', otherCaseId: '0190f0f0-0000-7000-8000-0000000000aa' },
    ] as CaseCommand[]) {
      expect(() => decideCase(d.next, cmd, ctx()), cmd.kind).toThrow(ConflictError);
    }
  });
  it('reopen: only a closed case', () => {
    const closed = { ...state, status: 'closed' as const };
    const d = decideCase(closed, { kind: 'reopen', reason: 'new_incident' }, ctx());
    expect(d.next.status).toBe('open');
    expect(d.events[0]).toMatchObject({ type: 'intake.case.reopened.v1', data: { reason: 'new_incident' } });
    expect(() => decideCase(state, { kind: 'reopen', reason: 'new_incident' }, ctx())).toThrow(ConflictError);
  });
  it('follow-up deadlines: only for DV and elder abuse', () => {
    expect(followUpDueAt('marriage_family_dispute', NOW, [7])).toEqual([]);
    expect(followUpDueAt('elder_abuse', NOW, [1])).toEqual(['2026-11-29T10:00:00.000Z']);
  });
});

describe('status projection handler table', () => {
  it('maps dv.referral.created.v1 to a requested entry with its acceptance clock, and subscribes to dv.events', () => {
    const e = newEvent('dv.referral.created.v1', {
      source: '/services/dv-referral',
      subject: '0190f0f0-0000-7000-8000-000000000001',
      actor: { role: 'system', dept: 'svc:dv-referral' },
      time: NOW,
      data: {
        referralId: '0190f0f0-0000-7000-8000-0000000000f1',
        caseId: '0190f0f0-0000-7000-8000-000000000001',
        requestId: null,
        department: 'police',
        assignedDept: 'police:xinqi',
        riskLevel: 'high',
        street: 'xinqi',
        acceptBy: '2026-11-28T11:00:00.000Z',
        createdAt: NOW.toISOString(),
      },
    } as never);
    expect(projectStatus(e)).toEqual({
      caseId: '0190f0f0-0000-7000-8000-000000000001',
      ref: 'dv.referral:0190f0f0-0000-7000-8000-0000000000f1',
      service: 'dv',
      department: 'police',
      assignedDept: 'police:xinqi',
      status: 'requested',
      dueAt: '2026-11-28T11:00:00.000Z',
      at: NOW.toISOString(),
    });
    expect(projectedTopics()).toContain('dv.events');
  });

  it('follows later steps without forgetting the department, marks a reopened DV part for re-screening, and skips case-less legal aid', () => {
    const caseId = '0190f0f0-0000-7000-8000-000000000001';
    const ev = (type: string, data: Record<string, unknown>) =>
      ({ type, data, subject: caseId, time: NOW.toISOString() }) as never;
    expect(
      projectStatus(
        ev('dv.referral.accepted.v1', {
          referralId: 'r1',
          caseId,
          department: 'police',
          assignedDept: 'police:xinqi',
          at: NOW.toISOString(),
        }),
      ),
    ).toMatchObject({
      ref: 'dv.referral:r1',
      status: 'accepted',
    });
    expect(
      projectStatus(
        ev('dv.protection_order.issued.v1', { orderId: 'o1', caseId, validUntil: '2027-05-28T10:00:00.000Z' }),
      ),
    ).toMatchObject({
      ref: 'dv.protection_order:o1',
      status: 'issued',
      assignedDept: null,
      dueAt: '2027-05-28T10:00:00.000Z',
    });
    expect(
      projectStatus(
        ev('dv.case.reopened.v1', {
          caseId,
          reason: 'new_incident',
          rescreenRequired: true,
          reopenedAt: NOW.toISOString(),
        }),
      ),
    ).toMatchObject({
      status: 'reopened_rescreen_required',
    });
    expect(
      projectStatus(
        ev('legal_aid.application.approved.v1', {
          applicationId: 'a1',
          caseId: null,
          assignBy: null,
          approvedAt: NOW.toISOString(),
        }),
      ),
    ).toBeUndefined();
    expect(projectedTopics()).toEqual(expect.arrayContaining(['dv.events', 'legal-aid.events', 'elder-care.events']));
  });
});

describe('zh-CN labels and access policy', () => {
  it('labels every channel, category and need', () => {
    for (const c of CHANNELS) expect(ZH_LABELS.channel[c]).toBeTruthy();
    for (const c of CASE_CATEGORIES) expect(ZH_LABELS.category[c]).toBeTruthy();
    for (const c of NEEDS) expect(ZH_LABELS.need[c]).toBeTruthy();
    expect(Object.keys(ZH_LABELS.checklistItem)).toHaveLength(24);
  });
  it('only the owning department sees personal data; coordinators get the de-identified view', () => {
    const rec = { ownerDept: 'wf:district', street: 'xinqi' };
    const p = (role: 'hotline_operator' | 'coordinator' | 'police_officer', dept: string, streets: string[] = []) => ({
      sub: 's',
      role,
      dept,
      streets,
    });
    expect(can(p('hotline_operator', 'wf:district'), 'view_identified', rec)).toBe(true);
    expect(can(p('hotline_operator', 'wf:beilun'), 'view_identified', rec)).toBe(false);
    expect(can(p('coordinator', 'wcw:district'), 'view_identified', rec)).toBe(false);
    expect(can(p('coordinator', 'wcw:district', ['daqi']), 'view_deidentified', rec)).toBe(false);
    expect(can(p('coordinator', 'wcw:district'), 'view_deidentified', rec)).toBe(true);
    expect(can(p('police_officer', 'police:xinqi'), 'view_deidentified', rec)).toBe(false);
    expect(CASE_POLICY.override_consent.roles).toEqual(['wf_caseworker']);
  });
});
