import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, topicOf, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, newEvent, TopicTap, type Producer } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { timelineConfig } from '../src/config.ts';
import { tick } from '../src/application/scheduler.ts';
import { rebuild } from '../src/application/rebuild.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const flags = { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false };
const T0 = Date.parse('2026-11-20T02:00:00.000Z'); // 10:00 Beijing time

function opened(
  caseId: string,
  street: 'xinqi' | 'daqi',
  category: 'domestic_violence' | 'elder_abuse',
  repeat: boolean,
  at: number,
) {
  return newEvent('intake.case.opened.v1', {
    source: '/services/intake',
    subject: caseId,
    actor: { role: 'hotline_operator', dept: 'wf:district' },
    time: new Date(at),
    data: {
      caseId,
      caseNumber: 'BL-2026-000100',
      channel: 'hotline_12338',
      category,
      street,
      riskLevel: 'high',
      repeat,
      flags,
      needs: ['dv_protection'],
      openedAt: new Date(at).toISOString(),
    },
  });
}
function referralCreated(caseId: string, at: number, acceptByHours: number) {
  return newEvent('dv.referral.created.v1', {
    source: '/services/dv-referral',
    subject: caseId,
    actor: { role: 'system', dept: 'svc:dv-referral' },
    time: new Date(at),
    data: {
      referralId: randomUUID(),
      caseId,
      requestId: randomUUID(),
      department: 'police',
      assignedDept: 'police:xinqi',
      riskLevel: 'high',
      street: 'xinqi',
      acceptBy: new Date(at + acceptByHours * 3_600_000).toISOString(),
      createdAt: new Date(at).toISOString(),
    },
  });
}

