import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgSequence, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Human-readable case numbers BL-<year>-<6 digits>. */
export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });

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
    flags: jsonb('flags').notNull(),
    needs: jsonb('needs').$type<string[]>().notNull(),
    status: text('status').notNull().default('open'),
    ownerDept: text('owner_dept').notNull(),
    /** Personal data, AES-256-GCM (see service-kit FieldCipher); bound to the case id. */
    victimEnc: text('victim_enc'),
    narrativeEnc: text('narrative_enc'),
    version: integer('version').notNull().default(1),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('cases_status_idx').on(t.status), index('cases_opened_idx').on(t.openedAt)],
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

export type CaseRow = typeof cases.$inferSelect;
export const schema = { cases, referralRequests };
