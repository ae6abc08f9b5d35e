import { and, asc, desc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import type { Executor } from '@linkage/db';
import { NotFoundError } from '@linkage/service-kit';
import { notifications, type NotificationRow } from '../../db/notifications.ts';

/** Hands a notification to people outside the console (SMS, a government messaging app). */
export interface NotificationDelivery {
  readonly name: string;
  deliver(n: NotificationRow): Promise<void>;
}

/** The local adapter: one de-identified log line per notification (kind, case number, recipient, deadline). */
export const logDelivery = (app: FastifyInstance): NotificationDelivery => ({
  name: 'log',
  async deliver(n) {
    app.log.info(
      {
        notification: {
          id: n.id,
          kind: n.kind,
          caseNumber: n.caseNumber,
          recipientDept: n.recipientDept,
          recipientSub: n.recipientSub,
          deadline: n.deadline?.toISOString() ?? null,
        },
      },
      'notification delivered',
    );
  },
});

/**
 * Deliver what is not yet delivered: rows claimed with FOR UPDATE SKIP LOCKED, so instances never deliver one twice.
 */
export async function deliverPending(
  app: FastifyInstance,
  adapter: NotificationDelivery,
  batch = 100,
): Promise<number> {
  return app.store.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(notifications)
      .where(isNull(notifications.deliveredAt))
      .orderBy(asc(notifications.seq))
      .limit(batch)
      .for('update', { skipLocked: true });
    for (const n of rows) {
      await adapter.deliver(n);
      await tx.update(notifications).set({ deliveredAt: app.clock() }).where(eq(notifications.id, n.id));
    }
    return rows.length;
  });
}

/** What the caller may see: her department's, and her own (as a worker of that department). */
const mine = (who: Principal): SQL =>
  and(
    eq(notifications.recipientDept, who.dept),
    or(isNull(notifications.recipientSub), eq(notifications.recipientSub, who.sub)),
  )!;

export const view = (n: NotificationRow) => ({
  id: n.id,
  seq: n.seq,
  kind: n.kind,
  caseId: n.caseId,
  caseNumber: n.caseNumber,
  text: n.text,
  deadline: n.deadline?.toISOString() ?? null,
  recipient: n.recipientSub ? ('me' as const) : ('department' as const),
  occurredAt: n.occurredAt.toISOString(),
  read: n.readAt !== null,
});

export async function listNotifications(
  db: Executor,
  who: Principal,
  q: { unread?: boolean; limit: number; offset: number },
) {
  const where = q.unread ? and(mine(who), isNull(notifications.readAt)) : mine(who);
  const [rows, [total]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.seq)).limit(q.limit).offset(q.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(where),
  ]);
  return { items: rows.map(view), total: total?.n ?? 0, limit: q.limit, offset: q.offset };
}

export async function markRead(app: FastifyInstance, who: Principal, id: string) {
  const [n] = await app.store.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), mine(who)));
  // another department's (or another worker's) notification is not found: its existence is not disclosed
  if (!n) throw new NotFoundError('The notification');
  if (n.readAt) return view(n);
  const [u] = await app.store.db
    .update(notifications)
    .set({ readAt: app.clock() })
    .where(eq(notifications.id, id))
    .returning();
  return view(u!);
}

export async function markAllRead(app: FastifyInstance, who: Principal) {
  const rows = await app.store.db
    .update(notifications)
    .set({ readAt: app.clock() })
    .where(and(mine(who), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}

/** The caller's notifications after `seq` (oldest first), for the stream. */
export async function since(db: Executor, who: Principal, seq: number) {
  return (
    await db
      .select()
      .from(notifications)
      .where(and(mine(who), gt(notifications.seq, seq)))
      .orderBy(asc(notifications.seq))
      .limit(100)
  ).map(view);
}
export async function lastSeq(db: Executor, who: Principal): Promise<number> {
  const [r] = await db
    .select({ s: sql<number>`coalesce(max(${notifications.seq}), 0)::bigint` })
    .from(notifications)
    .where(mine(who));
  return Number(r?.s ?? 0);
}
