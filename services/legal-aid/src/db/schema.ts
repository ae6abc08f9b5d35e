import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { assignmentLog, departmentWorkers, holidayCalendar, workAssignments } from '@linkage/service-kit';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A legal aid application and, once approved, the matter it becomes (Legal Aid Law Arts. 41–50).
 * Applicant personal data, written reasons and reports are encrypted (`*_enc`, the row id bound as AAD);
 * the other columns are categories, codes and dates.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id'),
    /** The intake referral request it came from: unique, so a replayed referral creates nothing twice. */
    requestId: uuid('request_id').unique(),
    channel: text('channel').notNull(),
    /** The legal aid centre handling it (`legal_aid:<centre>`). */
    centreDept: text('centre_dept').notNull(),
    submittedByDept: text('submitted_by_dept').notNull(),
    matterType: text('matter_type').notNull(),
    proceedings: text('proceedings').notNull(),
    urgency: text('urgency').notNull(),
    street: text('street'),
    /** `female`, `male`, or `unknown` (a referral from a case that did not record it) — never assumed. */
    applicantGender: text('applicant_gender').notNull(),
    femaleLawyerRequested: boolean('female_lawyer_requested').notNull().default(false),
    documents: jsonb('documents').$type<string[]>().notNull().default([]),
    status: text('status').notNull(),
    receivedAt: ts('received_at').notNull(),
    decideBy: ts('decide_by').notNull(),
    clockPausedAt: ts('clock_paused_at'),
    materialsRequestedAt: ts('materials_requested_at'),
    missingRequested: jsonb('missing_requested').$type<string[]>(),
    /** End of the period set for the missing materials; after it the application is deemed withdrawn (LAL Art. 43). */
    supplyBy: ts('supply_by'),
    meansOutcome: text('means_outcome'),
    meansBasis: text('means_basis'),
    meansLegalBasis: text('means_legal_basis'),
    meansRecordedAt: ts('means_recorded_at'),
    urgentAidGround: text('urgent_aid_ground'),
    urgentAidStartedAt: ts('urgent_aid_started_at'),
    decidedAt: ts('decided_at'),
    refusalGround: text('refusal_ground'),
    approvedVia: text('approved_via'),
    assignBy: ts('assign_by'),
    objectionFiledAt: ts('objection_filed_at'),
    /** `refusal` or `termination` (LAL Art. 49). */
    objectionAgainst: text('objection_against'),
    reviewBy: ts('review_by'),
    objectionOutcome: text('objection_outcome'),
    objectionReviewedAt: ts('objection_reviewed_at'),
    lawyerId: uuid('lawyer_id'),
    assignmentId: uuid('assignment_id'),
    assignedAt: ts('assigned_at'),
    lastStage: text('last_stage'),
    closedAt: ts('closed_at'),
    outcome: text('outcome'),
    terminationGround: text('termination_ground'),
    satisfaction: integer('satisfaction'),
    applicantEnc: text('applicant_enc'),
    summaryEnc: text('summary_enc'),
    meansEvidenceEnc: text('means_evidence_enc'),
    refusalReasonsEnc: text('refusal_reasons_enc'),
    objectionEnc: text('objection_enc'),
    objectionReviewEnc: text('objection_review_enc'),
    closureReportEnc: text('closure_report_enc'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('applications_case_idx').on(t.caseId),
    index('applications_centre_status_idx').on(t.centreDept, t.status),
    index('applications_decided_idx').on(t.decidedAt),
    index('applications_supply_due_idx')
      .on(t.supplyBy)
      .where(sql`${t.status} = 'materials_requested'`),
    check('applications_satisfaction_ck', sql`${t.satisfaction} is null or ${t.satisfaction} between 1 and 5`),
  ],
);
export type ApplicationRow = typeof applications.$inferSelect;

/** Lawyers and legal aid organisations that take assignments: practice areas and caseload. */
export const lawyers = pgTable(
  'lawyers',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    organisation: text('organisation').notNull(),
    gender: text('gender').notNull(),
    practiceAreas: jsonb('practice_areas').$type<string[]>().notNull(),
    activeCases: integer('active_cases').notNull().default(0),
    maxCases: integer('max_cases').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [check('lawyers_caseload_ck', sql`${t.activeCases} >= 0 and ${t.activeCases} <= ${t.maxCases}`)],
);
export type LawyerRow = typeof lawyers.$inferSelect;

/** Declared conflicts of interest: this lawyer acts for the opposing party in the same case. */
export const conflicts = pgTable(
  'conflicts',
  {
    applicationId: uuid('application_id').notNull(),
    lawyerId: uuid('lawyer_id').notNull(),
    reason: text('reason').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.lawyerId] })],
);

/** Progress notes on a matter; the text is encrypted. */
export const progressNotes = pgTable(
  'progress_notes',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id').notNull(),
    stage: text('stage').notNull(),
    notedAt: ts('noted_at').notNull(),
    authorSub: text('author_sub').notNull(),
    textEnc: text('text_enc').notNull(),
  },
  (t) => [index('progress_notes_app_idx').on(t.applicationId, t.notedAt)],
);

/**
 * The unit that owns each case in intake (from case.opened): its caseworkers may read the status of the case's
 * applications.
 */
export const caseOwners = pgTable('case_owners', {
  caseId: uuid('case_id').primaryKey(),
  ownerDept: text('owner_dept'),
  street: text('street'),
  updatedAt: ts('updated_at').notNull(),
});

export { holidayCalendar, workAssignments, assignmentLog, departmentWorkers };
export const schema = {
  applications,
  lawyers,
  conflicts,
  progressNotes,
  caseOwners,
  holidayCalendar,
  workAssignments,
  assignmentLog,
  departmentWorkers,
};
