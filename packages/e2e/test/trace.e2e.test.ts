import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { SpanKind } from '@opentelemetry/api';
import { TOPICS } from '@linkage/contracts';
import { createKafka, ensureTopics, TopicTap } from '@linkage/messaging';
import { startInMemoryTracing } from '@linkage/service-kit';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { buildApp as buildIntake } from '../../../services/intake/src/app.ts';
import { intakeConfig } from '../../../services/intake/src/config.ts';
import { CHECKLIST_ITEM_IDS } from '../../../services/intake/src/domain/risk/checklist.ts';
import { buildApp as buildDv } from '../../../services/dv-referral/src/app.ts';
import { dvConfig } from '../../../services/dv-referral/src/config.ts';

/**
 * One trace from an HTTP request through the outbox, Kafka and the next services' effects: intake
 * and dv-referral in this process (real Postgres, real Kafka), spans kept in memory.
 * POST /cases (traceparent T) → intake.referral.requested → dv-referral applies it and writes
 * dv.referral.created → intake applies that. Every event and every span on the way carries T.
 */
describe('traces across Kafka (W3C traceparent in the CloudEvents extension)', () => {
  const { brokers } = testInfra();
  const logger = pino({ level: 'silent' });
  let exporter: ReturnType<typeof startInMemoryTracing>;
  let intake: Awaited<ReturnType<typeof buildIntake>>;
  let dv: Awaited<ReturnType<typeof buildDv>>;
  let tap: TopicTap;
  let prefix: string;
  let intakeDb: string;

  beforeAll(async () => {
    exporter = startInMemoryTracing('linkage-trace-test');
    prefix = freshTopicPrefix();
    const kafka = createKafka({ brokers, clientId: 'trace-test', logger });
    await ensureTopics(kafka, prefix);
    intakeDb = await freshDatabase('trace_intake');
    const dvDb = await freshDatabase('trace_dv');
    intake = await buildIntake(
      intakeConfig(
        serviceEnv({ databaseUrl: intakeDb, brokers, topicPrefix: prefix, extra: { RELAY_POLL_MS: '200' } }),
      ),
      { logger },
    );
    dv = await buildDv(
      dvConfig(serviceEnv({ databaseUrl: dvDb, brokers, topicPrefix: prefix, extra: { RELAY_POLL_MS: '200' } })),
      { logger },
    );
    await Promise.all([intake.ready(), dv.ready()]);
    tap = await new TopicTap(kafka, [prefix + TOPICS.intake, prefix + TOPICS.dv]).start();
  }, 120_000);
  afterAll(async () => {
    await tap?.stop();
    await Promise.all([intake?.close(), dv?.close()]);
  });

  it('POST /cases with a traceparent: the events on Kafka and the downstream consumers’ spans carry its trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const res = await intake.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...bearer('hotline_operator', 'wf:district'), traceparent: `00-${traceId}-${callerSpan}-01` },
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        victim: { name: '测试', sex: 'female', age: 34, street: 'xinqi' },
        needs: ['dv_protection'],
        risk: { yes: CHECKLIST_ITEM_IDS.slice(0, 15) },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const caseId = res.json().id as string;

    // On Kafka: the request's events and dv-referral's answer, all in the request's trace.
    const events = await tap.waitFor(
      (t) => {
        const mine = t.events.filter((e) => e.subject === caseId);
        return mine.some((e) => e.type === 'dv.referral.created.v1') && mine;
      },
      'dv-referral to create the referral the request asked for',
      60_000,
    );
    const traceOf = (e: unknown) =>
      /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec((e as { traceparent?: string }).traceparent ?? '')?.[1];
    for (const type of ['intake.case.opened.v1', 'intake.referral.requested.v1', 'dv.referral.created.v1'])
      expect(traceOf(events.find((e) => e.type === type)), type).toBe(traceId);
    const created = events.find((e) => e.type === 'dv.referral.created.v1')!;

    // intake applies dv.referral.created (its hand-off projection) in a consumer span of the same trace.
    await eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(intakeDb, 'select count(*)::int as n from inbox where event_id = $1', [
            created.id,
          ])
        )[0]!.n === 1,
      'intake to apply dv.referral.created',
      60_000,
    );
    const spans = await eventually(
      () => {
        const s = exporter.getFinishedSpans().filter((x) => x.spanContext().traceId === traceId);
        const consumed = (type: string, group: string) =>
          s.find(
            (x) =>
              x.kind === SpanKind.CONSUMER &&
              x.attributes['cloudevents.event_type'] === type &&
              x.attributes['messaging.consumer.group.name'] === group,
          );
        return consumed('dv.referral.created.v1', 'intake-status') && s;
      },
      "intake's consumer span for dv.referral.created in the request's trace",
      30_000,
    );

    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: (typeof spans)[number]) => byId.get(s.parentSpanContext?.spanId ?? '');
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /cases')!;
    expect(server, 'the server span').toBeDefined();
    expect(server.parentSpanContext?.spanId).toBe(callerSpan);
    expect(server.attributes['http.response.status_code']).toBe(201);

    // dv-referral's consumer span for the referral request: child of intake's producer span, itself a child of the
    // request.
    const dvConsumer = spans.find(
      (s) => s.kind === SpanKind.CONSUMER && s.attributes['cloudevents.event_type'] === 'intake.referral.requested.v1',
    )!;
    expect(dvConsumer, 'dv-referral consumer span').toBeDefined();
    const producer = parentOf(dvConsumer)!;
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.name).toBe(`${prefix}${TOPICS.intake} publish`);
    expect(parentOf(producer)).toBe(server);
    // Its Postgres work: a transaction span inside it (one event), or the chunk's transaction span linking to it (a
    // batch).
    const pgSpans = exporter.getFinishedSpans().filter((s) => s.name === 'postgres transaction');
    expect(
      pgSpans.some(
        (s) =>
          s.parentSpanContext?.spanId === dvConsumer.spanContext().spanId ||
          s.links.some((l) => l.context.spanId === producer.spanContext().spanId),
      ),
      'a Postgres span for the effect',
    ).toBe(true);

    // intake's consumer span for dv.referral.created descends from dv-referral's consumer span (via its producer span).
    const intakeConsumer = spans.find(
      (s) => s.kind === SpanKind.CONSUMER && s.attributes['cloudevents.event_type'] === 'dv.referral.created.v1',
    )!;
    const dvProducer = parentOf(intakeConsumer)!;
    expect(dvProducer.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(dvProducer)).toBe(dvConsumer);
    expect(intakeConsumer.attributes['linkage.outcome']).toBe('applied');
    // No personal data in span attributes.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('测试');
  });
});
