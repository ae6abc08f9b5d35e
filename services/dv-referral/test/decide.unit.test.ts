import { describe, expect, it } from 'vitest';
import { acceptBy, policeDeptFor, referralsForRequest } from '../src/domain/referral/decide.ts';

const policy = { defaultHours: 24, highRiskHours: 1 };
const t0 = new Date('2026-11-28T10:00:00.000Z');

describe('referral acceptance clock', () => {
  it('is 1 h for high risk and 24 h otherwise (configurable)', () => {
    expect(acceptBy(t0, 'high', policy).toISOString()).toBe('2026-11-28T11:00:00.000Z');
    expect(acceptBy(t0, 'medium', policy).toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(acceptBy(t0, 'standard', { defaultHours: 12, highRiskHours: 0.5 }).toISOString()).toBe('2026-11-28T22:00:00.000Z');
  });
  it('sends a referral to the station of the street, or the district desk', () => {
    expect(policeDeptFor('xinqi')).toBe('police:xinqi');
    expect(policeDeptFor(null)).toBe('police:district');
  });
  it('ignores requests for other targets', () => {
    const req = { target: 'legal_aid', street: 'xinqi', riskLevel: 'high' } as Parameters<typeof referralsForRequest>[0];
    expect(referralsForRequest(req, t0, policy)).toEqual([]);
  });
});
