import { startServer } from '@linkage/service-kit';
import { dvConfig } from './config.ts';
import { buildApp } from './app.ts';

const config = dvConfig();
await startServer(await buildApp(config), config.PORT, config.HOST);
