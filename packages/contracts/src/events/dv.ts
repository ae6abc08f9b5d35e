import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { DateTime, DeptCode, RiskLevel, StreetCode, Uuid } from '../common.ts';
import { eventSchema } from '../envelope.ts';

// Domestic-violence referral events (`dv.<entity>.<verb>.v1`), published on `dv.events`.
// Owned by services/dv-referral. No names, phones, addresses, ID numbers or narratives:
// references, categories, risk levels and dates only. Every event that starts a clock
// carries its deadline as an ISO date-time (`acceptBy`, `rerouteBy`, `deliverBy`, `ruleBy`,
// `serveBy`, `reconsiderBy`, `validUntil`, `dueAt`).

export const DV_DEPARTMENTS = ['police', 'court', 'shelter', 'health', 'counselling', 'wf'] as const;
export const DvDepartment = Type.Union(DV_DEPARTMENTS.map((d) => Type.Literal(d)));
export type DvDepartment = Static<typeof DvDepartment>;

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const data = <P extends TProperties>(p: P) => Type.Object(p, { additionalProperties: false });

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

// ---- referral lifecycle (owned by the receiving department) ----

const referralStep = { referralId: Uuid, caseId: Uuid, department: DvDepartment, assignedDept: DeptCode, at: DateTime };
export const DvReferralAcceptedV1 = eventSchema('dv.referral.accepted.v1', data(referralStep));
export const DvReferralStartedV1 = eventSchema('dv.referral.started.v1', data(referralStep));
export const DvReferralCompletedV1 = eventSchema('dv.referral.completed.v1', data(referralStep));
export const REFERRAL_DECLINE_REASONS = [
  'outside_jurisdiction',
  'no_capacity',
  'not_applicable',
  'victim_declined',
  'other',
] as const;
/** Declined: the case owner must re-route by `rerouteBy` (nothing silently stalls). */
export const DvReferralDeclinedV1 = eventSchema(
  'dv.referral.declined.v1',
  data({ ...referralStep, reasonCode: lit(REFERRAL_DECLINE_REASONS), rerouteBy: DateTime }),
);
export const REFERRAL_WITHDRAW_REASONS = ['victim_request', 'rerouted', 'no_longer_needed', 'other'] as const;
export const DvReferralWithdrawnV1 = eventSchema(
  'dv.referral.withdrawn.v1',
  data({ ...referralStep, reasonCode: lit(REFERRAL_WITHDRAW_REASONS) }),
);

// ---- police (ADVL Arts. 15–17) ----

export const CALLOUT_OUTCOMES = [
  'violence_stopped',
  'abuser_detained',
  'warning_given',
  'no_contact',
  'other',
] as const;
/** A police call-out was recorded (ADVL Art. 15). */
export const DvCalloutRecordedV1 = eventSchema(
  'dv.callout.recorded.v1',
  data({
    calloutId: Uuid,
    caseId: Uuid,
    referralId: Uuid,
    occurredAt: DateTime,
    outcome: lit(CALLOUT_OUTCOMES),
    evidenceCollected: Type.Boolean(),
    medicalHelpArranged: Type.Boolean(),
  }),
);
/**
 * A warning letter (告诫书, Art. 16) was issued; it is to be delivered to abuser and victim, and the committee notified,
 * by `deliverBy`.
 */
export const DvWarningLetterIssuedV1 = eventSchema(
  'dv.warning_letter.issued.v1',
  data({ warningLetterId: Uuid, caseId: Uuid, referralId: Uuid, issuedAt: DateTime, deliverBy: DateTime }),
);
export const WARNING_RECIPIENTS = ['abuser', 'victim', 'committee'] as const;
/** Delivered to the abuser or the victim, or the residents'/village committee notified (Art. 17). */
export const DvWarningLetterDeliveredV1 = eventSchema(
  'dv.warning_letter.delivered.v1',
  data({ warningLetterId: Uuid, caseId: Uuid, recipient: lit(WARNING_RECIPIENTS), deliveredAt: DateTime }),
);
/** A police follow-up visit (查访, Art. 17) is due at `dueAt`. */
export const DvPoliceVisitScheduledV1 = eventSchema(
  'dv.police_visit.scheduled.v1',
  data({ visitId: Uuid, caseId: Uuid, warningLetterId: Uuid, assignedDept: DeptCode, dueAt: DateTime }),
);
export const POLICE_VISIT_OUTCOMES = ['no_further_violence', 'violence_recurred', 'not_reached'] as const;
export const DvPoliceVisitRecordedV1 = eventSchema(
  'dv.police_visit.recorded.v1',
  data({ visitId: Uuid, caseId: Uuid, outcome: lit(POLICE_VISIT_OUTCOMES), visitedAt: DateTime }),
);
/**
 * ADVL Art. 17: 居民委员会、村民委员会、公安派出所应当对收到告诫书的加害人、受害人进行查访 — once the residents'/village
 * committee is notified of a warning letter, its own visit (查访) is due at `dueAt`; `assignedDept` is the committee
 * (`committee:<street>`).
 */
