import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type ReferralRequestedV1 } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, TopicTap, type Producer } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
  referralRequestedEvent,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { dvConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });

const referralRequested = (street: string, riskLevel: ReferralRequestedV1['data']['riskLevel']) =>
  referralRequestedEvent({ street: street as ReferralRequestedV1['data']['street'], riskLevel });

describe('dv-referral: referrals from intake requests (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'dv-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;
  const now = new Date('2026-11-28T10:00:00.000Z');

  beforeAll(async () => {
    dbUrl = await freshDatabase('dv');
    await ensureTopics(kafka, prefix);
    app = await buildApp(dvConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
      clock: () => now,
    });
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.dv]).start();
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await app?.close();
  });

  const publish = (e: ReturnType<typeof referralRequested>) =>
    producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });

  it('creates a police referral with a 1 h acceptance clock for a high-risk case, and announces it', async () => {
    const req = referralRequested('xinqi', 'high');
    await publish(req);
    const created = await tap.waitFor((t) => t.events.find((e) => e.subject === req.subject), 'dv.referral.created');
    expect(created).toMatchObject({
      type: 'dv.referral.created.v1',
      causationid: req.id,
      correlationid: req.correlationid,
      data: {
        department: 'police',
        assignedDept: 'police:xinqi',
        riskLevel: 'high',
        acceptBy: '2026-11-28T11:00:00.000Z',
        requestId: req.data.requestId,
      },
    });
  });

  it('gives a standard-risk case 24 h', async () => {
    const req = referralRequested('daqi', 'standard');
    await publish(req);
    const created = await tap.waitFor((t) => t.events.find((e) => e.subject === req.subject), 'dv.referral.created');
    expect(created.type === 'dv.referral.created.v1' && created.data.acceptBy).toBe('2026-11-29T10:00:00.000Z');
  });

  it('creates nothing twice when the same request is replayed', async () => {
    const req = referralRequested('xiapu', 'medium');
    await publish(req);
    await publish(req);
    // a new event for the same request (e.g. a re-sent request with a new id) must not create a second referral either
    await publish({ ...req, id: randomUUID() });
    const marker = referralRequested('xiapu', 'medium');
    await publish(marker);
    await tap.waitFor((t) => t.events.some((e) => e.subject === marker.subject), 'the marker referral');
    const rows = await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from referrals where case_id = $1', [
      req.subject,
    ]);
    expect(rows[0]!.n).toBe(1);
    expect(tap.events.filter((e) => e.subject === req.subject)).toHaveLength(1);
  });

  it('shows a station only the referrals sent to it', async () => {
    const req = referralRequested('chaiqiao', 'high');
    await publish(req);
    const id = await eventually(async () => {
      const rows = await queryOnce<{ id: string }>(dbUrl, 'select id from referrals where case_id = $1', [req.subject]);
      return rows[0]?.id;
    }, 'the referral row');
    const own = await app.inject({ url: '/referrals', headers: bearer('police_officer', 'police:chaiqiao') });
    expect(own.json().items.map((r: { id: string }) => r.id)).toContain(id);
    const other = await app.inject({ url: '/referrals', headers: bearer('police_officer', 'police:xinqi') });
    expect(other.json().items.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(
      (await app.inject({ url: `/referrals/${id}`, headers: bearer('police_officer', 'police:xinqi') })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ url: `/referrals/${id}`, headers: bearer('police_officer', 'police:chaiqiao') })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ url: `/referrals/${id}`, headers: bearer('legal_aid_officer', 'legal_aid:beilun') }))
        .statusCode,
    ).toBe(403);
    expect((await app.inject({ url: `/referrals/${id}` })).statusCode).toBe(401);
  });

  // ADVL Art. 23: a capable woman applies herself — the application is hers (applicant victim), prepared with the
  // federation's help.
  it('a high-risk request with her consent to the court and to a shelter opens a shelter offer and her own urgent application, once', async () => {
    const req = referralRequestedEvent({
      street: 'xinqi',
      riskLevel: 'high',
      departmentConsent: { court: true, shelter: true },
      time: now,
    });
    await publish(req);
    await publish({ ...req, id: randomUUID() }); // re-sent with a new event id: still the same request
    const events = await tap.waitFor((t) => {
      const mine = t.events.filter((e) => e.subject === req.subject);
      return mine.length >= 3 && mine;
    }, 'police and shelter referrals and the order application');
    expect(events.map((e) => e.type).sort()).toEqual([
      'dv.protection_order.applied.v1',
      'dv.referral.created.v1',
      'dv.referral.created.v1',
    ]);
    expect(
      events
        .filter((e) => e.type === 'dv.referral.created.v1')
        .map((e) => (e.data as { department: string }).department)
        .sort(),
    ).toEqual(['police', 'shelter']);
    expect(events.find((e) => e.type === 'dv.protection_order.applied.v1')!.data).toMatchObject({
      courtDept: 'court:beilun',
      applicant: 'victim',
      assistedBy: 'women_federation',
      onBehalfGround: null,
      urgent: true,
    });
    const marker = referralRequestedEvent({ street: 'xinqi', riskLevel: 'standard' });
    await publish(marker);
    await tap.waitFor((t) => t.events.some((e) => e.subject === marker.subject), 'the marker');
    expect(tap.events.filter((e) => e.subject === req.subject)).toHaveLength(3);
    const orders = await queryOnce<{ n: number }>(
      dbUrl,
      'select count(*)::int as n from protection_orders where case_id = $1',
      [req.subject],
    );
    expect(orders[0]!.n).toBe(1);
  });

  it('ADVL Art. 5: a high-risk request with consent to the police only opens no shelter offer — the shelter learns nothing', async () => {
    const req = referralRequestedEvent({
      street: 'xinqi',
      riskLevel: 'high',
      departmentConsent: { court: null, shelter: null },
      time: now,
    });
    await publish(req);
    // Wait for the request's own referral: a marker request of another case may be consumed and published first
    // (another partition), which made this test fail now and then.
    await tap.waitFor((t) => t.events.some((e) => e.subject === req.subject), 'the police referral of the request');
    const mine = tap.events.filter((e) => e.subject === req.subject);
    expect(mine.map((e) => (e.data as { department?: string }).department)).toEqual(['police']);
    // Everything the request caused was written in one transaction: the outbox holds all of it, sent or not.
    const published = await queryOnce<{ type: string; department: string }>(
      dbUrl,
      "select type, payload->'data'->>'department' as department from outbox where key = $1 order by id",
      [req.subject],
    );
    expect(published).toEqual([{ type: 'dv.referral.created.v1', department: 'police' }]);
    const shelter = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from referrals where case_id = $1 and department = 'shelter'",
      [req.subject],
    );
    expect(shelter[0]!.n).toBe(0);
  });
});
