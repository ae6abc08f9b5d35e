import { Type, type Static } from '@sinclair/typebox';
import { DateTime, RiskLevel, StreetCode, Uuid } from '../common.ts';
import { eventSchema } from '../envelope.ts';

// Elder-care events (`elder_care.<entity>.<verb>.v1`), published on `elder-care.events`.
// Owned by services/elder-care. No names, phones, addresses or ID numbers.

export const SAFEGUARDING_CONCERNS = [
  'physical_abuse',
  'psychological_abuse',
  'neglect',
  'financial_exploitation',
  'abandonment',
] as const;

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
      consentBasis: Type.Union([
        Type.Literal('consent'),
        Type.Literal('high_risk_exception'),
        Type.Literal('override'),
      ]),
      /** The elderly person's own wishes were recorded (in elder-care, not in the event). */
      wishesRecorded: Type.Boolean(),
      raisedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);
export type SafeguardingRaisedV1 = Static<typeof SafeguardingRaisedV1>;

// ---------------------------------------------------------------------------------------------
// The rest of the elder-care lifecycle. Deadlines are ISO date-times so the case timeline can
// track the clocks without knowing the rules: `assessBy` (first assessment), `reassessBy`
// (capability reassessment), `dueAt` (a booked respite stay or a scheduled home visit).
// ---------------------------------------------------------------------------------------------

/** The five levels of the national elderly capability assessment standard (GB/T 42195-2022). */
export const CAPABILITY_LEVELS = ['intact', 'mild', 'moderate', 'severe', 'total'] as const;
export const CapabilityLevel = Type.Union(CAPABILITY_LEVELS.map((l) => Type.Literal(l)));
export type CapabilityLevel = Static<typeof CapabilityLevel>;

export const ELDER_SERVICE_KINDS = ['respite', 'home_visit', 'caregiver_training'] as const;
export const ElderServiceKind = Type.Union(ELDER_SERVICE_KINDS.map((k) => Type.Literal(k)));

export const COST_BASES = ['free', 'low_cost', 'standard'] as const;
export const CostBasis = Type.Union(COST_BASES.map((c) => Type.Literal(c)));

const LocalDate = Type.String({ format: 'date' });

/**
 * An elderly person was referred to elder care (from intake or directly); the first assessment is due by `assessBy`.
 */
