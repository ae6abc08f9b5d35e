import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createDb, type DbClient } from '@linkage/db';
import { freshDatabase } from '@linkage/testing';

/**
 * postgres.js 3.4.9 writes to a null socket (an uncaught TypeError that kills the process) when a
 * transaction's or a reserved connection's backend dies under it (porsager/postgres #1208): what
 * every service hit on a Postgres restart. patches/postgres+3.4.9.patch (applied at install) makes
 * those handles reject CONNECTION_CLOSED and leaves the pool usable. Only our own backends are
 * terminated here, never the cluster.
 */
describe('postgres.js when a connection dies under a transaction or a reservation (patched driver)', () => {
  let client: DbClient<Record<string, never>>;
  let killer: postgres.Sql;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    const url = await freshDatabase('driver');
    client = createDb(url, {}, { max: 3 });
    killer = postgres(url, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await client?.close();
    await killer?.end({ timeout: 1 });
    process.off('uncaughtException', onUncaught);
  });

  const settle = () => new Promise((r) => setTimeout(r, 300)); // let any deferred write run

  it('a transaction whose backend is terminated mid-query rejects, and nothing is thrown outside it', async () => {
    let pid: number | undefined;
    const tx = client.sql.begin(async (t) => {
      const [row] = await t<{ pid: number }[]>`select pg_backend_pid() as pid`;
      pid = row!.pid;
      await t`select pg_sleep(5)`;
    });
    const outcome = tx.then(
      () => 'committed',
      (e: { code?: string }) => e.code,
    );
    for (let i = 0; pid === undefined && i < 100; i++) await new Promise((r) => setTimeout(r, 20));
    await killer`select pg_terminate_backend(${pid!})`;
    expect(await outcome).toMatch(/CONNECTION_CLOSED|57P01/);
    await settle();
    expect(uncaught).toEqual([]);
    expect((await client.sql<{ one: number }[]>`select 1 as one`)[0]!.one).toBe(1);
  });

  it('a reserved connection whose backend is terminated rejects every later query, and the pool still serves after release', async () => {
    const reserved = await client.sql.reserve();
    const [row] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await killer`select pg_terminate_backend(${row!.pid})`;
    const first = await reserved`select 1`.then(
      () => 'ok',
      (e: { code?: string }) => e.code,
    );
    expect(first).not.toBe('ok');
    const second = await reserved`select 1`.then(
      () => 'ok',
      (e: { code?: string }) => e.code,
    );
    expect(second).toBe('CONNECTION_CLOSED');
    reserved.release();
    await settle();
    expect(uncaught).toEqual([]);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => client.sql<{ n: number }[]>`select ${i}::int as n`),
    );
    expect(answers.map((a) => a[0]!.n)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
