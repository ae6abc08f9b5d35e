import { startServer } from '@linkage/service-kit';
import { elderCareConfig } from './config.ts';
import { buildApp } from './app.ts';

const config = elderCareConfig();
await startServer(await buildApp(config), config.PORT, config.HOST);
