import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Tables every service has in its own database. A service's `db/schema.ts` re-exports
 * them so drizzle-kit generates them into that service's migrations.
 */

/** Transactional outbox: written in the same transaction as the state change it announces. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id').notNull().unique(),
    topic: text('topic').notNull(),
    /** Kafka message key: the case id, so one case's events stay ordered in their partition. */
    key: text('key').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * W3C trace context of the span that wrote the event (CloudEvents distributed-tracing extension); null when tracing
     * is off.
     */
    traceparent: text('traceparent'),
    tracestate: text('tracestate'),
  },
  (t) => [
    index('outbox_unpublished_idx')
      .on(t.id)
      .where(sql`${t.publishedAt} is null`),
  ],
);

/** Idempotent inbox: one row per (consumer, event id), inserted in the effect's transaction. */
export const inbox = pgTable(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    type: text('type').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

/** Audit trail: every read of personal data and every state change. Never deleted. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The token's subject (an account id), never a person's name. */
    actorSub: text('actor_sub').notNull(),
    role: text('role').notNull(),
    dept: text('dept').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    caseId: uuid('case_id'),
    reason: text('reason'),
    details: jsonb('details'),
  },
  (t) => [index('audit_entity_idx').on(t.entityType, t.entityId), index('audit_case_idx').on(t.caseId)],
);

/**
 * Idempotency-Key records (draft-ietf-httpapi-idempotency-key-header): one row per (caller, route,
 * key), inserted in the same transaction as the request's effect (so a row exists exactly when the
 * effect committed), then completed with the response to replay. Deleted after 24 h.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The caller's token subject and department: keys of different callers never collide. */
    callerSub: text('caller_sub').notNull(),
    callerDept: text('caller_dept').notNull(),
    /** Method and route template, e.g. `POST /cases/:caseId/notes`. */
    route: text('route').notNull(),
    key: text('key').notNull(),
    /** Keyed hash of method, path and canonical body (never the body itself). */
    fingerprint: text('fingerprint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The first response, set after the commit (null until then, or if the process died in between). */
    statusCode: integer('status_code'),
    /** Response headers worth replaying (content-type, location). */
    headers: jsonb('headers'),
    /** The response body, encrypted like every personal field. */
    bodyEnc: text('body_enc'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.callerSub, t.callerDept, t.route, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
export type InboxRow = typeof inbox.$inferSelect;
export type AuditRow = typeof auditLog.$inferInsert;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

export const OUTBOX_CHANNEL = 'linkage_outbox';
