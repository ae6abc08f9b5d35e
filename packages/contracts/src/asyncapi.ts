// The event catalogue: an AsyncAPI 3.0 document generated from the registry (TOPIC_EVENTS), so
// every type added to an events/*.ts list appears in it without further edits. TypeBox schemas
// are JSON Schema: each message's payload is the type's full CloudEvents envelope schema.
import type { TSchema } from '@sinclair/typebox';
import { TOPIC_EVENTS } from './registry.ts';
import { DEFAULT_PARTITIONS, TOPICS, dlqOf, type TopicName } from './topics.ts';

/** The service that owns (publishes on) each topic; its events' `source` is `/services/<name>`. */
export const TOPIC_OWNERS: Record<TopicName, string> = {
  [TOPICS.intake]: 'intake',
  [TOPICS.dv]: 'dv-referral',
  [TOPICS.legalAid]: 'legal-aid',
  [TOPICS.elderCare]: 'elder-care',
  [TOPICS.oversight]: 'case-timeline',
};

/** The topic a service publishes on (undefined for a service that publishes none, e.g. the console). */
export function topicOfService(service: string): TopicName | undefined {
  return (Object.keys(TOPIC_OWNERS) as TopicName[]).find((t) => TOPIC_OWNERS[t] === service);
}

export const CATALOGUE_VERSION = '1.0.0';
const KAFKA_BINDING = '0.5.0';
/** Both the outbox relay and the dead-letter path send structured-mode CloudEvents. */
export const EVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

type Json = Record<string, unknown>;

/** A plain JSON copy of a TypeBox schema: symbols dropped, `$id` removed (it is the type, not a URI). */
export function plainSchema(schema: TSchema): Json {
  const copy = JSON.parse(JSON.stringify(schema)) as Json;
  delete copy.$id;
  return copy;
}

/** Every event type on a topic with its envelope schema, in registry order. */
export function eventTypesOf(topic: TopicName): { type: string; schema: Json }[] {
  return (TOPIC_EVENTS[topic] as readonly TSchema[]).map((s) => ({
    type: (s.properties as { type: { const: string } }).type.const,
    schema: plainSchema(s),
  }));
}

/** Every registered event type with its plain schema, sorted by type (the contract snapshot's shape). */
export function allEventSchemas(): Record<string, Json> {
  const out: Record<string, Json> = {};
  const all = (Object.keys(TOPIC_EVENTS) as TopicName[])
    .flatMap(eventTypesOf)
    .sort((a, b) => a.type.localeCompare(b.type));
  for (const e of all) out[e.type] = e.schema;
  return out;
}

const CE_HEADERS = (type: string): Json => ({
  type: 'object',
  properties: {
    'content-type': { type: 'string', const: EVENT_CONTENT_TYPE },
    'ce-type': { type: 'string', const: type },
    'ce-id': {
      type: 'string',
      format: 'uuid',
      description: 'The event id (= payload `id`), for brokers and tools that read headers only.',
    },
  },
  required: ['content-type', 'ce-type', 'ce-id'],
});

const DLQ_HEADERS: Json = {
  type: 'object',
  description: "The original message's headers, plus why and where it failed.",
  properties: {
    'dlq-reason': {
      type: 'string',
      enum: ['validation', 'handler'],
      description: '`validation`: not a valid event of a known type; `handler`: the consumer failed after its retries.',
    },
    'dlq-error': { type: 'string', maxLength: 2000 },
    'dlq-details': { type: 'string', maxLength: 4000, description: 'JSON array of validation errors (path, message).' },
    'dlq-source-topic': { type: 'string' },
    'dlq-source-partition': { type: 'string', pattern: '^[0-9]+$' },
    'dlq-source-offset': { type: 'string', pattern: '^[0-9]+$' },
    'dlq-consumer': { type: 'string', description: 'The consumer group that gave up.' },
    'dlq-failed-at': { type: 'string', format: 'date-time' },
  },
  required: [
    'dlq-reason',
    'dlq-error',
    'dlq-source-topic',
    'dlq-source-partition',
    'dlq-source-offset',
    'dlq-consumer',
    'dlq-failed-at',
  ],
};

const KEY = {
  type: 'string',
  format: 'uuid',
  description: "The case id (the event's `subject`): every event of one case goes to one partition, in order.",
};

