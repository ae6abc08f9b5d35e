import { Type, type Static } from '@sinclair/typebox';
import { CaseCategory, DateTime, RiskLevel, StreetCode, Uuid } from '../common.ts';
import { eventSchema } from '../envelope.ts';

// Intake events carry categories, levels, street, flags and dates — never names, phones,
// addresses, ID numbers or narratives (DESIGN.md "Events", need-to-know).

export const CHANNELS = ['hotline_12338', 'walk_in', 'police_110', 'online', 'mandatory_report'] as const;
export const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

export const NEEDS = ['dv_protection', 'legal_aid', 'elder_care', 'mediation', 'psychological_support'] as const;
export const Need = Type.Union(NEEDS.map((n) => Type.Literal(n)));
export type Need = Static<typeof Need>;

export const ProtectionFlags = Type.Object({
  minor: Type.Boolean(),
  elderly: Type.Boolean(),
  disabled: Type.Boolean(),
  pregnantOrBreastfeeding: Type.Boolean(),
  seriouslyIll: Type.Boolean(),
});

export const CaseOpenedV1 = eventSchema(
  'intake.case.opened.v1',
  Type.Object(
    {
      caseId: Uuid,
      caseNumber: Type.String({ pattern: '^BL-\\d{4}-\\d{6}$' }),
      channel: Channel,
      category: CaseCategory,
      street: Type.Union([StreetCode, Type.Null()]),
      riskLevel: RiskLevel,
      repeat: Type.Boolean(),
      flags: ProtectionFlags,
      needs: Type.Array(Need, { maxItems: 10 }),
      openedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

export const REFERRAL_TARGETS = ['dv', 'legal_aid', 'elder_care'] as const;
export const ReferralTarget = Type.Union(REFERRAL_TARGETS.map((t) => Type.Literal(t)));
export type ReferralTarget = Static<typeof ReferralTarget>;

/** Why the referral may proceed: the victim consented, or a statutory exception applies. */
export const CONSENT_BASES = ['consent', 'mandatory_report', 'high_risk_exception', 'override'] as const;
export const ConsentBasis = Type.Union(CONSENT_BASES.map((t) => Type.Literal(t)));

export const ReferralRequestedV1 = eventSchema(
  'intake.referral.requested.v1',
  Type.Object(
    {
      requestId: Uuid,
      caseId: Uuid,
      caseNumber: Type.String({ pattern: '^BL-\\d{4}-\\d{6}$' }),
      target: ReferralTarget,
      category: CaseCategory,
      needs: Type.Array(Need, { maxItems: 10 }),
      riskLevel: RiskLevel,
      street: Type.Union([StreetCode, Type.Null()]),
      victimAgeBand: Type.Union([Type.Literal('minor'), Type.Literal('adult'), Type.Literal('elderly'), Type.Literal('unknown')]),
      flags: ProtectionFlags,
      consentBasis: ConsentBasis,
      requestedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

export const IntakeEvents = [CaseOpenedV1, ReferralRequestedV1] as const;
export type CaseOpenedV1 = Static<typeof CaseOpenedV1>;
export type ReferralRequestedV1 = Static<typeof ReferralRequestedV1>;
