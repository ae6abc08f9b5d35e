import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
// Relative: @linkage/db must not depend on @linkage/testing (which depends on it).
import { freshDatabase } from '../../testing/src/helpers.ts';
import { createDb, type DbClient } from '../src/index.ts';

/**
 * drizzle's queries run as prepared statements: parsed once per connection, then one round trip per call (unprepared,
 * postgres.js describes each parameterized statement first: two round trips every time). One connection, so what
 * pg_prepared_statements shows is the connection the queries ran on.
 */
describe('drizzle queries are prepared statements (real Postgres)', () => {
  let db: DbClient<Record<string, never>>;
  beforeAll(async () => {
    db = createDb(await freshDatabase('prepared'), {}, { max: 1 });
  });
  afterAll(async () => db?.close());

  const prepared = async () =>
    (await db.sql<{ statement: string }[]>`select statement from pg_prepared_statements`).map((r) => r.statement);

  it('on the pool, in a transaction and in a nested transaction (savepoint), each text prepared once', async () => {
    for (let i = 0; i < 3; i++) await db.db.execute(sql`select ${i}::int + 101 as pooled`);
    await db.db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int + 102 as in_transaction`);
      await tx.transaction(async (sp) => {
        await sp.execute(sql`select ${2}::int + 103 as in_savepoint`);
      });
    });
    const texts = await prepared();
    expect(texts.filter((t) => t.includes('pooled'))).toEqual(['select $1::int + 101 as pooled']);
    expect(texts.filter((t) => t.includes('in_transaction'))).toEqual(['select $1::int + 102 as in_transaction']);
    expect(texts.filter((t) => t.includes('in_savepoint'))).toEqual(['select $1::int + 103 as in_savepoint']);
  });

  it('answers as before: values, rows, rollback', async () => {
    const [row] = await db.db.execute<{ x: number }>(sql`select ${41}::int + 1 as x`);
    expect(row?.x).toBe(42);
    await db.db.execute(sql`create table if not exists prepared_t (n int not null)`);
    await expect(
      db.db.transaction(async (tx) => {
        await tx.execute(sql`insert into prepared_t (n) values (${1})`);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const [count] = await db.db.execute<{ n: number }>(sql`select count(*)::int as n from prepared_t`);
    expect(count?.n).toBe(0);
  });
});
