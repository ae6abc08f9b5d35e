import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { bulkInsert, type Executor } from '@linkage/db';
import { referrals, type ReferralRow } from '../schema.ts';

// ---- referrals ----

/**
 * Insert unless a referral for the same request (or safeguarding concern) and department exists. Returns whether it was
 * new.
 */
export async function insertReferralIfNew(tx: Executor, row: typeof referrals.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(referrals).values(row).onConflictDoNothing().returning({ id: referrals.id });
  return inserted.length > 0;
}
/**
 * Insert referrals in one statement (one JSON parameter), each unless a referral with its natural key (request and
 * department, or safeguarding concern) exists or comes earlier in `rows`: the ids written now.
 */
export async function insertReferralsIfNew(
  tx: Executor,
  rows: readonly (typeof referrals.$inferInsert)[],
): Promise<Set<string>> {
  const seen = new Set<string>();
  const first = rows.filter((r) => {
    const key = r.safeguardingId ? `s:${r.safeguardingId}` : r.requestId ? `r:${r.requestId}:${r.department}` : r.id;
    return !seen.has(key) && !!seen.add(key);
  });
  if (first.length === 0) return new Set();
  const inserted = await tx.execute<{ id: string }>(
    bulkInsert(referrals, first, sql`on conflict do nothing returning id`),
  );
  return new Set(inserted.map((r) => r.id));
}
export async function findReferral(db: Executor, id: string): Promise<ReferralRow | undefined> {
  const [r] = await db.select().from(referrals).where(eq(referrals.id, id));
  return r;
}
export async function lockReferral(tx: Executor, id: string): Promise<ReferralRow | undefined> {
  const [r] = await tx.select().from(referrals).where(eq(referrals.id, id)).for('update');
  return r;
}
export async function updateReferral(
  tx: Executor,
  id: string,
  patch: Partial<typeof referrals.$inferInsert>,
): Promise<ReferralRow> {
  const [r] = await tx
    .update(referrals)
    .set({ ...patch, version: sql`${referrals.version} + 1` })
    .where(eq(referrals.id, id))
    .returning();
  return r!;
}
/** `streets`: null = every street, otherwise only referrals in one of them (none without a street). */
export async function referralsForDept(
  db: Executor,
  dept: string | null,
  status?: string,
  streets: string[] | null = null,
): Promise<ReferralRow[]> {
  const where: SQL[] = [];
  if (dept) where.push(eq(referrals.assignedDept, dept));
  if (streets) where.push(inArray(referrals.street, streets.length ? streets : ['-']));
  if (status) where.push(eq(referrals.status, status));
  return db
    .select()
    .from(referrals)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(referrals.acceptBy))
    .limit(500);
}
export async function referralsOfCase(db: Executor, caseId: string): Promise<ReferralRow[]> {
  return db.select().from(referrals).where(eq(referrals.caseId, caseId)).orderBy(asc(referrals.createdAt));
}
export async function countOpenReferrals(tx: Executor, caseId: string): Promise<number> {
  const [r] = await tx
    .select({ n: count() })
    .from(referrals)
    .where(and(eq(referrals.caseId, caseId), inArray(referrals.status, ['requested', 'accepted', 'in_progress'])));
  return r?.n ?? 0;
}

/** Bump a referral's version (an assignment changed it). */
export async function bumpReferralVersion(tx: Executor, id: string, now: Date): Promise<number> {
  const [u] = await tx
    .update(referrals)
    .set({ version: sql`${referrals.version} + 1`, updatedAt: now })
    .where(eq(referrals.id, id))
    .returning({ version: referrals.version });
  return u!.version;
}
