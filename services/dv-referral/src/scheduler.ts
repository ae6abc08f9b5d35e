import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { registerPeriodicJob } from '@linkage/service-kit';
import { expireLapsedOrders, sendDueExpiryReminders } from './domain/order/service.ts';

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
