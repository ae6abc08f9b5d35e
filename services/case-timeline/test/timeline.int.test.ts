import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { topicOf, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, newEvent, type Producer } from '@linkage/messaging';
import {
  bearer,
  dvCaseEvents,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { flags } from './fixtures.ts';
import { timelineConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
describe('case-timeline projection (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'timeline-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    app = await buildApp(
      timelineConfig(serviceEnv({ databaseUrl: await freshDatabase('timeline'), brokers, topicPrefix: prefix })),
      { logger },
    );
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  const send = (e: LinkageEvent) =>
    producer.send({
      topic: prefix + topicOf(e.type),
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  const coordinator = bearer('coordinator', 'wcw:district');

  it('orders a case across topics even when the DV event arrives first, and holds each event once', async () => {
    const caseId = randomUUID();
    const [opened, requested, created] = dvCaseEvents(caseId, Date.parse('2026-11-28T10:00:00.000Z'));
    await send(created!); // dv.events first
    await send(requested!);
    await send(opened!);
    await send(opened!); // a duplicate delivery
    const entries = await eventually(async () => {
      const res = await app.inject({ url: `/cases/${caseId}/timeline`, headers: coordinator });
      return res.statusCode === 200 && res.json().entries.length >= 3 && res.json().entries;
    }, 'three entries');
    expect(entries.map((e: { type: string }) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.referral.requested.v1',
      'dv.referral.created.v1',
    ]);
    expect(entries.map((e: { actor: { dept: string } }) => e.actor.dept)).toEqual([
      'wf:district',
      'wf:district',
      'svc:dv-referral',
    ]);
    expect(entries[0].summary).toContain('BL-2026-000007');
    expect(entries).toHaveLength(3);
  });

  it('shows a legal aid decision clock paused for materials (LAL Art. 43) — the timeline answers 200 with state `paused`', async () => {
    const caseId = randomUUID();
    const applicationId = randomUUID();
    const t0 = Date.parse('2026-11-23T02:00:00.000Z');
    const [opened] = dvCaseEvents(caseId, t0);
    const actor = { role: 'legal_aid_officer', dept: 'legal_aid:district' };
    const received = newEvent('legal_aid.application.received.v1', {
      source: '/services/legal-aid',
      subject: caseId,
      actor,
      time: new Date(t0 + 1000),
      data: {
        applicationId,
        caseId,
        requestId: null,
        channel: 'walk_in',
        matterType: 'divorce',
        proceedings: 'civil',
        urgency: 'normal',
        street: 'xinqi',
        meansTest: null,
        receivedAt: new Date(t0 + 1000).toISOString(),
        decideBy: new Date(t0 + 7 * 86_400_000).toISOString(),
      },
    });
    const requested = newEvent('legal_aid.application.materials_requested.v1', {
      source: '/services/legal-aid',
      subject: caseId,
      actor,
      time: new Date(t0 + 2000),
      data: {
        applicationId,
        caseId,
        missing: ['id_document'],
        requestedAt: new Date(t0 + 2000).toISOString(),
        decisionClock: 'paused',
        remainingHours: 160,
      },
    });
    for (const e of [opened!, received, requested]) await send(e);
    const body = await eventually(async () => {
      const res = await app.inject({ url: `/cases/${caseId}/timeline`, headers: coordinator });
      if (res.statusCode === 500) throw new Error(`timeline 500: ${res.body}`);
      const b = res.statusCode === 200 ? res.json() : null;
      return b && b.clocks.some((c: { state: string }) => c.state === 'paused') && b;
    }, 'a paused legal aid decision clock on the timeline');
    const clock = body.clocks.find((c: { ruleId: string }) => c.ruleId === 'legal_aid_decision');
    expect(clock.state).toBe('paused');
    const start = body.entries.find((e: { type: string }) => e.type === 'legal_aid.application.received.v1');
    expect(start.clocks).toEqual([
      expect.objectContaining({ ruleId: 'legal_aid_decision', effect: 'started', state: 'paused' }),
    ]);
    // a paused clock is visible to coordinators, never silent
    const listed = await app.inject({ url: '/oversight/clocks?state=paused', headers: coordinator });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ clockId: clock.clockId, state: 'paused', street: 'xinqi' })]),
    );
  });

  it('roles × timeline: the owning unit within its streets and coordinators within theirs — not another unit, another street or an unknown case', async () => {
    const caseId = randomUUID();
    const t0 = Date.now();
    for (const e of dvCaseEvents(caseId, t0)) await send(e); // opened by wf:district in Xinqi (an older event: owner from the actor)
    const url = `/cases/${caseId}/timeline`;
    await eventually(async () => (await app.inject({ url, headers: coordinator })).statusCode === 200, 'timeline');
    const matrix: [string, Record<string, string>, number][] = [
      ['caseworker of the owning unit', bearer('wf_caseworker', 'wf:district'), 200],
      ['operator of the owning unit', bearer('hotline_operator', 'wf:district'), 200],
      ['owning unit restricted to Xinqi', bearer('wf_caseworker', 'wf:district', { streets: ['xinqi'] }), 200],
      ['coordinator restricted to Xinqi', bearer('coordinator', 'wcw:district', { streets: ['xinqi'] }), 200],
      ['caseworker of another unit', bearer('wf_caseworker', 'wf:chunxiao'), 403],
      ['operator of another unit', bearer('hotline_operator', 'wf:chunxiao'), 403],
      ['owning unit restricted to Daqi', bearer('wf_caseworker', 'wf:district', { streets: ['daqi'] }), 403],
      ['coordinator restricted to Daqi', bearer('coordinator', 'wcw:district', { streets: ['daqi'] }), 403],
      ['police of the station it was sent to', bearer('police_officer', 'police:xinqi'), 403],
      ['admin (intake refuses admin a case too)', bearer('admin', 'platform:ops'), 403],
    ];
    for (const [who, headers, status] of matrix) {
      const res = await app.inject({ url, headers });
      expect(res.statusCode, `${who}: ${res.body.slice(0, 100)}`).toBe(status);
      if (status === 403) expect(res.body).not.toContain('referral');
    }
    expect(
      (await app.inject({ url: `/cases/${randomUUID()}/timeline`, headers: bearer('wf_caseworker', 'wf:district') }))
        .statusCode,
    ).toBe(404);

    // the street moves with intake's update; the owner named in case.opened wins over a system actor
    const moved = newEvent('intake.case.updated.v1', {
      source: '/services/intake',
      subject: caseId,
      actor: { role: 'wf_caseworker', dept: 'wf:district' },
      time: new Date(t0 + 60_000),
      data: {
        caseId,
        version: 2,
        changed: ['victim'],
        category: 'domestic_violence',
        street: 'daqi',
        flags,
        needs: ['dv_protection'],
        updatedAt: new Date(t0 + 60_000).toISOString(),
      },
    });
    await send(moved);
    const daqiCoordinator = bearer('coordinator', 'wcw:district', { streets: ['daqi'] });
    await eventually(
      async () => (await app.inject({ url, headers: daqiCoordinator })).statusCode === 200,
      'the Daqi coordinator sees the moved case',
    );
    expect(
      (await app.inject({ url, headers: bearer('coordinator', 'wcw:district', { streets: ['xinqi'] }) })).statusCode,
    ).toBe(403);

    const reported = randomUUID();
    await send(
      newEvent('intake.case.opened.v1', {
        source: '/services/intake',
        subject: reported,
        actor: { role: 'system', dept: 'svc:intake' },
        time: new Date(t0),
        data: {
          caseId: reported,
          caseNumber: 'BL-2026-000008',
          channel: 'mandatory_report',
          category: 'domestic_violence',
          street: 'xinqi',
          riskLevel: 'medium',
          repeat: false,
          flags,
          needs: [],
          ownerDept: 'wf:beilun',
          openedAt: new Date(t0).toISOString(),
        },
      }),
    );
    await eventually(
      async () =>
        (await app.inject({ url: `/cases/${reported}/timeline`, headers: bearer('wf_caseworker', 'wf:beilun') }))
          .statusCode === 200,
      'the named owner reads a reported case',
    );
    expect(
      (await app.inject({ url: `/cases/${reported}/timeline`, headers: bearer('wf_caseworker', 'wf:district') }))
        .statusCode,
    ).toBe(403);
  });

  it('oversight lists stay within a street-restricted coordinator’s streets', async () => {
    const caseId = randomUUID();
    const t0 = Date.now() - 3 * 3_600_000; // the 1 h acceptance clock is breached by now
    for (const e of dvCaseEvents(caseId, t0)) await send(e);
    await eventually(async () => {
      const items = (await app.inject({ url: '/oversight/clocks', headers: coordinator })).json().items as {
        caseId: string;
      }[];
      return items.some((i) => i.caseId === caseId);
    }, 'the breached clock listed district-wide');
    const daqi = bearer('coordinator', 'wcw:district', { streets: ['daqi'] });
    const listed = await app.inject({ url: '/oversight/clocks', headers: daqi });
    expect(listed.statusCode, listed.body).toBe(200);
    expect((listed.json().items as { caseId: string; street: string }[]).every((i) => i.street === 'daqi')).toBe(true);
    expect((await app.inject({ url: '/oversight/clocks?street=xinqi', headers: daqi })).statusCode).toBe(403);
    expect((await app.inject({ url: '/oversight/open-cases?street=xinqi', headers: daqi })).statusCode).toBe(403);
    expect(
      (await app.inject({ url: '/oversight/indicators?from=2026-01-01&to=2026-12-31&street=xinqi', headers: daqi }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          url: '/oversight/open-cases',
          headers: bearer('coordinator', 'wcw:district', { streets: ['daqi', 'xiapu'] }),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          url: '/oversight/open-cases?street=xiapu',
          headers: bearer('coordinator', 'wcw:district', { streets: ['daqi', 'xiapu'] }),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('lets coordinators and caseworkers read timelines, nobody else', async () => {
    const caseId = randomUUID();
    for (const e of dvCaseEvents(caseId, Date.now())) await send(e);
    await eventually(
      async () => (await app.inject({ url: `/cases/${caseId}/timeline`, headers: coordinator })).statusCode === 200,
      'timeline',
    );
    expect(
      (await app.inject({ url: `/cases/${caseId}/timeline`, headers: bearer('police_officer', 'police:xinqi') }))
        .statusCode,
    ).toBe(403);
    expect((await app.inject({ url: `/cases/${caseId}/timeline` })).statusCode).toBe(401);
    expect((await app.inject({ url: `/cases/${randomUUID()}/timeline`, headers: coordinator })).statusCode).toBe(404);
  });

  it('a respite stay delivered is no home visit: only the delivered visit meets the one home-visit clock', async () => {
    const t0 = Date.now() - 3_600_000;
    const caseId = randomUUID();
    const [visitId, clientId, bookingId] = [randomUUID(), randomUUID(), randomUUID()];
    const actor = { role: 'elder_care_officer', dept: 'civil_affairs:xiapu' };
    const at = (ms: number) => new Date(t0 + ms);
    const delivered = (serviceId: string, kind: 'home_visit' | 'respite', ms: number) =>
      newEvent('elder_care.service.delivered.v1', {
        source: '/services/elder-care',
        subject: caseId,
        actor,
        time: at(ms),
        data: {
          serviceId,
          clientId,
          caseId,
          kind,
          days: kind === 'respite' ? 3 : null,
          street: 'xiapu',
          deliveredAt: at(ms).toISOString(),
        },
      });
    await send(
      newEvent('elder_care.home_visit.scheduled.v1', {
        source: '/services/elder-care',
        subject: caseId,
        actor,
        time: at(0),
        data: {
          visitId,
          clientId,
          caseId,
          serviceType: 'bathing',
          street: 'xiapu',
          dueAt: at(7_200_000).toISOString(),
        },
      }),
    );
    await send(delivered(bookingId, 'respite', 1_000));
    await send(delivered(visitId, 'home_visit', 2_000));
    type Timeline = { entries: unknown[]; clocks: { ruleId: string; state: string; startedAt: string | null }[] };
    const timeline = await eventually<Timeline>(
      async () => {
        const res = await app.inject({ url: `/cases/${caseId}/timeline`, headers: coordinator });
        const body: Timeline | undefined = res.statusCode === 200 ? res.json() : undefined;
        return body?.entries.length === 3 ? body : undefined;
      },
      'the three elder-care events on the timeline',
      60_000,
    );
    const visits = timeline.clocks.filter((c) => c.ruleId === 'elder_home_visit');
    expect(visits).toEqual([expect.objectContaining({ state: 'met', startedAt: at(0).toISOString() })]);
  });

  it('issue 14: a breached elder-care home visit of a client in Xiapu carries dept and street, and the coordinator filters find it', async () => {
    const t0 = Date.now() - 3 * 3_600_000;
    const caseId = randomUUID(); // a direct elder-care client: no intake case, no case summary
    const visitId = randomUUID();
    const clientId = randomUUID();
    const actor = { role: 'elder_care_officer', dept: 'civil_affairs:xiapu' };
    await send(
      newEvent('elder_care.home_visit.scheduled.v1', {
        source: '/services/elder-care',
        subject: caseId,
        actor,
        time: new Date(t0),
        data: {
          visitId,
          clientId,
          caseId,
          serviceType: 'bathing',
          street: 'xiapu',
          dueAt: new Date(t0 + 3_600_000).toISOString(),
        },
      }),
    );
    await send(
      newEvent('elder_care.home_visit.missed.v1', {
        source: '/services/elder-care',
        subject: caseId,
        actor,
        time: new Date(t0 + 2 * 3_600_000),
        data: {
          visitId,
          clientId,
          caseId,
          dueAt: new Date(t0 + 3_600_000).toISOString(),
          missedAt: new Date(t0 + 2 * 3_600_000).toISOString(),
        },
      }),
    );
    await eventually(async () => {
      const res = await app.inject({ url: `/cases/${caseId}/timeline`, headers: coordinator });
      return res.statusCode === 200 && res.json().clocks.some((c: { state: string }) => c.state === 'breached');
    }, 'the failed visit clock');
    for (const q of ['dept=civil_affairs:xiapu', 'street=xiapu', 'dept=civil_affairs:xiapu&street=xiapu']) {
      const res = await app.inject({ url: `/oversight/clocks?${q}`, headers: coordinator });
      expect(res.statusCode, q).toBe(200);
      expect(res.json().items, q).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            caseId,
            ruleId: 'elder_home_visit',
            dept: 'civil_affairs:xiapu',
            street: 'xiapu',
            state: 'breached',
          }),
        ]),
      );
    }
    const elsewhere = (await app.inject({ url: '/oversight/clocks?street=xinqi', headers: coordinator })).json();
    expect(elsewhere.items.some((i: { caseId: string }) => i.caseId === caseId)).toBe(false);
  });
});
