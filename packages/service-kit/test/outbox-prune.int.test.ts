import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { eventually, freshDatabase, freshTopicPrefix, serviceEnv, testInfra } from '@linkage/testing';
import { buildConsumerApp } from './fixtures/consumer-app.ts';

const HOUR = 3_600_000;

describe("a service prunes its outbox's published rows past retention (real Postgres)", () => {
  let client: DbClient<Record<string, never>>;
  let url: string;

  beforeAll(async () => {
    url = await freshDatabase('outbox_prune_job');
    await runMigrations(url);
    client = createDb(url, {});
  });

  afterAll(async () => {
    await client?.close();
  });

  const row = async (publishedHoursAgo: number | null) => {
    const id = randomUUID();
    await client.sql`
      insert into outbox (event_id, topic, key, type, payload, created_at, published_at)
      values (${id}, 'intake.events', ${randomUUID()}, 'intake.case.opened.v1', ${JSON.stringify({ id })}::jsonb,
        ${new Date(Date.now() - 48 * HOUR).toISOString()}::timestamptz,
        ${publishedHoursAgo === null ? null : new Date(Date.now() - publishedHoursAgo * HOUR).toISOString()}::timestamptz)`;
    return id;
  };

  it('deletes, on its own schedule, what Kafka acknowledged over OUTBOX_RETENTION_HOURS ago, and keeps the rest', async () => {
    const old = await row(3);
    const recent = await row(0.5);
    const unpublished = await row(null);
    const app = await buildConsumerApp(
      {
        ...serviceEnv({ databaseUrl: url, brokers: testInfra().brokers, topicPrefix: freshTopicPrefix() }),
        OUTBOX_RETENTION_HOURS: '1',
        OUTBOX_PRUNE_INTERVAL_MS: '100',
        // the unpublished row must stay unpublished: no relay; no group to join either
        RELAY_ENABLED: 'false',
        CONSUMERS_ENABLED: 'false',
      },
      pino({ level: 'silent' }),
    );
    try {
      await app.ready();
      const left = async () =>
        (await client.sql<{ event_id: string }[]>`select event_id from outbox`).map((r) => r.event_id);
      await eventually(async () => !(await left()).includes(old), 'the old published row to be pruned', 30_000);
      expect((await left()).sort()).toEqual([recent, unpublished].sort());
    } finally {
      await app.close();
    }
  });
});
