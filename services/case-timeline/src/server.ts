import { startServer } from '@linkage/service-kit';
import { timelineConfig } from './config.ts';
import { buildApp } from './app.ts';

const config = timelineConfig();
await startServer(await buildApp(config), config.PORT, config.HOST);
