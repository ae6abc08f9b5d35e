import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, TopicTap, type Producer } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  referralRequestedEvent,
  serviceEnv,
  testInfra,
} from '@linkage/testing';
import { DEFAULT_CALENDAR, dayPeriodEnd } from '@linkage/service-kit';
import { buildApp } from '../src/app.ts';
import { dvConfig } from '../src/config.ts';

// Issue 14: ADVL Art. 17 — the residents'/village committee notified of a warning letter visits (查访) the abuser
// and the victim: its visits are scheduled, recorded by the committee, and clocked (events the timeline reads);
// plan 二(七)4 — the abuser referred to education / correction, and its conclusion, by the departments working the case.

const logger = pino({ level: 'silent' });
const t0 = new Date('2026-11-30T02:00:00.000Z');
let now = t0;

const H = {
  police: bearer('police_officer', 'police:xinqi'),
  districtPolice: bearer('police_officer', 'police:district'),
  otherPolice: bearer('police_officer', 'police:daqi'),
  owner: bearer('wf_caseworker', 'wf:district'),
  otherWf: bearer('wf_caseworker', 'wf:xinqi'),
  clerk: bearer('court_clerk', 'court:beilun'),
  shelter: bearer('shelter_officer', 'shelter:beilun'),
  operator: bearer('hotline_operator', 'wf:district'),
  coordinator: bearer('coordinator', 'wcw:district'),
  committee: bearer('reporter', 'committee:xinqi'),
  otherCommittee: bearer('reporter', 'committee:daqi'),
  school: bearer('reporter', 'school:beilun-no1'),
};

