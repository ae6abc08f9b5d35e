import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { authPlugin, type Principal } from '@linkage/auth';
import {
  brokerAnswers,
  connectProducerUntil,
  createKafka,
  createProducer,
  IdempotentConsumer,
  OutboxRelay,
  pruneOutbox,
  type ConsumerOptions,
  type Kafka,
  type Producer,
} from '@linkage/messaging';
import type { BaseConfig } from './config.ts';
import { installProblemDetails } from './errors.ts';
import { registerEventCatalogue } from './asyncapi-route.ts';
import { openapiPlugin } from './openapi.ts';
import { securityPlugin } from './security.ts';
import { BlindIndexer, FieldCipher } from './crypto.ts';
import { idempotencyPlugin } from './idempotency.ts';
import { metricsPlugin, registerPlatformMetrics } from './metrics.ts';
import { flushTracing, startTracing, tracingPlugin } from './tracing.ts';
import { ThreadedRelay } from './relay-thread.ts';
import { registerPeriodicJob } from './jobs.ts';

export type Clock = () => Date;

export interface PlatformOptions {
  /** Service name: `/services/<name>` is the event source. */
  service: string;
  description: string;
  config: BaseConfig;
  schema: Record<string, unknown>;
  /** The service's drizzle folder (applied after the shared tables' migrations). */
  migrationsFolder: string;
  clock?: Clock;
}

export interface Messaging {
  kafka: Kafka;
  producer: Producer;
  /** The outbox relay: in this event loop, or on a thread of its own (RELAY_THREAD). */
  relay: Pick<OutboxRelay, 'role' | 'published' | 'publishFailures' | 'start' | 'stop'>;
  consumers: IdempotentConsumer[];
  /** Register a consumer; it starts when the app is ready (if CONSUMERS_ENABLED). */
  consume(
    o: Pick<ConsumerOptions, 'groupId' | 'inboxName' | 'topics' | 'handlers' | 'onBatch' | 'retries' | 'retryBaseMs'>,
  ): IdempotentConsumer;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: BaseConfig;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    store: DbClient<any>;
    messaging: Messaging;
    cipher: FieldCipher;
    /** Blind indexes: `index` to store (current key), `candidates` to look up (every configured key). */
    blindIndexer: BlindIndexer;
    clock: Clock;
    service: { name: string; source: string };
  }
}

/** Postgres connections per service instance. */
export const DB_POOL_MAX = 10;

/** Database pool (and migrations), as a named plugin. */
export const dbPlugin = fp<PlatformOptions>(
  async (app, o) => {
    if (o.config.MIGRATE_ON_START) await runMigrations(o.config.DATABASE_URL, o.migrationsFolder);
    const store = createDb(o.config.DATABASE_URL, o.schema, { applicationName: o.service, max: DB_POOL_MAX });
    app.decorate('store', store);
    app.addHook('onClose', async () => store.close());
  },
  { name: 'linkage-db', fastify: '5.x' },
);

