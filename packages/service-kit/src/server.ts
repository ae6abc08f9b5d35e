import type { FastifyInstance } from 'fastify';
import { installGracefulShutdown } from './shutdown.ts';

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
 * What every service's src/server.ts does: build the service (config read inside `build`) and listen, its outbox relay
 * on a thread of its own unless RELAY_THREAD says otherwise (relay-thread.ts). An app built inside a test process has
 * the relay in its own event loop (the config's default).
 */
export async function runService(
  build: () => Promise<{ app: FastifyInstance; port: number; host: string }>,
): Promise<void> {
  process.env.RELAY_THREAD ??= 'true';
  const { app, port, host } = await build();
  await startServer(app, port, host);
}
