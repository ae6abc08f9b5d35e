import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testInfra } from '@linkage/testing';
import { ALL_SERVICES, pollUntil, Stack } from '../../../infra/chaos/stack.ts';

/** Lines of a start-up log that are warnings or worse (pino level >= 40), or not JSON at all (a stray stack trace). */
function badLines(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => l.trim() !== '')
    .filter((l) => {
      try {
        const { level } = JSON.parse(l) as { level?: unknown };
        return typeof level !== 'number' || level >= 40;
      } catch {
        return true;
      }
    });
}

/**
 * Every service's start-up log is clean, as `npm start` starts them: a new broker of the test's own
 * (infra/local/kafka.sh up in a temporary state directory, then the topics), fresh databases on the shared
 * Postgres, each service under its supervisor at LOG_LEVEL=info. Until /readyz answers 200 no line is a
 * warning or an error: a start-up that logs errors on every run teaches operators to ignore them.
 */
describe('start-up log', () => {
  const state = mkdtempSync(join(tmpdir(), 'linkage-startup-log-'));
  const stack = new Stack({
    state,
    pgAdminUrl: testInfra().pgAdminUrl,
    serviceEnv: { LOG_LEVEL: 'info' },
    log: () => {},
  });
  const logs: Record<string, string> = {};

  beforeAll(async () => {
    await stack.up();
    // Read each log the moment its service is ready: what follows is no longer start-up.
    const pending = new Set<string>(ALL_SERVICES);
    const done = await pollUntil(
      async () => {
        for (const name of [...pending])
          if (await stack.ready(name)) {
            const file = join(stack.runDir, `${name}.log`);
            logs[name] = existsSync(file) ? readFileSync(file, 'utf8') : '';
            pending.delete(name);
          }
        return pending.size === 0;
      },
      180_000,
      250,
    );
    if (!done) throw new Error(`not ready within 180 s: ${[...pending].join(', ')} (logs in ${stack.runDir})`);
  }, 600_000); // Kafka may take its whole 300 s to start on a loaded machine

  afterAll(async () => {
    await stack.down();
    rmSync(state, { recursive: true, force: true });
  }, 120_000);

  it.each(ALL_SERVICES)('%s logs no warning or error until it is ready', (name) => {
    const log = logs[name] ?? '';
    expect(log, `${name}'s start-up log`).toContain('"msg":"Server listening');
    expect(badLines(log), `${name}: lines at level >= 40 before /readyz was 200`).toEqual([]);
  });
});
