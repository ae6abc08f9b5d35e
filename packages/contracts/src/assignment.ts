import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
import { DateTime, DeptCode, Uuid } from './common.ts';
import { eventSchema } from './envelope.ts';

// Assignment of a department's work (a referral, a protection-order application, a legal aid
// application, an elder-care client) to one of its workers (Primero's assign/reassign). The
// events carry the worker's account id (the token's `sub`), never a name, and never the free-text
// reason of a reassignment (that stays encrypted in the owning service); the category may travel.

/** A token subject: an account id (not a name), visible ASCII, as the identity provider mints it. */
export const SubjectId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[!-~]+$' });

/** Why work moved from one worker to another (the category kept on the audit row; the text is encrypted). */
export const REASSIGN_REASONS = ['workload', 'absence', 'expertise', 'conflict_of_interest', 'other'] as const;

/** The facts of an assignment: which record of which case, the owning department, the worker (and the one before). */
export const assignedData = <P extends TProperties>(recordKey: P, caseId: TSchema = Uuid) =>
  Type.Object(
    {
      ...recordKey,
      caseId,
      dept: DeptCode,
      assigneeSub: SubjectId,
      /** The worker it moved from (null: it was unassigned). */
      previousAssigneeSub: Type.Union([SubjectId, Type.Null()]),
      reasonCode: Type.Union([Type.Union(REASSIGN_REASONS.map((r) => Type.Literal(r))), Type.Null()]),
      assignedAt: DateTime,
    },
    { additionalProperties: false },
  );

const NullableCaseId = Type.Union([Uuid, Type.Null()]);

/** A DV referral was assigned (or reassigned) to a worker of the receiving department. On `dv.events`. */
export const DvReferralAssignedV1 = eventSchema('dv.referral.assigned.v1', assignedData({ referralId: Uuid }));
/** A protection-order application was assigned (or reassigned) to a clerk of the court. On `dv.events`. */
export const DvProtectionOrderAssignedV1 = eventSchema(
  'dv.protection_order.assigned.v1',
  assignedData({ orderId: Uuid }),
);
/**
 * A legal aid application was assigned (or reassigned) to an officer of the centre (`caseId` null for a direct
 * application). On `legal-aid.events`.
 */
export const LegalAidApplicationAssignedV1 = eventSchema(
  'legal_aid.application.assigned.v1',
  assignedData({ applicationId: Uuid }, NullableCaseId),
);
/**
 * An elder-care client was assigned (or reassigned) to an officer of the civil affairs office. On `elder-care.events`.
 */
export const ElderClientAssignedV1 = eventSchema('elder_care.client.assigned.v1', assignedData({ clientId: Uuid }));

export const DvAssignmentEvents = [DvReferralAssignedV1, DvProtectionOrderAssignedV1] as const;
export const LegalAidAssignmentEvents = [LegalAidApplicationAssignedV1] as const;
export const ElderCareAssignmentEvents = [ElderClientAssignedV1] as const;
export type DvReferralAssignedV1 = Static<typeof DvReferralAssignedV1>;
export type DvProtectionOrderAssignedV1 = Static<typeof DvProtectionOrderAssignedV1>;
export type LegalAidApplicationAssignedV1 = Static<typeof LegalAidApplicationAssignedV1>;
export type ElderClientAssignedV1 = Static<typeof ElderClientAssignedV1>;
