import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { assignmentLog, departmentWorkers, holidayCalendar, workAssignments } from '@linkage/service-kit';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The DV part of a case: who owns it (the caseworkers' dept), open or closed (then followed up). */
export const dvCases = pgTable('dv_cases', {
  caseId: uuid('case_id').primaryKey(),
  ownerDept: text('owner_dept').notNull(),
  riskLevel: text('risk_level').notNull(),
  street: text('street'),
  status: text('status').notNull().default('open'),
  closedAt: ts('closed_at'),
  /** How many times the DV part was closed (each closure schedules a round of follow-ups). */
  closures: integer('closures').notNull().default(0),
  createdAt: ts('created_at').notNull(),
  version: integer('version').notNull().default(1),
});

/**
 * The cases intake has announced (case.opened / case.updated): their owning unit and street. dv-referral
 * accepts work only on a case it knows, and decides ownership from it as intake does.
 */
export const intakeCases = pgTable('intake_cases', {
  caseId: uuid('case_id').primaryKey(),
  ownerDept: text('owner_dept'),
  street: text('street'),
  updatedAt: ts('updated_at').notNull(),
});

/** A referral of one case to one department, owned by the receiving department (`assignedDept`). */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    /** The intake request it came from; unique with the department, so a replay creates nothing twice. */
    requestId: uuid('request_id'),
    /** The elder-care safeguarding concern it came from (unique: a replay creates nothing twice). */
    safeguardingId: uuid('safeguarding_id'),
    department: text('department').notNull(),
    assignedDept: text('assigned_dept').notNull(),
    riskLevel: text('risk_level').notNull(),
    street: text('street'),
    status: text('status').notNull().default('requested'),
    acceptBy: ts('accept_by').notNull(),
    /** Encrypted (AAD = id): contact details for the receiver, JSON. */
    contactEnc: text('contact_enc'),
    /** Encrypted (AAD = id): the referrer's note. */
    noteEnc: text('note_enc'),
    reasonCode: text('reason_code'),
    reasonEnc: text('reason_enc'),
    createdByDept: text('created_by_dept'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('referrals_request_dept_uq').on(t.requestId, t.department),
    uniqueIndex('referrals_safeguarding_uq').on(t.safeguardingId),
    index('referrals_dept_idx').on(t.assignedDept, t.status),
    index('referrals_case_idx').on(t.caseId),
  ],
);

export const callouts = pgTable('callouts', {
  id: uuid('id').primaryKey(),
  referralId: uuid('referral_id').notNull(),
  caseId: uuid('case_id').notNull(),
  dept: text('dept').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  outcome: text('outcome').notNull(),
  evidenceCollected: boolean('evidence_collected').notNull(),
  medicalHelpArranged: boolean('medical_help_arranged').notNull(),
  notesEnc: text('notes_enc'),
  createdAt: ts('created_at').notNull(),
});

/** 告诫书: abuser, facts and prohibition are personal data (encrypted, AAD = id). */
export const warningLetters = pgTable('warning_letters', {
  id: uuid('id').primaryKey(),
  referralId: uuid('referral_id').notNull(),
  caseId: uuid('case_id').notNull(),
  dept: text('dept').notNull(),
  contentEnc: text('content_enc').notNull(),
  issuedAt: ts('issued_at').notNull(),
  deliverBy: ts('deliver_by').notNull(),
  /** recipient → ISO time delivered/notified */
  deliveries: jsonb('deliveries').$type<Record<string, string>>().notNull().default({}),
  version: integer('version').notNull().default(1),
});

