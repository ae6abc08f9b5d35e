import type { RiskLevel } from '@linkage/contracts';

export type SafeguardingOutcome =
  | { outcome: 'referred'; consentBasis: 'consent' | 'high_risk_exception' | 'override' }
  | { outcome: 'withheld'; consentBasis: null };

/**
 * Consent rules as in intake (ADVL Art. 5: respect her wishes): with her consent the DV referral
 * proceeds; without it, only a high risk of serious harm, or a recorded override (e.g. she lacks
 * capacity to decide), lets it proceed. Otherwise the concern is recorded and no referral is made.
 */
export function decideSafeguarding(i: {
  consent: boolean;
  riskLevel: RiskLevel;
  overrideReason?: string | undefined;
}): SafeguardingOutcome {
  if (i.consent) return { outcome: 'referred', consentBasis: 'consent' };
  if (i.riskLevel === 'high') return { outcome: 'referred', consentBasis: 'high_risk_exception' };
  if (i.overrideReason !== undefined && i.overrideReason.trim().length > 0)
    return { outcome: 'referred', consentBasis: 'override' };
  return { outcome: 'withheld', consentBasis: null };
}
