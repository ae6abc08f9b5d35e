import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createServiceApp, platform, type Clock } from '@linkage/service-kit';
import { SERVICE, settingsOf, type IntakeConfig, type IntakeSettings } from './config.ts';
import { schema } from './db/schema.ts';
import caseRoutes from './routes/cases.ts';
import caseActionRoutes from './routes/case-actions.ts';
import reportRoutes from './routes/mandatory-reports.ts';
import labelRoutes from './routes/labels.ts';
import checklistRoutes from './routes/checklists.ts';
import { registerConsumers } from './consumers.ts';

export const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    intakeSettings: IntakeSettings;
  }
}

export interface BuildOptions {
  logger?: Logger;
  clock?: Clock;
}

/** The intake service: external plugins (platform: db, kafka, auth, docs) first, then consumers and routes. */
export async function buildApp(config: IntakeConfig, o: BuildOptions = {}) {
  const app = createServiceApp({
    service: SERVICE,
    logLevel: config.LOG_LEVEL,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  await app.register(platform, {
    service: SERVICE,
    description:
      'Where every case starts: 12338 hotline and mandatory-report intake, risk screening, consent and routing.',
    config,
    schema,
    migrationsFolder: MIGRATIONS,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  app.decorate('intakeSettings', settingsOf(config));
  registerConsumers(app);
  await app.register(caseRoutes);
  await app.register(caseActionRoutes);
  await app.register(reportRoutes);
  await app.register(labelRoutes);
  await app.register(checklistRoutes);
  return app;
}
