import { describe, expect, it } from 'vitest';
import {
  acceptBy,
  orderApplicationForRequest,
  policeDeptFor,
  referralsForRequest,
} from '../src/domain/referral/decide.ts';

const policy = { defaultHours: 24, highRiskHours: 1 };
const t0 = new Date('2026-11-28T10:00:00.000Z');

describe('referral acceptance clock', () => {
  it('is 1 h for high risk and 24 h otherwise (configurable)', () => {
    expect(acceptBy(t0, 'high', policy).toISOString()).toBe('2026-11-28T11:00:00.000Z');
    expect(acceptBy(t0, 'medium', policy).toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(acceptBy(t0, 'standard', { defaultHours: 12, highRiskHours: 0.5 }).toISOString()).toBe(
      '2026-11-28T22:00:00.000Z',
    );
  });
  it('sends a referral to the station of the street, or the district desk', () => {
    expect(policeDeptFor('xinqi')).toBe('police:xinqi');
    expect(policeDeptFor(null)).toBe('police:district');
  });
  it('ignores requests for other targets', () => {
    const req = { target: 'legal_aid', street: 'xinqi', riskLevel: 'high' } as Parameters<
      typeof referralsForRequest
    >[0];
    expect(referralsForRequest(req, t0, policy)).toEqual([]);
  });
});

describe('what a DV request opens (DESIGN canonical scenario, step 3)', () => {
  const base = {
    requestId: '0190f0f0-0000-7000-8000-0000000000a1',
    caseId: '0190f0f0-0000-7000-8000-0000000000c1',
    caseNumber: 'BL-2026-000001',
    target: 'dv',
    category: 'domestic_violence',
    needs: ['dv_protection'],
    riskLevel: 'high',
    street: 'xinqi',
    victimAgeBand: 'adult',
    flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
    consentBasis: 'consent',
    requestedAt: t0.toISOString(),
  } as Parameters<typeof referralsForRequest>[0];

  // This used to open a shelter offer unless she said no: ADVL Art. 5 (her true wishes) needs her yes.
  it('ADVL Art. 5: high risk and she agreed to a shelter — the police and a shelter offer, both with the 1 h clock', () => {
    expect(
      referralsForRequest({ ...base, departmentConsent: { court: null, shelter: true } }, t0, policy, 'shelter:beilun'),
    ).toEqual([
      { department: 'police', assignedDept: 'police:xinqi', acceptBy: new Date('2026-11-28T11:00:00.000Z') },
      { department: 'shelter', assignedDept: 'shelter:beilun', acceptBy: new Date('2026-11-28T11:00:00.000Z') },
    ]);
  });
  it('ADVL Art. 5: no shelter offer without her consent to the shelter (declined, not asked, police only), or when the risk is not high', () => {
    expect(referralsForRequest(base, t0, policy).map((r) => r.department)).toEqual(['police']);
    expect(
      referralsForRequest({ ...base, departmentConsent: { court: null, shelter: null } }, t0, policy).map(
        (r) => r.department,
      ),
    ).toEqual(['police']);
    expect(
      referralsForRequest({ ...base, departmentConsent: { court: null, shelter: false } }, t0, policy).map(
        (r) => r.department,
      ),
    ).toEqual(['police']);
    expect(referralsForRequest({ ...base, riskLevel: 'medium' }, t0, policy).map((r) => r.department)).toEqual([
      'police',
    ]);
  });
  // Needs that used to route nowhere: mediation and psychological support were dropped (only police/shelter opened).
  it('no need is dropped: psychological support opens a counselling referral, mediation one to the women’s federation of her street', () => {
    expect(
      referralsForRequest(
        { ...base, riskLevel: 'medium', needs: ['dv_protection', 'psychological_support', 'mediation'] },
        t0,
        policy,
        'shelter:beilun',
        'counselling:beilun',
      ),
    ).toEqual([
      { department: 'police', assignedDept: 'police:xinqi', acceptBy: expect.any(Date) },
      { department: 'counselling', assignedDept: 'counselling:beilun', acceptBy: expect.any(Date) },
      { department: 'wf', assignedDept: 'wf:xinqi', acceptBy: expect.any(Date) },
    ]);
    expect(
      referralsForRequest({ ...base, street: null, needs: ['mediation'] }, t0, policy).map(
        (r) => `${r.department}@${r.assignedDept}`,
      ),
    ).toEqual(['police@police:district', 'wf@wf:district']);
  });
  // This used to file as the women's federation on her behalf; ADVL Art. 23 does not allow that for a capable woman.
  it('ADVL Art. 23: with her consent to the court, her own urgent application, prepared with the federation’s help', () => {
    expect(
      orderApplicationForRequest({ ...base, departmentConsent: { court: true, shelter: true } }, 'court:beilun'),
    ).toEqual({
      courtDept: 'court:beilun',
      applicant: 'victim',
      assistedBy: 'women_federation',
      measures: ['ban_violence', 'ban_harassment_stalking_contact'],
      urgent: true,
    });
    expect(
      orderApplicationForRequest({ ...base, departmentConsent: { court: null, shelter: true } }, 'court:beilun'),
    ).toBeNull();
    expect(orderApplicationForRequest(base, 'court:beilun')).toBeNull();
    expect(
      orderApplicationForRequest(
        { ...base, riskLevel: 'medium', departmentConsent: { court: true, shelter: null } },
        'court:beilun',
      ),
    ).toBeNull();
  });
});
