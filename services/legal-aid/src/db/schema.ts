import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A legal aid application (Legal Aid Law Arts. 41–44). Applicant personal data is encrypted. */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id'),
    requestId: uuid('request_id').unique(),
    status: text('status').notNull().default('received'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    applicantEnc: text('applicant_enc'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('applications_case_idx').on(t.caseId)],
);

export const schema = { applications };
