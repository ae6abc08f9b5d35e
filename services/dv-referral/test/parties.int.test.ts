import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, newEvent, TopicTap, type Producer } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { dvConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
const clerk = bearer('court_clerk', 'court:beilun');
const owner = bearer('wf_caseworker', 'wf:district');
const RESPONDENT = {
  name: '王某军',
  sex: 'male',
  idNumber: '33020619850101111X',
  address: '大碶街道某村 8 号',
  relation: 'spouse',
} as const;
const APPLICANT = { name: '林某芳', sex: 'female', birthYear: 1988, phone: '13855556666' } as const;

// The court's protection-order application used to have no respondent at all: the clerk could not record who the order
// is against.
describe('the court keeps what it must, on registering an application (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'dv-parties-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;

  beforeAll(async () => {
    dbUrl = await freshDatabase('dv_parties');
    await ensureTopics(kafka, prefix);
    app = await buildApp(dvConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), { logger });
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(
      kafka,
      Object.values(TOPICS).map((t) => prefix + t),
    ).start();
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await app?.close();
  });

  const publish = (e: LinkageEvent) =>
    producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });

  it('the clerk registers the application with the respondent and applicant seen in the dossier: kept encrypted, shown back to that court only, never published', async () => {
    const caseId = randomUUID();
    const now = new Date();
    await publish(
      newEvent('intake.case.opened.v1', {
        source: '/services/intake',
        subject: caseId,
        actor: { role: 'hotline_operator', dept: 'wf:district' },
        data: {
          caseId,
          caseNumber: 'BL-2026-000077',
          channel: 'hotline_12338',
          category: 'domestic_violence',
          street: 'xinqi',
          riskLevel: 'medium',
          repeat: false,
          flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
          needs: ['dv_protection'],
          ownerDept: 'wf:district',
          openedAt: now.toISOString(),
        },
      }),
    );
    await eventually(
      async () => (await queryOnce(dbUrl, 'select 1 from intake_cases where case_id = $1', [caseId])).length === 1,
      'case.opened consumed',
    );
    const filed = await app.inject({
      method: 'POST',
      url: '/protection-orders',
      headers: owner,
      payload: {
        caseId,
        courtDept: 'court:beilun',
        applicant: 'victim',
        assistedBy: 'women_federation',
        measures: ['ban_violence'],
        urgent: false,
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id;

    // parties on any other act than registering: 400, nothing changes
    const early = await app.inject({
      method: 'POST',
      url: `/protection-orders/${id}/revoke`,
      headers: clerk,
      payload: { version: 1, respondent: RESPONDENT },
    });
    expect(early.statusCode).toBe(400);
    // a malformed identity: 400, nothing changes
    const bad = await app.inject({
      method: 'POST',
      url: `/protection-orders/${id}/accept`,
      headers: clerk,
      payload: { version: 1, respondent: { name: '' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await queryOnce<{ version: number }>(dbUrl, 'select version from protection_orders where id = $1', [id]))[0]!
        .version,
    ).toBe(1);

    const accepted = await app.inject({
      method: 'POST',
      url: `/protection-orders/${id}/accept`,
      headers: clerk,
      payload: { version: 1, applicant: APPLICANT, respondent: RESPONDENT },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      parties: { respondent: RESPONDENT, applicant: APPLICANT },
    });

    const issued = await app.inject({
      method: 'POST',
      url: `/protection-orders/${id}/issue`,
      headers: clerk,
      payload: { version: 2, validUntil: new Date(Date.now() + 90 * 86_400_000).toISOString() },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    // the court's order carries the respondent
    const seen = await app.inject({ method: 'GET', url: `/protection-orders/${id}`, headers: clerk });
    expect(seen.json()).toMatchObject({
      status: 'issued',
      parties: { respondent: { name: RESPONDENT.name, idNumber: RESPONDENT.idNumber } },
    });
    // the filing caseworker and coordinators see the order, not the parties the court registered
    for (const who of [owner, bearer('coordinator', 'wcw:district')]) {
      const r = await app.inject({ method: 'GET', url: `/protection-orders/${id}`, headers: who });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().parties).toBeUndefined();
      expect(r.body).not.toContain(RESPONDENT.name);
    }
    // encrypted at rest
    const [row] = await queryOnce<{ details_enc: string }>(
      dbUrl,
      'select details_enc from protection_orders where id = $1',
      [id],
    );
    expect(row!.details_enc).toMatch(/^v1\./);
    expect(row!.details_enc).not.toContain(RESPONDENT.name);
    // the audit row says which parties were registered, not who they are
    const audits = await queryOnce<{ details: Record<string, unknown> }>(
      dbUrl,
      "select details from audit_log where action = 'protection_order.accept' and entity_id = $1",
      [id],
    );
    expect(audits[0]!.details).toMatchObject({ registered: ['applicant', 'respondent'] });
    expect(JSON.stringify(audits)).not.toContain(RESPONDENT.name);
    // never on a topic
    await tap.waitFor(
      (t) => t.events.some((e) => e.type === 'dv.protection_order.issued.v1' && e.subject === caseId),
      'the issued event',
    );
    const raw = tap.messages.map((m) => m.raw ?? '').join('\n');
    for (const v of [RESPONDENT.name, RESPONDENT.idNumber, RESPONDENT.address, APPLICANT.name, APPLICANT.phone])
      expect(raw).not.toContain(v);
  });
});
