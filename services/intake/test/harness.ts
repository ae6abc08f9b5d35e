import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, ensureTopics, TopicTap } from '@linkage/messaging';
import { freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { intakeConfig } from '../src/config.ts';

/** One intake app on its own database and topics, with a tap on intake.events: what every int test file starts with. */
export async function startIntake(label: string, o: { clock?: () => Date } = {}) {
  const { brokers } = testInfra();
  const logger = pino({ level: 'silent' });
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: `intake-${label}`, logger });
  const dbUrl = await freshDatabase(label);
  await ensureTopics(kafka, prefix);
  const app = await buildApp(intakeConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
    logger,
    ...(o.clock ? { clock: o.clock } : {}),
  });
  await app.ready();
  const tap = await new TopicTap(kafka, [prefix + TOPICS.intake]).start();
  return {
    app,
    tap,
    dbUrl,
    kafka,
    prefix,
    count: async (table: string) =>
      (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n,
    stop: async () => {
      await tap.stop();
      await app.close();
    },
  };
}
export type IntakeHarness = Awaited<ReturnType<typeof startIntake>>;
