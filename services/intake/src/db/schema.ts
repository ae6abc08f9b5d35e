import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ConsentDepartment, ConsentState, Need } from '@linkage/contracts';
import type { ProtectionFlags } from '../domain/victim/validate.ts';

/** Human-readable case numbers BL-<year>-<6 digits>. */
export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });
/** Mandatory-report receipt numbers MR-<year>-<6 digits>. */
export const receiptNumberSeq = pgSequence('receipt_number_seq', { startWith: 1 });

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    caseNumber: text('case_number').notNull().unique(),
    channel: text('channel').notNull(),
    category: text('category').notNull(),
    street: text('street'),
    riskLevel: text('risk_level').notNull(),
    repeat: boolean('repeat').notNull().default(false),
    /** Special-protection flags (ADVL Art. 5). */
    flags: jsonb('flags').$type<ProtectionFlags>().notNull(),
    ageBand: text('age_band').notNull().default('unknown'),
    needs: jsonb('needs').$type<Need[]>().notNull(),
    consent: jsonb('consent')
      .$type<ConsentState>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    overrides: jsonb('overrides')
      .$type<ConsentDepartment[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    requested: jsonb('requested')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    violenceTypes: jsonb('violence_types')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    perpetratorRelation: text('perpetrator_relation'),
    incidentAt: timestamp('incident_at', { withTimezone: true }),
    status: text('status').notNull().default('open'),
    closeReason: text('close_reason'),
    ownerDept: text('owner_dept').notNull(),
    /** Personal data, AES-256-GCM (see service-kit FieldCipher); bound to the case id. */
    victimEnc: text('victim_enc'),
    callerEnc: text('caller_enc'),
    perpetratorEnc: text('perpetrator_enc'),
    incidentEnc: text('incident_enc'),
    wishesEnc: text('wishes_enc'),
    narrativeEnc: text('narrative_enc'),
    /** What receiving departments are asked for (court measures, legal aid matter): dossiers only. */
    requestsEnc: text('requests_enc'),
    /** Needs no department will act on (told to the operator at opening, shown on the case). */
    unmetNeeds: jsonb('unmet_needs')
      .$type<{ need: string; reason: 'consent_withheld' | 'no_department' }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    version: integer('version').notNull().default(1),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    index('cases_status_idx').on(t.status),
    index('cases_opened_idx').on(t.openedAt),
    index('cases_owner_opened_idx').on(t.ownerDept, t.openedAt),
    index('cases_street_idx').on(t.street),
  ],
);

export const referralRequests = pgTable('referral_requests', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id')
    .notNull()
    .references(() => cases.id),
  target: text('target').notNull(),
  consentBasis: text('consent_basis').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
});

export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    checklistVersion: text('checklist_version').notNull(),
    answers: jsonb('answers').$type<string[]>().notNull(),
    yesCount: integer('yes_count').notNull(),
    scoredLevel: text('scored_level').notNull(),
    level: text('level').notNull(),
    raisedByJudgement: boolean('raised_by_judgement').notNull(),
    judgementReasonEnc: text('judgement_reason_enc'),
    assessorRole: text('assessor_role').notNull(),
    assessorDept: text('assessor_dept').notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('risk_case_idx').on(t.caseId)],
);

/** Keyed blind indexes (HMAC of normalised phone / ID number / name+birth year+street): match without decrypting. */
export const blindIndexes = pgTable(
  'blind_indexes',
  {
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value, t.caseId] }), index('blind_case_idx').on(t.caseId)],
);

export const duplicateSuggestions = pgTable(
  'duplicate_suggestions',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    candidateCaseId: uuid('candidate_case_id').notNull(),
    candidateCaseNumber: text('candidate_case_number').notNull(),
    matchedOn: jsonb('matched_on').$type<string[]>().notNull(),
    withinRepeatWindow: boolean('within_repeat_window').notNull(),
    status: text('status').notNull().default('suggested'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.candidateCaseId] })],
);

export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    bodyEnc: text('body_enc').notNull(),
    authorSub: text('author_sub').notNull(),
    authorRole: text('author_role').notNull(),
    authorDept: text('author_dept').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('notes_case_idx').on(t.caseId)],
);

/** Mandatory reports (ADVL Art. 14): the reporter's identity is confidential and stays here. */
export const mandatoryReports = pgTable(
  'mandatory_reports',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .unique()
      .references(() => cases.id),
    receiptNumber: text('receipt_number').notNull().unique(),
    reporterSub: text('reporter_sub').notNull(),
    reporterDept: text('reporter_dept').notNull(),
    reporterKind: text('reporter_kind').notNull(),
    capacity: text('capacity').notNull(),
    reporterEnc: text('reporter_enc'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mandatory_reporter_idx').on(t.reporterSub, t.reporterDept)],
);

/** Read-only projection of other services' events: what each department is doing on the case. */
export const statusSummary = pgTable(
  'status_summary',
  {
    caseId: uuid('case_id').notNull(),
    ref: text('ref').notNull(),
    service: text('service').notNull(),
    department: text('department'),
    assignedDept: text('assigned_dept'),
    status: text('status').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    eventType: text('event_type').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.ref] })],
);

/**
 * Hand-offs: which department received a referral or application of the case and whether it is
 * still open, learnt from the other services' events. The dossier is served only on an open one.
 */
export const handoffs = pgTable(
  'handoffs',
  {
    caseId: uuid('case_id').notNull(),
    /** `<service>.<entity>:<id>`, as in the status summary. */
    ref: text('ref').notNull(),
    /** The department type (police, court, shelter, health, counselling, wf, legal_aid, elder_care). */
    deptType: text('dept_type').notNull(),
    /**
     * The departments that hold it (a station, a court, the legal aid centre, the elder-care offices of her street).
     */
    depts: jsonb('depts').$type<string[]>().notNull(),
    street: text('street'),
    status: text('status').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    eventType: text('event_type').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.ref] })],
);

export type CaseRow = typeof cases.$inferSelect;
export type HandoffRow = typeof handoffs.$inferSelect;
/**
 * Risk checklist versions published by an admin. At most one is active; with none, the built-in
 * DASH_V1 (src/domain/risk/checklist.ts) is. Versions are never changed or deleted.
 */
export const riskChecklists = pgTable(
  'risk_checklists',
  {
    version: text('version').primaryKey(),
    definition: jsonb('definition').notNull(),
    active: boolean('active').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [
    uniqueIndex('risk_checklists_one_active')
      .on(t.active)
      .where(sql`${t.active}`),
  ],
);

export const schema = {
  riskChecklists,
  cases,
  referralRequests,
  riskAssessments,
  blindIndexes,
  duplicateSuggestions,
  notes,
  mandatoryReports,
  statusSummary,
  handoffs,
};
