import { describe, expect, it } from 'vitest';
import { NEEDS } from '@linkage/contracts';
import { NEED_HANDLERS, route, unmetNeeds, type RoutingInput } from '../src/domain/routing/rules.ts';

const base: RoutingInput = {
  channel: 'hotline_12338',
  category: 'domestic_violence',
  needs: [],
  riskLevel: 'medium',
  ageBand: 'adult',
  consent: {},
};

describe('no need is dropped', () => {
  it('every need has a department that acts on it', () => {
    for (const n of NEEDS) expect(NEED_HANDLERS[n], n).toBeDefined();
  });

  // These used to be silently dropped: mediation and psychological support routed nowhere and nobody was told.
  it('a DV case carries mediation and psychological support to dv-referral (women’s federation, counselling): nothing unmet', () => {
    const c = {
      ...base,
      needs: ['dv_protection', 'mediation', 'psychological_support'] as const,
      consent: { police: true },
    } as RoutingInput;
    const { referrals } = route(c);
    expect(referrals.map((r) => r.target)).toEqual(['dv']);
    expect(unmetNeeds(c, ['dv'])).toEqual([]);
  });

  it('a family dispute asking for mediation alone: no department acts on it — the operator is told', () => {
    const c = {
      ...base,
      category: 'marriage_family_dispute',
      needs: ['mediation', 'psychological_support'],
    } as RoutingInput;
    expect(route(c).referrals).toEqual([]);
    expect(unmetNeeds(c, [])).toEqual([
      { need: 'mediation', reason: 'no_department' },
      { need: 'psychological_support', reason: 'no_department' },
    ]);
  });

  it('a need whose department needs consent she has not given is unmet for that reason', () => {
    const c = { ...base, category: 'marriage_family_dispute', needs: ['legal_aid'] } as RoutingInput;
    expect(unmetNeeds(c, [])).toEqual([{ need: 'legal_aid', reason: 'consent_withheld' }]);
    expect(unmetNeeds({ ...c, consent: { legal_aid: true } }, ['legal_aid'])).toEqual([]);
  });
});