export const policeVisits = pgTable(
  'police_visits',
  {
    id: uuid('id').primaryKey(),
    warningLetterId: uuid('warning_letter_id').notNull(),
    caseId: uuid('case_id').notNull(),
    dept: text('dept').notNull(),
    offsetDays: integer('offset_days').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('scheduled'),
    outcome: text('outcome'),
    visitedAt: ts('visited_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('police_visits_letter_offset_uq').on(t.warningLetterId, t.offsetDays)],
);

/**
 * ADVL Art. 17: the residents'/village committee notified of a warning letter visits (查访) the abuser and the
 * victim — its visits, due on the configured days after the notification, held by the committee (`dept`).
 */
export const committeeVisits = pgTable(
  'committee_visits',
  {
    id: uuid('id').primaryKey(),
    warningLetterId: uuid('warning_letter_id').notNull(),
    caseId: uuid('case_id').notNull(),
    /** The committee: `committee:<street>`. */
    dept: text('dept').notNull(),
    street: text('street'),
    offsetDays: integer('offset_days').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('scheduled'),
    outcome: text('outcome'),
    visitedAt: ts('visited_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('committee_visits_letter_offset_uq').on(t.warningLetterId, t.offsetDays),
    index('committee_visits_dept_idx').on(t.dept, t.status),
  ],
);

export const protectionOrders = pgTable(
  'protection_orders',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    courtDept: text('court_dept').notNull(),
    applicant: text('applicant').notNull(),
    measures: jsonb('measures').$type<string[]>().notNull(),
    urgent: boolean('urgent').notNull(),
    status: text('status').notNull().default('applied'),
    /** Encrypted (AAD = id): applicant/respondent particulars and facts. */
    detailsEnc: text('details_enc'),
    appliedByDept: text('applied_by_dept').notNull(),
    appliedAt: ts('applied_at').notNull(),
    acceptedAt: ts('accepted_at'),
    ruleBy: ts('rule_by'),
    ruledAt: ts('ruled_at'),
    validUntil: ts('valid_until'),
    reconsiderBy: ts('reconsider_by'),
    reasonCode: text('reason_code'),
    /** party → ISO time served */
    served: jsonb('served').$type<Record<string, string>>().notNull().default({}),
    reconsideration: text('reconsideration'),
    /** Art. 31: when the court is to decide a pending reconsideration (platform rule, see domain/clocks.ts). */
    reconsiderationDecideBy: ts('reconsideration_decide_by'),
    /** Art. 23 / 法释〔2022〕17号 Art. 2: why someone else applied for her (null: she applied herself). */
    onBehalfGround: text('on_behalf_ground'),
    /** She applied herself with this department's help (`women_federation`). */
    assistedBy: text('assisted_by'),
    /** When the expiry reminder is due, and when it was sent (the scheduler claims rows by these). */
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('protection_orders_remind_idx').on(t.remindAt),
    index('protection_orders_court_idx').on(t.courtDept, t.status),
  ],
);

export const shelters = pgTable('shelters', {
  id: uuid('id').primaryKey(),
  dept: text('dept').notNull(),
  label: text('label').notNull(),
  street: text('street'),
  capacity: integer('capacity').notNull(),
  createdAt: ts('created_at').notNull(),
  version: integer('version').notNull().default(1),
});

export const placements = pgTable(
  'placements',
  {
    id: uuid('id').primaryKey(),
    shelterId: uuid('shelter_id').notNull(),
    caseId: uuid('case_id').notNull(),
    referralId: uuid('referral_id'),
    status: text('status').notNull().default('placed'),
    /** Encrypted (AAD = id): who is placed (name, party size, needs). */
    personEnc: text('person_enc'),
    placedAt: ts('placed_at').notNull(),
    checkedInAt: ts('checked_in_at'),
    checkedOutAt: ts('checked_out_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('placements_shelter_idx').on(t.shelterId, t.status)],
);

export const injuryAssessments = pgTable('injury_assessments', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  healthDept: text('health_dept').notNull(),
  requestedByDept: text('requested_by_dept').notNull(),
  status: text('status').notNull().default('requested'),
  requestedAt: ts('requested_at').notNull(),
  grade: text('grade'),
  resultRef: text('result_ref'),
  findingsEnc: text('findings_enc'),
  completedAt: ts('completed_at'),
  version: integer('version').notNull().default(1),
});

export const counsellingSessions = pgTable('counselling_sessions', {
  id: uuid('id').primaryKey(),
  referralId: uuid('referral_id').notNull(),
  caseId: uuid('case_id').notNull(),
  dept: text('dept').notNull(),
  heldAt: ts('held_at').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  notesEnc: text('notes_enc'),
});

/**
 * Plan 二(七)4 (加强对施暴者的法治教育、心理辅导和行为矫治): the abuser referred to an education or correction
 * programme, and how it ended. No personal data: the case, the programme type, dates, the outcome.
 */
export const perpetratorProgrammes = pgTable(
  'perpetrator_programmes',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    programme: text('programme').notNull(),
    referredByDept: text('referred_by_dept').notNull(),
    referredAt: ts('referred_at').notNull(),
    status: text('status').notNull().default('referred'),
    outcome: text('outcome'),
    concludedAt: ts('concluded_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('perpetrator_programmes_case_idx').on(t.caseId)],
);

export const followups = pgTable(
  'followups',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    /** Which closure round (1 for the first closure, 2 after a reopen and re-close…). */
    round: integer('round').notNull(),
    offsetDays: integer('offset_days').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('due'),
    outcome: text('outcome'),
    visitedAt: ts('visited_at'),
    notesEnc: text('notes_enc'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('followups_case_round_offset_uq').on(t.caseId, t.round, t.offsetDays)],
);

export type DvCaseRow = typeof dvCases.$inferSelect;
export type ReferralRow = typeof referrals.$inferSelect;
export type WarningLetterRow = typeof warningLetters.$inferSelect;
export type PoliceVisitRow = typeof policeVisits.$inferSelect;
export type CommitteeVisitRow = typeof committeeVisits.$inferSelect;
export type PerpetratorProgrammeRow = typeof perpetratorProgrammes.$inferSelect;
export type ProtectionOrderRow = typeof protectionOrders.$inferSelect;
export type ShelterRow = typeof shelters.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;
export type InjuryAssessmentRow = typeof injuryAssessments.$inferSelect;
export type FollowupRow = typeof followups.$inferSelect;

export { holidayCalendar, workAssignments, assignmentLog, departmentWorkers };
export const schema = {
  holidayCalendar,
  workAssignments,
  assignmentLog,
  departmentWorkers,
  dvCases,
  intakeCases,
  referrals,
  callouts,
  warningLetters,
  policeVisits,
  committeeVisits,
  protectionOrders,
  shelters,
  placements,
  injuryAssessments,
  counsellingSessions,
  followups,
  perpetratorProgrammes,
};
