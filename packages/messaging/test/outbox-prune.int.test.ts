import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { freshDatabase } from '@linkage/testing';
import { pruneOutbox } from '../src/index.ts';

const HOUR = 3_600_000;

describe('outbox retention (real Postgres)', () => {
  let client: DbClient<Record<string, never>>;

  beforeAll(async () => {
    const url = await freshDatabase('outbox_prune');
    await runMigrations(url);
    client = createDb(url, {});
  });

  afterAll(async () => {
    await client?.close();
  });

  /** An outbox row written `createdHoursAgo` and acknowledged by Kafka `publishedHoursAgo` (null: not yet). */
  const row = async (createdHoursAgo: number, publishedHoursAgo: number | null) => {
    const id = randomUUID();
    const now = Date.now();
    await client.sql`
      insert into outbox (event_id, topic, key, type, payload, created_at, published_at)
      values (${id}, 'intake.events', ${randomUUID()}, 'intake.case.opened.v1', ${JSON.stringify({ id })}::jsonb,
        ${new Date(now - createdHoursAgo * HOUR).toISOString()}::timestamptz,
        ${publishedHoursAgo === null ? null : new Date(now - publishedHoursAgo * HOUR).toISOString()}::timestamptz)`;
    return id;
  };

  it('deletes the rows Kafka acknowledged before the cut-off, in batches, and never a row not yet acknowledged', async () => {
    const old = [];
    for (let i = 0; i < 5; i++) old.push(await row(240, 239));
    const recent = await row(2, 1);
    const stuck = await row(720, null); // written a month ago, never acknowledged (Kafka refused it so far)
    const ackedJustAfter = await row(200, 167); // acknowledged after the cut-off: kept

    // batches of 2: three statements for the five rows
    expect(await pruneOutbox(client.sql, new Date(Date.now() - 168 * HOUR), 2)).toBe(5);

    const left = (await client.sql<{ event_id: string }[]>`select event_id from outbox order by id`).map(
      (r) => r.event_id,
    );
    expect(left).toEqual([recent, stuck, ackedJustAfter]);
    // nothing more to delete: a second run changes nothing
    expect(await pruneOutbox(client.sql, new Date(Date.now() - 168 * HOUR), 2)).toBe(0);
    expect(await client.sql`select 1 from outbox`).toHaveLength(3);
  });
});
