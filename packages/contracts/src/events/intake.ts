import { Type, type Static } from '@sinclair/typebox';
import { CaseCategory, DateTime, DeptCode, RiskLevel, StreetCode, Uuid } from '../common.ts';
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
      /**
       * The unit that owns the case (its caseworkers work it; other services mirror intake's access
       * rule from it). Optional: older events lack it — then the actor's dept, unless the actor is a system.
       */
      ownerDept: Type.Optional(DeptCode),
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
      victimAgeBand: Type.Union([
        Type.Literal('minor'),
        Type.Literal('adult'),
        Type.Literal('elderly'),
        Type.Literal('unknown'),
      ]),
      flags: ProtectionFlags,
      consentBasis: ConsentBasis,
      /**
       * For a DV request: what the victim said about the court and a shelter (true / false / not
       * asked). Optional, so consumers built before it still read the event.
       */
      departmentConsent: Type.Optional(
        Type.Object(
          { court: Type.Union([Type.Boolean(), Type.Null()]), shelter: Type.Union([Type.Boolean(), Type.Null()]) },
          { additionalProperties: false },
        ),
      ),
      /**
       * The victim's sex as the case records it (legal aid's applicant sex; indicator 11 counts women). Optional: older
       * events lack it.
       */
      victimSex: Type.Optional(Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('unknown')])),
      requestedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

// ---- events added for screening, consent, duplicates and the case lifecycle -------------------

const CaseNumber = Type.String({ pattern: '^BL-\\d{4}-\\d{6}$' });

/** A (re)screening against the versioned checklist. The answers themselves stay in intake. */
export const RiskAssessedV1 = eventSchema(
  'intake.risk.assessed.v1',
  Type.Object(
    {
      assessmentId: Uuid,
      caseId: Uuid,
      checklistVersion: Type.String({ maxLength: 40 }),
      yesCount: Type.Integer({ minimum: 0, maximum: 100 }),
      scoredLevel: RiskLevel,
      level: RiskLevel,
      previousLevel: Type.Union([RiskLevel, Type.Null()]),
      raisedByJudgement: Type.Boolean(),
      repeat: Type.Boolean(),
      assessedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

/** The departments a victim may consent to (or refuse) being told about her case. */
export const CONSENT_DEPARTMENTS = ['police', 'court', 'legal_aid', 'shelter', 'health', 'elder_care'] as const;
export const ConsentDepartment = Type.Union(CONSENT_DEPARTMENTS.map((d) => Type.Literal(d)));
export type ConsentDepartment = Static<typeof ConsentDepartment>;
/** true = given, false = refused, null = not asked yet. */
const ConsentValue = Type.Union([Type.Boolean(), Type.Null()]);
export const ConsentState = Type.Object(
  {
    police: ConsentValue,
    court: ConsentValue,
    legal_aid: ConsentValue,
    shelter: ConsentValue,
    health: ConsentValue,
    elder_care: ConsentValue,
  },
  { additionalProperties: false },
);
export type ConsentState = Static<typeof ConsentState>;

export const ConsentRecordedV1 = eventSchema(
  'intake.consent.recorded.v1',
  Type.Object({ caseId: Uuid, consent: ConsentState, recordedAt: DateTime }, { additionalProperties: false }),
);

/** Consent was overridden for one department by an allowed role (the reason stays in intake's audit log). */
export const ConsentOverriddenV1 = eventSchema(
  'intake.consent.overridden.v1',
  Type.Object({ caseId: Uuid, department: ConsentDepartment, overriddenAt: DateTime }, { additionalProperties: false }),
);

export const CASE_SECTIONS = ['category', 'caller', 'victim', 'perpetrator', 'incident', 'needs', 'narrative'] as const;
export const CaseSection = Type.Union(CASE_SECTIONS.map((d) => Type.Literal(d)));

/** A versioned update of the case: which sections changed (never their content) and the new categories. */
export const CaseUpdatedV1 = eventSchema(
  'intake.case.updated.v1',
  Type.Object(
    {
      caseId: Uuid,
      version: Type.Integer({ minimum: 1 }),
      changed: Type.Array(CaseSection, { maxItems: CASE_SECTIONS.length }),
      category: CaseCategory,
      street: Type.Union([StreetCode, Type.Null()]),
      flags: ProtectionFlags,
      needs: Type.Array(Need, { maxItems: 10 }),
      updatedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

export const DUPLICATE_MATCH_KEYS = ['phone', 'id_number', 'name_birth_street'] as const;
export const DuplicateMatchKey = Type.Union(DUPLICATE_MATCH_KEYS.map((d) => Type.Literal(d)));

/** An operator confirmed that an earlier case concerns the same person. */
export const CaseLinkedV1 = eventSchema(
  'intake.case.linked.v1',
  Type.Object(
    {
      caseId: Uuid,
      linkedCaseId: Uuid,
      linkedCaseNumber: CaseNumber,
      matchedOn: Type.Array(DuplicateMatchKey, { maxItems: 3 }),
      linkedAt: DateTime,
    },
    { additionalProperties: false },
  ),
);

export const CLOSE_REASONS = [
  'resolved',
  'referred_out',
  'victim_withdrew',
  'unreachable',
  'duplicate',
  'no_further_action',
  'other',
] as const;
export const CloseReason = Type.Union(CLOSE_REASONS.map((d) => Type.Literal(d)));
export const REOPEN_REASONS = [
  'new_incident',
  'victim_request',
  'referral_feedback',
  'closed_in_error',
  'other',
] as const;
export const ReopenReason = Type.Union(REOPEN_REASONS.map((d) => Type.Literal(d)));

/**
 * The case was closed. For DV cases the follow-up visits (跟踪回访, plan 二(七)4) start a platform
 * clock: `followUpDueAt` lists each visit's deadline (empty when none are due).
 */
export const CaseClosedV1 = eventSchema(
  'intake.case.closed.v1',
  Type.Object(
    { caseId: Uuid, reason: CloseReason, closedAt: DateTime, followUpDueAt: Type.Array(DateTime, { maxItems: 10 }) },
    { additionalProperties: false },
  ),
);

export const CaseReopenedV1 = eventSchema(
  'intake.case.reopened.v1',
  Type.Object({ caseId: Uuid, reason: ReopenReason, reopenedAt: DateTime }, { additionalProperties: false }),
);

/** A note was added (its text stays encrypted in intake). */
export const NoteAddedV1 = eventSchema(
  'intake.note.added.v1',
  Type.Object({ caseId: Uuid, noteId: Uuid, addedAt: DateTime }, { additionalProperties: false }),
);

/** A mandatory report (ADVL Art. 14) was received. The reporter's identity is never in an event. */
export const MandatoryReportReceivedV1 = eventSchema(
  'intake.mandatory_report.received.v1',
  Type.Object({ reportId: Uuid, caseId: Uuid, receivedAt: DateTime }, { additionalProperties: false }),
);

export const IntakeEvents = [
  CaseOpenedV1,
  ReferralRequestedV1,
  RiskAssessedV1,
  ConsentRecordedV1,
  ConsentOverriddenV1,
  CaseUpdatedV1,
  CaseLinkedV1,
  CaseClosedV1,
  CaseReopenedV1,
  NoteAddedV1,
  MandatoryReportReceivedV1,
] as const;
export type CaseOpenedV1 = Static<typeof CaseOpenedV1>;
export type ReferralRequestedV1 = Static<typeof ReferralRequestedV1>;
export type RiskAssessedV1 = Static<typeof RiskAssessedV1>;