export const ElderClientReferredV1 = eventSchema(
  'elder_care.client.referred.v1',
  Type.Object(
    {
      clientId: Uuid,
      caseId: Uuid,
      requestId: Type.Union([Uuid, Type.Null()]),
      channel: Type.Union([Type.Literal('intake'), Type.Literal('direct')]),
      street: Type.Union([StreetCode, Type.Null()]),
      /** Any hardship flag (low income, special family-planning family, social assistance). */
      hardship: Type.Boolean(),
      referredAt: DateTime,
      assessBy: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** A capability assessment was completed; the level drives eligibility; reassessment is due by `reassessBy`. */
export const AssessmentCompletedV1 = eventSchema(
  'elder_care.assessment.completed.v1',
  Type.Object(
    {
      assessmentId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      level: CapabilityLevel,
      totalScore: Type.Integer({ minimum: 0, maximum: 90 }),
      respiteDaysPerYear: Type.Integer({ minimum: 0 }),
      assessedAt: DateTime,
      reassessBy: DateTime,
      /**
       * GB/T 42195-2022: the level from the total, and the adjustments that made `level` (optional: older events lack
       * them).
       */
      baseLevel: Type.Optional(CapabilityLevel),
      adjustments: Type.Optional(
        Type.Array(
          Type.Union([
            Type.Literal('coma'),
            Type.Literal('dementia_or_mental_disorder'),
            Type.Literal('care_risk_events'),
          ]),
          { maxItems: 3 },
        ),
      ),
      /** 失智 (diagnosed dementia): respite is for families caring for 失能失智 elders (plan 二(一)7). */
      dementia: Type.Optional(Type.Boolean()),
      /** The assessment this one re-assesses (meets its reassessment clock). */
      previousAssessmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    },
    { additionalProperties: false },
  ),
);

/** A respite stay (喘息服务) was booked at a provider; it starts at `dueAt`. */
export const RespiteBookedV1 = eventSchema(
  'elder_care.respite.booked.v1',
  Type.Object(
    {
      bookingId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      facilityId: Uuid,
      startDate: LocalDate,
      endDate: LocalDate,
      days: Type.Integer({ minimum: 1 }),
      entitlementYear: Type.Integer(),
      daysLeftThisYear: Type.Integer({ minimum: 0 }),
      street: Type.Union([StreetCode, Type.Null()]),
      bookedAt: DateTime,
      dueAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** A booked respite stay was cancelled (its days return to the entitlement and the provider). */
export const RespiteCancelledV1 = eventSchema(
  'elder_care.respite.cancelled.v1',
  Type.Object(
    { bookingId: Uuid, clientId: Uuid, caseId: Uuid, cancelledAt: DateTime },
    { additionalProperties: false },
  ),
);

/** A home care visit was scheduled, due at `dueAt`. */
export const HomeVisitScheduledV1 = eventSchema(
  'elder_care.home_visit.scheduled.v1',
  Type.Object(
    {
      visitId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      serviceType: Type.String({ maxLength: 40 }),
      street: Type.Union([StreetCode, Type.Null()]),
      dueAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** A scheduled home care visit did not happen. */
export const HomeVisitMissedV1 = eventSchema(
  'elder_care.home_visit.missed.v1',
  Type.Object(
    { visitId: Uuid, clientId: Uuid, caseId: Uuid, dueAt: DateTime, missedAt: DateTime },
    { additionalProperties: false },
  ),
);

/** A service was delivered: a respite stay (with its days), a home visit or a caregiver training session. */
export const ServiceDeliveredV1 = eventSchema(
  'elder_care.service.delivered.v1',
  Type.Object(
    {
      serviceId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      kind: ElderServiceKind,
      /** Respite days delivered; null for visits and training. */
      days: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
      street: Type.Union([StreetCode, Type.Null()]),
      deliveredAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** A family care bed (家庭养老床位) was set up at the person's home. */
export const FamilyBedSetUpV1 = eventSchema(
  'elder_care.family_bed.set_up.v1',
  Type.Object(
    {
      bedId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      street: Type.Union([StreetCode, Type.Null()]),
      setUpAt: DateTime,
      /** When the set-up is next reviewed (the bed follows the reassessment). */
      reviewBy: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** A placement was requested but every bed was taken; the person waits with this priority. */
export const PlacementWaitlistedV1 = eventSchema(
  'elder_care.placement.waitlisted.v1',
  Type.Object(
    {
      placementId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      facilityId: Uuid,
      costBasis: CostBasis,
      priorityHardship: Type.Boolean(),
      requestedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** The person was placed in an institution bed; free or low-cost for hardship cases. */
export const PlacementMadeV1 = eventSchema(
  'elder_care.placement.made.v1',
  Type.Object(
    {
      placementId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      facilityId: Uuid,
      costBasis: CostBasis,
      street: Type.Union([StreetCode, Type.Null()]),
      placedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** A placement ended (discharge, death, move) and its bed is free again. */
export const PlacementEndedV1 = eventSchema(
  'elder_care.placement.ended.v1',
  Type.Object(
    {
      placementId: Uuid,
      clientId: Uuid,
      caseId: Uuid,
      facilityId: Uuid,
      reason: Type.Union([
        Type.Literal('discharged'),
        Type.Literal('deceased'),
        Type.Literal('moved'),
        Type.Literal('withdrawn'),
      ]),
      endedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

export const ElderCareEvents = [
  SafeguardingRaisedV1,
  ElderClientReferredV1,
  AssessmentCompletedV1,
  RespiteBookedV1,
  RespiteCancelledV1,
  HomeVisitScheduledV1,
  HomeVisitMissedV1,
  ServiceDeliveredV1,
  FamilyBedSetUpV1,
  PlacementWaitlistedV1,
  PlacementMadeV1,
  PlacementEndedV1,
] as const;
export type ElderCareEvent = Static<(typeof ElderCareEvents)[number]>;
export type ElderClientReferredV1 = Static<typeof ElderClientReferredV1>;
export type AssessmentCompletedV1 = Static<typeof AssessmentCompletedV1>;
export type RespiteBookedV1 = Static<typeof RespiteBookedV1>;
export type ServiceDeliveredV1 = Static<typeof ServiceDeliveredV1>;
export type PlacementMadeV1 = Static<typeof PlacementMadeV1>;
