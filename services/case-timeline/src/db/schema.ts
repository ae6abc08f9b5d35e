import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// Projections from Kafka only — rebuildable by replaying the topics (`npm run timeline:rebuild`).
// Events carry no personal data, so neither do these tables.

/** One row per event of a case, from every topic: the case's end-to-end timeline. */
export const timelineEntries = pgTable(
  'timeline_entries',
  {
    eventId: uuid('event_id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    type: text('type').notNull(),
    source: text('source').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: text('offset').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    causationId: uuid('causation_id'),
    actorRole: text('actor_role').notNull(),
    actorDept: text('actor_dept').notNull(),
    summary: text('summary').notNull(),
    data: jsonb('data').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('timeline_case_idx').on(t.caseId, t.occurredAt, t.eventId),
    index('timeline_type_idx').on(t.type, t.occurredAt),
  ],
);

/** One clock per (rule, subject): when it started, its deadline, and how it ended. */
export const clocks = pgTable(
  'clocks',
  {
    /** Deterministic from rule and subject, so a rebuild finds the same clock (and the same breach event id). */
    id: uuid('id').primaryKey(),
    ruleId: text('rule_id').notNull(),
    subjectKey: text('subject_key').notNull(),
    caseId: uuid('case_id').notNull(),
    /** The department responsible for meeting the clock (issue 14: every clock carries one). */
    dept: text('dept'),
    /** The case's street when the clock started (from the event or the case summary), for coordinators' filters. */
    street: text('street'),
    severity: text('severity').notNull(),
    /** Null until the start event is seen (a stop may arrive first, from another topic). */
    startedAt: timestamp('started_at', { withTimezone: true }),
    deadline: timestamp('deadline', { withTimezone: true }),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    startEventId: uuid('start_event_id'),
    /** pending | met | breached | cancelled */
    status: text('status').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    stopEventId: uuid('stop_event_id'),
    stopType: text('stop_type'),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    breachedAt: timestamp('breached_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('clocks_rule_subject_uq').on(t.ruleId, t.subjectKey),
    index('clocks_due_idx').on(t.status, t.deadline),
    index('clocks_warn_idx').on(t.status, t.warnAt),
    index('clocks_case_idx').on(t.caseId),
  ],
);

/** Where each case stands: for coordinators' open-case views and indicator breakdowns by street. */
export const caseSummaries = pgTable(
  'case_summaries',
  {
    caseId: uuid('case_id').primaryKey(),
    caseNumber: text('case_number'),
    category: text('category'),
    street: text('street'),
    /** The unit that owns the case in intake (from case.opened): the timeline mirrors intake's access rule. */
    ownerDept: text('owner_dept'),
    riskLevel: text('risk_level'),
    repeat: boolean('repeat').notNull().default(false),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    stage: text('stage').notNull(),
    departments: jsonb('departments').$type<string[]>().notNull().default([]),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('case_summaries_stage_idx').on(t.stage), index('case_summaries_street_idx').on(t.street)],
);

export type TimelineEntryRow = typeof timelineEntries.$inferSelect;
export type ClockRow = typeof clocks.$inferSelect;
export type CaseSummaryRow = typeof caseSummaries.$inferSelect;
import { notifications, workItems } from './notifications.ts';

export { notifications, workItems };
export const schema = { timelineEntries, clocks, caseSummaries, notifications, workItems };
