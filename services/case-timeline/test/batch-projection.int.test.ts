import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { topicOf, type LinkageEvent } from '@linkage/contracts';
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
import { inArray } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { caseSummaries, clocks as clockTable } from '../src/db/schema.ts';
import { timelineConfig } from '../src/config.ts';
import { effectsOf } from '../src/domain/clocks/engine.ts';
import { evolveClock } from '../src/domain/clocks/evolve.ts';
import { clockIdOf } from '../src/domain/clocks/ids.ts';
import { CLOCK_RULES } from '../src/domain/clocks/rules.ts';
import type { Clock } from '../src/domain/clocks/state.ts';
import { evolveSummary, type CaseSummary } from '../src/domain/summary/evolve.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * The set-based batch projection (issue 15) against the pure fold: many cases' events produced at once on two
 * topics, so batches of the same cases are applied concurrently by different partitions' transactions (and half
 * the cases' DV event comes first), must leave exactly the summaries and clocks that folding each case's events
 * one at a time through the domain's evolve functions gives.
 */
describe('case-timeline batch projection (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'timeline-batch-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let dbUrl: string;

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    dbUrl = await freshDatabase('timeline_batch');
    app = await buildApp(timelineConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
    });
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('200 cases, 600 events on two topics at once: every summary and clock as the one-event-at-a-time fold gives', async () => {
    const t0 = Date.now() - 60_000;
    const cases = Array.from({ length: 200 }, (_, i) => {
      const caseId = randomUUID();
      return { caseId, events: dvCaseEvents(caseId, t0 + i) };
    });
    const all = cases.flatMap((c) => c.events);
    // by topic, each in one send: the intake and dv topics' batches of the same cases meet in Postgres
    const byTopic = new Map<string, LinkageEvent[]>();
    for (const [i, c] of cases.entries()) {
      const ordered = i % 2 === 0 ? c.events : [...c.events].reverse(); // half: the DV event first
      for (const e of ordered) byTopic.set(topicOf(e.type), [...(byTopic.get(topicOf(e.type)) ?? []), e]);
    }
    await Promise.all(
      [...byTopic].map(([topic, events]) =>
        producer.send({
          topic: prefix + topic,
          acks: -1,
          messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
        }),
      ),
    );
    await eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(
            dbUrl,
            'select count(*)::int as n from timeline_entries where case_id = any($1)',
            [cases.map((c) => c.caseId)],
          )
        )[0]!.n === all.length,
      'every event on the timeline',
      90_000,
    );
    expect(app.messaging.consumers[0]!.batches, 'events were applied in batches').toBeGreaterThan(0);

    // the reference: each case's events folded one at a time, in the order they were made
    const expectedSummaries = new Map<string, CaseSummary>();
    const expectedClocks = new Map<string, Clock>();
    for (const c of cases)
      for (const e of c.events) {
        expectedSummaries.set(c.caseId, evolveSummary(expectedSummaries.get(c.caseId), e));
        for (const f of effectsOf({ type: e.type, time: e.time, data: { ...e.data } }, CLOCK_RULES)) {
          const clockId = clockIdOf(f.rule.id, f.subjectKey);
          const next = evolveClock(expectedClocks.get(clockId), f, { clockId, caseId: c.caseId, eventId: e.id });
          if (next) expectedClocks.set(clockId, next);
        }
      }
    const ids = cases.map((c) => c.caseId);
    const db = app.store.db;
    const summaries: CaseSummary[] = await db.select().from(caseSummaries).where(inArray(caseSummaries.caseId, ids));
    const clocks: Clock[] = await db.select().from(clockTable).where(inArray(clockTable.caseId, ids));
    expect(summaries).toHaveLength(cases.length);
    const strip = (s: CaseSummary) => ({ ...s, departments: [...s.departments].sort(), lastEventAt: s.lastEventAt });
    for (const s of summaries) expect(strip(s), s.caseId).toEqual(strip(expectedSummaries.get(s.caseId)!));
    expect(clocks.length).toBe(expectedClocks.size);
    expect(expectedClocks.size).toBeGreaterThanOrEqual(cases.length); // the police acceptance clock, at least
    for (const k of clocks) expect(k, k.id).toEqual(expectedClocks.get(k.id));
  });
});
