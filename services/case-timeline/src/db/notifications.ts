import { bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
