import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { assignmentLog, departmentWorkers, holidayCalendar, workAssignments } from '@linkage/service-kit';

/**
 * An elderly person referred for care: one per referral (an intake request or a direct referral).
 * Personal data (name, ID number, phone, address, the caregiver's name and phone) is encrypted
 * in `personEnc`, bound to the client id. Categories, flags and the street stay in clear for work
 * lists and indicators.
 */
export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    /** The intake request it came from: unique, so a replayed request creates nothing twice. */
    requestId: uuid('request_id').unique(),
    channel: text('channel').notNull(),
    status: text('status').notNull().default('referred'),
    street: text('street'),
    riskLevel: text('risk_level').notNull().default('standard'),
    livingSituation: text('living_situation'),
    caregiver: jsonb('caregiver').$type<{ relation: string; strain: string } | null>(),
    hardship: jsonb('hardship').$type<string[]>().notNull().default([]),
    personEnc: text('person_enc'),
    /** The current capability level (from the latest assessment) and what it entitles to. */
    level: text('level'),
    /** 失智 recorded (GB/T 42195-2022 diagnosis; plan 二(一)7 respite is for families caring for 失能失智 elders). */
    dementia: boolean('dementia').notNull().default(false),
    respiteDaysPerYear: integer('respite_days_per_year').notNull().default(0),
    reassessBy: timestamp('reassess_by', { withTimezone: true }),
    assessBy: timestamp('assess_by', { withTimezone: true }).notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('clients_case_idx').on(t.caseId), index('clients_street_idx').on(t.street, t.status)],
);

/** A capability assessment (GB/T 42195-2022): item scores, total, level, assessor, reassessment due. */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    level: text('level').notNull(),
    totalScore: integer('total_score').notNull(),
    domainScores: jsonb('domain_scores').$type<Record<string, number>>().notNull(),
    itemScores: jsonb('item_scores').$type<Record<string, number>>().notNull(),
    /** The level from the total before the standard's adjustments, and the adjustments applied (GB/T 42195-2022). */
    baseLevel: text('base_level'),
    adjustments: jsonb('adjustments').$type<string[]>().notNull().default([]),
    diagnosis: text('diagnosis'),
    coma: boolean('coma').notNull().default(false),
    careRiskEvents30d: integer('care_risk_events_30d').notNull().default(0),
    /** The assessment this one re-assesses (ends its reassessment clock). */
    previousAssessmentId: uuid('previous_assessment_id'),
    assessorSub: text('assessor_sub').notNull(),
    assessorDept: text('assessor_dept').notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
    reassessBy: timestamp('reassess_by', { withTimezone: true }).notNull(),
  },
  (t) => [index('assessments_client_idx').on(t.clientId, t.assessedAt)],
);

/** Respite providers (capacity = places per day) and institutions (capacity = beds). Data, kept by admins. */
export const facilities = pgTable('facilities', {
  id: uuid('id').primaryKey(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  street: text('street'),
  capacity: integer('capacity').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** A respite stay (喘息服务) booked against a provider's daily places and the person's annual entitlement. */
export const respiteBookings = pgTable(
  'respite_bookings',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    days: integer('days').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull().default('booked'),
    daysDelivered: integer('days_delivered'),
    bookedAt: timestamp('booked_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('respite_client_year_idx').on(t.clientId, t.year),
    index('respite_facility_idx').on(t.facilityId, t.startDate, t.endDate),
  ],
);

/** Home care visits: scheduled → delivered | missed. */
export const homeVisits = pgTable(
  'home_visits',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    serviceType: text('service_type').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('scheduled'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('home_visits_client_idx').on(t.clientId, t.dueAt)],
);

/** Family care beds (家庭养老床位): at most one active per person. */
export const familyBeds = pgTable(
  'family_beds',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    providerId: uuid('provider_id').references(() => facilities.id),
    status: text('status').notNull().default('active'),
    setUpAt: timestamp('set_up_at', { withTimezone: true }).notNull(),
    reviewBy: timestamp('review_by', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('family_beds_client_idx').on(t.clientId, t.status)],
);

/** Institution placements: waiting (by priority) → placed → ended. */
export const placements = pgTable(
  'placements',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    facilityId: uuid('facility_id')
      .notNull()
      .references(() => facilities.id),
    status: text('status').notNull(),
    costBasis: text('cost_basis').notNull(),
    hardship: boolean('hardship').notNull(),
    levelRank: integer('level_rank').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (t) => [
    index('placements_facility_idx').on(t.facilityId, t.status),
    index('placements_client_idx').on(t.clientId, t.status),
  ],
);

/** Caregiver training sessions attended by the person's family caregiver. */
export const trainings = pgTable('trainings', {
  id: uuid('id').primaryKey(),
  clientId: uuid('client_id')
    .notNull()
    .references(() => clients.id),
  topic: text('topic').notNull(),
  hours: integer('hours').notNull(),
  heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
});

/** Safeguarding flags: suspected abuse or neglect; the person's wishes are encrypted. */
export const safeguardingFlags = pgTable(
  'safeguarding_flags',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    concerns: jsonb('concerns').$type<string[]>().notNull(),
    riskLevel: text('risk_level').notNull(),
    /** `referred` (an event went to DV referral) or `withheld` (she declined and no exception applies). */
    outcome: text('outcome').notNull(),
    consentBasis: text('consent_basis'),
    wishesEnc: text('wishes_enc').notNull(),
    overrideReasonEnc: text('override_reason_enc'),
    raisedBySub: text('raised_by_sub').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('safeguarding_client_idx').on(t.clientId)],
);

export type ClientRow = typeof clients.$inferSelect;
export type FacilityRow = typeof facilities.$inferSelect;
export type RespiteBookingRow = typeof respiteBookings.$inferSelect;
export type HomeVisitRow = typeof homeVisits.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;
export { holidayCalendar, workAssignments, assignmentLog, departmentWorkers };
export const schema = {
  holidayCalendar,
  workAssignments,
  assignmentLog,
  departmentWorkers,
  clients,
  assessments,
  facilities,
  respiteBookings,
  homeVisits,
  familyBeds,
  placements,
  trainings,
  safeguardingFlags,
};
