import { runService } from '@linkage/service-kit';
import { dvConfig } from './config.ts';
import { buildApp } from './app.ts';

await runService(async () => {
  const config = dvConfig();
  return { app: await buildApp(config), port: config.PORT, host: config.HOST };
});
