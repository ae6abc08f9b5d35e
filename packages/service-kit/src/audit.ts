import type { SQL } from 'drizzle-orm';
import { auditLog, bulkInsert, type Executor } from '@linkage/db';
import type { Principal } from '@linkage/auth';

export interface AuditEntry {
  /** e.g. `case.viewed`, `case.updated`, `consent.overridden` */
  action: string;
  entityType: string;
  entityId: string;
  caseId?: string | null;
  reason?: string | null;
  /** Never personal data: field names, versions, counts. */
  details?: Record<string, unknown>;
}

/** An audit row (who, role, dept, what, why); `at` is the database's time of the write. */
export const auditRow = (who: Principal | { sub: string; role: string; dept: string }, e: AuditEntry) => ({
  actorSub: who.sub,
  role: who.role,
  dept: who.dept,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  caseId: e.caseId ?? null,
  reason: e.reason ?? null,
  details: e.details ?? null,
});

/** Write an audit row (who, role, dept, what, when, why) in the caller's transaction. */
export async function audit(
  exec: Executor,
  who: Principal | { sub: string; role: string; dept: string },
  e: AuditEntry,
): Promise<void> {
  await exec.insert(auditLog).values(auditRow(who, e));
}

/** The statement writing audit rows (one JSON parameter), to run alone or inside `together` (@linkage/db). */
export const auditInsert = (rows: readonly ReturnType<typeof auditRow>[]): SQL => bulkInsert(auditLog, rows);