export const DvCommitteeVisitScheduledV1 = eventSchema(
  'dv.committee_visit.scheduled.v1',
  data({
    visitId: Uuid,
    caseId: Uuid,
    warningLetterId: Uuid,
    assignedDept: DeptCode,
    street: Type.Union([StreetCode, Type.Null()]),
    dueAt: DateTime,
  }),
);
/** The committee's visit (查访, Art. 17) was made: whether the abuser has stopped (监督加害人不再实施家庭暴力). */
export const DvCommitteeVisitRecordedV1 = eventSchema(
  'dv.committee_visit.recorded.v1',
  data({ visitId: Uuid, caseId: Uuid, outcome: lit(POLICE_VISIT_OUTCOMES), visitedAt: DateTime }),
);

// ---- protection orders (人身安全保护令, ADVL Arts. 23–32) ----

/**
 * Who applies (ADVL Art. 23): the victim herself, or on her behalf 近亲属、公安机关、妇女联合会、居民委员会、村民委员会、救助管理机构;
 * the SPC's 2022 provisions (法释〔2022〕17号 Art. 2) add 民政部门、残疾人联合会、依法设立的老年人组织.
 */
export const PO_APPLICANTS = [
  'victim',
  'close_relative',
  'police',
  'women_federation',
  'residents_committee',
  'village_committee',
  'relief_agency',
  'civil_affairs_department',
  'disabled_persons_federation',
  'elderly_organisation',
] as const;
/**
 * Why someone may apply on her behalf: ADVL Art. 23 — she has no or limited civil capacity, or cannot apply because of
 * coercion, intimidation or similar; SPC 法释〔2022〕17号 Art. 2 — she cannot apply because of old age, disability or
 * serious
 * illness, and then only according to her wishes (根据当事人意愿).
 */
export const PO_ON_BEHALF_GROUNDS = [
  'no_civil_capacity',
  'limited_civil_capacity',
  'coercion_or_intimidation',
  'old_age',
  'disability',
  'serious_illness',
] as const;
export const PO_MEASURES = ['ban_violence', 'ban_harassment_stalking_contact', 'move_out', 'other'] as const;
export const PoMeasures = Type.Array(lit(PO_MEASURES), { minItems: 1, maxItems: 4, uniqueItems: true });
export const PO_SERVICE_PARTIES = ['applicant', 'respondent', 'police', 'committee'] as const;
export const PO_REJECT_REASONS = [
  'insufficient_evidence',
  'not_domestic_violence',
  'applicant_not_eligible',
  'withdrawn_by_applicant',
  'other',
] as const;

export const DvProtectionOrderAppliedV1 = eventSchema(
  'dv.protection_order.applied.v1',
  data({
    orderId: Uuid,
    caseId: Uuid,
    courtDept: DeptCode,
    applicant: lit(PO_APPLICANTS),
    measures: PoMeasures,
    urgent: Type.Boolean(),
    appliedAt: DateTime,
    /**
     * Art. 23 ground when someone applies on her behalf (null: she applies herself). Optional: older events lack it.
     */
    onBehalfGround: Type.Optional(Type.Union([lit(PO_ON_BEHALF_GROUNDS), Type.Null()])),
    /** She applies herself with a department's help (e.g. `women_federation`). */
    assistedBy: Type.Optional(Type.Union([Type.Literal('women_federation'), Type.Null()])),
  }),
);
/** Accepted: the ruling clock starts — `ruleBy` is 72 h, 24 h if urgent (Art. 28). */
export const DvProtectionOrderAcceptedV1 = eventSchema(
  'dv.protection_order.accepted.v1',
  data({
    orderId: Uuid,
    caseId: Uuid,
    courtDept: DeptCode,
    urgent: Type.Boolean(),
    acceptedAt: DateTime,
    ruleBy: DateTime,
  }),
);
/**
 * Issued with measures, valid until `validUntil` (≤ 6 months, Art. 30); to be served by `serveBy` (Art. 32);
 * reconsideration until `reconsiderBy` (Art. 31).
 */
