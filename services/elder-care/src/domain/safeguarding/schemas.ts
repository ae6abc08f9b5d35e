import { Type, type Static } from '@sinclair/typebox';
import { RiskLevel, SAFEGUARDING_CONCERNS } from '@linkage/contracts';

export const RaiseSafeguardingBody = Type.Object(
  {
    concerns: Type.Array(Type.Union(SAFEGUARDING_CONCERNS.map((c) => Type.Literal(c))), {
      minItems: 1,
      maxItems: 5,
      uniqueItems: true,
    }),
    riskLevel: RiskLevel,
    /** Whether she agrees to a DV referral. */
    consent: Type.Boolean(),
    /** Her own wishes, in her words as recorded by the officer (encrypted; never in the event). */
    wishes: Type.String({ minLength: 1, maxLength: 2000 }),
    /** Why a referral proceeds without consent below high risk (e.g. she lacks capacity to decide). */
    overrideReason: Type.Optional(Type.String({ minLength: 10, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type RaiseSafeguardingBody = Static<typeof RaiseSafeguardingBody>;
