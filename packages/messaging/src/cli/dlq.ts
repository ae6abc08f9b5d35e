// Operator command for the dead-letter topics: list what is there, re-drive chosen letters.
//   npm run dlq -- list [--topic t] [--limit n] [--json]
//   npm run dlq -- redrive <dlq-topic> <partition>:<offset> [...]
// Environment: KAFKA_BROKERS (default 127.0.0.1:19092), TOPIC_PREFIX (default none).
import { pathToFileURL } from 'node:url';
import { destination, pino, type Logger } from 'pino';
import { dlqOf, topicDefinitions } from '@linkage/contracts';
import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { createKafka, createProducer } from '../kafka.ts';
import { uuidv7 } from '@linkage/domain';

export const USAGE = `usage:
  npm run dlq -- list [--topic <topic>] [--limit <n>] [--json]
      dead letters, newest last: where they are (topic, partition:offset), when and why they failed
      (reason, error, consumer), and which event (id, type). Never the payload.
      --topic   a topic (intake.events) or its DLQ (intake.events.dlq); default every DLQ
      --limit   the last n letters per DLQ topic (default 100)
  npm run dlq -- redrive <dlq-topic> <partition>:<offset> [<partition>:<offset> ...]
      re-publish those letters to their source topic: same key and value, the dlq-* headers dropped,
      a redriven-from header added. Consumers dedupe by event id, so re-driving an event that was
      applied meanwhile changes nothing. Fix the cause first.
environment: KAFKA_BROKERS (default 127.0.0.1:19092), TOPIC_PREFIX (default none)`;

export interface DeadLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  sourceTopic: string;
  eventId: string | null;
  eventType: string | null;
  reason: string | null;
  error: string | null;
  consumer: string | null;
  failedAt: string | null;
  /** Kept for redrive; never printed. */
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

const header = (h: IHeaders | undefined, name: string): string | null => {
  const v = h?.[name];
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? String(v[0]) : String(v);
};

/** Only the envelope's id and type (the payload stays unread). */
function envelopeFields(
  value: Buffer | null,
  headers: Record<string, string>,
): { id: string | null; type: string | null } {
  let id = headers['ce-id'] ?? null;
  let type = headers['ce-type'] ?? null;
  if ((!id || !type) && value) {
    try {
      const parsed = JSON.parse(value.toString()) as { id?: unknown; type?: unknown };
      if (!id && typeof parsed.id === 'string') id = parsed.id.slice(0, 64);
      if (!type && typeof parsed.type === 'string') type = parsed.type.slice(0, 100);
    } catch {
      // not JSON: a validation dead letter; nothing to show
    }
  }
  return { id, type };
}

