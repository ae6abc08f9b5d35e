import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { emitEvents } from '@linkage/messaging';
import { audit, registerPeriodicJob } from '@linkage/service-kit';
import { claimDueReminders, claimLapsedOrders, markReminded, updateOrder } from '../db/queries/orders.ts';
import { decideExpiry, decideExpiryReminder, orderChange } from '../domain/order/evolve.ts';
import { eventContext, SYSTEM } from './context.ts';

/**
 * Scheduler tick (ADVL Art. 30): every issued order past its end date becomes `expired`, with
 * `dv.protection_order.expired.v1` dated at its end. Rows claimed with FOR UPDATE SKIP LOCKED.
 */
export async function expireLapsedOrders(app: FastifyInstance, batch = 50): Promise<number> {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const rows = await claimLapsedOrders(tx, now, batch);
    for (const o of rows) {
      const events = decideExpiry(o, now);
      if (events.length === 0) continue;
      await updateOrder(tx, o.id, orderChange(events, o.served, 0));
      await audit(tx, SYSTEM, {
        action: 'protection_order.expired',
        entityType: 'protection_order',
        entityId: o.id,
        caseId: o.caseId,
        details: { from: 'issued', to: 'expired' },
      });
      await emitEvents(tx, events, eventContext(app, SYSTEM, o.caseId, now));
    }
    return rows.length;
  });
}

/**
 * Scheduler tick: emit `dv.protection_order.expiring.v1` for every issued order whose reminder
 * is due. Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances never send one twice.
 */
export async function sendDueExpiryReminders(app: FastifyInstance, batch = 50): Promise<number> {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const rows = await claimDueReminders(tx, now, batch);
    let sent = 0;
    for (const o of rows) {
      const events = decideExpiryReminder(o, now);
      if (events.length === 0) continue;
      await markReminded(tx, o.id, now);
      await emitEvents(tx, events, eventContext(app, SYSTEM, o.caseId, now));
      sent++;
    }
    return sent;
  });
}

/**
 * Periodic jobs. Safe with several instances: every job claims rows with FOR UPDATE SKIP LOCKED.
 * `intervalMs` 0 turns the timer off (tests call the jobs directly with an injected clock).
 */
export const schedulerPlugin = fp<{ intervalMs: number }>(
  async (app: FastifyInstance, o) => {
    registerPeriodicJob(app, 'protection-order-expiry-reminders', o.intervalMs, () => sendDueExpiryReminders(app));
    registerPeriodicJob(app, 'protection-orders-expired', o.intervalMs, () => expireLapsedOrders(app));
  },
  { name: 'dv-scheduler', fastify: '5.x', dependencies: ['linkage-platform'] },
);
