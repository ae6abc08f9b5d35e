import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per event of a case, from every topic: the case's end-to-end timeline. A projection
 * from Kafka only — rebuildable by replaying the topics. Events carry no personal data, so
 * neither does this table.
 */
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
  (t) => [index('timeline_case_idx').on(t.caseId, t.occurredAt, t.eventId)],
);

export type TimelineEntryRow = typeof timelineEntries.$inferSelect;
export const schema = { timelineEntries };
