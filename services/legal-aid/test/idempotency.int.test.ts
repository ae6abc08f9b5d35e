import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ensureTopics, createKafka } from '@linkage/messaging';
import { bearer, freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { legalAidConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
const OFFICER = bearer('legal_aid_officer', 'legal_aid:beilun');
const OTHER_CENTRE = bearer('legal_aid_officer', 'legal_aid:zhenhai');

const application = (summary = 'She wants a divorce and custody of her child.') => ({
  channel: 'walk_in',
  matterType: 'divorce',
  proceedings: 'civil',
  urgency: 'normal',
  applicant: {
    name: '王小红',
    gender: 'female',
    phone: '13800000000',
    idNumber: '330206199001011234',
    address: '新碶街道某路1号',
    street: 'daqi',
  },
  documents: ['id_document'],
  summary,
  meansTest: { basis: 'hardship_personal_pledge', meetsHardshipStandard: true },
});

describe('legal-aid: Idempotency-Key on creating POSTs (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dbUrl: string;
  const count = async (table: string) =>
    (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n;
  const post = (url: string, payload: object, headers: Record<string, string>, key?: string) =>
    app.inject({ method: 'POST', url, payload, headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) } });

  beforeAll(async () => {
    dbUrl = await freshDatabase('legal_aid_idem');
    await ensureTopics(createKafka({ brokers, clientId: 'legal-aid-idem-test', logger }), prefix);
    app = await buildApp(legalAidConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), { logger });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a retried walk-in application is received once and answered with the first response; another body under the key is a 422', async () => {
    const key = randomUUID();
    const before = await count('applications');
    const first = await post('/applications', application(), OFFICER, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/applications', application(), OFFICER, key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(await count('applications')).toBe(before + 1);
    const reused = await post('/applications', application('Another matter.'), OFFICER, key);
    expect(reused.statusCode).toBe(422);
    expect(await count('applications')).toBe(before + 1);
    // another centre's officer with the same key is another caller: her own application
    const other = await post('/applications', application(), OTHER_CENTRE, key);
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json().id).not.toBe(first.json().id);
    expect(await count('applications')).toBe(before + 2);
  });

  it('a retried lawyer registration registers one lawyer', async () => {
    const key = randomUUID();
    const lawyer = {
      name: '幂等律师',
      organisation: '北仑区法律援助中心',
      gender: 'female',
      practiceAreas: ['divorce'],
      maxCases: 5,
    };
    const a = await post('/lawyers', lawyer, OFFICER, key);
    const b = await post('/lawyers', lawyer, OFFICER, key);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json().id).toBe(a.json().id);
    expect(await count('lawyers')).toBe(1);
  });
});
