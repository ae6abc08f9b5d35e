import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, type Producer } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  referralRequestedEvent,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { dvConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
const owner = bearer('wf_caseworker', 'wf:district');
const admin = bearer('admin', 'platform:ops');

describe('dv-referral: Idempotency-Key on creating POSTs (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'dv-idem-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let dbUrl: string;
  const count = async (table: string) =>
    (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n;
  const post = (url: string, payload: object, headers: Record<string, string>, key?: string) =>
    app.inject({ method: 'POST', url, payload, headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) } });

  beforeAll(async () => {
    dbUrl = await freshDatabase('dv_idem');
    await ensureTopics(kafka, prefix);
    app = await buildApp(
      dvConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_INTERVAL_MS: '0' } })),
      { logger },
    );
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('a retried protection-order application is filed once and answered with the first response; another body under the key is a 422', async () => {
    const req = referralRequestedEvent({ street: 'xinqi', riskLevel: 'high' });
    await producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [{ key: req.subject, value: JSON.stringify(req) }],
    });
    await eventually(
      async () => (await count(`dv_cases where case_id = '${req.subject}'`)) === 1,
      'the DV case from the referral request',
    );
    const order = {
      caseId: req.subject,
      courtDept: 'court:beilun',
      applicant: 'victim',
      measures: ['ban_violence'],
      urgent: true,
    };
    const key = randomUUID();
    const first = await post('/protection-orders', order, owner, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/protection-orders', order, owner, key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count(`protection_orders where case_id = '${req.subject}'`)).toBe(1);
    const outbox = await count('outbox');
    const reused = await post('/protection-orders', { ...order, urgent: false }, owner, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect(await count(`protection_orders where case_id = '${req.subject}'`)).toBe(1);
    expect(await count('outbox')).toBe(outbox);
  });

  it('a retried shelter registration creates one shelter; concurrent retries too', async () => {
    const key = randomUUID();
    const shelter = { dept: 'shelter:beilun', label: '幂等测试庇护站', capacity: 2 };
    const results = await Promise.all([1, 2, 3].map(() => post('/shelters', shelter, admin, key)));
    for (const r of results) expect([201, 409], r.body).toContain(r.statusCode);
    expect(await count(`shelters where label = '幂等测试庇护站'`)).toBe(1);
    const retry = await post('/shelters', shelter, admin, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(results.find((r) => r.statusCode === 201)!.json().id);
    expect(await count(`shelters where label = '幂等测试庇护站'`)).toBe(1);
  });
});
