import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DateTime, StreetCode, Uuid } from '../common.ts';
import { eventSchema } from '../envelope.ts';

// Legal aid events (`legal_aid.<entity>.<verb>.v1`), published on `legal-aid.events`.
// Owned by services/legal-aid. Carry status, dates, categories and deadlines — never the
// applicant's identity, the written reasons or notes (Legal Aid Law Art. 21 confidentiality).
// Subject: the intake caseId. A direct application (walk-in, online, the women's federation) with no intake
// case gets a case id minted by legal aid (`newCase: true` on its received event; intake opens the case under
// it, as for a direct elder-care referral). Older events of direct applications have `caseId` null and the
// application id as the subject.

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const obj = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });
const NullableUuid = Type.Union([Uuid, Type.Null()]);

export const LEGAL_AID_CHANNELS = ['intake_referral', 'walk_in', 'online', 'womens_federation'] as const;
export const LegalAidChannel = lit(LEGAL_AID_CHANNELS);

export const LA_MATTER_TYPES = [
  'divorce',
  'maintenance', // 赡养费·抚养费·扶养费
  'property_division',
  'dv_protection_order',
  'employment_discrimination',
  'personal_injury',
  'criminal_victim',
  'other',
] as const;
export const LegalAidMatterType = lit(LA_MATTER_TYPES);
export type LegalAidMatterType = Static<typeof LegalAidMatterType>;

export const LA_PROCEEDINGS = ['civil', 'criminal', 'administrative', 'non_litigation'] as const;
export const LegalAidProceedings = lit(LA_PROCEEDINGS);

export const LA_URGENCIES = ['normal', 'urgent'] as const;
export const LegalAidUrgency = lit(LA_URGENCIES);

/**
 * Means test outcome: `exempt` (LAL Art. 32(4) — no means test), `waived` (hardship verification
 * waived, Art. 42), `eligible` / `ineligible` (hardship checked, Art. 41).
 */
export const LA_MEANS_OUTCOMES = ['exempt', 'waived', 'eligible', 'ineligible'] as const;
export const LegalAidMeansOutcome = lit(LA_MEANS_OUTCOMES);
export const LA_MEANS_BASES = [
  'dv_abuse_abandonment_victim', // Art. 32(4)
  'elderly_without_fixed_income', // Art. 42(1) 无固定生活来源的…老年人
  'minor_without_fixed_income', // Art. 42(1) 无固定生活来源的未成年人
  'disabled_without_fixed_income', // Art. 42(1) 无固定生活来源的…残疾人
  'social_assistance_recipient', // Art. 42(2) 社会救助…对象
  'judicial_assistance_recipient', // Art. 42(2) 司法救助…对象
  'special_care_recipient', // Art. 42(2) 优抚对象
  'migrant_worker_wages_or_work_injury', // Art. 42(3) 申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员
  'other_statutory_waiver', // Art. 42(4) 法律、法规、规章规定的其他人员
  'hardship_personal_pledge', // Art. 41: 个人诚信承诺
  'hardship_verified_data', // Art. 41: 信息共享查询
] as const;
export const LegalAidMeansBasis = lit(LA_MEANS_BASES);
export const LegalAidMeansTest = obj({
  outcome: LegalAidMeansOutcome,
  basis: LegalAidMeansBasis,
  legalBasis: Type.String({ maxLength: 100 }),
});

export const LA_DOCUMENT_CODES = [
  'id_document',
  'hardship_statement',
  'victim_status_proof',
  'waiver_status_proof',
  'marriage_certificate',
  'kinship_proof',
  'property_evidence',
  'dv_evidence',
  'employment_proof',
  'injury_evidence',
  'criminal_case_documents',
  'dispute_evidence',
] as const;
export const LegalAidDocument = lit(LA_DOCUMENT_CODES);
export type LegalAidDocument = Static<typeof LegalAidDocument>;

/** LAL Art. 44: urgent aid before the decision. */
export const LA_URGENT_AID_GROUNDS = [
  'limitation_within_7_days',
  'evidence_or_property_preservation',
  'advance_execution',
  'other_statutory',
] as const;
export const LegalAidUrgentAidGround = lit(LA_URGENT_AID_GROUNDS);

export const LA_REFUSAL_GROUNDS = [
  'means_not_met',
  'matter_not_covered',
  'materials_not_supplied',
  'no_legal_basis',
  'other',
] as const;
export const LegalAidRefusalGround = lit(LA_REFUSAL_GROUNDS);

export const LA_PROGRESS_STAGES = [
  'consultation',
  'filed',
  'mediation',
  'hearing',
  'judgment',
  'enforcement',
  'other',
] as const;
export const LegalAidProgressStage = lit(LA_PROGRESS_STAGES);

