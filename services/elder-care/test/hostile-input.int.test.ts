import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import { bearer, freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { elderCareConfig } from '../src/config.ts';

const officer = bearer('elder_care_officer', 'civil_affairs:district');

/** Issue 10, item 10: a NUL byte in a caregiver-training topic used to be a 500 from Postgres. */
describe('elder-care: control characters in text are a 400 and change nothing (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const logger = pino({ level: 'silent' });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dbUrl: string;
  const count = async (table: string) =>
    (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n;

  beforeAll(async () => {
    const prefix = freshTopicPrefix();
    await ensureTopics(createKafka({ brokers, clientId: 'elder-hostile', logger }), prefix);
    dbUrl = await freshDatabase('elder_hostile');
    app = await buildApp(elderCareConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), { logger });
    await app.ready();
  });
  afterAll(() => app?.close());

  it('a caregiver-training topic or a client name with a NUL byte: 400, nothing written', async () => {
    const client = await app.inject({
      method: 'POST',
      url: '/clients',
      headers: officer,
      payload: { person: { name: '张阿婆' }, street: 'xinqi', livingSituation: 'alone', hardship: [] },
    });
    expect(client.statusCode, client.body).toBe(201);
    const id = (client.json() as { id: string }).id;
    const before = {
      trainings: await count('trainings'),
      clients: await count('clients'),
      outbox: await count('outbox'),
      audit: await count('audit_log'),
    };

    const training = await app.inject({
      method: 'POST',
      url: `/clients/${id}/caregiver-trainings`,
      headers: officer,
      payload: { topic: '失能老人\u0000照护技能', hours: 3, heldAt: '2026-04-30T06:00:00.000Z' },
    });
    expect(training.statusCode, training.body).toBe(400);
    expect(training.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(training.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body/topic', message: 'must not contain control characters' }],
    });
    const name = await app.inject({
      method: 'POST',
      url: '/clients',
      headers: officer,
      payload: { person: { name: '李\u0000阿婆' }, street: 'xinqi', livingSituation: 'alone', hardship: [] },
    });
    expect(name.statusCode, name.body).toBe(400);
    expect({
      trainings: await count('trainings'),
      clients: await count('clients'),
      outbox: await count('outbox'),
      audit: await count('audit_log'),
    }).toEqual(before);

    const ok = await app.inject({
      method: 'POST',
      url: `/clients/${id}/caregiver-trainings`,
      headers: officer,
      payload: { topic: '失能老人照护技能', hours: 3, heldAt: '2026-04-30T06:00:00.000Z' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
