import { Type } from '@sinclair/typebox';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { REASSIGN_REASONS, SubjectId, type EventData } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { emitEvents, uuidv7 } from '@linkage/messaging';
import { audit } from './audit.ts';
import { assertNever, checkVersion, ConflictError, type Emit } from '@linkage/domain';

/*
 * Assignment of a department's work to one of its workers (Primero's assign / reassign), the same
 * in every service that owns work: dv-referral (referrals, protection-order applications),
 * legal-aid (applications), elder-care (clients). A service's `db/schema.ts` re-exports the three
 * tables below so its migrations create them in its own database.
 *
 * Who a worker is: a token's `sub` (an account id, never a name). A service has no staff
 * directory; what it can know is which accounts have come to it with a verified token of a
 * department. It records them (`department_workers`) whenever such a user lists her department's
 * work, and an assignee must be one of them: a sub never seen acting for that department in this
 * service is refused (409 `assignee_not_in_department`). A worker who moved to another
 * department keeps the record until she is reassigned, but sees nothing of it: access is decided
 * by her token's department, not by the assignment.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Who holds each piece of work now (one row per record; no row: unassigned). */
export const workAssignments = pgTable(
  'work_assignments',
  {
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    caseId: uuid('case_id'),
    dept: text('dept').notNull(),
    assigneeSub: text('assignee_sub').notNull(),
    assignedAt: ts('assigned_at').notNull(),
    assignedBySub: text('assigned_by_sub').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.recordType, t.recordId] }),
    index('work_assignments_assignee_idx').on(t.dept, t.assigneeSub),
  ],
);

/** Every assignment and reassignment, with the reason's category and its free text encrypted (AAD = row id). */
export const assignmentLog = pgTable(
  'assignment_log',
  {
    id: uuid('id').primaryKey(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    caseId: uuid('case_id'),
    dept: text('dept').notNull(),
    assigneeSub: text('assignee_sub').notNull(),
    previousSub: text('previous_sub'),
    reasonCode: text('reason_code'),
    reasonEnc: text('reason_enc'),
    bySub: text('by_sub').notNull(),
    byRole: text('by_role').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('assignment_log_record_idx').on(t.recordType, t.recordId)],
);

/** The accounts seen acting for a department in this service (verified tokens): who may be assigned its work. */
export const departmentWorkers = pgTable(
  'department_workers',
  {
    dept: text('dept').notNull(),
    sub: text('sub').notNull(),
    role: text('role').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dept, t.sub] })],
);

export type WorkAssignmentRow = typeof workAssignments.$inferSelect;

// ---- HTTP shapes ----

