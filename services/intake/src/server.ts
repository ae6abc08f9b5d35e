import { startServer } from '@linkage/service-kit';
import { intakeConfig } from './config.ts';
import { buildApp } from './app.ts';

const config = intakeConfig();
await startServer(await buildApp(config), config.PORT, config.HOST);
