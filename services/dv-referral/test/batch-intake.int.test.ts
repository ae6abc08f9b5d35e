import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, type Producer } from '@linkage/messaging';
import { eventually, freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { dvConfig, type DvConfig } from '../src/config.ts';
import { applyIntakeBatch } from '../src/application/intake.ts';
import { caseStory } from './fixtures.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** What the intake events left in a database, without what differs between two runs (generated ids, write times). */
async function state(dbUrl: string, caseIds: string[]) {
  const q = <R extends Record<string, unknown>>(text: string) => queryOnce<R>(dbUrl, text, [caseIds]);
  const [dvCases, intakeCases, referrals, orders, audit, outbox] = await Promise.all([
    q('select * from dv_cases where case_id = any($1) order by case_id'),
    q('select * from intake_cases where case_id = any($1) order by case_id'),
    q(`select case_id, request_id, safeguarding_id, department, assigned_dept, risk_level, street, status, accept_by,
         contact_enc, note_enc, created_by_dept, created_at, version
       from referrals where case_id = any($1) order by case_id, request_id, department`),
    q('select * from protection_orders where case_id = any($1) order by id'),
    q(`select actor_sub, role, dept, action, entity_type, entity_id, case_id, reason, details
       from audit_log where case_id = any($1) order by entity_id, action`),
    q<{ key: string; payload: LinkageEvent }>(
      'select key, payload from outbox where key = any($1::text[]) order by id',
    ),
  ]);
  // Each case's events in the order they will be published (one case's order is what Kafka keeps), without their
  // own ids and the referral ids (new each run).
  const events = new Map<string, unknown[]>();
  for (const { key, payload: e } of outbox) {
    const { id: _id, ...rest } = e;
    const data = { ...(e.data as Record<string, unknown>) };
    if (e.type === 'dv.referral.created.v1') delete data.referralId;
    events.set(key, [...(events.get(key) ?? []), { ...rest, data }]);
  }
  return { dvCases, intakeCases, referrals, orders, audit, events: [...events].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

/**
 * dv-referral applies intake's events a partition batch at a time, set-based (issue 15): the result must be what
 * applying them one at a time gives. Many cases' stories (case.opened, a request — most with shelter, counselling and
 * her court application —, half of them a case.updated after the request, every tenth a second request after that)
 * are produced at once, so batches hold whole stories: the case.updated must land on the DV part its request created
 * in the same batch, and the second request must see it. The reference: the same events applied by the same code one
 * event per transaction, in order, on a second database.
 */
describe('dv-referral: intake events a batch at a time (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'dv-batch-test', logger });
  const now = new Date('2026-11-28T10:00:00.000Z');
  let app: Awaited<ReturnType<typeof buildApp>>;
  let reference: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let dbUrl: string;
  let referenceUrl: string;
  let refConfig: DvConfig;

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    [dbUrl, referenceUrl] = await Promise.all([freshDatabase('dv_batch'), freshDatabase('dv_batch_ref')]);
    app = await buildApp(dvConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
      clock: () => now,
    });
    refConfig = dvConfig(
      serviceEnv({
        databaseUrl: referenceUrl,
        brokers,
        topicPrefix: freshTopicPrefix(),
        extra: { CONSUMERS_ENABLED: 'false', RELAY_ENABLED: 'false', SCHEDULER_ENABLED: 'false' },
      }),
    );
    reference = await buildApp(refConfig, { logger, clock: () => now });
    await Promise.all([app.ready(), reference.ready()]);
    await app.messaging.consumers[0]!.whenJoined();
    producer = createProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all([app?.close(), reference?.close()]);
  });

  const produce = (events: LinkageEvent[]) =>
    producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
  const inboxCount = async (ids: string[]) =>
    (await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from inbox where event_id = any($1)', [ids]))[0]!
      .n;

  const at = new Date('2026-11-28T09:00:00.000Z');
  const stories = Array.from({ length: 150 }, (_, i) => caseStory(i, at));
  const caseIds = stories.map((s) => s.caseId);
  const all = stories.flatMap((s) => s.events);

  it('150 cases’ stories produced at once: every table and every event as one-event-at-a-time application gives', async () => {
    await produce(all);
    await eventually(
      async () => (await inboxCount(all.map((e) => e.id))) === all.length,
      'every event applied',
      90_000,
    );
    const consumer = app.messaging.consumers[0]!;
    expect(consumer.batches, 'events were applied in batches').toBeGreaterThan(0);
    expect(consumer.batches, 'batches of many events').toBeLessThan(all.length / 4);
    expect(consumer.batchFallbacks, 'no batch fell back to one event at a time').toBe(0);

    // the reference: one event per transaction, in the order intake made them
    const apply = applyIntakeBatch(reference, refConfig);
    for (const event of all)
      await reference.store.db.transaction((tx) =>
        apply([{ event, meta: { topic: TOPICS.intake, partition: 0, offset: '0' } }], tx),
      );
    const [got, expected] = await Promise.all([state(dbUrl, caseIds), state(referenceUrl, caseIds)]);
    expect(got).toEqual(expected);

    // and explicitly: the counts, and the moved cases' DV part on their new street
    expect(got.dvCases).toHaveLength(stories.length);
    const requests = all.filter((e) => e.type === 'intake.referral.requested.v1');
    expect(got.referrals.length).toBeGreaterThan(requests.length);
    expect(got.orders.length).toBeGreaterThan(0);
    expect(got.audit).toHaveLength(got.orders.length);
    expect(got.events.flatMap(([, es]) => es)).toHaveLength(got.referrals.length + got.orders.length);
    for (const s of stories) {
      const update = [...s.events].reverse().find((e) => e.type === 'intake.case.updated.v1');
      const opened = s.events[0]!;
      const row = got.dvCases.find((c) => (c as { case_id: string }).case_id === s.caseId) as Record<string, unknown>;
      if (opened.type !== 'intake.case.opened.v1') throw new Error('a story starts with case.opened');
      expect(row, s.caseId).toMatchObject({
        owner_dept: opened.data.ownerDept,
        street: update?.type === 'intake.case.updated.v1' ? update.data.street : opened.data.street,
      });
    }
  });

  it('the same events again, their inbox rows gone, and re-sent requests under new ids: nothing is written twice', async () => {
    const before = await state(dbUrl, caseIds);
    await queryOnce(dbUrl, 'delete from inbox where event_id = any($1)', [all.map((e) => e.id)]);
    const resent = all
      .filter((e) => e.type === 'intake.referral.requested.v1')
      .map((e) => ({ ...e, id: randomUUID() }));
    const again = [...all, ...resent];
    await produce(again);
    await eventually(
      async () => (await inboxCount(again.map((e) => e.id))) === again.length,
      'every event applied again',
      90_000,
    );
    expect(await state(dbUrl, caseIds)).toEqual(before);
  });
});
