import { runService } from '@linkage/service-kit';
import { timelineConfig } from './config.ts';
import { buildApp } from './app.ts';

await runService(async () => {
  const config = timelineConfig();
  return { app: await buildApp(config), port: config.PORT, host: config.HOST };
});
