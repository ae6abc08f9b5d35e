import { timingSafeEqual, createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AuthError } from '@linkage/auth';
import { groupLagByPartition, safeErrorMessage, type Admin } from '@linkage/messaging';

/**
 * Prometheus metrics at `GET /metrics` (text exposition format), on the service's own port.
 *
 * Access: in development and test it is open (a local Prometheus scrapes it). With `METRICS_TOKEN`
 * set, a scrape must send `Authorization: Bearer <METRICS_TOKEN>`; in production `METRICS_TOKEN` is
 * required, and without it `/metrics` answers 404 (nothing about the service is exposed).
 *
 * Every metric this module exports is named in `METRIC_NAMES` (the alert rules test checks that
 * each rule's expression only names metrics the code exports).
 */

export const METRIC_NAMES = {
  httpRequests: 'linkage_http_requests_total',
  httpDuration: 'linkage_http_request_duration_seconds',
  outboxUnpublished: 'linkage_outbox_unpublished',
  outboxOldestAge: 'linkage_outbox_oldest_unpublished_age_seconds',
  relayPublished: 'linkage_outbox_relay_published_total',
  relayFailures: 'linkage_outbox_relay_publish_failures_total',
  relayLeader: 'linkage_outbox_relay_leader',
  consumerLag: 'linkage_consumer_lag',
  consumerApplied: 'linkage_consumer_events_applied_total',
  consumerDuplicates: 'linkage_consumer_duplicates_skipped_total',
  consumerRetries: 'linkage_consumer_retries_total',
  consumerDeadLettered: 'linkage_consumer_dead_lettered_total',
  consumerJoined: 'linkage_consumer_joined',
  consumerAssigned: 'linkage_consumer_assigned_partitions',
  consumerLagErrors: 'linkage_consumer_lag_scrape_errors_total',
  dbConnections: 'linkage_db_connections',
  dbPoolMax: 'linkage_db_pool_max',
  clocks: 'linkage_statutory_clocks',
} as const;

/** Prefix of prom-client's default Node.js metrics (event-loop delay, heap, GC, …). */
export const DEFAULT_METRICS_PREFIX = 'linkage_';

/** Histogram buckets for request latency, in seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Lag is read from Kafka at most this often (a scrape in between gets the last reading). */
const LAG_CACHE_MS = 5_000;
const LAG_TIMEOUT_MS = 3_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's Prometheus registry: a service adds its own metrics here. */
    metrics: Registry;
  }
}

export interface MetricsOptions {
  service: string;
  production: boolean;
  token?: string | undefined;
  /** Size of the Postgres pool (`createDb`'s max). */
  poolMax: number;
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The registry and the HTTP metrics; register before the routes (the hooks are global). */
export const metricsPlugin = fp<MetricsOptions>(
  async (app, o) => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: o.service });
    collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRICS_PREFIX });
    app.decorate('metrics', registry);

    const requests = new Counter({
      name: METRIC_NAMES.httpRequests,
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: METRIC_NAMES.httpDuration,
      help: 'Time to answer an HTTP request, by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
      // The route template (`/cases/:caseId`), never the URL: ids must not become label values.
      const route = req.routeOptions.url ?? 'unmatched';
      const labels = { method: req.method, route, status_code: String(reply.statusCode) };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    });

    // Production without a token: no route at all (the ordinary 404 Problem).
    if (o.production && !o.token) return;
    const token = o.token;
    app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
      if (token) {
        const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
        if (!m || !sameSecret(m[1]!, token))
          throw new AuthError(
            401,
            'metrics_token_required',
            'Scraping /metrics needs Authorization: Bearer <METRICS_TOKEN>.',
          );
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'linkage-metrics', fastify: '5.x' },
);

/**
 * Outbox, relay, consumer and database metrics, read when scraped. Register after the db and
 * messaging plugins.
 */
