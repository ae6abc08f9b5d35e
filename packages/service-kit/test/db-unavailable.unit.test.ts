import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import postgres from 'postgres';
import { createServiceApp, installProblemDetails } from '../src/index.ts';

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('a request while the database is unreachable', () => {
  it('is a 503 database_unavailable with Retry-After (retry is safe), not a 500; other failures stay 500', async () => {
    const sql = postgres({ host: '127.0.0.1', port: await closedPort(), connect_timeout: 2, max: 1 });
    const app = createServiceApp({ service: 't', logLevel: 'silent', logger: pino({ level: 'silent' }) });
    installProblemDetails(app);
    app.get('/rows', async () => await sql`select 1`);
    app.get('/bug', async () => {
      throw new TypeError('x is undefined');
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/rows' });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 503, code: 'database_unavailable' });
      const bug = await app.inject({ method: 'GET', url: '/bug' });
      expect(bug.statusCode).toBe(500);
      expect(bug.json().code).toBe('internal');
    } finally {
      await app.close();
      await sql.end({ timeout: 1 });
    }
  }, 30_000);
});