export const AssignBody = Type.Object(
  {
    /** The worker's account id (token `sub`) — she must have used this service for the department. */
    assignee: SubjectId,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export const ReassignBody = Type.Object(
  {
    assignee: SubjectId,
    version: Type.Integer({ minimum: 1 }),
    reasonCode: Type.Union(REASSIGN_REASONS.map((r) => Type.Literal(r))),
    /** Free text, stored encrypted; never on an event or in the audit row (which keeps `reasonCode`). */
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
/** `?assignee=me` — my work; `?assignee=none` — the department's unassigned work. */
export const AssigneeFilter = Type.Union([Type.Literal('me'), Type.Literal('none')]);
export type AssigneeFilter = 'me' | 'none';
export const AssignmentView = Type.Object({
  recordId: Type.String({ format: 'uuid' }),
  assigneeSub: SubjectId,
  previousAssigneeSub: Type.Union([SubjectId, Type.Null()]),
  assignedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});
export const WorkerList = Type.Object({
  items: Type.Array(
    Type.Object({ sub: SubjectId, role: Type.String(), lastSeenAt: Type.String({ format: 'date-time' }) }),
  ),
});

// ---- workers ----

/** Record that this account acted for its department (called when she lists her department's work). */
export async function noteWorker(db: Executor, who: Principal, now: Date): Promise<void> {
  await db
    .insert(departmentWorkers)
    .values({ dept: who.dept, sub: who.sub, role: who.role, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({
      target: [departmentWorkers.dept, departmentWorkers.sub],
      set: { role: who.role, lastSeenAt: now },
    });
}

/** The accounts that may be assigned the department's work in this service. */
export async function listWorkers(db: Executor, dept: string) {
  const rows = await db
    .select()
    .from(departmentWorkers)
    .where(eq(departmentWorkers.dept, dept))
    .orderBy(asc(departmentWorkers.sub));
  return { items: rows.map((r) => ({ sub: r.sub, role: r.role, lastSeenAt: r.lastSeenAt.toISOString() })) };
}

// ---- assign / reassign ----

type AssignedType =
  | 'dv.referral.assigned.v1'
  | 'dv.protection_order.assigned.v1'
  | 'legal_aid.application.assigned.v1'
  | 'elder_care.client.assigned.v1';

type AssignedCommon = Omit<EventData<'dv.referral.assigned.v1'>, 'referralId' | 'caseId'>;

/** The assigned event of a record's type, its key field named as the contract names it. */
function assignedEmit(rec: WorkRecord, common: AssignedCommon): Emit {
  const type = rec.event.type;
  switch (type) {
    case 'dv.referral.assigned.v1':
      return { type, data: { referralId: rec.recordId, caseId: required(rec), ...common } };
    case 'dv.protection_order.assigned.v1':
      return { type, data: { orderId: rec.recordId, caseId: required(rec), ...common } };
    case 'legal_aid.application.assigned.v1':
      return { type, data: { applicationId: rec.recordId, caseId: rec.caseId, ...common } };
    case 'elder_care.client.assigned.v1':
      return { type, data: { clientId: rec.recordId, caseId: required(rec), ...common } };
    default:
      return assertNever(type);
  }
}
function required(rec: WorkRecord): string {
  if (rec.caseId === null) throw new Error(`${rec.recordType} ${rec.recordId} has no case id`);
  return rec.caseId;
}

/** A piece of work as the owning service locked it (row lock held by the caller's transaction). */
export interface WorkRecord {
  recordType: 'referral' | 'protection_order' | 'legal_aid_application' | 'elder_client';
  recordId: string;
  /** The intake case (null: a legal aid application made directly, whose id stands in as the subject). */
  caseId: string | null;
  /** The owning department: only its workers may be assigned. */
  dept: string;
  version: number;
  event: { type: AssignedType; recordKey: 'referralId' | 'orderId' | 'applicationId' | 'clientId' };
}

export type AssignCommand =
  | { kind: 'assign'; assignee: string; version: number }
  | {
      kind: 'reassign';
      assignee: string;
      version: number;
      reasonCode: (typeof REASSIGN_REASONS)[number];
      reason: string;
    };

/**
 * Assign or reassign one record, in the caller's transaction (which holds the record's row lock and
 * has already checked that the caller may act for `rec.dept`): version check (412), the assignee
 * is a known worker of the department (409), assign only unassigned work and reassign only
 * assigned work to someone else (409); the assignment row, a log row with the reason encrypted,
 * an audit row (category only), the record's version bumped by `bump`, and the de-identified event.
 */
export async function assignWork(
  app: FastifyInstance,
  tx: Executor,
  who: Principal,
  rec: WorkRecord,
  cmd: AssignCommand,
  bump: () => Promise<number>,
) {
  checkVersion(rec, cmd.version);
  const now = app.clock();
  const [worker] = await tx
    .select()
    .from(departmentWorkers)
    .where(and(eq(departmentWorkers.dept, rec.dept), eq(departmentWorkers.sub, cmd.assignee)));
  if (!worker) {
    throw new ConflictError(
      'assignee_not_in_department',
      `The assignee is not known as a worker of ${rec.dept} in this service (she must have opened her department's work list here with her own account).`,
    );
  }
  const [current] = await tx
    .select()
    .from(workAssignments)
    .where(and(eq(workAssignments.recordType, rec.recordType), eq(workAssignments.recordId, rec.recordId)));
  if (cmd.kind === 'assign' && current)
    throw new ConflictError('already_assigned', 'This work is already assigned; reassign it with a reason.');
  if (cmd.kind === 'reassign' && !current)
    throw new ConflictError('not_assigned', 'This work is not assigned yet; assign it.');
  if (current && current.assigneeSub === cmd.assignee)
    throw new ConflictError('same_assignee', 'This work is already assigned to that worker.');
  const previous = current?.assigneeSub ?? null;
  const row = {
    recordType: rec.recordType,
    recordId: rec.recordId,
    caseId: rec.caseId,
    dept: rec.dept,
    assigneeSub: cmd.assignee,
    assignedAt: now,
    assignedBySub: who.sub,
  };
  await tx
    .insert(workAssignments)
    .values(row)
    .onConflictDoUpdate({
      target: [workAssignments.recordType, workAssignments.recordId],
      set: { assigneeSub: cmd.assignee, assignedAt: now, assignedBySub: who.sub, dept: rec.dept },
    });
  const logId = uuidv7(now.getTime());
  const reasonCode = cmd.kind === 'reassign' ? cmd.reasonCode : null;
  await tx.insert(assignmentLog).values({
    id: logId,
    recordType: rec.recordType,
    recordId: rec.recordId,
    caseId: rec.caseId,
    dept: rec.dept,
    assigneeSub: cmd.assignee,
    previousSub: previous,
    reasonCode,
    reasonEnc: cmd.kind === 'reassign' ? app.cipher.encrypt(cmd.reason, logId) : null,
    bySub: who.sub,
    byRole: who.role,
    at: now,
  });
  await audit(tx, who, {
    action: `${rec.recordType}.${cmd.kind}ed`,
    entityType: rec.recordType,
    entityId: rec.recordId,
    caseId: rec.caseId,
    reason: reasonCode,
    details: { assignee: cmd.assignee, previous, log: logId },
  });
  const version = await bump();
  const common = {
    dept: rec.dept,
    assigneeSub: cmd.assignee,
    previousAssigneeSub: previous,
    reasonCode,
    assignedAt: now.toISOString(),
  };
  await emitEvents(tx, [assignedEmit(rec, common)], {
    source: app.service.source,
    subject: rec.caseId ?? rec.recordId,
    actor: { role: who.role, dept: who.dept },
    time: now,
  });
  return {
    recordId: rec.recordId,
    assigneeSub: cmd.assignee,
    previousAssigneeSub: previous,
    assignedAt: now.toISOString(),
    version,
  };
}

// ---- lists ----

/** The current assignee of each of these records. */
export async function assigneesOf(
  db: Executor,
  recordType: WorkRecord['recordType'],
  ids: string[],
): Promise<Map<string, WorkAssignmentRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(workAssignments)
    .where(and(eq(workAssignments.recordType, recordType), inArray(workAssignments.recordId, ids)));
  return new Map(rows.map((r) => [r.recordId, r]));
}

/**
 * Add `assignee` (sub or null) to each listed record and apply `?assignee=`: `me` keeps the
 * caller's own work, `none` the unassigned. The list was already limited to what the caller may see.
 */
export async function withAssignees<T extends { id: string }>(
  db: Executor,
  recordType: WorkRecord['recordType'],
  who: Principal,
  rows: T[],
  filter: AssigneeFilter | undefined,
): Promise<(T & { assignee: string | null })[]> {
  const map = await assigneesOf(
    db,
    recordType,
    rows.map((r) => r.id),
  );
  const out = rows.map((r) => ({ ...r, assignee: map.get(r.id)?.assigneeSub ?? null }));
  if (filter === 'me') return out.filter((r) => r.assignee === who.sub);
  if (filter === 'none') return out.filter((r) => r.assignee === null);
  return out;
}
