import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { newEvent } from '@linkage/domain';
import { CASE_CATEGORIES, CHANNELS, NEEDS } from '@linkage/contracts';
import { checkResidentId, flagsOf, readPerson, withCheckDigit } from '../src/domain/victim/validate.ts';
import {
  blindIndexes,
  classifyHits,
  matchValues,
  normaliseName,
  normalisePhone,
} from '../src/domain/duplicates/match.ts';
import { route } from '../src/domain/routing/rules.ts';
import { projectedTopics, projectStatus } from '../src/domain/summary/projections.ts';
import { ZH_LABELS } from '../src/domain/labels/zh.ts';
import { can, CASE_POLICY } from '../src/domain/case/policy.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
// 330206 (Beilun) + 1992-03-15 + 123
const VALID_ID = withCheckDigit('33020619920315123');
const victimProblems = (v: Parameters<typeof readPerson>[0], now: Date) => readPerson(v, now).problems;
const ageOf = (v: Parameters<typeof readPerson>[0], now: Date) => readPerson(v, now).age;
const protectionFlags = (
  v: Parameters<typeof readPerson>[0] & { protection?: Parameters<typeof flagsOf>[1] },
  now: Date,
) => flagsOf(readPerson(v, now).age, v.protection);

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
  // a keyed hash as the application injects one (service-kit's blindIndex; its own tests cover the key)
  const hash = (p: string, v: string) => createHmac('sha256', key).update(`${p}\u0000${v}`).digest('base64url');

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
