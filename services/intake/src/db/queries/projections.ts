import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import type { Handoff } from '../../domain/dossier/handoffs.ts';
import type { StatusEntry } from '../../domain/summary/projections.ts';
import { handoffs, statusSummary } from '../schema.ts';

/** Upsert a status entry; an older event never overwrites a newer state. */
export async function upsertStatus(tx: Executor, e: StatusEntry, eventType: string): Promise<void> {
  const row = {
    caseId: e.caseId,
    ref: e.ref,
    service: e.service,
    department: e.department,
    assignedDept: e.assignedDept,
    status: e.status,
    dueAt: e.dueAt ? new Date(e.dueAt) : null,
    at: new Date(e.at),
    eventType,
  };
  await tx
    .insert(statusSummary)
    .values(row)
    .onConflictDoUpdate({
      target: [statusSummary.caseId, statusSummary.ref],
      // a later step that does not name the department keeps the one already known
      set: {
        status: row.status,
        department: sql`coalesce(excluded.department, ${statusSummary.department})`,
        assignedDept: sql`coalesce(excluded.assigned_dept, ${statusSummary.assignedDept})`,
        dueAt: row.dueAt,
        at: row.at,
        eventType,
      },
      setWhere: sql`${statusSummary.at} <= excluded.at`,
    });
}

export async function statusOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(statusSummary)
    .where(eq(statusSummary.caseId, caseId))
    .orderBy(asc(statusSummary.at), asc(statusSummary.ref));
}

/** Upsert a hand-off; an older event never overwrites a newer state; what a later step does not name is kept. */
export async function upsertHandoff(tx: Executor, h: Handoff, eventType: string): Promise<void> {
  const row = {
    caseId: h.caseId,
    ref: h.ref,
    deptType: h.deptType,
    depts: h.depts,
    street: h.street,
    status: h.status,
    at: new Date(h.at),
    eventType,
  };
  await tx
    .insert(handoffs)
    .values(row)
    .onConflictDoUpdate({
      target: [handoffs.caseId, handoffs.ref],
      set: {
        status: row.status,
        depts: sql`case when jsonb_array_length(excluded.depts) = 0 then ${handoffs.depts} else excluded.depts end`,
        street: sql`coalesce(excluded.street, ${handoffs.street})`,
        at: row.at,
        eventType,
      },
      setWhere: sql`${handoffs.at} <= excluded.at`,
    });
}

export async function handoffsOf(db: Executor, caseId: string) {
  return db.select().from(handoffs).where(eq(handoffs.caseId, caseId)).orderBy(desc(handoffs.at), asc(handoffs.ref));
}
