import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { SEVERITIES } from '../domain/clocks/rule.ts';
import { CLOCK_STATUSES } from '../domain/clocks/state.ts';

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
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    /** Null until the start event is seen (a stop may arrive first, from another topic). */
    startedAt: timestamp('started_at', { withTimezone: true }),
    deadline: timestamp('deadline', { withTimezone: true }),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    startEventId: uuid('start_event_id'),
    status: text('status', { enum: CLOCK_STATUSES }).notNull(),
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

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * What needs someone's attention, derived from events (issue 12). De-identified: the case number,
 * what happened (a code and a sentence built from codes), the deadline — never personal data.
 * Recipient: a department (`recipientSub` null: everyone of it) or one worker of it (her token `sub`).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    /** Monotonic: the stream's cursor and the list's order. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    eventId: uuid('event_id').notNull(),
    caseId: uuid('case_id').notNull(),
    caseNumber: text('case_number'),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    deadline: ts('deadline'),
    recipientDept: text('recipient_dept').notNull(),
    recipientSub: text('recipient_sub'),
    occurredAt: ts('occurred_at').notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
    /** Handed to the delivery adapter (SMS, a government messaging app; locally the log). */
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('notifications_event_recipient_uq').on(t.eventId, t.recipientDept, t.recipientSub),
    index('notifications_dept_seq_idx').on(t.recipientDept, t.seq),
    index('notifications_undelivered_idx').on(t.deliveredAt, t.seq),
  ],
);

/**
 * Each piece of work the notifications follow: who handles it, who asked for it, who it is assigned to (from events).
 */
export const workItems = pgTable('work_items', {
  recordId: uuid('record_id').primaryKey(),
  caseId: uuid('case_id').notNull(),
  kind: text('kind').notNull(),
  handlerDept: text('handler_dept'),
  requesterDept: text('requester_dept'),
  assigneeSub: text('assignee_sub'),
  assigneeDept: text('assignee_dept'),
});

export type NotificationRow = typeof notifications.$inferSelect;
export const schema = { timelineEntries, clocks, caseSummaries, notifications, workItems };
