import { runService } from '@linkage/service-kit';
import { elderCareConfig } from './config.ts';
import { buildApp } from './app.ts';

await runService(async () => {
  const config = elderCareConfig();
  return { app: await buildApp(config), port: config.PORT, host: config.HOST };
});
