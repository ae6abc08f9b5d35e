import { and, asc, desc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { anyUuid, bulkInsert, onConflictUpdate } from '@linkage/db';
import { keysOf, type HasEveryColumn } from './excluded.ts';
import type { Principal } from '@linkage/auth/policy';
import type { Executor } from '@linkage/db';
import type { Notification, WorkItem } from '../../domain/notifications/evolve.ts';
import { notifications, workItems, type NotificationRow } from '../schema.ts';

/** Work items, locked for the rest of the transaction. */
export async function lockWorkItems(tx: Executor, recordIds: readonly string[]): Promise<WorkItem[]> {
  if (recordIds.length === 0) return [];
  return tx.select().from(workItems).where(anyUuid(workItems.recordId, recordIds)).for('update');
}

true satisfies HasEveryColumn<WorkItem, typeof workItems>;
/** Write work items (new or changed) in one statement. */
export async function saveWorkItems(tx: Executor, rows: readonly WorkItem[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(bulkInsert(workItems, rows, onConflictUpdate(workItems, 'recordId', keysOf(rows[0]!))));
}

/** Each notification once (its id is deterministic: a rebuild derives the same one again). */
export async function insertNotifications(tx: Executor, rows: readonly Notification[]): Promise<void> {
  if (rows.length) await tx.execute(bulkInsert(notifications, rows, sql`on conflict do nothing`));
}

/** Notifications not yet delivered, claimed with FOR UPDATE SKIP LOCKED (instances never deliver one twice). */
export async function claimUndelivered(tx: Executor, batch: number): Promise<NotificationRow[]> {
  return tx
    .select()
    .from(notifications)
    .where(isNull(notifications.deliveredAt))
    .orderBy(asc(notifications.seq))
    .limit(batch)
    .for('update', { skipLocked: true });
}

export async function markDelivered(tx: Executor, id: string, at: Date): Promise<void> {
  await tx.update(notifications).set({ deliveredAt: at }).where(eq(notifications.id, id));
}

/** What the caller may see: her department's, and her own (as a worker of that department). */
const mine = (who: Principal): SQL =>
  and(
    eq(notifications.recipientDept, who.dept),
    or(isNull(notifications.recipientSub), eq(notifications.recipientSub, who.sub)),
  ) ?? sql`false`;

export async function pageOfNotifications(
  db: Executor,
  who: Principal,
  q: { unread?: boolean | undefined; limit: number; offset: number },
) {
  const where = q.unread ? and(mine(who), isNull(notifications.readAt)) : mine(who);
  const [rows, [total]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.seq)).limit(q.limit).offset(q.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One of the caller's notifications (another department's or worker's is not found). */
export async function notificationOf(db: Executor, who: Principal, id: string): Promise<NotificationRow | undefined> {
  const [n] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), mine(who)));
  return n;
}

export async function markRead(db: Executor, id: string, at: Date): Promise<NotificationRow | undefined> {
  const [u] = await db.update(notifications).set({ readAt: at }).where(eq(notifications.id, id)).returning();
  return u;
}

export async function markAllRead(db: Executor, who: Principal, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(mine(who), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** The caller's notifications after `seq` (oldest first), for the stream. */
export async function notificationsSince(db: Executor, who: Principal, seq: number): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(and(mine(who), gt(notifications.seq, seq)))
    .orderBy(asc(notifications.seq))
    .limit(100);
}

export async function lastSeq(db: Executor, who: Principal): Promise<number> {
  const [r] = await db
    .select({ s: sql<number>`coalesce(max(${notifications.seq}), 0)::bigint` })
    .from(notifications)
    .where(mine(who));
  return Number(r?.s ?? 0);
}
