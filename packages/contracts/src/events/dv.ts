import { Type, type Static } from '@sinclair/typebox';
import { DateTime, DeptCode, RiskLevel, StreetCode, Uuid } from '../common.ts';
import { eventSchema } from '../envelope.ts';

export const DV_DEPARTMENTS = ['police', 'court', 'shelter', 'health', 'counselling', 'wf'] as const;
export const DvDepartment = Type.Union(DV_DEPARTMENTS.map((d) => Type.Literal(d)));
export type DvDepartment = Static<typeof DvDepartment>;

/**
 * A referral to one department was created. `acceptBy` is the deadline the receiving
 * department has to accept or decline (platform rule: 24 h, 1 h for high risk), so the
 * case timeline can track the clock without knowing the rule.
 */
export const DvReferralCreatedV1 = eventSchema(
  'dv.referral.created.v1',
  Type.Object(
    {
      referralId: Uuid,
      caseId: Uuid,
      requestId: Type.Union([Uuid, Type.Null()]),
      department: DvDepartment,
      assignedDept: DeptCode,
      riskLevel: RiskLevel,
      street: Type.Union([StreetCode, Type.Null()]),
      acceptBy: DateTime,
      createdAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

export const DvEvents = [DvReferralCreatedV1] as const;
export type DvReferralCreatedV1 = Static<typeof DvReferralCreatedV1>;
