import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { pino } from 'pino';
import { freshDatabase, freshTopicPrefix, testInfra } from '@linkage/testing';
import { createKafka, ensureTopics } from '../../src/index.ts';

// Run by run-cleanup.int.test.ts as a vitest run of its own: makes what a test file makes, and says what.
it('makes a database and a topic prefix, as a test file does', async () => {
  const database = new URL(await freshDatabase('run_data')).pathname.slice(1);
  const prefix = freshTopicPrefix();
  await ensureTopics(
    createKafka({ brokers: testInfra().brokers, clientId: 'run-data', logger: pino({ level: 'silent' }) }),
    prefix,
  );
  writeFileSync(process.env.RUN_DATA_OUT!, JSON.stringify({ database, prefix }));
});
