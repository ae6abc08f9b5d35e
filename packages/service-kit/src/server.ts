import type { FastifyInstance } from 'fastify';
import { installGracefulShutdown } from './shutdown.ts';
import { isRelayThread, runRelayThread } from './relay-thread.ts';

/** Build, install graceful shutdown, listen. */
export async function startServer(app: FastifyInstance, port: number, host: string): Promise<void> {
  installGracefulShutdown(app);
  try {
    await app.listen({ port, host });
  } catch (err) {
    app.log.error({ err }, 'could not start');
    process.exit(1);
  }
}

/**
 * What every service's src/server.ts does. The process's main thread builds the service and listens, with its outbox
 * relay on a thread of its own (RELAY_THREAD on unless set: relay-thread.ts), which is started on this same entry
 * point: there `build` is not called, so the entry point must load the service's modules inside `build` (dynamic
 * imports), not at its top.
 */
export async function runService(
  build: () => Promise<{ app: FastifyInstance; port: number; host: string }>,
): Promise<void> {
  if (isRelayThread()) return runRelayThread();
  process.env.RELAY_THREAD ??= 'true';
  const { app, port, host } = await build();
  await startServer(app, port, host);
}