/** Kafka producer, outbox relay and consumers, as a named plugin. */
export const messagingPlugin = fp<PlatformOptions>(
  async (app, o) => {
    const cfg = o.config;
    const kafka = createKafka({ brokers: cfg.KAFKA_BROKERS.split(','), clientId: o.service, logger: app.log });
    const producer = createProducer(kafka);
    const relay = cfg.RELAY_THREAD
      ? new ThreadedRelay(
          {
            service: o.service,
            databaseUrl: cfg.DATABASE_URL,
            brokers: cfg.KAFKA_BROKERS.split(','),
            topicPrefix: cfg.TOPIC_PREFIX,
            pollMs: cfg.RELAY_POLL_MS,
            logLevel: cfg.LOG_LEVEL,
          },
          app.log,
        )
      : new OutboxRelay({
          sql: app.store.sql,
          session: app.store.session,
          producer,
          logger: app.log,
          service: o.service,
          topicPrefix: cfg.TOPIC_PREFIX,
          pollMs: cfg.RELAY_POLL_MS,
        });
    const consumers: IdempotentConsumer[] = [];
    const messaging: Messaging = {
      kafka,
      producer,
      relay,
      consumers,
      consume: (c) => {
        const consumer = new IdempotentConsumer({
          ...c,
          kafka,
          db: app.store.db,
          producer,
          logger: app.log,
          topicPrefix: cfg.TOPIC_PREFIX,
        });
        consumers.push(consumer);
        return consumer;
      },
    };
    app.decorate('messaging', messaging);
    registerPeriodicJob(app, 'outbox-prune', cfg.OUTBOX_PRUNE_INTERVAL_MS, async () => {
      const before = new Date(app.clock().getTime() - cfg.OUTBOX_RETENTION_HOURS * 3_600_000);
      const deleted = await pruneOutbox(app.store.sql, before);
      if (deleted > 0)
        app.log.info({ deleted, publishedBefore: before.toISOString() }, 'outbox: published rows pruned');
    });
    // Start-up never waits for Kafka: the producer connects, and each consumer joins its group, in
    // the background with retries (a group still waiting for a crashed member's session to expire
    // can take its session timeout to let a new member in). /readyz says 503 until every consumer
    // has joined. On close, consumers leave their groups (no session left for the next start to wait out).
    let closing = false;
    let producerConnected: Promise<void> | undefined;
    app.addHook('onReady', async () => {
      // The relay publishes only once the producer has connected: kafkajs' idempotent producer, sent
      // to while its connect is still in flight, skips the broker lock, throws on releasing it after
      // the broker stored the batch, and the relay (seeing an error) published the batch again — the
      // first events after every start went to Kafka twice, without a producer id to dedupe them.
      producerConnected = connectProducerUntil(producer, app.log, () => closing).then((connected) => {
        if (connected && cfg.RELAY_ENABLED && !closing) relay.start();
      });
      if (cfg.CONSUMERS_ENABLED) for (const c of consumers) await c.start();
    });
    app.addHook('onClose', async () => {
      closing = true;
      await Promise.allSettled(consumers.map((c) => c.stop()));
      await relay.stop();
      await producerConnected;
      await producer.disconnect();
    });
  },
  { name: 'linkage-messaging', fastify: '5.x', dependencies: ['linkage-db'] },
);

/** Everything a Linkage service stands on, registered in start-up order. */
export const platform = fp<PlatformOptions>(
  async (app, o) => {
    app.decorate('config', o.config);
    app.decorate('clock', o.clock ?? (() => new Date()));
    app.decorate('cipher', new FieldCipher(o.config.fieldKeyring ?? o.config.fieldKey));
    app.decorate('blindIndexer', new BlindIndexer(o.config.blindIndexKeyring ?? o.config.blindIndexKey));
    app.decorate('service', { name: o.service, source: `/services/${o.service}` });
    installProblemDetails(app);

    // Spans only when an OTLP endpoint is configured (or a test started in-memory tracing).
    startTracing(o.service);
    await app.register(tracingPlugin);
    app.addHook('onClose', async () => flushTracing());
    await app.register(securityPlugin, { config: o.config });
    await app.register(metricsPlugin, {
      service: o.service,
      production: o.config.NODE_ENV === 'production',
      token: o.config.METRICS_TOKEN,
      poolMax: DB_POOL_MAX,
    });
    await app.register(openapiPlugin, { service: o.service, description: o.description, config: o.config });

    await app.register(dbPlugin, o);
    await app.register(idempotencyPlugin);
    await app.register(messagingPlugin, o);
    registerPlatformMetrics(app, { service: o.service, poolMax: DB_POOL_MAX });
    await app.register(authPlugin, {
      publicKey: o.config.jwtPublicKey,
      jwksUrl: o.config.JWT_JWKS_URL,
      issuers: o.config.JWT_ISSUERS.split(','),
      audiences: o.config.JWT_AUDIENCES.split(','),
      maxLifetimeSeconds: o.config.JWT_MAX_LIFETIME_SECONDS,
    });
    registerHealth(app);
    registerEventCatalogue(app, { service: o.service, production: o.config.NODE_ENV === 'production' });
  },
  { name: 'linkage-platform', fastify: '5.x' },
);

function registerHealth(app: FastifyInstance) {
  const Status = Type.Object({
    status: Type.String(),
    checks: Type.Optional(Type.Record(Type.String(), Type.String())),
  });
  app.get('/healthz', { schema: { hide: true, response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true, response: { 200: Status, 503: Status } } }, async (_req, reply) => {
    const [db, kafka] = await Promise.all([
      app.store.sql`select 1`.then(
        () => 'ok',
        () => 'unreachable',
      ),
      brokerAnswers(app.messaging.kafka).then((ok) => (ok ? 'ok' : 'unreachable')),
    ]);
    // 'joining' until every started consumer has joined its group (see messagingPlugin).
    const started = app.messaging.consumers.filter((c) => c.state !== 'idle');
    const consumers = started.every((c) => c.state === 'joined') ? 'ok' : 'joining';
    const ready = db === 'ok' && kafka === 'ok' && consumers === 'ok';
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not_ready', checks: { database: db, kafka, consumers } });
  });
}

export type { Principal };
