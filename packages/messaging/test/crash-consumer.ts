// A consumer process for batch.int.test.ts: applies intake.case.opened.v1 events as `effects` rows
// and kills itself (SIGKILL, nothing flushed, no offset committed) while applying the event whose
// id is KILL_AT, i.e. in the middle of a batch's transaction.
import { pino } from 'pino';
import { sql as dsql } from 'drizzle-orm';
import { createDb } from '@linkage/db';
import { TOPICS } from '@linkage/contracts';
import { createKafka, createProducer, IdempotentConsumer } from '../src/index.ts';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};
const logger = pino({ level: 'silent' });
const client = createDb(env('DATABASE_URL'), {});
const kafka = createKafka({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'crash-consumer', logger });
const producer = createProducer(kafka);
await producer.connect();
const killAt = env('KILL_AT');
const consumer = new IdempotentConsumer({
  kafka,
  db: client.db,
  producer,
  logger,
  groupId: env('GROUP'),
  topics: [TOPICS.intake],
  topicPrefix: env('TOPIC_PREFIX'),
  handlers: {
    'intake.case.opened.v1': async (event, tx) => {
      await tx.execute(
        dsql`insert into effects (case_id, event_id, seq) values (${event.data.caseId}, ${event.id}, ${event.data.caseNumber})`,
      );
      if (event.id === killAt) {
        process.stdout.write(`killing myself in batch ${consumer.batches + 1}\n`);
        process.kill(process.pid, 'SIGKILL');
      }
    },
  },
});
await consumer.start();
process.stdout.write('started\n');