/** Every message of the topics up to their current end, read with a throw-away group (deleted after). */
export async function readDeadLetters(kafka: Kafka, dlqTopics: string[], timeoutMs = 60_000): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `dlq-reader-${uuidv7()}`;
  const out: DeadLetter[] = [];
  try {
    const ends = new Map<string, number>(); // topic:partition -> offset of the last message
    for (const topic of dlqTopics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (Number(p.high) > Number(p.low)) ends.set(`${topic}:${p.partition}`, Number(p.high) - 1);
      }
    }
    if (ends.size === 0) return [];
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const left = new Set(ends.keys());
      await consumer.subscribe({ topics: dlqTopics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const k = `${topic}:${partition}`;
          const end = ends.get(k);
          if (end === undefined || Number(message.offset) > end) return;
          const headers: Record<string, string> = {};
          for (const name of Object.keys(message.headers ?? {})) {
            const v = header(message.headers, name);
            if (v !== null) headers[name] = v;
          }
          const { id, type } = envelopeFields(message.value, headers);
          out.push({
            dlqTopic: topic,
            partition,
            offset: message.offset,
            sourceTopic: headers['dlq-source-topic'] ?? topic.replace(/\.dlq$/, ''),
            eventId: id,
            eventType: type,
            reason: headers['dlq-reason'] ?? null,
            error: headers['dlq-error'] ?? null,
            consumer: headers['dlq-consumer'] ?? null,
            failedAt: headers['dlq-failed-at'] ?? null,
            key: message.key,
            value: message.value,
            headers,
          });
          if (Number(message.offset) >= end) {
            left.delete(k);
            if (left.size === 0) done();
          }
        },
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        finished,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`could not read the dead-letter topics to their end within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => {});
    }
  } finally {
    await admin.disconnect();
  }
  return out.sort(
    (a, b) => a.dlqTopic.localeCompare(b.dlqTopic) || a.partition - b.partition || Number(a.offset) - Number(b.offset),
  );
}

/**
 * The DLQ topics to read: one topic's (given as the topic or its DLQ, with or without the prefix), or every existing
 * one.
 */
export async function resolveDlqTopics(kafka: Kafka, prefix: string, topic?: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    if (topic) {
      const dlq = topic.endsWith('.dlq') ? topic : dlqOf(topic);
      const found = [prefix + dlq, dlq].find((t) => existing.has(t));
      if (!found) throw new Error(`no dead-letter topic ${dlq}${prefix ? ` (or ${prefix + dlq})` : ''}`);
      return [found];
    }
    return topicDefinitions(prefix)
      .map((t) => t.topic)
      .filter((t) => t.endsWith('.dlq') && existing.has(t));
  } finally {
    await admin.disconnect();
  }
}

/** Re-publish chosen dead letters to their source topics. Returns the letters re-driven. */
export async function redrive(
  kafka: Kafka,
  producer: Producer,
  dlqTopic: string,
  refs: string[],
): Promise<DeadLetter[]> {
  const wanted = refs.map((r) => {
    const m = /^(\d+):(\d+)$/.exec(r);
    if (!m) throw new Error(`bad reference ${r}: expected <partition>:<offset>`);
    return { partition: Number(m[1]), offset: m[2]! };
  });
  const letters = await readDeadLetters(kafka, [dlqTopic]);
  const chosen = wanted.map((w) => {
    const l = letters.find((x) => x.partition === w.partition && x.offset === w.offset);
    if (!l) throw new Error(`no dead letter at ${dlqTopic} ${w.partition}:${w.offset}`);
    return l;
  });
  for (const l of chosen) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(l.headers)) if (!k.startsWith('dlq-') && k !== 'redriven-from') headers[k] = v;
    headers['redriven-from'] = `${l.dlqTopic}:${l.partition}:${l.offset}`;
    await producer.send({ topic: l.sourceTopic, acks: -1, messages: [{ key: l.key, value: l.value, headers }] });
  }
  return chosen;
}

function formatTable(letters: DeadLetter[]): string {
  if (letters.length === 0) return 'no dead letters';
  const rows = letters.map((l) => [
    l.dlqTopic,
    `${l.partition}:${l.offset}`,
    l.failedAt ?? '-',
    l.consumer ?? '-',
    l.reason ?? '-',
    l.eventType ?? '-',
    l.eventId ?? '-',
    (l.error ?? '-').replace(/\s+/g, ' ').slice(0, 160),
  ]);
  const head = ['topic', 'partition:offset', 'failed at', 'consumer', 'reason', 'event type', 'event id', 'error'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  print: (s: string) => void = (s) => process.stdout.write(s + '\n'),
): Promise<number> {
  const args = [...argv];
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    print(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const logger: Logger = pino({ level: 'error' }, destination(2));
  const kafka = createKafka({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
    clientId: 'dlq-cli',
    logger,
  });
  const prefix = env.TOPIC_PREFIX ?? '';
  const command = args.shift();
  if (command === 'list') {
    const topic = option(args, '--topic');
    const limitArg = option(args, '--limit');
    const json = args.includes('--json');
    const limit = limitArg === undefined ? 100 : Number(limitArg);
    if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a positive integer');
    const topics = await resolveDlqTopics(kafka, prefix, topic);
    const all = await readDeadLetters(kafka, topics);
    const shown = topics.flatMap((t) => all.filter((l) => l.dlqTopic === t).slice(-limit));
    if (json) {
      for (const { key: _k, value: _v, headers: _h, ...l } of shown) print(JSON.stringify(l));
    } else print(formatTable(shown));
    return 0;
  }
  if (command === 'redrive') {
    const [dlqTopic, ...refs] = args;
    if (!dlqTopic || refs.length === 0) {
      print(USAGE);
      return 2;
    }
    const [resolved] = await resolveDlqTopics(kafka, prefix, dlqTopic);
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      const done = await redrive(kafka, producer, resolved!, refs);
      for (const l of done)
        print(
          `re-driven ${l.dlqTopic} ${l.partition}:${l.offset} (${l.eventType ?? '?'} ${l.eventId ?? '?'}) to ${l.sourceTopic}`,
        );
    } finally {
      await producer.disconnect();
    }
    return 0;
  }
  print(`unknown command ${command}\n${USAGE}`);
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`dlq: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