describe('ADVL Art. 17 committee visits and plan 二(七)4 perpetrator programmes (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'dv-art17-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;

  beforeAll(async () => {
    dbUrl = await freshDatabase('dv_art17');
    await ensureTopics(kafka, prefix);
    const env = serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_INTERVAL_MS: '0' } });
    app = await buildApp(dvConfig(env), { logger, clock: () => now });
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.dv]).start();
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await app?.close();
  });

  const publish = (topic: string, e: LinkageEvent) =>
    producer.send({ topic: prefix + topic, acks: -1, messages: [{ key: e.subject, value: JSON.stringify(e) }] });
  const call = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) => {
    const res = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() };
  };
  const ok = async (method: 'GET' | 'POST', url: string, h: Record<string, string>, payload?: object, status = 200) => {
    const r = await call(method, url, h, payload);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const count = async (table: string, caseId: string) =>
    Number(
      (await queryOnce<{ n: string }>(dbUrl, `select count(*) n from ${table} where case_id = $1`, [caseId]))[0]!.n,
    );

  /** A police referral of a new case (street xinqi unless null), accepted by its station, with a warning letter. */
  const letterOfNewCase = async (street: 'xinqi' | null, station: Record<string, string>) => {
    const req = referralRequestedEvent({ street, riskLevel: 'standard', time: now });
    await publish(TOPICS.intake, req);
    const referralId = await eventually(
      async () =>
        (
          await queryOnce<{ id: string }>(
            dbUrl,
            "select id from referrals where case_id = $1 and department = 'police'",
            [req.subject],
          )
        )[0]?.id,
      'the police referral',
    );
    await ok('POST', `/referrals/${referralId}/accept`, station, { version: 1 });
    const letter = await ok(
      'POST',
      `/referrals/${referralId}/warning-letters`,
      station,
      { abuser: '王某', facts: '多次殴打', prohibition: '禁止再实施家庭暴力' },
      201,
    );
    return { caseId: req.subject, referralId, letter };
  };

  it('ADVL Art. 17: the committee notified of a warning letter has its visits (查访) scheduled, clocked and recorded by it alone', async () => {
    now = t0;
    const { caseId, letter } = await letterOfNewCase('xinqi', H.police);
    // delivering to abuser and victim schedules nothing for the committee
    let v = (
      await ok('POST', `/warning-letters/${letter.id}/deliveries`, H.police, { recipient: 'abuser', version: 1 })
    ).version;
    // naming a committee with another recipient is bad input, and changes nothing
    const misnamed = await call('POST', `/warning-letters/${letter.id}/deliveries`, H.police, {
      recipient: 'victim',
      committeeStreet: 'xinqi',
      version: v,
    });
    expect(misnamed.status).toBe(400);
    expect(await count('committee_visits', caseId)).toBe(0);

    const notified = await ok('POST', `/warning-letters/${letter.id}/deliveries`, H.police, {
      recipient: 'committee',
      version: v,
    });
    v = notified.version;
    // the committee of the case's street, +7 and +30 days counted per Civil Code Arts. 201–203
    expect(notified.committeeVisits.map((x: { dept: string; offsetDays: number }) => [x.dept, x.offsetDays])).toEqual([
      ['committee:xinqi', 7],
      ['committee:xinqi', 30],
    ]);
    expect(notified.committeeVisits[0].dueAt).toBe(dayPeriodEnd(now, 7, DEFAULT_CALENDAR).toISOString());
    const [visit] = notified.committeeVisits;

    const scheduled = await tap.waitFor((t) => {
      const xs = t.events.filter((e) => e.subject === caseId && e.type === 'dv.committee_visit.scheduled.v1');
      return xs.length === 2 && xs;
    }, 'both dv.committee_visit.scheduled');
    expect(scheduled[0]!.data).toMatchObject({
      visitId: visit.id,
      warningLetterId: letter.id,
      assignedDept: 'committee:xinqi',
      street: 'xinqi',
      dueAt: visit.dueAt,
    });

    // the committee sees its visits; another committee does not
    const mine = await ok('GET', '/committee-visits', H.committee);
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(visit.id);
    expect((await ok('GET', '/committee-visits', H.otherCommittee)).items).toEqual([]);

    // only the committee it is due from records it: not another committee, not a school reporter, not the police
    const body = { outcome: 'no_further_violence', version: 1 };
    for (const [who, h, status] of [
      ['another committee', H.otherCommittee, 403],
      ['a school', H.school, 403],
      ['the police station', H.police, 403],
      ['the case owner', H.owner, 403],
    ] as const)
      expect((await call('POST', `/committee-visits/${visit.id}/record`, h, body)).status, who).toBe(status);
    expect(
      (await call('POST', `/committee-visits/${visit.id}/record`, H.committee, { ...body, version: 9 })).status,
    ).toBe(412);
    const done = await ok('POST', `/committee-visits/${visit.id}/record`, H.committee, body);
    expect(done).toMatchObject({ status: 'done', outcome: 'no_further_violence', visitedAt: now.toISOString() });
    expect(
      (await call('POST', `/committee-visits/${visit.id}/record`, H.committee, { ...body, version: 2 })).status,
    ).toBe(409);
    const recorded = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === caseId && e.type === 'dv.committee_visit.recorded.v1'),
      'dv.committee_visit.recorded',
    );
    expect(recorded.data).toEqual({
      visitId: visit.id,
      caseId,
      outcome: 'no_further_violence',
      visitedAt: now.toISOString(),
    });
    expect(recorded.actor).toBe('reporter@committee:xinqi');
    // no personal data of the letter in any event of the case
    expect(tap.events.filter((e) => e.subject === caseId && JSON.stringify(e).includes('王某'))).toEqual([]);
  });

  it('ADVL Art. 17: a case with no street — the district station names the committee it notified', async () => {
    const { caseId, letter } = await letterOfNewCase(null, H.districtPolice);
    const unnamed = await call('POST', `/warning-letters/${letter.id}/deliveries`, H.districtPolice, {
      recipient: 'committee',
      version: 1,
    });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.code).toBe('committee_unknown');
    expect(await count('committee_visits', caseId)).toBe(0);
    const named = await ok('POST', `/warning-letters/${letter.id}/deliveries`, H.districtPolice, {
      recipient: 'committee',
      committeeStreet: 'daqi',
      version: 1,
    });
    expect(named.committeeVisits.map((x: { dept: string }) => x.dept)).toEqual(['committee:daqi', 'committee:daqi']);
  });

  it('plan 二(七)4: the departments working the case refer the abuser to a programme and record its end; others are refused', async () => {
    const { caseId } = await letterOfNewCase('xinqi', H.police);
    const refer = { caseId, programme: 'behaviour_correction' };
    // refused: not working the case (another unit, another station, a court with no application), or a role that
    // does not act on cases here (shelter, hotline, coordinator, a committee)
    for (const [who, h, status] of [
      ['another unit', H.otherWf, 403],
      ['another station', H.otherPolice, 403],
      ['a court with no application', H.clerk, 403],
      ['the shelter', H.shelter, 403],
      ['the hotline', H.operator, 403],
      ['a coordinator', H.coordinator, 403],
      ['a committee', H.committee, 403],
    ] as const)
      expect((await call('POST', '/perpetrator-programmes', h, refer)).status, who).toBe(status);
    expect((await call('POST', '/perpetrator-programmes', H.owner, { ...refer, programme: 'prison' })).status).toBe(
      400,
    );
    expect(
      (
        await call('POST', '/perpetrator-programmes', H.owner, {
          ...refer,
          caseId: '0193a000-0000-7000-8000-000000000404',
        })
      ).status,
    ).toBe(404);
    expect(await count('perpetrator_programmes', caseId)).toBe(0);

    // allowed: the case owner's caseworkers, and the station the case was referred to
    const byOwner = await ok('POST', '/perpetrator-programmes', H.owner, refer, 201);
    expect(byOwner).toMatchObject({ caseId, programme: 'behaviour_correction', status: 'referred', version: 1 });
    const byPolice = await ok(
      'POST',
      '/perpetrator-programmes',
      H.police,
      { caseId, programme: 'legal_education' },
      201,
    );

    now = new Date(t0.getTime() + 40 * 86_400_000);
    const done = { outcome: 'completed', version: 1 };
    expect((await call('POST', `/perpetrator-programmes/${byOwner.id}/conclude`, H.otherWf, done)).status).toBe(403);
    expect(
      (await call('POST', `/perpetrator-programmes/${byOwner.id}/conclude`, H.owner, { ...done, version: 3 })).status,
    ).toBe(412);
    const concluded = await ok('POST', `/perpetrator-programmes/${byOwner.id}/conclude`, H.owner, done);
    expect(concluded).toMatchObject({ status: 'concluded', outcome: 'completed', concludedAt: now.toISOString() });
    expect(
      (await call('POST', `/perpetrator-programmes/${byOwner.id}/conclude`, H.owner, { ...done, version: 2 })).status,
    ).toBe(409);
    await ok('POST', `/perpetrator-programmes/${byPolice.id}/conclude`, H.police, {
      outcome: 'not_completed',
      version: 1,
    });

    // the case's programmes: its workers and a coordinator of its street see them, another unit does not
    expect((await ok('GET', `/cases/${caseId}/perpetrator-programmes`, H.coordinator)).items).toHaveLength(2);
    expect((await call('GET', `/cases/${caseId}/perpetrator-programmes`, H.otherWf)).status).toBe(403);

    const events = await tap.waitFor((t) => {
      const xs = t.events.filter((e) => e.subject === caseId && e.type.startsWith('dv.perpetrator_programme.'));
      return xs.length === 4 && xs;
    }, 'the four programme events');
    const byType = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
    expect(byType('dv.perpetrator_programme.referred.v1')).toEqual([
      { programmeId: byOwner.id, caseId, programme: 'behaviour_correction', referredAt: t0.toISOString() },
      { programmeId: byPolice.id, caseId, programme: 'legal_education', referredAt: t0.toISOString() },
    ]);
    expect(byType('dv.perpetrator_programme.concluded.v1')).toEqual([
      {
        programmeId: byOwner.id,
        caseId,
        programme: 'behaviour_correction',
        outcome: 'completed',
        referredAt: t0.toISOString(),
        concludedAt: now.toISOString(),
      },
      {
        programmeId: byPolice.id,
        caseId,
        programme: 'legal_education',
        outcome: 'not_completed',
        referredAt: t0.toISOString(),
        concludedAt: now.toISOString(),
      },
    ]);
  });
});
