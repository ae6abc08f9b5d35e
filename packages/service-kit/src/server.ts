import type { FastifyInstance } from 'fastify';
import { installGracefulShutdown } from './shutdown.ts';

/** What every service's src/server.ts does: build, install graceful shutdown, listen. */
export async function startServer(app: FastifyInstance, port: number, host: string): Promise<void> {
  installGracefulShutdown(app);
  try {
    await app.listen({ port, host });
  } catch (err) {
    app.log.error({ err }, 'could not start');
    process.exit(1);
  }
}
