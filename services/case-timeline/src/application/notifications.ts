import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth/policy';
import type { Executor } from '@linkage/db';
import { NotFoundError } from '@linkage/domain';
import * as q from '../db/queries/notifications.ts';
import type { NotificationRow } from '../db/schema.ts';

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

/** Deliver what is not yet delivered (claimed rows: instances never deliver one twice). */
export async function deliverPending(
  app: FastifyInstance,
  adapter: NotificationDelivery,
  batch = 100,
): Promise<number> {
  return app.store.db.transaction(async (tx) => {
    const rows = await q.claimUndelivered(tx, batch);
    for (const n of rows) {
      await adapter.deliver(n);
      await q.markDelivered(tx, n.id, app.clock());
    }
    return rows.length;
  });
}

const view = (n: NotificationRow) => ({
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
  page: { unread?: boolean | undefined; limit: number; offset: number },
) {
  const { rows, total } = await q.pageOfNotifications(db, who, page);
  return { items: rows.map(view), total, limit: page.limit, offset: page.offset };
}

export async function markRead(app: FastifyInstance, who: Principal, id: string) {
  const n = await q.notificationOf(app.store.db, who, id);
  // another department's (or another worker's) notification is not found: its existence is not disclosed
  if (!n) throw new NotFoundError('The notification');
  if (n.readAt) return view(n);
  const u = await q.markRead(app.store.db, id, app.clock());
  if (!u) throw new NotFoundError('The notification');
  return view(u);
}

export async function markAllRead(app: FastifyInstance, who: Principal) {
  return { marked: await q.markAllRead(app.store.db, who, app.clock()) };
}

/** The caller's notifications after `seq` (oldest first), for the stream. */
export async function since(db: Executor, who: Principal, seq: number) {
  return (await q.notificationsSince(db, who, seq)).map(view);
}

export const lastSeq = q.lastSeq;