export function registerPlatformMetrics(app: FastifyInstance, o: { poolMax: number; service: string }): void {
  const registry = app.metrics;
  const sql = app.store.sql;

  new Gauge({
    name: METRIC_NAMES.outboxUnpublished,
    help: 'Outbox rows not yet published to Kafka (backlog).',
    registers: [registry],
    async collect() {
      const [row] = await sql<{ n: number; age: number | null }[]>`
        select count(*)::int as n, extract(epoch from (now() - min(created_at)))::float8 as age
        from outbox where published_at is null`;
      this.set(row?.n ?? 0);
      oldest.set(Math.max(0, row?.age ?? 0));
    },
  });
  const oldest = new Gauge({
    name: METRIC_NAMES.outboxOldestAge,
    help: 'Age in seconds of the oldest unpublished outbox row (0 when none).',
    registers: [registry],
  });
  const relay = app.messaging.relay;
  new Counter({
    name: METRIC_NAMES.relayPublished,
    help: 'Events this instance published from the outbox to Kafka.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(relay.published);
    },
  });
  new Counter({
    name: METRIC_NAMES.relayFailures,
    help: 'Outbox batches Kafka refused (retried later).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(relay.publishFailures);
    },
  });
  new Gauge({
    name: METRIC_NAMES.relayLeader,
    help: '1 when this instance holds the outbox relay leadership.',
    registers: [registry],
    collect() {
      this.set(relay.role === 'leader' ? 1 : 0);
    },
  });

  const consumers = () => app.messaging.consumers;
  const perGroup = (name: string, help: string, read: (c: ReturnType<typeof consumers>[number]) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['group'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const c of consumers()) this.inc({ group: c.groupId }, read(c));
      },
    });
  perGroup(METRIC_NAMES.consumerApplied, 'Events applied (inbox row and effect committed).', (c) => c.applied);
  perGroup(METRIC_NAMES.consumerDuplicates, 'Events skipped as already applied (same event id).', (c) => c.duplicates);
  perGroup(
    METRIC_NAMES.consumerRetries,
    'Handler attempts retried (database unavailable, or a failing handler before its dead letter).',
    (c) => c.transientRetries + c.handlerRetries,
  );
  perGroup(METRIC_NAMES.consumerDeadLettered, 'Events sent to the dead-letter topic.', (c) => c.deadLettered);
  new Gauge({
    name: METRIC_NAMES.consumerJoined,
    help: '1 when the consumer has joined its group.',
    labelNames: ['group'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const c of consumers()) this.set({ group: c.groupId }, c.state === 'joined' ? 1 : 0);
    },
  });
  // How a group's partitions are split between instances: each member reports its own share (sum over instances).
  new Gauge({
    name: METRIC_NAMES.consumerAssigned,
    help: 'Partitions of each topic the consumer group assigned to this instance at its last rebalance.',
    labelNames: ['group', 'topic'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const c of consumers())
        if (c.state === 'joined')
          for (const [topic, partitions] of Object.entries(c.assignment))
            this.set({ group: c.groupId, topic }, partitions.length);
    },
  });

  // Lag per partition, through one admin client kept for the app's life (connected lazily).
  let admin: Admin | undefined;
  let cached: { at: number; rows: { group: string; topic: string; partition: number; lag: number }[] } | undefined;
  const lagErrors = new Counter({
    name: METRIC_NAMES.consumerLagErrors,
    help: 'Scrapes that could not read consumer lag from Kafka.',
    registers: [registry],
  });
  const readLag = async () => {
    if (cached && Date.now() - cached.at < LAG_CACHE_MS) return cached.rows;
    if (!admin) {
      admin = app.messaging.kafka.admin();
      await admin.connect();
    }
    const rows: { group: string; topic: string; partition: number; lag: number }[] = [];
    for (const c of consumers()) {
      const { groupId, topics } = c.subscription;
      for (const r of await groupLagByPartition(admin, groupId, topics))
        rows.push({ group: c.groupId, ...r, partition: r.partition });
    }
    cached = { at: Date.now(), rows };
    return rows;
  };
  new Gauge({
    name: METRIC_NAMES.consumerLag,
    help: 'Messages not yet committed by the consumer group, per topic partition.',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      if (consumers().length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        const rows = await Promise.race([
          readLag(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer from Kafka within ${LAG_TIMEOUT_MS} ms`)),
              LAG_TIMEOUT_MS,
            );
          }),
        ]);
        this.reset();
        for (const r of rows) this.set({ group: r.group, topic: r.topic, partition: String(r.partition) }, r.lag);
      } catch (err) {
        // The last readings stay (a stale series is better than a false zero); the error is counted.
        lagErrors.inc();
        const a = admin;
        admin = undefined;
        await a?.disconnect().catch(() => {});
        app.log.warn({ err: safeErrorMessage(err) }, 'could not read consumer lag');
      } finally {
        clearTimeout(timer);
      }
    },
  });
  app.addHook('onClose', async () => {
    await admin?.disconnect().catch(() => {});
  });

  // The pool as Postgres sees it: this service's connections by state (postgres.js exposes no pool stats).
  new Gauge({
    name: METRIC_NAMES.dbConnections,
    help: "This service's Postgres connections by state (active, idle, idle in transaction, …), from pg_stat_activity.",
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const rows = await sql<{ state: string | null; n: number }[]>`
        select state, count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = ${o.service} group by state`;
      this.reset();
      for (const r of rows) this.set({ state: r.state ?? 'unknown' }, r.n);
    },
  });
  new Gauge({ name: METRIC_NAMES.dbPoolMax, help: 'Size of the Postgres connection pool.', registers: [registry] }).set(
    o.poolMax,
  );
}
