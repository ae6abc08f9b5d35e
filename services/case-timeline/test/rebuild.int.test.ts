import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, topicOf, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, type Producer } from '@linkage/messaging';
import {
  dvCaseEvents,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { timelineConfig } from '../src/config.ts';
import { rebuild } from '../src/application/rebuild.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('timeline rebuild: one transaction, every event once (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'rebuild-test', logger });
  let dbUrl: string;
  let env: Record<string, string>;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let producer: Producer;
  const t0 = Date.parse('2026-11-20T02:00:00.000Z');

  const send = (events: LinkageEvent[]) =>
    producer.send({
      topic: prefix + topicOf(events[0]!.type),
      acks: -1,
      messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
  const count = async (table: string) =>
    (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n;
  const snapshot = async () => ({
    entries: await queryOnce(dbUrl, 'select * from timeline_entries order by event_id'),
    clocks: await queryOnce(dbUrl, 'select * from clocks order by id'),
    summaries: await queryOnce(dbUrl, 'select * from case_summaries order by case_id'),
    work: await queryOnce(dbUrl, 'select * from work_items order by record_id'),
    notifications: await queryOnce(dbUrl, 'select * from notifications order by id'),
    inbox: await queryOnce(dbUrl, 'select consumer, event_id, topic, partition, "offset" from inbox order by event_id'),
  });
  // what a rebuild rewrites: the time each row was written
  const rewritten = (s: Awaited<ReturnType<typeof snapshot>>) => ({
    ...s,
    entries: s.entries.map(({ recorded_at: _, ...e }) => e),
  });

  beforeAll(async () => {
    dbUrl = await freshDatabase('rebuild');
    env = serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_ENABLED: 'false' } });
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
    app = await buildApp(timelineConfig(env), { logger });
    await app.ready();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('replays to the live projection: a duplicate once, an invalid event not, no one notified twice', async () => {
    const events = Array.from({ length: 5 }, (_, i) => dvCaseEvents(randomUUID(), t0 + i * 1000)).flat();
    // intake's events projected before the departments', as live almost always (and a replay always) applies them: a
    // referral's work item takes its requester from the case intake opened
    const intake = events.filter((e) => e.type.startsWith('intake.'));
    for (const e of intake) await send([e]);
    await eventually(async () => (await count('timeline_entries')) === intake.length, "intake's events projected");
    for (const e of events.filter((e) => !e.type.startsWith('intake.'))) await send([e]);
    // a producer's retry: the same event again, and a message that is not a valid event
    await send([events[0]!]);
    await producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [
        { key: randomUUID(), value: JSON.stringify({ ...events[0]!, id: randomUUID(), data: { caseId: 1 } }) },
      ],
    });
    await eventually(async () => (await count('inbox')) === events.length, 'every event applied live');
    await eventually(async () => (await count('timeline_entries')) === events.length, 'every entry written');
    // a worker has read a notification: a rebuild must keep that
    expect(await count('notifications')).toBeGreaterThan(0);
    await queryOnce(
      dbUrl,
      'update notifications set read_at = $1 where id = (select id from notifications order by id limit 1)',
      [new Date(t0 + 3_600_000)],
    );
    const live = await snapshot();
    expect(live.work.length).toBeGreaterThan(0);
    expect(live.clocks.length).toBeGreaterThan(0);
    await app!.close();
    app = undefined;

    const result = await rebuild(timelineConfig(env), logger);

    expect(result.events).toBe(events.length);
    expect(result.skipped).toEqual({ invalid: 1, unknown: 0, duplicate: 1, failed: 0 });
    expect(rewritten(await snapshot())).toEqual(rewritten(live));
  });

  it('a rebuild that does not finish leaves the projections as they were', async () => {
    const before = await snapshot();
    expect(before.entries.length).toBeGreaterThan(0);
    // bound the replay to 1 ms: it fails after it has emptied the tables (in its transaction)
    await expect(rebuild(timelineConfig(env), logger, 1)).rejects.toThrow(/in time/);
    expect(await snapshot()).toEqual(before);
  });

  it('the live consumer resumes after a rebuild: nothing replayed is applied again, what came since is applied', async () => {
    const before = await snapshot();
    const later = dvCaseEvents(randomUUID(), t0 + 60_000);
    for (const e of later) await send([e]);
    app = await buildApp(timelineConfig(env), { logger });
    await app.ready();
    const total = before.entries.length + later.length;
    await eventually(async () => (await count('timeline_entries')) === total, 'the later case projected');
    // give a redelivery of the replayed events every chance to show: the group is caught up
    await eventually(async () => (await count('inbox')) === total, 'the later events in the inbox');
    const after = await snapshot();
    expect(after.entries.filter((e) => later.some((l) => l.id === e.event_id))).toHaveLength(later.length);
    expect(after.notifications.length).toBeGreaterThan(before.notifications.length);
    expect(new Set(after.notifications.map((n) => `${n.event_id}|${n.recipient_dept}|${n.recipient_sub}`)).size).toBe(
      after.notifications.length,
    );
  });
});
