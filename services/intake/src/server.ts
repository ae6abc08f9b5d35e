import { runService } from '@linkage/service-kit';
import { intakeConfig } from './config.ts';
import { buildApp } from './app.ts';

await runService(async () => {
  const config = intakeConfig();
  return { app: await buildApp(config), port: config.PORT, host: config.HOST };
});
