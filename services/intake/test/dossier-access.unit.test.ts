// The dossier's access rule, pure: which hand-off lets a department read, and on what ground.
import { describe, expect, it } from 'vitest';
import { AuthError } from '@linkage/domain';
import { dossierGround, openHandoffOf, type HeldHandoff } from '../src/domain/dossier/access.ts';

const police = { sub: 'p1', role: 'police_officer' as const, dept: 'police:xinqi', streets: [] };
const handoff = (status: string, o: Partial<HeldHandoff> = {}): HeldHandoff => ({
  ref: 'dv.referral:r1',
  deptType: 'police',
  depts: ['police:xinqi'],
  status,
  ...o,
});
const facts = { consent: {}, overrides: [], needs: [], dvBases: [] };

describe('dossier access (pure)', () => {
  it('an open hand-off held by the caller’s department in a role that works it lets it read', () => {
    expect(openHandoffOf(police, [handoff('declined', { ref: 'old' }), handoff('open')], 'xinqi')).toMatchObject({
      ref: 'dv.referral:r1',
      deptType: 'police',
    });
  });
  it('refuses a department that holds none, and says when the one it held ended', () => {
    expect(openHandoffOf(police, [handoff('open', { depts: ['police:daqi'] })], 'xinqi')).toMatchObject({
      statusCode: 403,
      code: 'no_referral',
    });
    expect(openHandoffOf({ ...police, role: 'court_clerk' }, [handoff('open')], 'xinqi')).toMatchObject({
      code: 'no_referral',
    });
    const ended = openHandoffOf(police, [handoff('withdrawn')], 'xinqi');
    expect(ended).toBeInstanceOf(AuthError);
    expect(ended).toMatchObject({ code: 'referral_withdrawn' });
  });
  it('a ground is needed: her consent, a statutory exception or an override; else nothing is shared', () => {
    expect(dossierGround('police', { ...facts, consent: { police: true } })).toBe('consent');
    expect(dossierGround('police', { ...facts, dvBases: ['high_risk_exception'] })).toBe('high_risk_exception');
    expect(dossierGround('court', { ...facts, overrides: ['court'] })).toBe('override');
    expect(dossierGround('court', { ...facts, dvBases: ['mandatory_report'] })).toMatchObject({
      statusCode: 403,
      code: 'no_consent',
    });
  });
});
