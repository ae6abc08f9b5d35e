import { installGracefulShutdown } from '@linkage/service-kit';
import { intakeConfig } from './config.ts';
import { buildApp } from './app.ts';

const config = intakeConfig();
const app = await buildApp(config);
installGracefulShutdown(app);
await app.listen({ port: config.PORT, host: config.HOST });
