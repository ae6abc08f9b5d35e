import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import postgres from 'postgres';
import { ensureDatabase } from '@linkage/db';
import './context.ts';

export function testInfra(): { brokers: string[]; pgAdminUrl: string } {
  const brokers = inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS;
  const pgAdminUrl = inject('pgAdminUrl') ?? process.env.PG_ADMIN_URL;
  if (!brokers || !pgAdminUrl)
    throw new Error('no test infrastructure: is @linkage/testing/global-setup in vitest globalSetup?');
  return { brokers: brokers.split(','), pgAdminUrl };
}

export const uniqueSuffix = (): string => randomBytes(4).toString('hex');

/**
 * This vitest run's id (hex, set by the global setup; `npm test`'s run id first): every database and topic prefix
 * the run makes starts with `t<scope>`, so the run removes them at its end (global-setup.ts). Empty outside a run.
 */
export const testScope = (): string => {
  const scope = process.env.LINKAGE_TEST_SCOPE ?? '';
  return /^[0-9a-f]{1,32}$/.test(scope) ? scope : '';
};

/** A new, empty database for one test file; returns its URL. */
export async function freshDatabase(label: string): Promise<string> {
  const name = `t${testScope()}_${label.replace(/[^a-z0-9]/g, '_').slice(0, 30)}_${uniqueSuffix()}`;
  return ensureDatabase(testInfra().pgAdminUrl, name);
}

/**
 * A topic prefix so a test file's topics are its own. It starts with the run's scope (`testScope`, which under
 * `npm test` starts with `LINKAGE_TEST_RUN`), so the run deletes its own topics at the end.
 */
export const freshTopicPrefix = (): string => `t${testScope()}${uniqueSuffix()}.`;

/** Bounded poll for a condition; fails with the description and the last value seen. Never a bare sleep. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  description: string,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Count rows with a raw query on a database URL (assertions in tests). */
export async function queryOnce<T extends Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql.unsafe(text, params as never[])) as unknown as T[];
  } finally {
    await sql.end({ timeout: 5 });
  }
}
