import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** An elderly person referred for care. Personal data is encrypted. */
export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id'),
    requestId: uuid('request_id').unique(),
    status: text('status').notNull().default('referred'),
    street: text('street'),
    personEnc: text('person_enc'),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('clients_case_idx').on(t.caseId)],
);

export const schema = { clients };