const DESCRIPTION = `Every event Linkage's services publish on Kafka, generated from \`packages/contracts\`.

- **Envelope**: CloudEvents 1.0, structured mode (\`${EVENT_CONTENT_TYPE}\`): \`specversion\`, \`id\` (UUIDv7),
  \`source\` (\`/services/<name>\`), \`type\` (\`<context>.<entity>.<verb>.v<N>\`), \`subject\` (the case id), \`time\`,
  \`datacontenttype\`, \`data\`, and the extensions \`correlationid\`, \`causationid\`, \`actor\` (\`<role>@<dept>\`, never a name).
  Each message's payload below is the whole envelope with its type's \`data\` schema.
- **Key**: the case id, on every topic; ${DEFAULT_PARTITIONS} partitions per topic, so one case's events stay in order.
- **Delivery**: transactional outbox (at least once, in order per case); consumers dedupe by event \`id\`.
- **Compatibility**: consumers ignore types they do not know and fields they do not know; a change other than a new
  optional field or a new enum value is a new \`.vN\` type, published alongside the old one until consumers move
  (a new enum value reaches a consumer still on the old contracts as a dead letter, re-driven after the rollout).
- **Dead letters**: a message a consumer cannot apply goes, unchanged, to \`<topic>.dlq\` with \`dlq-*\` headers.
- No event carries personal data: references, categories, levels, streets and dates only.`;

export interface AsyncApiOptions {
  /** The topics to describe (default: all). */
  topics?: readonly TopicName[];
  title?: string;
}

/** The AsyncAPI 3.0 document for the given topics (default: every topic) and their dead-letter twins. */
export function asyncApiDocument(o: AsyncApiOptions = {}): Json {
  const topics = o.topics ?? (Object.values(TOPICS) as TopicName[]);
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};

  for (const topic of topics) {
    const owner = TOPIC_OWNERS[topic];
    const types = eventTypesOf(topic);
    const channelMessages: Json = {};
    for (const { type, schema } of types) {
      messages[type] = {
        name: type,
        title: type,
        summary: `${type} on ${topic}, published by ${owner}`,
        contentType: EVENT_CONTENT_TYPE,
        headers: CE_HEADERS(type),
        payload: schema,
        correlationId: { $ref: '#/components/correlationIds/correlationid' },
        bindings: { kafka: { key: KEY, bindingVersion: KAFKA_BINDING } },
      };
      channelMessages[type] = { $ref: `#/components/messages/${type}` };
    }
    channels[topic] = {
      address: topic,
      title: topic,
      description: `Events of ${owner} (source \`/services/${owner}\`), keyed by case id.`,
      messages: channelMessages,
      bindings: { kafka: { topic, partitions: DEFAULT_PARTITIONS, bindingVersion: KAFKA_BINDING } },
    };
    operations[`${owner}.publish`] = {
      action: 'send',
      title: `${owner} publishes`,
      summary: `The ${owner} outbox relay publishes every committed event, in commit order per case.`,
      channel: { $ref: `#/channels/${topic}` },
      messages: types.map(({ type }) => ({ $ref: `#/channels/${topic}/messages/${type}` })),
    };

    const dlq = dlqOf(topic);
    channels[dlq] = {
      address: dlq,
      title: dlq,
      description: `Dead letters of ${topic}: messages a consumer could not apply, unchanged, with why in \`dlq-*\` headers.`,
      messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
      bindings: { kafka: { topic: dlq, partitions: DEFAULT_PARTITIONS, bindingVersion: KAFKA_BINDING } },
    };
    operations[`${dlq}.send`] = {
      action: 'send',
      title: `consumers of ${topic} dead-letter`,
      channel: { $ref: `#/channels/${dlq}` },
      messages: [{ $ref: `#/channels/${dlq}/messages/deadLetter` }],
    };
  }
  messages.deadLetter = {
    name: 'deadLetter',
    title: 'Dead letter',
    summary: 'The original message (key, value and headers unchanged), which may not be a valid event.',
    headers: DLQ_HEADERS,
    payload: {
      description:
        "The original message value, unchanged (usually one of the source topic's events; possibly not JSON).",
    },
    bindings: { kafka: { key: KEY, bindingVersion: KAFKA_BINDING } },
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: o.title ?? 'Linkage events',
      version: CATALOGUE_VERSION,
      description: DESCRIPTION,
    },
    defaultContentType: EVENT_CONTENT_TYPE,
    servers: {
      local: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description: 'The local single-node KRaft broker of `npm start`.',
      },
      production: {
        host: 'linkage-kafka-bootstrap.linkage.svc:9092',
        protocol: 'kafka',
        description: 'The Strimzi cluster of infra/k8s (bootstrap service).',
      },
    },
    channels,
    operations,
    components: {
      messages,
      correlationIds: {
        correlationid: {
          description: 'Follows a request through every event it causes.',
          location: '$message.payload#/correlationid',
        },
      },
    },
  };
}

/** The document a service serves at `/asyncapi.json`: its own topic (and its dead letters). */
export function asyncApiForService(service: string): Json | undefined {
  const topic = topicOfService(service);
  return topic ? asyncApiDocument({ topics: [topic], title: `Linkage ${service} events` }) : undefined;
}

export { asyncApiHtml } from './asyncapi-html.ts';
export { checkAgainstSnapshot, incompatibleChanges, type Incompatibility, type SnapshotCheck } from './compat.ts';
