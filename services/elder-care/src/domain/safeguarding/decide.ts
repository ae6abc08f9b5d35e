import type { RiskLevel, SAFEGUARDING_CONCERNS, Street } from '@linkage/contracts';
import type { ElderEvent } from '../events.ts';

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

export interface Raise {
  safeguardingId: string;
  concerns: (typeof SAFEGUARDING_CONCERNS)[number][];
  riskLevel: RiskLevel;
  consent: boolean;
  overrideReason?: string | undefined;
}

/**
 * Raise a safeguarding concern (Elderly Rights Law Art. 25): with a basis to proceed, the hand-over to DV
 * referral is `safeguarding.raised`; without one, the concern is recorded and nothing leaves the service.
 */
export function decideRaise(c: { caseId: string; street: Street | null }, cmd: Raise, now: Date): ElderEvent[] {
  const outcome = decideSafeguarding(cmd);
  if (outcome.outcome === 'withheld') return [];
  return [
    {
      type: 'elder_care.safeguarding.raised.v1',
      data: {
        safeguardingId: cmd.safeguardingId,
        caseId: c.caseId,
        concerns: cmd.concerns,
        riskLevel: cmd.riskLevel,
        street: c.street,
        consentBasis: outcome.consentBasis,
        wishesRecorded: true,
        raisedAt: now.toISOString(),
      },
    },
  ];
}
