import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createServiceApp, holidayRoutes, platform, type Clock } from '@linkage/service-kit';
import { policyOf, SERVICE, type ElderCareConfig } from './config.ts';
import { schema } from './db/schema.ts';
import { registerConsumers } from './consumers.ts';
import elderCareRoutes from './routes/elder-care.ts';
import assignmentRoutes from './routes/assignment.ts';

export const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface BuildOptions {
  logger?: Logger;
  clock?: Clock;
}

export async function buildApp(config: ElderCareConfig, o: BuildOptions = {}) {
  const app = createServiceApp({
    service: SERVICE,
    logLevel: config.LOG_LEVEL,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  await app.register(platform, {
    service: SERVICE,
    description:
      'Elder care for elderly women: needs assessment, respite, home care, family care beds, placements, safeguarding.',
    config,
    schema,
    migrationsFolder: MIGRATIONS,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  const policy = policyOf(config);
  registerConsumers(app, policy);
  await app.register(elderCareRoutes, { policy });
  await app.register(assignmentRoutes);
  // the State Council holiday schedule day periods are counted with (admins edit it; audited)
  await app.register(holidayRoutes);
  return app;
}
