import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { SpanKind } from '@opentelemetry/api';
import { dlqOf, TOPICS } from '@linkage/contracts';
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
import { buildApp as buildLegalAid } from '../../../services/legal-aid/src/app.ts';
import { legalAidConfig } from '../../../services/legal-aid/src/config.ts';
import { buildApp as buildElderCare } from '../../../services/elder-care/src/app.ts';
import { elderCareConfig } from '../../../services/elder-care/src/config.ts';
import { buildApp as buildTimeline } from '../../../services/case-timeline/src/app.ts';
import { timelineConfig } from '../../../services/case-timeline/src/config.ts';

/**
 * One trace from an HTTP request through the outbox, Kafka and every service's effects: all five services in this
 * process (real Postgres, real Kafka), spans kept in memory. The canonical case — an elderly woman beaten at home,
 * referred to DV, legal aid and elder care — is opened with POST /cases (traceparent T). Intake's referral requests
 * reach dv-referral, legal-aid and elder-care; their answers reach intake's projections; the case timeline reads
 * every topic. Every event on every topic caused by the request carries T, and each of the five services processes
 * events in spans of T that descend from the request's server span.
 *
 * The five services share this process's tracer provider (one `service.name`), so a span is told to a service by
 * what the code sets on it: a consumer span's `messaging.consumer.group.name` (each service's own group) and a
 * producer span's `messaging.destination.name` (each service's own topic).
 */
type ReadableSpan = ReturnType<ReturnType<typeof startInMemoryTracing>['getFinishedSpans']>[number];
const SERVICES = ['intake', 'dv-referral', 'legal-aid', 'elder-care', 'case-timeline'] as const;
type Svc = (typeof SERVICES)[number];
const GROUP: Record<Svc, string> = {
  intake: 'intake-status',
  'dv-referral': 'dv-referral',
  'legal-aid': 'legal-aid',
  'elder-care': 'elder-care',
  'case-timeline': 'case-timeline',
};
/** The events that show each referral was acted on (the request's effects in every department). */
const ANSWERS = ['dv.referral.created.v1', 'legal_aid.application.received.v1', 'elder_care.client.referred.v1'];

