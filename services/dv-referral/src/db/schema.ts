import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A referral of one case to one department, owned by the receiving department (`assignedDept`). */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    /** The intake request it came from; unique with the department, so a replay creates nothing twice. */
    requestId: uuid('request_id'),
    department: text('department').notNull(),
    assignedDept: text('assigned_dept').notNull(),
    riskLevel: text('risk_level').notNull(),
    street: text('street'),
    status: text('status').notNull().default('requested'),
    acceptBy: timestamp('accept_by', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('referrals_request_dept_uq').on(t.requestId, t.department), index('referrals_dept_idx').on(t.assignedDept, t.status), index('referrals_case_idx').on(t.caseId)],
);

export type ReferralRow = typeof referrals.$inferSelect;
export const schema = { referrals };
