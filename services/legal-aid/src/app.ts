import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createServiceApp, holidayRoutes, platform, registerPeriodicJob, type Clock } from '@linkage/service-kit';
import { deemOverdueWithdrawn } from './application/withdrawals.ts';
import { SERVICE, type LegalAidConfig } from './config.ts';
import { schema } from './db/schema.ts';
import applicationRoutes from './routes/applications.ts';
import applicationCommandRoutes from './routes/commands.ts';
import lawyerRoutes from './routes/lawyers.ts';
import assignmentRoutes from './routes/assignment.ts';
import { registerConsumers } from './consumers.ts';

export const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface BuildOptions {
  logger?: Logger;
  clock?: Clock;
}

export async function buildApp(config: LegalAidConfig, o: BuildOptions = {}) {
  const app = createServiceApp({
    service: SERVICE,
    logLevel: config.LOG_LEVEL,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  await app.register(platform, {
    service: SERVICE,
    description:
      'Legal aid: applications, means test and statutory exemptions, 7-day decisions, 3-day lawyer assignment, closure.',
    config,
    schema,
    migrationsFolder: MIGRATIONS,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  registerConsumers(app, config);
  await app.register(applicationRoutes, { config });
  await app.register(applicationCommandRoutes);
  await app.register(lawyerRoutes);
  await app.register(assignmentRoutes);
  // the State Council holiday schedule day periods are counted with (admins edit it; audited)
  await app.register(holidayRoutes);
  registerPeriodicJob(app, 'materials-deemed-withdrawn', config.SCHEDULER_INTERVAL_MS, () => deemOverdueWithdrawn(app));
  return app;
}