describe('traces across Kafka (W3C traceparent in the CloudEvents extension)', () => {
  const { brokers } = testInfra();
  const logger = pino({ level: 'silent' });
  let exporter: ReturnType<typeof startInMemoryTracing>;
  let intake: Awaited<ReturnType<typeof buildIntake>>;
  const apps: { ready: () => PromiseLike<unknown>; close: () => PromiseLike<unknown> }[] = [];
  let tap: TopicTap;
  let prefix: string;
  const dbs = {} as Record<Svc, string>;

  beforeAll(async () => {
    exporter = startInMemoryTracing('linkage-trace-test');
    prefix = freshTopicPrefix();
    const kafka = createKafka({ brokers, clientId: 'trace-test', logger });
    await ensureTopics(kafka, prefix);
    for (const s of SERVICES) dbs[s] = await freshDatabase(`trace_${s.replace('-', '_')}`);
    const env = (s: Svc) =>
      serviceEnv({
        databaseUrl: dbs[s],
        brokers,
        topicPrefix: prefix,
        extra: { RELAY_POLL_MS: '200', SCHEDULER_INTERVAL_MS: '1000' },
      });
    intake = await buildIntake(intakeConfig(env('intake')), { logger });
    apps.push(intake);
    apps.push(await buildDv(dvConfig(env('dv-referral')), { logger }));
    apps.push(await buildLegalAid(legalAidConfig(env('legal-aid')), { logger }));
    apps.push(await buildElderCare(elderCareConfig(env('elder-care')), { logger }));
    apps.push(await buildTimeline(timelineConfig(env('case-timeline')), { logger }));
    await Promise.all(apps.map((a) => a.ready()));
    // Every topic and its dead-letter twin: nothing the request causes may go unseen.
    tap = await new TopicTap(
      kafka,
      Object.values(TOPICS).flatMap((t) => [prefix + t, prefix + dlqOf(t)]),
    ).start();
  }, 180_000);
  afterAll(async () => {
    await tap?.stop();
    await Promise.all(apps.map((a) => a.close()));
  });

  it('POST /cases with a traceparent: every event it causes, on every topic, and all five services’ spans carry its trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const res = await intake.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...bearer('hotline_operator', 'wf:district'), traceparent: `00-${traceId}-${callerSpan}-01` },
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        victim: { name: '测试', sex: 'female', age: 72, street: 'xinqi' },
        needs: ['dv_protection', 'legal_aid', 'elder_care'],
        consent: { police: true, legal_aid: true, elder_care: true },
        risk: { yes: CHECKLIST_ITEM_IDS.slice(0, 15) },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const caseId = res.json().id as string;
    expect(
      (res.json().referrals as { target: string }[]).map((r) => r.target).sort(),
      'the case is referred to all three departments',
    ).toEqual(['dv', 'elder_care', 'legal_aid']);

    // On Kafka: intake's three referral requests and each department's answer.
    await tap.waitFor(
      (t) => {
        const mine = t.events.filter((e) => e.subject === caseId);
        // A set: the relay may publish an event twice (at least once; consumers dedupe by id).
        const targets = new Set(
          mine.filter((e) => e.type === 'intake.referral.requested.v1').map((e) => String(e.data.target)),
        );
        return targets.size === 3 && ANSWERS.every((type) => mine.some((e) => e.type === type));
      },
      'the three referral requests and the answers of dv-referral, legal-aid and elder-care',
      120_000,
    );

    // Spans: every event of the case processed by the timeline (which reads every topic) in a consumer span of T,
    // each department's consumer span for its referral request, and intake's for each answer; and every span of T
    // descends from the request's server span (its producer spans are finished too).
    const ofTrace = () => exporter.getFinishedSpans().filter((x) => x.spanContext().traceId === traceId);
    const consumed = (s: ReadableSpan[], group: string, match: (x: ReadableSpan) => boolean) =>
      s.find(
        (x) => x.kind === SpanKind.CONSUMER && x.attributes['messaging.consumer.group.name'] === group && match(x),
      );
    const ofType = (type: string) => (x: ReadableSpan) => x.attributes['cloudevents.event_type'] === type;
    let missing = '';
    const { spans, messages } = await eventually(
      () => {
        const s = ofTrace();
        // Every message on this run's topics (a fresh prefix: nothing else writes to them).
        const seen = tap.messages.slice();
        const server = s.find((x) => x.kind === SpanKind.SERVER && x.name === 'POST /cases');
        const byId = new Map(s.map((x) => [x.spanContext().spanId, x]));
        const fromRequest = (x: ReadableSpan): boolean => {
          for (let at: ReadableSpan | undefined = x; at; at = byId.get(at.parentSpanContext?.spanId ?? ''))
            if (at === server) return true;
          return false;
        };
        const wanted: [string, boolean][] = [
          ['the server span', !!server],
          ...seen
            .flatMap((m) => (m.event ? [m.event] : []))
            .map((e): [string, boolean] => [
              `case-timeline's span for ${e.type} ${e.id}`,
              !!consumed(s, GROUP['case-timeline'], (x) => x.attributes['cloudevents.event_id'] === e.id),
            ]),
          ...(['dv-referral', 'legal-aid', 'elder-care'] as const).map((svc): [string, boolean] => [
            `${svc}'s span for its referral request`,
            !!consumed(s, GROUP[svc], ofType('intake.referral.requested.v1')),
          ]),
          ...ANSWERS.map((type): [string, boolean] => [
            `intake's span for ${type}`,
            !!consumed(s, GROUP.intake, ofType(type)),
          ]),
          ...s
            .filter((x) => x !== server && !fromRequest(x))
            .map((x): [string, boolean] => [`a path from ${x.name} to the server span`, false]),
        ];
        missing = wanted
          .filter(([, ok]) => !ok)
          .map(([what]) => what)
          .join('; ');
        return !missing && { spans: s, messages: seen };
      },
      "every service's spans in the request's trace",
      120_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; missing: ${missing}`);
    });

    // Every event on every topic — all caused by the request — is about the case and carries T in the CloudEvents
    // extension and the Kafka header; none was dead-lettered.
    const traceOf = (tp: string | undefined) => /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec(tp ?? '')?.[1];
    expect(
      messages.filter((m) => m.event?.subject !== caseId).map((m) => `${m.topic}: ${m.raw}`),
      'messages not about the case',
    ).toEqual([]);
    const topicsSeen = new Set(messages.map((m) => m.topic.slice(prefix.length)));
    expect([...topicsSeen].sort()).toEqual([TOPICS.dv, TOPICS.elderCare, TOPICS.intake, TOPICS.legalAid].sort());
    for (const m of messages) {
      const what = `${m.event!.type} ${m.event!.id} on ${m.topic}`;
      expect(traceOf((m.event as { traceparent?: string }).traceparent), what).toBe(traceId);
      expect(m.headers.traceparent, what).toBe((m.event as { traceparent?: string }).traceparent);
    }
    expect(tap.messages.filter((m) => m.topic.endsWith('.dlq')).map((m) => m.raw)).toEqual([]);

    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => byId.get(s.parentSpanContext?.spanId ?? '');
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /cases')!;
    expect(server.parentSpanContext?.spanId).toBe(callerSpan);
    expect(server.attributes['http.response.status_code']).toBe(201);

    // Each event's traceparent names the producer span that published it, itself a child of the span that wrote
    // the event to the outbox: the request's, or the consumer span whose effect it is.
    for (const e of messages.map((m) => m.event!)) {
      const producerId = (e as { traceparent?: string }).traceparent!.split('-')[2]!;
      const producer = byId.get(producerId);
      expect(producer?.kind, `the producer span of ${e.type}`).toBe(SpanKind.PRODUCER);
      expect(producer!.attributes['cloudevents.event_id']).toBe(e.id);
      const writer = parentOf(producer!)!;
      if (e.source === '/services/intake')
        expect([server, ...spans.filter((s) => s.kind === SpanKind.CONSUMER)]).toContain(writer);
      else expect(writer.kind, `what wrote ${e.type}`).toBe(SpanKind.CONSUMER);
    }

    // Each of the five services: consumer spans of T (its own group), and the four that publish: producer spans on
    // their topics.
    const consumerGroups = new Set(
      spans.filter((s) => s.kind === SpanKind.CONSUMER).map((s) => s.attributes['messaging.consumer.group.name']),
    );
    expect([...consumerGroups].sort()).toEqual(Object.values(GROUP).sort());
    const producedOn = new Set(
      spans
        .filter((s) => s.kind === SpanKind.PRODUCER)
        .map((s) => String(s.attributes['messaging.destination.name']).slice(prefix.length)),
    );
    for (const t of [TOPICS.intake, TOPICS.dv, TOPICS.legalAid, TOPICS.elderCare]) expect(producedOn).toContain(t);

    // The chain request → intake → department → intake, for each department: the department's consumer span is a
    // child of intake's producer span (a child of the request), and intake's consumer span for the answer is a
    // grandchild of the department's consumer span.
    for (const [svc, answer] of [
      ['dv-referral', 'dv.referral.created.v1'],
      ['legal-aid', 'legal_aid.application.received.v1'],
      ['elder-care', 'elder_care.client.referred.v1'],
    ] as const) {
      const dept = spans.find(
        (s) =>
          consumed([s], GROUP[svc], ofType('intake.referral.requested.v1')) &&
          spans.some((a) => consumed([a], GROUP.intake, ofType(answer)) && parentOf(parentOf(a)!) === s),
      );
      expect(dept, `${svc}'s consumer span that caused ${answer}`).toBeDefined();
      const producer = parentOf(dept!)!;
      expect(producer.kind).toBe(SpanKind.PRODUCER);
      expect(producer.name).toBe(`${prefix}${TOPICS.intake} publish`);
      expect(parentOf(producer)).toBe(server);
      expect(
        consumed(spans, GROUP.intake, (x) => ofType(answer)(x) && x.attributes['linkage.outcome'] === 'applied'),
        `intake applied ${answer}`,
      ).toBeDefined();
    }

    // Postgres work of a department's effect: a transaction span inside its consumer span (one event), or the chunk's
    // transaction span linking to the event's producer span (a batch).
    const dvConsumer = consumed(spans, GROUP['dv-referral'], ofType('intake.referral.requested.v1'))!;
    const pgSpans = exporter.getFinishedSpans().filter((s) => s.name === 'postgres transaction');
    expect(
      pgSpans.some(
        (s) =>
          s.parentSpanContext?.spanId === dvConsumer.spanContext().spanId ||
          s.links.some((l) => l.context.spanId === dvConsumer.parentSpanContext?.spanId),
      ),
      'a Postgres span for the effect',
    ).toBe(true);

    // The timeline applied every event of the case (its inbox), each in T.
    const applied = await queryOnce<{ event_id: string }>(
      dbs['case-timeline'],
      'select event_id from inbox where consumer = $1',
      [GROUP['case-timeline']],
    );
    for (const m of messages) expect(applied.map((r) => r.event_id)).toContain(m.event!.id);

    // Events published after the spans were checked (none are expected) carry T too.
    for (const m of tap.messages.slice(messages.length))
      expect(traceOf((m.event as { traceparent?: string } | undefined)?.traceparent), `late ${m.raw}`).toBe(traceId);

    // No personal data in span attributes.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('测试');
  });
});
