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

/** What every service's src/server.ts does: build the service and listen. */
export async function runService(
  build: () => Promise<{ app: FastifyInstance; port: number; host: string }>,
): Promise<void> {
  const { app, port, host } = await build();
  await startServer(app, port, host);
}
