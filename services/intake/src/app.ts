import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createServiceApp, platform, type Clock } from '@linkage/service-kit';
import { SERVICE, type IntakeConfig } from './config.ts';
import { schema } from './db/schema.ts';
import caseRoutes from './routes/cases.ts';

export const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface BuildOptions {
  logger?: Logger;
  clock?: Clock;
}

/** The intake service: external plugins (platform: db, kafka, auth, docs) first, then routes. */
export async function buildApp(config: IntakeConfig, o: BuildOptions = {}) {
  const app = createServiceApp({ service: SERVICE, logLevel: config.LOG_LEVEL, ...(o.logger ? { logger: o.logger } : {}) });
  await app.register(platform, {
    service: SERVICE,
    description: 'Where every case starts: 12338 hotline and mandatory-report intake, risk screening, consent and routing.',
    config,
    schema,
    migrationsFolder: MIGRATIONS,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  await app.register(caseRoutes);
  return app;
}
