// Create every topic and its .dlq twin from the one definition in @linkage/contracts (idempotent).
import { pino } from 'pino';
import { topicDefinitions } from '@linkage/contracts';
import { createKafka, ensureTopics } from '@linkage/messaging';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const prefix = process.env.TOPIC_PREFIX ?? '';
const kafka = createKafka({ brokers, clientId: 'linkage-topics', logger: pino({ level: 'warn' }) });
const created = await ensureTopics(kafka, prefix);
const all = topicDefinitions(prefix).map((t) => `${t.topic}(${t.numPartitions})`);
console.error(`[infra] topics: ${created.length ? `created ${created.join(', ')}` : 'all present'} — ${all.join(' ')}`);
