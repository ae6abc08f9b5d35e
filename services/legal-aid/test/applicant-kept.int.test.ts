import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, TopicTap, type Producer } from '@linkage/messaging';
import {
  bearer,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
  referralRequestedEvent,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { legalAidConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
const OFFICER = bearer('legal_aid_officer', 'legal_aid:beilun');
const APPLICANT = {
  name: '林某芳',
  gender: 'female',
  phone: '13855556666',
  idNumber: '330206198805172220',
  address: '新碶街道某路 12 号',
} as const;

// An application referred by intake had no applicant identity at the centre: the officer deciding it could keep none.
describe('legal aid keeps the applicant it decides on, on the explicit act (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'legal-aid-applicant-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;

  beforeAll(async () => {
    dbUrl = await freshDatabase('legal_aid_applicant');
    await ensureTopics(kafka, prefix);
    app = await buildApp(legalAidConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), { logger });
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.legalAid]).start();
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await app?.close();
  });

  const referred = async () => {
    const req = referralRequestedEvent({
      target: 'legal_aid',
      category: 'domestic_violence',
      needs: ['dv_protection', 'legal_aid'],
      victimSex: 'female',
    });
    await producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [{ key: req.subject, value: JSON.stringify(req) }],
    });
    const received = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === req.subject && e.type === 'legal_aid.application.received.v1'),
      'application received',
    );
    return { caseId: req.subject, id: (received.data as { applicationId: string }).applicationId };
  };
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload, headers: OFFICER });
  const view = async (id: string) => (await app.inject({ url: `/applications/${id}`, headers: OFFICER })).json();

  it('approving with the identity seen in the dossier keeps it encrypted and shows it to the centre; a malformed one is a 400 that changes nothing', async () => {
    const { caseId, id } = await referred();
    const before = await view(id);
    expect(before.applicant).toBeNull();

    const bad = await post(`/applications/${id}/approve`, {
      version: before.version,
      applicant: { ...APPLICANT, idNumber: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await view(id)).status).toBe(before.status);

    const ok = await post(`/applications/${id}/approve`, { version: before.version, applicant: APPLICANT });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await view(id);
    expect(after).toMatchObject({
      status: 'approved',
      applicantGender: 'female',
      applicant: {
        name: APPLICANT.name,
        phone: APPLICANT.phone,
        idNumber: APPLICANT.idNumber,
        address: APPLICANT.address,
      },
    });
    const [row] = await queryOnce<{ applicant_enc: string }>(
      dbUrl,
      'select applicant_enc from applications where id = $1',
      [id],
    );
    expect(row!.applicant_enc).toMatch(/^v1\./);
    expect(row!.applicant_enc).not.toContain(APPLICANT.name);
    const audits = await queryOnce<{ action: string; details: unknown }>(
      dbUrl,
      'select action, details from audit_log where entity_id = $1 and case_id = $2 order by id',
      [id, caseId],
    );
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['application.approve', 'application.applicant_recorded']),
    );
    expect(JSON.stringify(audits)).not.toContain(APPLICANT.name);

    await tap.waitFor(
      (t) => t.events.some((e) => e.subject === caseId && e.type === 'legal_aid.application.approved.v1'),
      'approved event',
    );
    const raw = tap.messages.map((m) => m.raw ?? '').join('\n');
    for (const v of Object.values(APPLICANT).filter((x) => x !== 'female')) expect(raw).not.toContain(v);
  });

  it('refusing may keep it too (the written decision names her)', async () => {
    const { id } = await referred();
    const v = (await view(id)).version;
    const res = await post(`/applications/${id}/refuse`, {
      version: v,
      ground: 'matter_not_covered',
      reasons: '不属于法律援助事项范围',
      applicant: { name: '赵某', gender: 'female' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'refused', applicant: { name: '赵某' } });
  });
});