export const DvProtectionOrderIssuedV1 = eventSchema(
  'dv.protection_order.issued.v1',
  data({
    orderId: Uuid,
    caseId: Uuid,
    courtDept: DeptCode,
    measures: PoMeasures,
    issuedAt: DateTime,
    validUntil: DateTime,
    serveBy: DateTime,
    reconsiderBy: DateTime,
  }),
);
export const DvProtectionOrderRejectedV1 = eventSchema(
  'dv.protection_order.rejected.v1',
  data({
    orderId: Uuid,
    caseId: Uuid,
    courtDept: DeptCode,
    reasonCode: lit(PO_REJECT_REASONS),
    rejectedAt: DateTime,
    reconsiderBy: DateTime,
  }),
);
export const DvProtectionOrderServedV1 = eventSchema(
  'dv.protection_order.served.v1',
  data({
    orderId: Uuid,
    caseId: Uuid,
    party: lit(PO_SERVICE_PARTIES),
    servedAt: DateTime,
    fullyServed: Type.Boolean(),
  }),
);
/**
 * Art. 31: the party the ruling went against asks for reconsideration; the court decides by `decideBy` (optional: older
 * events lack it).
 */
export const DvProtectionOrderReconsiderationRequestedV1 = eventSchema(
  'dv.protection_order.reconsideration_requested.v1',
  data({
    orderId: Uuid,
    caseId: Uuid,
    requestedBy: lit(['applicant', 'respondent'] as const),
    requestedAt: DateTime,
    decideBy: Type.Optional(DateTime),
    courtDept: Type.Optional(DeptCode),
  }),
);
/** Art. 31: the court's reconsideration decision — the ruling upheld, revoked or changed. */
export const DvProtectionOrderReconsiderationDecidedV1 = eventSchema(
  'dv.protection_order.reconsideration_decided.v1',
  data({ orderId: Uuid, caseId: Uuid, outcome: lit(['upheld', 'revoked', 'changed'] as const), decidedAt: DateTime }),
);
/** Art. 30: the order ran to its end (`validUntil`) without extension or revocation — expired, not breached. */
export const DvProtectionOrderExpiredV1 = eventSchema(
  'dv.protection_order.expired.v1',
  data({ orderId: Uuid, caseId: Uuid, courtDept: DeptCode, validUntil: DateTime, expiredAt: DateTime }),
);
export const DvProtectionOrderExtendedV1 = eventSchema(
  'dv.protection_order.extended.v1',
  data({ orderId: Uuid, caseId: Uuid, previousValidUntil: DateTime, validUntil: DateTime, at: DateTime }),
);
export const DvProtectionOrderChangedV1 = eventSchema(
  'dv.protection_order.changed.v1',
  data({ orderId: Uuid, caseId: Uuid, measures: PoMeasures, validUntil: DateTime, at: DateTime }),
);
export const DvProtectionOrderRevokedV1 = eventSchema(
  'dv.protection_order.revoked.v1',
  data({ orderId: Uuid, caseId: Uuid, at: DateTime }),
);
/** Reminder ahead of the end date: the order lapses at `validUntil` unless extended. */
export const DvProtectionOrderExpiringV1 = eventSchema(
  'dv.protection_order.expiring.v1',
  data({ orderId: Uuid, caseId: Uuid, courtDept: DeptCode, validUntil: DateTime }),
);

// ---- shelters (临时庇护场所) ----

export const DvShelterPlacedV1 = eventSchema(
  'dv.shelter.placed.v1',
  data({
    placementId: Uuid,
    shelterId: Uuid,
    caseId: Uuid,
    referralId: Type.Union([Uuid, Type.Null()]),
    placedAt: DateTime,
  }),
);
export const DvShelterCheckedInV1 = eventSchema(
  'dv.shelter.checked_in.v1',
  data({ placementId: Uuid, shelterId: Uuid, caseId: Uuid, checkedInAt: DateTime }),
);
export const DvShelterCheckedOutV1 = eventSchema(
  'dv.shelter.checked_out.v1',
  data({
    placementId: Uuid,
    shelterId: Uuid,
    caseId: Uuid,
    checkedOutAt: DateTime,
    lengthOfStayDays: Type.Integer({ minimum: 0 }),
  }),
);

// ---- health and counselling ----

export const DvInjuryAssessmentRequestedV1 = eventSchema(
  'dv.injury_assessment.requested.v1',
  data({ assessmentId: Uuid, caseId: Uuid, healthDept: DeptCode, requestedAt: DateTime }),
);
export const INJURY_GRADES = ['none', 'minor', 'light', 'serious'] as const;
/** Done: `resultRef` is the forensic report's reference number, usable as evidence (Art. 20). */
export const DvInjuryAssessmentCompletedV1 = eventSchema(
  'dv.injury_assessment.completed.v1',
  data({
    assessmentId: Uuid,
    caseId: Uuid,
    grade: lit(INJURY_GRADES),
    resultRef: Type.String({ maxLength: 64 }),
    completedAt: DateTime,
  }),
);
export const DvCounsellingSessionRecordedV1 = eventSchema(
  'dv.counselling.session_recorded.v1',
  data({
    sessionId: Uuid,
    caseId: Uuid,
    referralId: Uuid,
    heldAt: DateTime,
    durationMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
  }),
);

