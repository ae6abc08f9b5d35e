import { runService } from '@linkage/service-kit';
import { legalAidConfig } from './config.ts';
import { buildApp } from './app.ts';

await runService(async () => {
  const config = legalAidConfig();
  return { app: await buildApp(config), port: config.PORT, host: config.HOST };
});
