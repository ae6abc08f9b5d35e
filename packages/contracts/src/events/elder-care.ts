import { Type, type Static } from '@sinclair/typebox';
import { DateTime, RiskLevel, StreetCode, Uuid } from '../common.ts';
import { eventSchema } from '../envelope.ts';

// Elder-care events (`elder_care.<entity>.<verb>.v1`), published on `elder-care.events`.
// Owned by services/elder-care. No names, phones, addresses or ID numbers.

export const SAFEGUARDING_CONCERNS = ['physical_abuse', 'psychological_abuse', 'neglect', 'financial_exploitation', 'abandonment'] as const;

/**
 * An elder-care officer suspects abuse or neglect of an elderly person (Elderly Rights Law
 * Art. 25: elder abuse is domestic violence). dv-referral consumes this to open a DV referral.
 */
export const SafeguardingRaisedV1 = eventSchema(
  'elder_care.safeguarding.raised.v1',
  Type.Object(
    {
      safeguardingId: Uuid,
      caseId: Uuid,
      concerns: Type.Array(Type.Union(SAFEGUARDING_CONCERNS.map((c) => Type.Literal(c))), { minItems: 1, maxItems: 5 }),
      riskLevel: RiskLevel,
      street: Type.Union([StreetCode, Type.Null()]),
      /** Whether the elderly person agreed to a DV referral; if not, on what basis it proceeds. */
      consentBasis: Type.Union([Type.Literal('consent'), Type.Literal('high_risk_exception'), Type.Literal('override')]),
      /** The elderly person's own wishes were recorded (in elder-care, not in the event). */
      wishesRecorded: Type.Boolean(),
      raisedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);
export type SafeguardingRaisedV1 = Static<typeof SafeguardingRaisedV1>;

export const ElderCareEvents = [SafeguardingRaisedV1] as const;
export type ElderCareEvent = Static<(typeof ElderCareEvents)[number]>;
