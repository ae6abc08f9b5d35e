import {
  CONSENT_DEPARTMENTS,
  type CaseCategory,
  type ConsentDepartment,
  type Need,
  type ReferralTarget,
  type RiskLevel,
} from '@linkage/contracts';

export { CONSENT_DEPARTMENTS, type ConsentDepartment };

export interface RoutingInput {
  channel: string;
  category: CaseCategory;
  needs: readonly Need[];
  riskLevel: RiskLevel;
  ageBand: 'minor' | 'adult' | 'elderly' | 'unknown';
  consent: Partial<Record<ConsentDepartment, boolean | null>>;
  /** Departments whose missing consent an allowed role overrode (audited). */
  overrides?: readonly ConsentDepartment[];
}

export interface RoutingRule {
  target: ReferralTarget;
  /** Which consent the referral needs. */
  consentFrom: ConsentDepartment;
  /** When the case needs this department. */
  when: (c: RoutingInput) => boolean;
  /** Statutory exceptions that let the referral proceed without consent. */
  exceptions: { basis: 'mandatory_report' | 'high_risk_exception'; applies: (c: RoutingInput) => boolean }[];
}

/** Routing as data: one row per target department. */
export const ROUTING_RULES: readonly RoutingRule[] = [
  {
    target: 'dv',
    consentFrom: 'police',
    when: (c) =>
      c.category === 'domestic_violence' || c.category === 'elder_abuse' || c.needs.includes('dv_protection'),
    exceptions: [
      // ADVL Art. 14: mandatory reports go to the police.
      { basis: 'mandatory_report', applies: (c) => c.channel === 'mandatory_report' },
      // High risk of serious harm: the police are told even without consent (recorded as such).
      { basis: 'high_risk_exception', applies: (c) => c.riskLevel === 'high' },
    ],
  },
  { target: 'legal_aid', consentFrom: 'legal_aid', when: (c) => c.needs.includes('legal_aid'), exceptions: [] },
  {
    target: 'elder_care',
    consentFrom: 'elder_care',
    when: (c) => c.needs.includes('elder_care') || (c.ageBand === 'elderly' && c.category === 'elder_abuse'),
    exceptions: [],
  },
];

export interface RoutingDecision {
  target: ReferralTarget;
  consentBasis: 'consent' | 'mandatory_report' | 'high_risk_exception' | 'override';
}

export interface WithheldReferral {
  target: ReferralTarget;
  reason: 'consent_withheld';
}

/** Which departments get a referral request, on what basis, and which were held back for lack of consent. */
export function route(
  c: RoutingInput,
  rules: readonly RoutingRule[] = ROUTING_RULES,
): { referrals: RoutingDecision[]; withheld: WithheldReferral[] } {
  const referrals: RoutingDecision[] = [];
  const withheld: WithheldReferral[] = [];
  for (const rule of rules) {
    if (!rule.when(c)) continue;
    if (c.consent[rule.consentFrom] === true) {
      referrals.push({ target: rule.target, consentBasis: 'consent' });
      continue;
    }
    const exception = rule.exceptions.find((e) => e.applies(c));
    if (exception) referrals.push({ target: rule.target, consentBasis: exception.basis });
    else if (c.overrides?.includes(rule.consentFrom)) referrals.push({ target: rule.target, consentBasis: 'override' });
    else withheld.push({ target: rule.target, reason: 'consent_withheld' });
  }
  return { referrals, withheld };
}

/**
 * No need is dropped: which department acts on each need, as data. `target` is the referral that
 * carries it (dv-referral turns a DV request's `mediation` into a women's federation mediation
 * referral and `psychological_support` into a counselling referral). A need whose target is not
 * requested for the case is unmet: the operator is told at opening and the case shows it.
 */
export const NEED_HANDLERS: Record<Need, { target: ReferralTarget; department: string }> = {
  dv_protection: { target: 'dv', department: 'police' },
  legal_aid: { target: 'legal_aid', department: 'legal_aid' },
  elder_care: { target: 'elder_care', department: 'elder_care' },
  mediation: { target: 'dv', department: 'wf' },
  psychological_support: { target: 'dv', department: 'counselling' },
};

export interface UnmetNeed {
  need: Need;
  /**
   * consent_withheld: the department that would act needs her consent; no_department: no department acts on it for this
   * case.
   */
  reason: 'consent_withheld' | 'no_department';
}

/** The case's needs that no requested department will act on, and why. */
export function unmetNeeds(
  c: RoutingInput,
  requested: readonly ReferralTarget[],
  rules: readonly RoutingRule[] = ROUTING_RULES,
): UnmetNeed[] {
  const { withheld } = route(c, rules);
  const out: UnmetNeed[] = [];
  for (const need of c.needs) {
    const h = NEED_HANDLERS[need];
    if (h && requested.includes(h.target)) continue;
    out.push({ need, reason: h && withheld.some((w) => w.target === h.target) ? 'consent_withheld' : 'no_department' });
  }
  return out;
}
