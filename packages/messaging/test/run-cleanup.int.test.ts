import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import postgres from 'postgres';
import { testInfra } from '@linkage/testing';
import { createKafka } from '../src/index.ts';

const PKG = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * A test run on a Postgres and a broker that outlive it (the local infrastructure) removes what its tests made.
 * Before, every run left its databases (1,400 on this machine's cluster, slowing it down for everyone) and, run
 * outside `npm test`, its topics.
 */
describe('a test run cleans up after itself', () => {
  it("drops the run's databases and deletes its topics when it ends", async () => {
    const { brokers, pgAdminUrl } = testInfra();
    const out = join(mkdtempSync(join(tmpdir(), 'run-data-')), 'made.json');
    const { LINKAGE_TEST_RUN: _run, LINKAGE_TEST_SCOPE: _scope, ...env } = process.env;
    const child = spawnSync(
      resolve(PKG, '../../node_modules/.bin/vitest'),
      ['run', '--config', 'test/run-data/vitest.config.mjs'],
      {
        cwd: PKG,
        encoding: 'utf8',
        timeout: 180_000,
        env: {
          ...env,
          npm_lifecycle_event: 'test:int',
          KAFKA_BROKERS: brokers.join(','),
          PG_ADMIN_URL: pgAdminUrl,
          RUN_DATA_OUT: out,
        },
      },
    );
    expect(child.status, `${child.stdout}\n${child.stderr}`).toBe(0);
    const made = JSON.parse(readFileSync(out, 'utf8')) as { database: string; prefix: string };
    const sql = postgres(pgAdminUrl, { max: 1, onnotice: () => {} });
    try {
      const left = await sql`select 1 from pg_database where datname = ${made.database}`;
      expect(left.length, `database ${made.database} is still there after the run`).toBe(0);
    } finally {
      await sql.end({ timeout: 5 });
    }
    // named in the run's scope (t<hex>_…), the prefix too: what the run's end removes
    expect(made.database).toMatch(/^t[0-9a-f]{6}_run_data_[0-9a-f]{8}$/);
    expect(made.prefix.startsWith(made.database.slice(0, 7))).toBe(true);
    const admin = createKafka({ brokers, clientId: 'run-cleanup', logger: pino({ level: 'silent' }) }).admin();
    await admin.connect();
    try {
      expect((await admin.listTopics()).filter((t) => t.startsWith(made.prefix))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
