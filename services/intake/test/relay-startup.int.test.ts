import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, ensureTopics } from '@linkage/messaging';
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
import { intakeConfig } from '../src/config.ts';

/**
 * Right after start-up the relay must not publish a batch twice. It did: the relay started while the
 * Kafka producer was still connecting; kafkajs' idempotent producer, sent to mid-connect, stored the
 * batch and then threw ("Cannot read properties of undefined (reading 'release')"), and the relay sent
 * it again (found by the five-service trace test: offsets 0–4 and 5–9 held the same events).
 * Here: cases opened the moment the app is ready; once the outbox is drained, the topic holds exactly
 * one message per outbox row (end offsets summed over partitions = rows).
 */
describe('intake: the outbox relay right after start-up (real Postgres, real Kafka)', () => {
  it('publishes each event once even when the first events are written before the producer has connected', async () => {
    const { brokers } = testInfra();
    const logger = pino({ level: 'silent' });
    const kafka = createKafka({ brokers, clientId: 'relay-startup', logger });
    const results: number[] = [];
    for (let round = 0; round < 3; round++) {
      const prefix = freshTopicPrefix();
      await ensureTopics(kafka, prefix);
      const dbUrl = await freshDatabase(`relay_startup_${round}`);
      const app = await buildApp(
        intakeConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { RELAY_POLL_MS: '50' } })),
        { logger },
      );
      try {
        await app.ready();
        const res = await app.inject({
          method: 'POST',
          url: '/cases',
          headers: bearer('hotline_operator', 'wf:district'),
          payload: {
            channel: 'hotline_12338',
            category: 'domestic_violence',
            victim: { sex: 'female', age: 34, street: 'xinqi' },
            needs: ['dv_protection', 'legal_aid'],
            consent: { police: true, legal_aid: true },
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        const rows = async () =>
          (
            await queryOnce<{ all: number; left: number }>(
              dbUrl,
              'select count(*)::int as all, count(*) filter (where published_at is null)::int as left from outbox',
            )
          )[0]!;
        await eventually(async () => (await rows()).left === 0, 'outbox drained', 120_000, 100);
        const admin = kafka.admin();
        await admin.connect();
        try {
          const offsets = await admin.fetchTopicOffsets(prefix + TOPICS.intake);
          const published = offsets.reduce((n, p) => n + Number(p.high), 0);
          const { all } = await rows();
          expect(all).toBeGreaterThanOrEqual(3);
          expect(published, `round ${round}: ${published} messages on the topic for ${all} outbox rows`).toBe(all);
          results.push(published);
        } finally {
          await admin.disconnect();
        }
      } finally {
        await app.close();
      }
    }
    expect(results).toHaveLength(3);
  }, 300_000);
});
