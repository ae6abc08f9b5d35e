import { fileURLToPath } from 'node:url';
import { loadOrCreateDevKeys } from '@linkage/auth';
import { startServer } from '@linkage/service-kit';
import { buildConsoleApp } from './app.ts';
import { consoleConfig } from './config.ts';

const config = consoleConfig(
  { CONSOLE_DIST: fileURLToPath(new URL('../../dist', import.meta.url)), ...process.env },
  { devPrivateKey: () => loadOrCreateDevKeys().privateKey },
);
const app = await buildConsoleApp({ config });
await startServer(app, config.port, config.host);
