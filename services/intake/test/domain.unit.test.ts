import { describe, expect, it } from 'vitest';
import { CHECKLIST_ITEM_IDS, DASH_V1, scoreRisk } from '../src/domain/risk/checklist.ts';
import { route, type RoutingInput } from '../src/domain/routing/rules.ts';

describe('risk checklist', () => {
  it('has 24 distinct items', () => {
    expect(DASH_V1.items).toHaveLength(24);
    expect(new Set(CHECKLIST_ITEM_IDS).size).toBe(24);
  });
  it('scores ≥ 14 yes as high, ≥ 10 as medium, else standard', () => {
    expect(scoreRisk(CHECKLIST_ITEM_IDS.slice(0, 14)).level).toBe('high');
    expect(scoreRisk(CHECKLIST_ITEM_IDS.slice(0, 13)).level).toBe('medium');
    expect(scoreRisk(CHECKLIST_ITEM_IDS.slice(0, 10)).level).toBe('medium');
    expect(scoreRisk(CHECKLIST_ITEM_IDS.slice(0, 9)).level).toBe('standard');
    expect(scoreRisk([]).level).toBe('standard');
  });
  it('counts a repeated answer once', () => {
    expect(scoreRisk(['threat_to_kill', 'threat_to_kill']).yesCount).toBe(1);
  });
  it('lets judgement raise the level, never lower it', () => {
    expect(scoreRisk(['threat_to_kill'], 'high')).toMatchObject({
      scoredLevel: 'standard',
      level: 'high',
      raisedByJudgement: true,
    });
    expect(scoreRisk(CHECKLIST_ITEM_IDS.slice(0, 15), 'standard')).toMatchObject({
      level: 'high',
      raisedByJudgement: false,
    });
  });
  it('raises a repeat case to at least medium', () => {
    expect(scoreRisk([], undefined, true).level).toBe('medium');
  });
});

describe('routing rules', () => {
  const base: RoutingInput = {
    channel: 'hotline_12338',
    category: 'domestic_violence',
    needs: ['dv_protection', 'legal_aid'],
    riskLevel: 'standard',
    ageBand: 'adult',
    consent: {},
  };

  it('routes with consent', () => {
    expect(route({ ...base, consent: { police: true, legal_aid: true } }).referrals).toEqual([
      { target: 'dv', consentBasis: 'consent' },
      { target: 'legal_aid', consentBasis: 'consent' },
    ]);
  });
  it('holds back every referral when consent is withheld and no exception applies', () => {
    expect(route(base)).toEqual({
      referrals: [],
      withheld: [
        { target: 'dv', reason: 'consent_withheld' },
        { target: 'legal_aid', reason: 'consent_withheld' },
      ],
    });
  });
  it('sends high-risk and mandatory-report cases to the police without consent, and says so', () => {
    expect(route({ ...base, riskLevel: 'high' }).referrals).toEqual([
      { target: 'dv', consentBasis: 'high_risk_exception' },
    ]);
    expect(route({ ...base, channel: 'mandatory_report', needs: [] }).referrals).toEqual([
      { target: 'dv', consentBasis: 'mandatory_report' },
    ]);
  });
  it('routes elder care by need', () => {
    expect(
      route({ ...base, category: 'other', needs: ['elder_care'], consent: { elder_care: true } }).referrals,
    ).toEqual([{ target: 'elder_care', consentBasis: 'consent' }]);
  });
});

describe('configurable checklist versions', () => {
  const short = {
    version: 'short-2027.1',
    highThreshold: 3,
    mediumThreshold: 2,
    items: ['threat_to_kill', 'strangulation', 'weapon_used', 'escalating', 'very_frightened'].map((id) => ({
      id,
      zh: id,
      en: id,
    })),
  };

  it('scores against the version given, and says so', async () => {
    const { scoreRisk } = await import('../src/domain/risk/checklist.ts');
    expect(scoreRisk(['threat_to_kill', 'strangulation', 'weapon_used'], undefined, false, short)).toMatchObject({
      checklistVersion: 'short-2027.1',
      level: 'high',
    });
    expect(scoreRisk(['threat_to_kill', 'strangulation'], undefined, false, short).level).toBe('medium');
  });

  it('names answers that are not items of the version, and unsound definitions', async () => {
    const { unknownItems, checklistProblems } = await import('../src/domain/risk/checklist.ts');
    expect(unknownItems(short, ['threat_to_kill', 'isolated'])).toEqual([
      { path: '/risk/yes/1', message: 'not an item of checklist short-2027.1: isolated' },
    ]);
    expect(checklistProblems(short)).toEqual([]);
    expect(checklistProblems({ ...short, mediumThreshold: 3 }).map((p) => p.path)).toEqual(['/mediumThreshold']);
    expect(checklistProblems({ ...short, highThreshold: 6, mediumThreshold: 2 }).map((p) => p.path)).toEqual([
      '/highThreshold',
    ]);
    expect(checklistProblems({ ...short, items: [...short.items, short.items[0]!] }).map((p) => p.path)).toEqual([
      '/items/5/id',
    ]);
  });
});