// ---- perpetrator education and correction (plan 二(七)4: 加强对施暴者的法治教育、心理辅导和行为矫治) ----

/** The plan's three kinds: legal education (法治教育), psychological counselling (心理辅导), behaviour correction (行为矫治). */
export const PERPETRATOR_PROGRAMMES = ['legal_education', 'psychological_counselling', 'behaviour_correction'] as const;
export const PERPETRATOR_PROGRAMME_OUTCOMES = ['completed', 'not_completed'] as const;
/** The abuser was referred to an education or correction programme (ids, type and date only: no personal data). */
export const DvPerpetratorProgrammeReferredV1 = eventSchema(
  'dv.perpetrator_programme.referred.v1',
  data({ programmeId: Uuid, caseId: Uuid, programme: lit(PERPETRATOR_PROGRAMMES), referredAt: DateTime }),
);
/** The programme ended: completed, or not completed (dropped out, never attended). */
export const DvPerpetratorProgrammeConcludedV1 = eventSchema(
  'dv.perpetrator_programme.concluded.v1',
  data({
    programmeId: Uuid,
    caseId: Uuid,
    programme: lit(PERPETRATOR_PROGRAMMES),
    outcome: lit(PERPETRATOR_PROGRAMME_OUTCOMES),
    referredAt: DateTime,
    concludedAt: DateTime,
  }),
);

// ---- DV part of the case, and follow-up after closure (跟踪回访, plan 二(七)4) ----

export const DvCaseClosedV1 = eventSchema('dv.case.closed.v1', data({ caseId: Uuid, closedAt: DateTime }));
export const DvCaseReopenedV1 = eventSchema(
  'dv.case.reopened.v1',
  data({ caseId: Uuid, reason: Type.Literal('new_incident'), rescreenRequired: Type.Boolean(), reopenedAt: DateTime }),
);
/** A follow-up visit is due at `dueAt` (+7/+30/+90 days after closure by default). */
export const DvFollowupDueV1 = eventSchema(
  'dv.followup.due.v1',
  data({ followupId: Uuid, caseId: Uuid, offsetDays: Type.Integer({ minimum: 1 }), dueAt: DateTime }),
);
export const FOLLOWUP_OUTCOMES = ['reached', 'not_reached', 'new_incident'] as const;
export const DvFollowupRecordedV1 = eventSchema(
  'dv.followup.recorded.v1',
  data({ followupId: Uuid, caseId: Uuid, outcome: lit(FOLLOWUP_OUTCOMES), visitedAt: DateTime }),
);

export const DvEvents = [
  DvReferralCreatedV1,
  DvReferralAcceptedV1,
  DvReferralStartedV1,
  DvReferralCompletedV1,
  DvReferralDeclinedV1,
  DvReferralWithdrawnV1,
  DvCalloutRecordedV1,
  DvWarningLetterIssuedV1,
  DvWarningLetterDeliveredV1,
  DvPoliceVisitScheduledV1,
  DvPoliceVisitRecordedV1,
  DvCommitteeVisitScheduledV1,
  DvCommitteeVisitRecordedV1,
  DvProtectionOrderAppliedV1,
  DvProtectionOrderAcceptedV1,
  DvProtectionOrderIssuedV1,
  DvProtectionOrderRejectedV1,
  DvProtectionOrderServedV1,
  DvProtectionOrderReconsiderationRequestedV1,
  DvProtectionOrderReconsiderationDecidedV1,
  DvProtectionOrderExpiredV1,
  DvProtectionOrderExtendedV1,
  DvProtectionOrderChangedV1,
  DvProtectionOrderRevokedV1,
  DvProtectionOrderExpiringV1,
  DvShelterPlacedV1,
  DvShelterCheckedInV1,
  DvShelterCheckedOutV1,
  DvInjuryAssessmentRequestedV1,
  DvInjuryAssessmentCompletedV1,
  DvCounsellingSessionRecordedV1,
  DvPerpetratorProgrammeReferredV1,
  DvPerpetratorProgrammeConcludedV1,
  DvCaseClosedV1,
  DvCaseReopenedV1,
  DvFollowupDueV1,
  DvFollowupRecordedV1,
] as const;
export type DvReferralCreatedV1 = Static<typeof DvReferralCreatedV1>;
export type DvEvent = Static<(typeof DvEvents)[number]>;
