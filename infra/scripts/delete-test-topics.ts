// npm test's clean-up on a broker it did not start: delete this run's topics (prefix t<LINKAGE_TEST_RUN>); a test
// tier run on its own (npm run test:int in a package) calls it for its own scope at its end (global-setup.ts).
// A broker that lives for days kept every run's partitions, each holding files open, until it ran out of file
// descriptors ("Too many open files") and shut down.
import { pino } from 'pino';
import { createKafka, deleteTopicsWithPrefix } from '@linkage/messaging';

const run = process.env.LINKAGE_TEST_RUN ?? '';
if (!/^[0-9a-f]{4,16}$/.test(run)) {
  console.error('delete-test-topics: LINKAGE_TEST_RUN must be the run id (4-16 hex digits)');
  process.exit(2);
}
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const kafka = createKafka({ brokers, clientId: 'delete-test-topics', logger: pino({ level: 'warn' }) });
const n = await deleteTopicsWithPrefix(kafka, `t${run}`);
console.error(`[test] deleted this run's ${n} topics (prefix t${run}) from ${brokers.join(',')}`);