describe('oversight: clocks, scheduler, rebuild and indicators (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'oversight-test', logger });
  let dbUrl: string;
  let env: Record<string, string>;
  let a: Awaited<ReturnType<typeof buildApp>>;
  let b: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  const now = new Date(T0 + 2 * 3_600_000);
  const cases: string[] = [];

  const send = (e: LinkageEvent) =>
    producer.send({
      topic: prefix + topicOf(e.type),
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  const coordinator = bearer('coordinator', 'wcw:district');

  beforeAll(async () => {
    dbUrl = await freshDatabase('oversight');
    env = serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_ENABLED: 'false' } });
    await ensureTopics(kafka, prefix);
    a = await buildApp(timelineConfig(env), { logger, clock: () => now });
    // a second instance of the same service: consumer off, its own relay and scheduler
    b = await buildApp(timelineConfig({ ...env, CONSUMERS_ENABLED: 'false' }), { logger, clock: () => now });
    await Promise.all([a.ready(), b.ready()]);
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.oversight]).start();
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await a?.close();
    await b?.close();
  });

  it('fires each breach exactly once with two scheduler instances racing', async () => {
    const N = 20;
    for (let i = 0; i < N; i++) {
      const caseId = randomUUID();
      cases.push(caseId);
      await send(opened(caseId, 'xinqi', 'domestic_violence', i % 4 === 0, T0 + i * 1000));
      await send(referralCreated(caseId, T0 + i * 1000, 1)); // 1 h to accept; `now` is 2 h later
    }
    await eventually(
      async () =>
        (await queryOnce<{ n: number }>(dbUrl, "select count(*)::int as n from clocks where status = 'pending'"))[0]!
          .n === N,
      `${N} pending clocks`,
    );

    const results = await Promise.all([
      tick(a, now, 7),
      tick(b, now, 7),
      tick(a, now, 7),
      tick(b, now, 7),
      tick(a, now, 7),
      tick(b, now, 7),
    ]);
    const more = await Promise.all([tick(a, now), tick(b, now)]);
    const fired = [...results, ...more].reduce((n, r) => n + r.breached, 0);
    expect(fired).toBe(N);
    const outbox = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from outbox where type = 'oversight.sla.breached.v1'",
    );
    expect(outbox[0]!.n).toBe(N);
    const seen = await tap.waitFor((t) => {
      const ids = t.events.filter((e) => e.type === 'oversight.sla.breached.v1').map((e) => e.id);
      return ids.length >= N && ids;
    }, `${N} breach events`);
    expect(new Set(seen).size).toBe(N);
    expect(seen).toHaveLength(N);

    // coordinators see them, most severe first, filterable by department and street
    const res = await a.inject({
      url: '/oversight/clocks?state=breached&dept=police:xinqi&street=xinqi',
      headers: coordinator,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(N);
    expect(res.json().items[0]).toMatchObject({
      ruleId: 'referral_acceptance',
      severity: 'critical',
      state: 'breached',
      overdueHours: expect.any(Number),
    });
    expect((await a.inject({ url: '/oversight/clocks?street=daqi', headers: coordinator })).json().items).toHaveLength(
      0,
    );
  });

  it('warns once when a clock passes 75 % of its time', async () => {
    const caseId = randomUUID();
    await send(opened(caseId, 'daqi', 'elder_abuse', false, T0));
    await send(referralCreated(caseId, now.getTime(), 24));
    await eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from clocks where case_id = $1', [caseId])
        )[0]!.n === 1,
      'the clock',
    );
    const before = await tick(a, new Date(now.getTime() + 17 * 3_600_000));
    expect(before.warned).toBe(0);
    const at = new Date(now.getTime() + 19 * 3_600_000);
    const [x, y] = await Promise.all([tick(a, at), tick(b, at)]);
    expect(x.warned + y.warned).toBe(1);
    await tap.waitFor(
      (t) => t.events.find((e) => e.type === 'oversight.sla.warning.v1' && e.subject === caseId),
      'the warning event',
    );
  });

  it('computes indicators for a period and a street, as JSON and CSV', async () => {
    const q = 'from=2026-11-20&to=2026-11-20';
    const xr = await a.inject({ url: `/oversight/indicators?${q}&street=xinqi`, headers: coordinator });
    expect(xr.statusCode, xr.body).toBe(200);
    const xinqi = xr.json();
    const value = (body: { indicators: { id: string; value: number }[] }, id: string) =>
      body.indicators.find((i) => i.id === id)?.value;
    expect(value(xinqi, 'dv_cases_opened')).toBe(20);
    expect(value(xinqi, 'repeat_cases')).toBe(5);
    const all = (await a.inject({ url: `/oversight/indicators?${q}`, headers: coordinator })).json();
    expect(value(all, 'dv_cases_opened')).toBe(20); // the daqi case is elder abuse
    expect(all.clockCompliance.find((c: { ruleId: string }) => c.ruleId === 'referral_acceptance')).toMatchObject({
      breached: 20,
      metOnTime: 0,
      complianceRate: 0,
    });
    const csv = await a.inject({ url: `/oversight/indicators?${q}&street=xinqi&format=csv`, headers: coordinator });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain(
      'dv_cases_opened,家庭暴力案件受理数,Domestic-violence cases opened,20,2026-11-20,2026-11-20,xinqi',
    );
    expect(
      (await a.inject({ url: '/oversight/indicators?from=2026-11-21&to=2026-11-20', headers: coordinator })).statusCode,
    ).toBe(400);
    expect(
      (await a.inject({ url: `/oversight/indicators?${q}`, headers: bearer('police_officer', 'police:xinqi') }))
        .statusCode,
    ).toBe(403);
    const open = (await a.inject({ url: '/oversight/open-cases', headers: coordinator })).json();
    expect(open.byStage).toEqual([{ stage: 'in_service', label: '部门办理中', cases: 21 }]);
    expect(open.byDepartment).toEqual(expect.arrayContaining([{ dept: 'police:xinqi', cases: 21 }]));
  });

  it('a replay from offset zero reproduces the projection', async () => {
    const snapshot = async () => ({
      entries: await queryOnce(
        dbUrl,
        'select event_id, case_id, type, occurred_at, causation_id, actor_role, actor_dept, summary, data from timeline_entries order by event_id',
      ),
      clocks: await queryOnce(dbUrl, 'select * from clocks order by id'),
      summaries: await queryOnce(dbUrl, 'select * from case_summaries order by case_id'),
    });
    await eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(
            dbUrl,
            "select count(*)::int as n from timeline_entries where type like 'oversight.%'",
          )
        )[0]!.n === 21,
      'oversight events projected back',
    );
    const live = await snapshot();
    expect(live.entries.length).toBe(21 * 2 + 21);
    await a.close();
    await b.close();
    const result = await rebuild(timelineConfig(env), logger);
    expect(result.events).toBe(live.entries.length);
    expect(await snapshot()).toEqual(live);
    // and a scheduler after the rebuild announces nothing again
    a = await buildApp(timelineConfig({ ...env, CONSUMERS_ENABLED: 'false', RELAY_ENABLED: 'false' }), {
      logger,
      clock: () => now,
    });
    b = a;
    await a.ready();
    expect(await tick(a, now)).toEqual({ warned: 0, breached: 0 });
  });
});
