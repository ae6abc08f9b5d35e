import { runService } from '@linkage/service-kit';

// The service's modules are loaded inside the callback: the outbox relay's thread starts on this file too (runService).
await runService(async () => {
  const { dvConfig } = await import('./config.ts');
  const { buildApp } = await import('./app.ts');
  const config = dvConfig();
  return { app: await buildApp(config), port: config.PORT, host: config.HOST };
});
