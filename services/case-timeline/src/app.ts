import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createServiceApp, platform, registerPeriodicJob, type Clock } from '@linkage/service-kit';
import { SERVICE, type TimelineConfig } from './config.ts';
import { schema } from './db/schema.ts';
import timelineRoutes from './routes/timeline.ts';
import { registerConsumers } from './consumers.ts';
import oversightRoutes from './routes/oversight.ts';
import notificationRoutes from './routes/notifications.ts';
import { deliverPending, logDelivery } from './application/notifications.ts';
import { tick } from './application/scheduler.ts';
import { registerClockMetrics } from './application/metrics.ts';

export const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface BuildOptions {
  logger?: Logger;
  clock?: Clock;
  /** Replay under this Kafka consumer group instead of the live one (see application/rebuild.ts). */
  replayGroup?: string;
}

/** The case timeline and oversight service: end-to-end timelines, statutory clocks, indicators. */
export async function buildApp(config: TimelineConfig, o: BuildOptions = {}) {
  const app = createServiceApp({
    service: SERVICE,
    logLevel: config.LOG_LEVEL,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  await app.register(platform, {
    service: SERVICE,
    description:
      'Per-case end-to-end timelines across departments, statutory clocks and breaches, plan indicators — de-identified.',
    config,
    schema,
    migrationsFolder: MIGRATIONS,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  registerConsumers(app, o.replayGroup);
  registerClockMetrics(app);
  await app.register(timelineRoutes);
  await app.register(oversightRoutes);
  await app.register(notificationRoutes, {
    pollMs: config.NOTIFY_STREAM_POLL_MS,
    heartbeatMs: config.NOTIFY_HEARTBEAT_MS,
  });
  // the local delivery adapter writes a de-identified log line; SMS or a messaging app implement NotificationDelivery
  const delivery = logDelivery(app);
  if (!o.replayGroup)
    registerPeriodicJob(app, 'notification-delivery', config.NOTIFY_DELIVERY_INTERVAL_MS, () =>
      deliverPending(app, delivery),
    );
  if (config.SCHEDULER_ENABLED)
    registerPeriodicJob(app, 'sla-clocks', config.SCHEDULER_INTERVAL_MS, () => tick(app, app.clock()));
  return app;
}
