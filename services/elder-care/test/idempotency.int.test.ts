import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ensureTopics, createKafka } from '@linkage/messaging';
import { bearer, freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { elderCareConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
const officer = bearer('elder_care_officer', 'civil_affairs:district');

describe('elder-care: Idempotency-Key on creating POSTs (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dbUrl: string;
  const count = async (table: string) =>
    (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n;
  const post = (url: string, payload: object, key?: string) =>
    app.inject({ method: 'POST', url, payload, headers: { ...officer, ...(key ? { 'idempotency-key': key } : {}) } });

  beforeAll(async () => {
    dbUrl = await freshDatabase('elder_idem');
    await ensureTopics(createKafka({ brokers, clientId: 'elder-idem-test', logger }), prefix);
    app = await buildApp(elderCareConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), { logger });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a retried direct referral opens one client record and replays the first response; another body under the key is a 422', async () => {
    const key = `"${randomUUID()}"`;
    const client = { person: { name: '张阿婆' }, street: 'xinqi', livingSituation: 'alone', hardship: [] };
    const first = await post('/clients', client, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/clients', client, key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(await count('clients')).toBe(1);
    const outbox = await count('outbox');
    const reused = await post('/clients', { ...client, livingSituation: 'with_spouse' }, key);
    expect(reused.statusCode).toBe(422);
    expect(await count('clients')).toBe(1);
    expect(await count('outbox')).toBe(outbox);
  });
});
