import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createServiceApp, holidayRoutes, platform, type Clock } from '@linkage/service-kit';
import { SERVICE, type DvConfig } from './config.ts';
import { schema } from './db/schema.ts';
import referralRoutes from './routes/referrals.ts';
import policeRoutes from './routes/police.ts';
import orderRoutes from './routes/orders.ts';
import careRoutes from './routes/care.ts';
import assignmentRoutes from './routes/assignment.ts';
import perpetratorRoutes from './routes/perpetrators.ts';
import { registerConsumers } from './consumers.ts';
import { schedulerPlugin } from './application/scheduler.ts';

export const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface BuildOptions {
  logger?: Logger;
  clock?: Clock;
}

/** The domestic-violence referral service: police, court, shelter, health, counselling and follow-up. */
export async function buildApp(config: DvConfig, o: BuildOptions = {}) {
  const app = createServiceApp({
    service: SERVICE,
    logLevel: config.LOG_LEVEL,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  await app.register(platform, {
    service: SERVICE,
    description:
      'Multi-agency domestic-violence referrals: police call-outs and warning letters, protection orders, shelters, injury assessments, follow-up.',
    config,
    schema,
    migrationsFolder: MIGRATIONS,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  registerConsumers(app, config);
  await app.register(schedulerPlugin, { intervalMs: config.SCHEDULER_INTERVAL_MS });
  await app.register(referralRoutes, { config });
  await app.register(policeRoutes, { config });
  await app.register(orderRoutes, { config });
  await app.register(careRoutes, { config });
  await app.register(assignmentRoutes);
  await app.register(perpetratorRoutes);
  // the State Council holiday schedule day periods are counted with (admins edit it; audited)
  await app.register(holidayRoutes);
  return app;
}