/** LAL Art. 48 outcomes; `terminated` carries the Art. 48 ground. */
export const LA_CLOSURE_OUTCOMES = ['won', 'settled', 'lost', 'withdrawn', 'terminated'] as const;
export const LegalAidClosureOutcome = lit(LA_CLOSURE_OUTCOMES);
export const LA_TERMINATION_GROUNDS = [
  'no_longer_eligible', // 48(1)
  'proceedings_ended', // 48(2)
  'retained_own_lawyer', // 48(3)
  'applicant_request', // 48(4)
  'used_for_unlawful_purpose', // 48(5)
  'false_information', // 48(6)
  'other_statutory', // 48(7)
] as const;
export const LegalAidTerminationGround = lit(LA_TERMINATION_GROUNDS);

/**
 * LAL Art. 48's eight grounds, in the law's numbering (法律援助机构应当作出终止法律援助的决定):
 * (一) 以欺骗或者其他不正当手段获得法律援助; (二) 故意隐瞒与案件有关的重要事实或者提供虚假证据;
 * (三) 利用法律援助从事违法活动; (四) 经济状况发生变化，不再符合法律援助条件; (五) 案件终止审理或者已经被撤销;
 * (六) 自行委托律师或者其他代理人; (七) 有正当理由要求终止法律援助; (八) 法律法规规定的其他情形.
 * Used by `legal_aid.matter.terminated.v1` (the older closure event keeps its own list).
 */
export const LA_ART48_GROUNDS = [
  'art48_1_obtained_by_deception',
  'art48_2_concealed_facts_or_false_evidence',
  'art48_3_used_for_unlawful_activity',
  'art48_4_no_longer_financially_eligible',
  'art48_5_proceedings_ended_or_revoked',
  'art48_6_retained_own_lawyer',
  'art48_7_justified_request_to_end',
  'art48_8_other_statutory',
] as const;
export const LegalAidArt48Ground = lit(LA_ART48_GROUNDS);

const base = { applicationId: Uuid, caseId: NullableUuid };
const ApplicantSex = lit(['female', 'male', 'unknown'] as const);

/** An application was received; the 7-day decision clock (LAL Art. 43) starts: `decideBy`. */
export const LegalAidApplicationReceivedV1 = eventSchema(
  'legal_aid.application.received.v1',
  obj({
    ...base,
    requestId: NullableUuid,
    channel: LegalAidChannel,
    matterType: LegalAidMatterType,
    proceedings: LegalAidProceedings,
    urgency: LegalAidUrgency,
    street: Type.Union([StreetCode, Type.Null()]),
    meansTest: Type.Union([LegalAidMeansTest, Type.Null()]),
    receivedAt: DateTime,
    decideBy: DateTime,
    /**
     * A direct application with no intake case: `caseId` was minted by legal aid and intake opens the case under
     * it (one case, one id). Optional: absent on referrals from intake and on older events.
     */
    newCase: Type.Optional(Type.Boolean()),
    /** The applicant's sex as she gave it (a category, for the case intake opens and indicator 11). Optional. */
    applicantSex: Type.Optional(ApplicantSex),
  }),
);

export const LegalAidMeansTestRecordedV1 = eventSchema(
  'legal_aid.means_test.recorded.v1',
  obj({ ...base, meansTest: LegalAidMeansTest, recordedAt: DateTime }),
);

/** Missing materials requested, all together and once (Art. 43); the decision clock is paused until they arrive. */
export const LegalAidMaterialsRequestedV1 = eventSchema(
  'legal_aid.application.materials_requested.v1',
  obj({
    ...base,
    missing: Type.Array(LegalAidDocument, { minItems: 1, maxItems: 20 }),
    requestedAt: DateTime,
    decisionClock: Type.Literal('paused'),
    remainingHours: Type.Number({ minimum: 0 }),
    /**
     * The period the centre set for the materials (LAL Art. 43; 程序规定 Art. 13): after it the application is deemed
     * withdrawn.
     */
    supplyBy: Type.Optional(DateTime),
  }),
);

/** The materials did not arrive within the period set: the application is deemed withdrawn (视为撤回, LAL Art. 43). */
export const LegalAidApplicationDeemedWithdrawnV1 = eventSchema(
  'legal_aid.application.deemed_withdrawn.v1',
  obj({ ...base, requestedAt: DateTime, supplyBy: DateTime, withdrawnAt: DateTime }),
);

/** Materials supplied; the decision clock resumes with the time that was left: new `decideBy`. */
export const LegalAidMaterialsReceivedV1 = eventSchema(
  'legal_aid.application.materials_received.v1',
  obj({
    ...base,
    stillMissing: Type.Array(LegalAidDocument, { maxItems: 20 }),
    receivedAt: DateTime,
    decideBy: DateTime,
  }),
);

/** Urgent aid started before the decision (Art. 44); the decision is still due by `decideBy`. */
export const LegalAidUrgentAidStartedV1 = eventSchema(
  'legal_aid.urgent_aid.started.v1',
  obj({
    ...base,
    ground: LegalAidUrgentAidGround,
    startedAt: DateTime,
    decideBy: DateTime,
    /** For indicator 11 (optional: older events lack them). */
    applicantSex: Type.Optional(ApplicantSex),
    street: Type.Optional(Type.Union([StreetCode, Type.Null()])),
  }),
);

