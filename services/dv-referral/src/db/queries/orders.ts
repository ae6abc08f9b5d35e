import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { bulkInsert, type Executor } from '@linkage/db';
import { auditInsert, auditRow, type AuditEntry } from '@linkage/service-kit';
import { protectionOrders, type ProtectionOrderRow } from '../schema.ts';

// ---- protection orders ----

export async function lockOrder(tx: Executor, id: string) {
  const [r] = await tx.select().from(protectionOrders).where(eq(protectionOrders.id, id)).for('update');
  return r;
}
export async function findOrder(db: Executor, id: string) {
  const [r] = await db.select().from(protectionOrders).where(eq(protectionOrders.id, id));
  return r;
}
export async function ordersForCourt(db: Executor, courtDept: string) {
  return db
    .select()
    .from(protectionOrders)
    .where(eq(protectionOrders.courtDept, courtDept))
    .orderBy(asc(protectionOrders.appliedAt))
    .limit(500);
}
/** Issued orders past their end date (ADVL Art. 30), claimed so two instances never expire one twice. */
export async function claimLapsedOrders(tx: Executor, now: Date, limit: number) {
  return tx
    .select()
    .from(protectionOrders)
    .where(and(eq(protectionOrders.status, 'issued'), lte(protectionOrders.validUntil, now)))
    .orderBy(asc(protectionOrders.validUntil))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/**
 * Claim orders whose expiry reminder is due. FOR UPDATE SKIP LOCKED: with several instances,
 * each row is claimed by exactly one of them; the claim holds until the caller's transaction ends.
 */
export async function claimDueReminders(tx: Executor, now: Date, limit: number) {
  return tx
    .select()
    .from(protectionOrders)
    .where(
      and(
        eq(protectionOrders.status, 'issued'),
        isNull(protectionOrders.remindedAt),
        lte(protectionOrders.remindAt, now),
      ),
    )
    .orderBy(asc(protectionOrders.remindAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function insertOrder(
  tx: Executor,
  row: typeof protectionOrders.$inferInsert,
): Promise<ProtectionOrderRow | undefined> {
  const [r] = await tx.insert(protectionOrders).values(row).returning();
  return r;
}

/** Insert applications in one statement, each unless one with its id exists (a replayed request): ids written now. */
export async function insertOrdersIfNew(
  tx: Executor,
  rows: readonly (typeof protectionOrders.$inferInsert)[],
): Promise<Set<string>> {
  const seen = new Set<string>();
  const first = rows.filter((r) => !seen.has(r.id) && !!seen.add(r.id));
  if (first.length === 0) return new Set();
  const inserted = await tx.execute<{ id: string }>(
    bulkInsert(protectionOrders, first, sql`on conflict (id) do nothing returning id`),
  );
  return new Set(inserted.map((r) => r.id));
}

/** Audit rows in one statement (one JSON parameter), as `audit` writes each. */
export async function insertAuditRows(
  tx: Executor,
  rows: readonly { who: { sub: string; role: string; dept: string }; entry: AuditEntry }[],
): Promise<void> {
  if (rows.length > 0) await tx.execute(auditInsert(rows.map(({ who, entry }) => auditRow(who, entry))));
}

/** Change an order and bump its version. */
export async function updateOrder(
  tx: Executor,
  id: string,
  patch: Partial<typeof protectionOrders.$inferInsert>,
): Promise<ProtectionOrderRow> {
  const [u] = await tx
    .update(protectionOrders)
    .set({ ...patch, version: sql`${protectionOrders.version} + 1` })
    .where(eq(protectionOrders.id, id))
    .returning();
  return u!;
}

/** Note that an order's expiry reminder went out (no version bump: nobody's edit is made stale by it). */
export async function markReminded(tx: Executor, id: string, now: Date): Promise<void> {
  await tx.update(protectionOrders).set({ remindedAt: now }).where(eq(protectionOrders.id, id));
}

/** Bump an order's version (an assignment changed it). */
export async function bumpOrderVersion(tx: Executor, id: string): Promise<number> {
  const [u] = await tx
    .update(protectionOrders)
    .set({ version: sql`${protectionOrders.version} + 1` })
    .where(eq(protectionOrders.id, id))
    .returning({ version: protectionOrders.version });
  return u!.version;
}
