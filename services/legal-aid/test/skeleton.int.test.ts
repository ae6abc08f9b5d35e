import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import {
  bearer,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
  untilReady,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { legalAidConfig } from '../src/config.ts';

describe('legal-aid service skeleton (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dbUrl: string;

  beforeAll(async () => {
    dbUrl = await freshDatabase('legal-aid');
    const prefix = freshTopicPrefix();
    await ensureTopics(
      createKafka({ brokers, clientId: 'legal-aid-skeleton-test', logger: pino({ level: 'silent' }) }),
      prefix,
    );
    app = await buildApp(legalAidConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger: pino({ level: 'silent' }),
    });
    await app.ready();
  });
  afterAll(() => app?.close());

  it('migrates its own database, with the shared outbox, inbox and audit tables', async () => {
    const tables = await queryOnce<{ table_name: string }>(
      dbUrl,
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['outbox', 'inbox', 'audit_log']));
  });

  it('is live, ready (database and Kafka reachable) and documents its API', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await untilReady(app)).json()).toMatchObject({ status: 'ready', checks: { database: 'ok', kafka: 'ok' } });
    expect((await app.inject('/docs/json')).json().info.title).toBe('Linkage legal-aid');
  });

  it('answers unknown routes with Problem Details, whoever asks', async () => {
    const res = await app.inject({ url: '/nothing-here', headers: bearer('coordinator', 'wcw:district') });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route_not_found');
  });
});
