import { startServer } from '@linkage/service-kit';
import { legalAidConfig } from './config.ts';
import { buildApp } from './app.ts';

const config = legalAidConfig();
await startServer(await buildApp(config), config.PORT, config.HOST);