/**
 * Plan indicator 11 (女性获得法律援助人数), defined once for every view (legal aid's own count and the coordinator's):
 * the number of distinct women who received legal aid in the period — an application approved, or urgent aid started
 * (LAL Art. 44), in [from, to) — counting each person once: her intake case, or the application when she came directly.
 * By street: the application's street. Applicant sex as recorded (`female`); `unknown` is not counted.
 */
export const INDICATOR_11 = {
  id: 'women_granted_legal_aid',
  zh: '女性获得法律援助人数（规划指标11）',
  en: 'Women who received legal aid (plan indicator 11)',
  definition:
    'Distinct women (per intake case, or per application without a case) with a legal aid application approved or urgent aid started in the period (legal_aid.application.approved.v1, legal_aid.urgent_aid.started.v1 with applicantSex female), by the street of the application.',
  grantEvents: ['legal_aid.application.approved.v1', 'legal_aid.urgent_aid.started.v1'],
  sexField: 'applicantSex',
  sex: 'female',
} as const;

/**
 * Approved; the 3-day assignment clock (Art. 43) starts: `assignBy` (null when a lawyer already acts under urgent aid).
 */
export const LegalAidApplicationApprovedV1 = eventSchema(
  'legal_aid.application.approved.v1',
  obj({
    ...base,
    matterType: LegalAidMatterType,
    street: Type.Union([StreetCode, Type.Null()]),
    meansOutcome: Type.Union([LegalAidMeansOutcome, Type.Null()]),
    via: lit(['decision', 'objection'] as const),
    approvedAt: DateTime,
    assignBy: Type.Union([DateTime, Type.Null()]),
    /** For indicator 11 (optional: older events lack it). */
    applicantSex: Type.Optional(ApplicantSex),
  }),
);

/** Refused in writing (the reasons stay in the service); an objection may be lodged (Art. 49). */
export const LegalAidApplicationRefusedV1 = eventSchema(
  'legal_aid.application.refused.v1',
  obj({ ...base, ground: LegalAidRefusalGround, refusedAt: DateTime }),
);

const ObjectionAgainst = lit(['refusal', 'termination'] as const);

/**
 * An objection to a refusal or a termination was lodged with the justice bureau (司法行政部门) that set up the
 * centre; the bureau reviews it within 5 days (Art. 49): `reviewBy`, `reviewerDept`.
 */
export const LegalAidObjectionFiledV1 = eventSchema(
  'legal_aid.objection.filed.v1',
  obj({
    ...base,
    filedAt: DateTime,
    reviewBy: DateTime,
    against: Type.Optional(ObjectionAgainst),
    reviewerDept: Type.Optional(Type.String({ maxLength: 64 })),
  }),
);

/**
 * The bureau's review: `upheld` = the objection holds (责令改正: the centre must correct), `dismissed` = the centre's
 * decision stands (维持).
 */
export const LegalAidObjectionReviewedV1 = eventSchema(
  'legal_aid.objection.reviewed.v1',
  obj({
    ...base,
    outcome: lit(['upheld', 'dismissed'] as const),
    reviewedAt: DateTime,
    against: Type.Optional(ObjectionAgainst),
  }),
);

/** The centre decided to terminate legal aid on an Art. 48 ground; the aided person may object (Art. 49). */
export const LegalAidMatterTerminatedV1 = eventSchema(
  'legal_aid.matter.terminated.v1',
  obj({ ...base, ground: LegalAidArt48Ground, terminatedAt: DateTime }),
);

export const LegalAidLawyerAssignedV1 = eventSchema(
  'legal_aid.lawyer.assigned.v1',
  obj({
    ...base,
    assignmentId: Uuid,
    underUrgentAid: Type.Boolean(),
    femaleLawyerRequested: Type.Boolean(),
    femaleLawyer: Type.Boolean(),
    assignedAt: DateTime,
  }),
);

export const LegalAidProgressNotedV1 = eventSchema(
  'legal_aid.matter.progress_noted.v1',
  obj({ ...base, stage: LegalAidProgressStage, notedAt: DateTime }),
);

export const LegalAidMatterClosedV1 = eventSchema(
  'legal_aid.matter.closed.v1',
  obj({
    ...base,
    outcome: LegalAidClosureOutcome,
    terminationGround: Type.Union([LegalAidTerminationGround, Type.Null()]),
    satisfaction: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]),
    closedAt: DateTime,
  }),
);

export const LegalAidEvents = [
  LegalAidApplicationReceivedV1,
  LegalAidMeansTestRecordedV1,
  LegalAidMaterialsRequestedV1,
  LegalAidMaterialsReceivedV1,
  LegalAidApplicationDeemedWithdrawnV1,
  LegalAidUrgentAidStartedV1,
  LegalAidApplicationApprovedV1,
  LegalAidApplicationRefusedV1,
  LegalAidObjectionFiledV1,
  LegalAidObjectionReviewedV1,
  LegalAidLawyerAssignedV1,
  LegalAidProgressNotedV1,
  LegalAidMatterClosedV1,
  LegalAidMatterTerminatedV1,
] as const;
export type LegalAidEvent = Static<(typeof LegalAidEvents)[number]>;
export type LegalAidEventType = LegalAidEvent['type'];
