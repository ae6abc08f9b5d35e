import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { sendDueExpiryReminders } from './domain/order/service.ts';

/**
 * Periodic jobs. Safe with several instances: every job claims rows with FOR UPDATE SKIP LOCKED.
 * `intervalMs` 0 turns the timer off (tests call the jobs directly with an injected clock).
 */
export const schedulerPlugin = fp<{ intervalMs: number }>(
  async (app: FastifyInstance, o) => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> | undefined;
    const tick = () => {
      if (running) return;
      running = sendDueExpiryReminders(app)
        .catch((err) => app.log.error({ err }, 'expiry reminder tick failed'))
        .finally(() => (running = undefined));
    };
    app.addHook('onReady', async () => {
      if (o.intervalMs > 0) timer = setInterval(tick, o.intervalMs);
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await running;
    });
  },
  { name: 'dv-scheduler', fastify: '5.x', dependencies: ['linkage-platform'] },
);
