import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { topicOf, type EventData, type EventType, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, newEvent, type Producer } from '@linkage/messaging';
import { bearer, eventually, freshDatabase, freshTopicPrefix, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { timelineConfig } from '../src/config.ts';

// Issue 14 as the coordinator sees it: ADVL Art. 17 — the committee's visit after a warning letter is a clock on the
// case's timeline, the committee of the street responsible, found by /oversight/clocks when overdue; plan 二(七)4 —
// the perpetrator-programme indicators count the referrals and the completions in a period, by street.

const logger = pino({ level: 'silent' });
const T0 = Date.parse('2026-11-20T02:00:00.000Z'); // 10:00 Beijing time
const DAY = 86_400_000;
const flags = { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false };

describe('case-timeline: committee visits (Art. 17) and perpetrator programmes (plan 二(七)4)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'ct-art17-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let now = new Date(T0);
  const coordinator = bearer('coordinator', 'wcw:district');

  beforeAll(async () => {
    const dbUrl = await freshDatabase('ct_art17');
    await ensureTopics(kafka, prefix);
    const env = serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_ENABLED: 'false' } });
    app = await buildApp(timelineConfig(env), { logger, clock: () => now });
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
  const ev = <T extends EventType>(caseId: string, type: T, at: number, data: EventData<T>, dept = 'wf:district') =>
    newEvent(type, {
      source: '/services/dv-referral',
      subject: caseId,
      actor: { role: dept.startsWith('police') ? 'police_officer' : 'wf_caseworker', dept },
      time: new Date(at),
      data,
    });
  const get = async (url: string) => {
    const res = await app.inject({ url, headers: coordinator });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const openCase = async (street: 'xinqi' | 'daqi') => {
    const caseId = randomUUID();
    await send(
      newEvent('intake.case.opened.v1', {
        source: '/services/intake',
        subject: caseId,
        actor: { role: 'hotline_operator', dept: 'wf:district' },
        time: new Date(T0),
        data: {
          caseId,
          caseNumber: 'BL-2026-000700',
          channel: 'hotline_12338',
          category: 'domestic_violence',
          street,
          riskLevel: 'medium',
          repeat: false,
          flags,
          needs: ['dv_protection'],
          openedAt: new Date(T0).toISOString(),
        },
      }),
    );
    return caseId;
  };

  it("ADVL Art. 17: the committee's visit is a clock on the timeline, committee:<street> responsible, found overdue", async () => {
    const caseId = await openCase('xinqi');
    const visitId = randomUUID();
    const dueAt = new Date(T0 + 7 * DAY).toISOString();
    await send(
      ev(
        caseId,
        'dv.committee_visit.scheduled.v1',
        T0,
        {
          visitId,
          caseId,
          warningLetterId: randomUUID(),
          assignedDept: 'committee:xinqi',
          street: 'xinqi',
          dueAt,
        },
        'police:xinqi',
      ),
    );
    const timeline = await eventually(async () => {
      const t = await get(`/cases/${caseId}/timeline`);
      return t.clocks.some((c: { ruleId: string }) => c.ruleId === 'committee_visit') && t;
    }, 'the committee visit clock');
    expect(timeline.clocks.find((c: { ruleId: string }) => c.ruleId === 'committee_visit')).toMatchObject({
      label: '居（村）民委员会查访',
      dept: 'committee:xinqi',
      deadline: dueAt,
      state: 'pending',
    });
    expect(timeline.entries.map((e: { summary: string }) => e.summary)).toContain(
      '告诫书已通知新碶街道居（村）民委员会，安排其查访，应于 2026-11-27 10:00 前完成',
    );
    // past its due date, the coordinator finds it by the committee and the street
    now = new Date(T0 + 8 * DAY);
    const overdue = await get('/oversight/clocks?dept=committee:xinqi&street=xinqi');
    expect(overdue.items).toContainEqual(
      expect.objectContaining({ caseId, ruleId: 'committee_visit', dept: 'committee:xinqi', street: 'xinqi' }),
    );
    // the committee records it: the clock is met
    await send(
      ev(
        caseId,
        'dv.committee_visit.recorded.v1',
        T0 + 6 * DAY,
        { visitId, caseId, outcome: 'no_further_violence', visitedAt: new Date(T0 + 6 * DAY).toISOString() },
        'committee:xinqi',
      ),
    );
    await eventually(async () => {
      const t = await get(`/cases/${caseId}/timeline`);
      return t.clocks.find((c: { ruleId: string; state: string }) => c.ruleId === 'committee_visit')?.state === 'met';
    }, 'the committee visit clock met');
  });

  it('plan 二(七)4: referrals and completions of perpetrator programmes are counted in the period, by street', async () => {
    const [x1, x2, d1] = [await openCase('xinqi'), await openCase('xinqi'), await openCase('daqi')];
    const inPeriod = T0 + DAY; // 21 Nov
    const before = T0 - 10 * DAY; // 10 Nov
    const referred = (caseId: string, at: number, programme = 'legal_education' as const) => {
      const programmeId = randomUUID();
      return {
        programmeId,
        event: ev(caseId, 'dv.perpetrator_programme.referred.v1', at, {
          programmeId,
          caseId,
          programme,
          referredAt: new Date(at).toISOString(),
        }),
      };
    };
    const concluded = (caseId: string, programmeId: string, outcome: 'completed' | 'not_completed', at: number) =>
      ev(caseId, 'dv.perpetrator_programme.concluded.v1', at, {
        programmeId,
        caseId,
        programme: 'legal_education',
        outcome,
        referredAt: new Date(before).toISOString(),
        concludedAt: new Date(at).toISOString(),
      });
    const old = referred(x1, before); // referred before the period, completed in it
    const a = referred(x1, inPeriod);
    const b = referred(x2, inPeriod);
    const c = referred(d1, inPeriod);
    for (const e of [old.event, a.event, b.event, c.event]) await send(e);
    await send(concluded(x1, old.programmeId, 'completed', inPeriod));
    await send(concluded(x2, b.programmeId, 'not_completed', inPeriod));
    await send(concluded(d1, c.programmeId, 'completed', inPeriod));

    const value = (body: { indicators: { id: string; value: number | null }[] }, id: string) =>
      body.indicators.find((i) => i.id === id)?.value;
    const all = await eventually(async () => {
      const body = await get('/oversight/indicators?from=2026-11-20&to=2026-11-30');
      return value(body, 'perpetrator_programme_completions') === 2 && body;
    }, 'the completions counted');
    expect(value(all, 'perpetrator_programme_referrals')).toBe(3);
    const xinqi = await get('/oversight/indicators?from=2026-11-20&to=2026-11-30&street=xinqi');
    expect([
      value(xinqi, 'perpetrator_programme_referrals'),
      value(xinqi, 'perpetrator_programme_completions'),
    ]).toEqual([2, 1]);
    const earlier = await get('/oversight/indicators?from=2026-11-01&to=2026-11-19');
    expect(value(earlier, 'perpetrator_programme_referrals')).toBe(1);
    expect(value(earlier, 'perpetrator_programme_completions')).toBe(0);
  });
});
