import { DEFAULT_CALENDAR, dayPeriodEnd } from '@linkage/service-kit';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type LinkageEvent, type ReferralRequestedV1 } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, newEvent, TopicTap, type Producer } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
  referralRequestedEvent,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { dvConfig } from '../src/config.ts';
import { sendDueExpiryReminders, expireLapsedOrders } from '../src/application/scheduler.ts';

const logger = pino({ level: 'silent' });
const t0 = new Date('2026-11-28T10:00:00.000Z');
let now = t0;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const HOUR = 3_600_000;

const H = {
  police: bearer('police_officer', 'police:xinqi'),
  otherPolice: bearer('police_officer', 'police:daqi'),
  owner: bearer('wf_caseworker', 'wf:district'),
  otherWf: bearer('wf_caseworker', 'wf:xinqi'),
  clerk: bearer('court_clerk', 'court:beilun'),
  otherClerk: bearer('court_clerk', 'court:other'),
  shelter: bearer('shelter_officer', 'shelter:beilun'),
  otherShelter: bearer('shelter_officer', 'shelter:other'),
  health: bearer('health_worker', 'health:beilun'),
  coordinator: bearer('coordinator', 'wcw:district'),
  admin: bearer('admin', 'platform:ops'),
  legalAid: bearer('legal_aid_officer', 'legal_aid:beilun'),
  operator: bearer('hotline_operator', 'wf:district'),
};

const referralRequested = (street: 'xinqi' | 'daqi', riskLevel: 'high' | 'standard') =>
  referralRequestedEvent({ street, riskLevel, caseNumber: 'BL-2026-000042', time: now });

describe('dv-referral workflows (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'dv-wf-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let twin: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;

  beforeAll(async () => {
    dbUrl = await freshDatabase('dv_wf');
    await ensureTopics(kafka, prefix);
    const env = serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_INTERVAL_MS: '0' } });
    app = await buildApp(dvConfig(env), { logger, clock: () => now });
    await app.ready();
    // A second instance on the same database (no consumers, no relay): the scheduler must not double-send.
    twin = await buildApp(
      dvConfig({ ...env, CONSUMERS_ENABLED: 'false', RELAY_ENABLED: 'false', MIGRATE_ON_START: 'false' }),
      { logger, clock: () => now },
    );
    await twin.ready();
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.dv]).start();
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await twin?.close();
    await app?.close();
  });

  const publish = (topic: string, e: LinkageEvent) =>
    producer.send({ topic: prefix + topic, acks: -1, messages: [{ key: e.subject, value: JSON.stringify(e) }] });
  const call = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  };
  const ok = async (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
    status = 200,
  ) => {
    const r = await call(method, url, headers, payload);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const eventsOf = (caseId: string) => tap.events.filter((e) => e.subject === caseId);
  const policeReferralFor = async (req: ReferralRequestedV1) => {
    await publish(TOPICS.intake, req);
    return eventually(
      async () =>
        (await queryOnce<{ id: string }>(dbUrl, 'select id from referrals where case_id = $1', [req.subject]))[0]?.id,
      'the police referral',
    );
  };

  /** A case intake announced (case.opened), known to dv-referral once the event is consumed. */
  const openedCase = async (
    o: { ownerDept?: string; street?: 'xinqi' | 'daqi' | null; actor?: { role: string; dept: string } } = {},
  ) => {
    const caseId = randomUUID();
    const flags = {
      minor: false,
      elderly: false,
      disabled: false,
      pregnantOrBreastfeeding: false,
      seriouslyIll: false,
    };
    await publish(
      TOPICS.intake,
      newEvent('intake.case.opened.v1', {
        source: '/services/intake',
        subject: caseId,
        actor: o.actor ?? { role: 'hotline_operator', dept: o.ownerDept ?? 'wf:district' },
        time: now,
        data: {
          caseId,
          caseNumber: 'BL-2026-000043',
          channel: 'hotline_12338',
          category: 'domestic_violence',
          street: o.street === undefined ? 'xinqi' : o.street,
          riskLevel: 'high',
          repeat: false,
          flags,
          needs: ['dv_protection'],
          ...(o.ownerDept ? { ownerDept: o.ownerDept } : {}),
          openedAt: now.toISOString(),
        },
      }),
    );
    await eventually(
      async () => (await queryOnce(dbUrl, 'select 1 from intake_cases where case_id = $1', [caseId])).length === 1,
      'case.opened consumed',
    );
    return caseId;
  };

  let shelterId = '';

  it('canonical scenario: high risk ⇒ police 1 h clock; call-out, warning letter delivered, visits; urgent order issued within 24 h and served; shelter placement; follow-ups', async () => {
    now = t0;
    // she agreed to a shelter (ADVL Art. 5: a shelter offer needs her consent)
    const req = referralRequestedEvent({
      street: 'xinqi',
      riskLevel: 'high',
      caseNumber: 'BL-2026-000042',
      time: now,
      departmentConsent: { court: null, shelter: true },
    });
    const caseId = req.subject;
    const policeRef = await policeReferralFor(req);
    const created = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === caseId && e.type === 'dv.referral.created.v1'),
      'dv.referral.created',
    );
    expect(created.data).toMatchObject({
      department: 'police',
      assignedDept: 'police:xinqi',
      acceptBy: '2026-11-28T11:00:00.000Z',
    });

    // Police accept within the hour, record the call-out, issue a warning letter, deliver it.
    advance(0.5 * HOUR);
    const r = await ok('POST', `/referrals/${policeRef}/accept`, H.police, { version: 1 });
    expect(r.status).toBe('accepted');
    await ok(
      'POST',
      `/referrals/${policeRef}/callouts`,
      H.police,
      {
        occurredAt: t0.toISOString(),
        outcome: 'violence_stopped',
        evidenceCollected: true,
        medicalHelpArranged: true,
        notes: '丈夫殴打',
      },
      201,
    );
    const letter = await ok(
      'POST',
      `/referrals/${policeRef}/warning-letters`,
      H.police,
      { abuser: '张某', facts: '殴打并威胁杀害', prohibition: '禁止再实施家庭暴力' },
      201,
    );
    expect(letter.visits).toHaveLength(2);
    let v = letter.version;
    for (const recipient of ['abuser', 'victim', 'committee'])
      v = (await ok('POST', `/warning-letters/${letter.id}/deliveries`, H.police, { recipient, version: v })).version;
    expect(
      (await call('POST', `/warning-letters/${letter.id}/deliveries`, H.police, { recipient: 'victim', version: v }))
        .status,
    ).toBe(409);
    await ok('POST', `/police-visits/${letter.visits[0].id}/record`, H.police, {
      outcome: 'no_further_violence',
      version: 1,
    });

    // The caseworker files an urgent protection order; the court accepts (24 h clock), issues, serves.
    // ADVL Art. 23: not on her behalf without a ground (409, nothing filed); she applies herself with the federation's
    // help
    const noStanding = await call('POST', '/protection-orders', H.owner, {
      caseId,
      courtDept: 'court:beilun',
      applicant: 'women_federation',
      measures: ['ban_violence'],
      urgent: true,
    });
    expect(noStanding.status).toBe(409);
    expect(noStanding.body.code).toBe('no_standing_on_her_behalf');
    const order = await ok(
      'POST',
      '/protection-orders',
      H.owner,
      {
        caseId,
        courtDept: 'court:beilun',
        applicant: 'victim',
        assistedBy: 'women_federation',
        measures: ['ban_violence', 'ban_harassment_stalking_contact'],
        urgent: true,
        particulars: '申请人李某',
      },
      201,
    );
    advance(HOUR);
    const accepted = await ok('POST', `/protection-orders/${order.id}/accept`, H.clerk, { version: 1 });
    expect(accepted.ruleBy).toBe(new Date(now.getTime() + 24 * HOUR).toISOString());
    advance(6 * HOUR);
    const validUntil = new Date(now.getTime() + 180 * 24 * HOUR).toISOString();
    const tooLong = await call('POST', `/protection-orders/${order.id}/issue`, H.clerk, {
      version: 2,
      validUntil: new Date(now.getTime() + 190 * 24 * HOUR).toISOString(),
    });
    expect(tooLong.status).toBe(400);
    const issued = await ok('POST', `/protection-orders/${order.id}/issue`, H.clerk, { version: 2, validUntil });
    expect(Date.parse(issued.ruledAt)).toBeLessThanOrEqual(Date.parse(accepted.ruleBy));
    let ov = issued.version;
    for (const party of ['applicant', 'respondent', 'police', 'committee'])
      ov = (await ok('POST', `/protection-orders/${order.id}/serve`, H.clerk, { party, version: ov })).version;

    // Shelter: admin registers a shelter; caseworker refers; shelter accepts and places; check in/out.
    const shelter = await ok(
      'POST',
      '/shelters',
      H.admin,
      { dept: 'shelter:beilun', label: '北仑区临时庇护站', street: 'xinqi', capacity: 3 },
      201,
    );
    shelterId = shelter.id;
    // High risk: dv-referral already opened a shelter offer with the request (1 h to accept, from the request).
    const offers = await ok('GET', '/referrals', H.shelter);
    const sRef = offers.items.find(
      (r: { caseId: string; department: string }) => r.caseId === caseId && r.department === 'shelter',
    );
    expect(sRef.acceptBy).toBe(new Date(t0.getTime() + HOUR).toISOString());
    await ok('POST', `/referrals/${sRef.id}/accept`, H.shelter, { version: 1 });
    const placed = await ok(
      'POST',
      `/shelters/${shelterId}/placements`,
      H.shelter,
      { caseId, referralId: sRef.id, person: '李某 + 1 child' },
      201,
    );
    await ok('POST', `/placements/${placed.id}/check-in`, H.shelter, { version: 1 });
    advance(3 * 24 * HOUR);
    const out = await ok('POST', `/placements/${placed.id}/check-out`, H.shelter, { version: 2 });
    expect(out.status).toBe('checked_out');

    // Close the DV part: not while referrals are open; then +7/+30/+90 follow-ups.
    const dvCase = await ok('GET', `/cases/${caseId}`, H.owner);
    expect((await call('POST', `/cases/${caseId}/close`, H.owner, { version: dvCase.version })).status).toBe(409);
    const pr = await ok('POST', `/referrals/${policeRef}/start`, H.police, { version: 2 });
    expect((await ok('POST', `/referrals/${policeRef}/complete`, H.police, { version: pr.version })).status).toBe(
      'completed',
    );
    const sr = await ok('POST', `/referrals/${sRef.id}/start`, H.shelter, { version: 2 });
    expect((await ok('POST', `/referrals/${sRef.id}/complete`, H.shelter, { version: sr.version })).status).toBe(
      'completed',
    );
    const closed = await ok('POST', `/cases/${caseId}/close`, H.owner, { version: dvCase.version });
    expect(closed.followups.map((f: { offsetDays: number }) => f.offsetDays)).toEqual([7, 30, 90]);
    // follow-up days are counted per Civil Code Arts. 201–203 (to 24:00 Beijing of the 7th day, past rest days), not 7
    // × 24 h
    expect(closed.followups[0].dueAt).toBe(dayPeriodEnd(now, 7, DEFAULT_CALENDAR).toISOString());

    const types = await tap.waitFor((t) => {
      const ts = t.events.filter((e) => e.subject === caseId).map((e) => e.type);
      return ts.includes('dv.followup.due.v1') && ts.filter((x) => x === 'dv.followup.due.v1').length === 3 && ts;
    }, 'all scenario events');
    for (const t of [
      'dv.referral.accepted.v1',
      'dv.callout.recorded.v1',
      'dv.warning_letter.issued.v1',
      'dv.warning_letter.delivered.v1',
      'dv.police_visit.scheduled.v1',
      'dv.police_visit.recorded.v1',
      'dv.protection_order.applied.v1',
      'dv.protection_order.accepted.v1',
      'dv.protection_order.issued.v1',
      'dv.protection_order.served.v1',
      'dv.shelter.placed.v1',
      'dv.shelter.checked_in.v1',
      'dv.shelter.checked_out.v1',
      'dv.referral.completed.v1',
      'dv.case.closed.v1',
    ])
      expect(types, t).toContain(t);
    const all = eventsOf(caseId);
    // The personal values this test sent (names in the letter, order and placement); '138' was never
    // sent and matched random ids and timestamps. Name the event and value that leak, if any.
    const leaks = all.flatMap((e) =>
      ['李某', '张某'].filter((v) => JSON.stringify(e).includes(v)).map((v) => `${e.type}: ${v}`),
    );
    expect(leaks).toEqual([]);
    const iss = all.find((e) => e.type === 'dv.protection_order.issued.v1')!;
    expect(iss.data).toMatchObject({ validUntil });
    expect(all.find((e) => e.type === 'dv.protection_order.accepted.v1')!.data).toMatchObject({
      ruleBy: accepted.ruleBy,
    });
    expect(all.filter((e) => e.type === 'dv.protection_order.served.v1').at(-1)!.data).toMatchObject({
      fullyServed: true,
    });
    expect(all.find((e) => e.type === 'dv.shelter.checked_out.v1')!.data).toMatchObject({ lengthOfStayDays: 3 });

    // Follow-up: a new incident reopens the case for re-screening.
    const fu = await ok('POST', `/followups/${closed.followups[0].id}/record`, H.owner, {
      outcome: 'new_incident',
      version: 1,
    });
    expect(fu.outcome).toBe('new_incident');
    expect((await ok('GET', `/cases/${caseId}`, H.owner)).status).toBe('open');
    await tap.waitFor(
      (t) => t.events.some((e) => e.subject === caseId && e.type === 'dv.case.reopened.v1'),
      'dv.case.reopened',
    );

    // Personal data is encrypted at rest.
    const rows = await queryOnce<{ content_enc: string }>(
      dbUrl,
      'select content_enc from warning_letters where id = $1',
      [letter.id],
    );
    expect(rows[0]!.content_enc).toMatch(/^v1\./);
  });

  it('concurrent placements into the last bed: exactly one succeeds', async () => {
    const s = await ok('POST', '/shelters', H.admin, { dept: 'shelter:beilun', label: '单床测试', capacity: 1 }, 201);
    const cases = await Promise.all(Array.from({ length: 8 }, () => openedCase()));
    const results = await Promise.all(
      cases.map((caseId) => call('POST', `/shelters/${s.id}/placements`, H.shelter, { caseId })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'shelter_full')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    const rows = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from placements where shelter_id = $1 and status in ('placed','checked_in')",
      [s.id],
    );
    expect(rows[0]!.n).toBe(1);
    const avail = await ok('GET', '/shelters/availability', H.police);
    const mine = avail.items.find((x: { id: string }) => x.id === s.id);
    expect(mine).toEqual({
      id: s.id,
      dept: 'shelter:beilun',
      label: '单床测试',
      street: null,
      capacity: 1,
      occupied: 1,
      available: 0,
    });
  });

  it('expiry reminders: emitted once ahead of validUntil, even with two instances racing', async () => {
    now = new Date('2027-01-01T00:00:00.000Z');
    const orders: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await ok(
        'POST',
        '/protection-orders',
        H.clerk,
        {
          caseId: await openedCase(),
          courtDept: 'court:beilun',
          applicant: 'victim',
          measures: ['ban_violence'],
          urgent: false,
        },
        201,
      );
      await ok('POST', `/protection-orders/${o.id}/accept`, H.clerk, { version: 1 });
      await ok('POST', `/protection-orders/${o.id}/issue`, H.clerk, {
        version: 2,
        validUntil: '2027-03-01T00:00:00.000Z',
      });
      orders.push(o.id);
    }
    expect(await sendDueExpiryReminders(app)).toBe(0); // not due yet (14 days before the end)
    now = new Date('2027-02-16T00:00:00.000Z');
    const sent = await Promise.all([
      sendDueExpiryReminders(app, 2),
      sendDueExpiryReminders(twin, 2),
      sendDueExpiryReminders(app, 2),
      sendDueExpiryReminders(twin, 2),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(4);
    expect(await sendDueExpiryReminders(twin)).toBe(0);
    const rows = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from outbox where type = 'dv.protection_order.expiring.v1' and payload->'data'->>'orderId' = any($1::text[])",
      [orders],
    );
    expect(rows[0]!.n).toBe(4);
    const e = await tap.waitFor(
      (t) => t.events.find((x) => x.type === 'dv.protection_order.expiring.v1' && x.data.orderId === orders[0]),
      'an expiring event',
    );
    expect(e.data).toMatchObject({ validUntil: '2027-03-01T00:00:00.000Z' });
    // Extension re-arms the reminder; revocation before expiry works; after expiry nothing changes.
    const cur = await ok('GET', `/protection-orders/${orders[0]}`, H.clerk);
    const ext = await ok('POST', `/protection-orders/${orders[0]}/extend`, H.clerk, {
      version: cur.version,
      validUntil: '2027-06-01T00:00:00.000Z',
    });
    expect(ext.validUntil).toBe('2027-06-01T00:00:00.000Z');
    const rev = await ok('POST', `/protection-orders/${orders[1]}/revoke`, H.clerk, { version: cur.version });
    expect(rev.status).toBe('revoked');
    now = new Date('2027-03-02T00:00:00.000Z');
    const late = await call('POST', `/protection-orders/${orders[2]}/change`, H.clerk, {
      version: cur.version,
      measures: ['move_out'],
    });
    expect(late.status).toBe(409);
    // ADVL Art. 30: the orders that ran to their end are expired (not revoked, not breached), once, dated at their end
    const expired = await Promise.all([expireLapsedOrders(app), expireLapsedOrders(twin)]);
    expect(expired.reduce((a, b) => a + b, 0)).toBe(2); // orders[2], orders[3]; [0] was extended, [1] revoked
    expect((await ok('GET', `/protection-orders/${orders[2]}`, H.clerk)).status).toBe('expired');
    expect((await ok('GET', `/protection-orders/${orders[0]}`, H.clerk)).status).toBe('issued');
    const x = await tap.waitFor(
      (t) => t.events.find((y) => y.type === 'dv.protection_order.expired.v1' && y.data.orderId === orders[3]),
      'an expired event',
    );
    expect(x).toMatchObject({
      time: '2027-03-01T00:00:00.000Z',
      data: { validUntil: '2027-03-01T00:00:00.000Z', expiredAt: '2027-03-01T00:00:00.000Z' },
    });
    now = t0;
  });

  it('elder-care safeguarding creates one police referral, even when replayed', async () => {
    const caseId = randomUUID();
    const e = newEvent('elder_care.safeguarding.raised.v1', {
      source: '/services/elder-care',
      subject: caseId,
      actor: { role: 'elder_care_officer', dept: 'civil:beilun' },
      data: {
        safeguardingId: randomUUID(),
        caseId,
        concerns: ['physical_abuse'],
        riskLevel: 'medium',
        street: 'daqi',
        consentBasis: 'consent',
        wishesRecorded: true,
        raisedAt: now.toISOString(),
      },
    });
    await publish(TOPICS.elderCare, e);
    await publish(TOPICS.elderCare, e);
    await publish(TOPICS.elderCare, { ...e, id: randomUUID() });
    const marker = referralRequested('daqi', 'standard');
    await publish(TOPICS.intake, marker);
    const created = await tap.waitFor(
      (t) => t.events.find((x) => x.subject === caseId && x.type === 'dv.referral.created.v1'),
      'referral from safeguarding',
    );
    expect(created.data).toMatchObject({
      department: 'police',
      assignedDept: 'police:daqi',
      riskLevel: 'medium',
      requestId: null,
    });
    await eventually(
      async () =>
        (await queryOnce<{ id: string }>(dbUrl, 'select id from referrals where case_id = $1', [marker.subject]))
          .length === 1,
      'the marker',
    );
    // all three copies consumed (the elder-care topic's messages are ahead of nothing else; wait on the inbox)
    await eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(
            dbUrl,
            "select count(*)::int as n from inbox where type = 'elder_care.safeguarding.raised.v1'",
          )
        )[0]!.n >= 2,
      'both distinct events consumed',
    );
    const rows = await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from referrals where case_id = $1', [
      caseId,
    ]);
    expect(rows[0]!.n).toBe(1);
  });

  it('bad input is 400 and writes nothing; stale versions are 412', async () => {
    const before = await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from protection_orders');
    for (const payload of [
      { caseId: 'nope', courtDept: 'court:beilun', applicant: 'victim', measures: ['ban_violence'], urgent: true },
      {
        caseId: randomUUID(),
        courtDept: 'court:beilun',
        applicant: 'neighbour',
        measures: ['ban_violence'],
        urgent: true,
      },
      { caseId: randomUUID(), courtDept: 'court:beilun', applicant: 'victim', measures: [], urgent: true },
      {
        caseId: randomUUID(),
        courtDept: 'court:beilun',
        applicant: 'victim',
        measures: ['ban_violence'],
        urgent: true,
        extra: 1,
      },
      {
        caseId: await openedCase(),
        courtDept: 'police:xinqi',
        applicant: 'victim',
        measures: ['ban_violence'],
        urgent: true,
      },
    ]) {
      const r = await call('POST', '/protection-orders', H.owner, payload);
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.type).toContain('/problems/');
    }
    expect((await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from protection_orders'))[0]!.n).toBe(
      before[0]!.n,
    );
    const id = await policeReferralFor(referralRequested('xinqi', 'standard'));
    expect(
      (await call('POST', `/referrals/${id}/decline`, H.police, { version: 1, reasonCode: 'no_capacity' })).status,
    ).toBe(400); // reason text required
    expect((await call('POST', `/referrals/${id}/accept`, H.police, { version: 7 })).status).toBe(412);
    const d = await ok('POST', `/referrals/${id}/decline`, H.police, {
      version: 1,
      reasonCode: 'outside_jurisdiction',
      reason: '不属本所辖区',
    });
    expect(d).toMatchObject({ status: 'declined', reasonCode: 'outside_jurisdiction' });
    const ev = await tap.waitFor(
      (t) => t.events.find((e) => e.type === 'dv.referral.declined.v1' && e.data.referralId === id),
      'declined',
    );
    expect(ev.data).toMatchObject({ rerouteBy: new Date(now.getTime() + 24 * HOUR).toISOString() });
  });

  it('roles × endpoints: a department acts and reads only on what was sent to it, seeing only its fields', async () => {
    const req = referralRequested('xinqi', 'high');
    const caseId = req.subject;
    const policeRef = await policeReferralFor(req);
    const courtRef = await ok(
      'POST',
      '/referrals',
      H.owner,
      {
        caseId,
        department: 'court',
        assignedDept: 'court:beilun',
        riskLevel: 'high',
        contact: { phone: '139' },
        note: 'urgent order needed',
      },
      201,
    );
    await ok(
      'POST',
      '/referrals',
      H.owner,
      {
        caseId,
        department: 'police',
        assignedDept: 'police:xinqi',
        riskLevel: 'high',
        contact: { phone: '139' },
        note: 'n',
      },
      201,
    ).then(async (p) => {
      // The receiving police see contact + note + street; the court sees the note only; coordinator and owner the base.
      const asPolice = await ok('GET', `/referrals/${p.id}`, H.police);
      expect(asPolice).toMatchObject({ contact: { phone: '139' }, note: 'n', street: 'xinqi' });
    });
    const asCourt = await ok('GET', `/referrals/${courtRef.id}`, H.clerk);
    expect(asCourt.note).toBe('urgent order needed');
    expect(asCourt.contact).toBeUndefined();
    expect(asCourt.street).toBeUndefined();
    for (const h of [H.coordinator, H.owner]) {
      const base = await ok('GET', `/referrals/${courtRef.id}`, h);
      expect(base.note).toBeUndefined();
      expect(base.contact).toBeUndefined();
    }
    const audits = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from audit_log where action = 'referral.personal_data.viewed' and entity_id = $1",
      [courtRef.id],
    );
    expect(audits[0]!.n).toBe(1);

    const order = await ok(
      'POST',
      '/protection-orders',
      H.owner,
      { caseId, courtDept: 'court:beilun', applicant: 'victim', measures: ['ban_violence'], urgent: true },
      201,
    );
    const shelter = await ok(
      'POST',
      '/shelters',
      H.admin,
      { dept: 'shelter:beilun', label: 'matrix', capacity: 5 },
      201,
    );
    const assessment = await ok('POST', '/injury-assessments', H.police, { caseId, healthDept: 'health:beilun' }, 201);

    type Row = [string, 'GET' | 'POST', string, unknown, Record<string, Record<string, string>>];
    const v1 = { version: 1 };
    const table: Row[] = [
      // [name, method, url, body, { expectedStatus: headers... }]
      ['list referrals', 'GET', '/referrals', undefined, { '200': { ...H.police }, '403': H.legalAid, '401': {} }],
      ['read police referral', 'GET', `/referrals/${policeRef}`, undefined, { '200': H.police }],
      ['read police referral (other station)', 'GET', `/referrals/${policeRef}`, undefined, { '403': H.otherPolice }],
      ['read police referral (court)', 'GET', `/referrals/${policeRef}`, undefined, { '403': H.clerk }],
      ['read police referral (shelter)', 'GET', `/referrals/${policeRef}`, undefined, { '403': H.shelter }],
      ['read police referral (legal aid)', 'GET', `/referrals/${policeRef}`, undefined, { '403': H.legalAid }],
      [
        'accept police referral (other station)',
        'POST',
        `/referrals/${policeRef}/accept`,
        v1,
        { '403': H.otherPolice },
      ],
      ['accept police referral (court clerk)', 'POST', `/referrals/${policeRef}/accept`, v1, { '403': H.clerk }],
      ['accept police referral (owner caseworker)', 'POST', `/referrals/${policeRef}/accept`, v1, { '403': H.owner }],
      ['accept police referral (coordinator)', 'POST', `/referrals/${policeRef}/accept`, v1, { '403': H.coordinator }],
      [
        'withdraw (police)',
        'POST',
        `/referrals/${policeRef}/withdraw`,
        { version: 1, reasonCode: 'rerouted' },
        { '403': H.police },
      ],
      [
        'withdraw (other wf)',
        'POST',
        `/referrals/${policeRef}/withdraw`,
        { version: 1, reasonCode: 'rerouted' },
        { '403': H.otherWf },
      ],
      [
        'create referral (police)',
        'POST',
        '/referrals',
        { caseId, department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' },
        { '403': H.police },
      ],
      [
        'create referral (other wf)',
        'POST',
        '/referrals',
        { caseId, department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' },
        { '403': H.otherWf },
      ],
      ['case referrals', 'GET', `/cases/${caseId}/referrals`, undefined, { '200': H.owner, '403': H.otherWf }],
      ['case referrals (coordinator)', 'GET', `/cases/${caseId}/referrals`, undefined, { '200': H.coordinator }],
      ['case referrals (police)', 'GET', `/cases/${caseId}/referrals`, undefined, { '403': H.police }],
      [
        'call-out before acceptance',
        'POST',
        `/referrals/${policeRef}/callouts`,
        { occurredAt: t0.toISOString(), outcome: 'other', evidenceCollected: false, medicalHelpArranged: false },
        { '409': H.police },
      ],
      [
        'call-out (other station)',
        'POST',
        `/referrals/${policeRef}/callouts`,
        { occurredAt: t0.toISOString(), outcome: 'other', evidenceCollected: false, medicalHelpArranged: false },
        { '403': H.otherPolice },
      ],
      [
        'call-out (caseworker)',
        'POST',
        `/referrals/${policeRef}/callouts`,
        { occurredAt: t0.toISOString(), outcome: 'other', evidenceCollected: false, medicalHelpArranged: false },
        { '403': H.owner },
      ],
      [
        'warning letter (shelter)',
        'POST',
        `/referrals/${policeRef}/warning-letters`,
        { abuser: 'a', facts: 'f', prohibition: 'p' },
        { '403': H.shelter },
      ],
      ['accept order (other court)', 'POST', `/protection-orders/${order.id}/accept`, v1, { '403': H.otherClerk }],
      ['accept order (caseworker)', 'POST', `/protection-orders/${order.id}/accept`, v1, { '403': H.owner }],
      ['accept order (police)', 'POST', `/protection-orders/${order.id}/accept`, v1, { '403': H.police }],
      [
        'issue before acceptance',
        'POST',
        `/protection-orders/${order.id}/issue`,
        { version: 1, validUntil: '2027-01-01T00:00:00.000Z' },
        { '409': H.clerk },
      ],
      ['read order', 'GET', `/protection-orders/${order.id}`, undefined, { '200': H.clerk, '403': H.otherClerk }],
      ['read order (filer, coordinator)', 'GET', `/protection-orders/${order.id}`, undefined, { '200': H.coordinator }],
      ['read order (other station)', 'GET', `/protection-orders/${order.id}`, undefined, { '403': H.otherPolice }],
      ['read order (shelter)', 'GET', `/protection-orders/${order.id}`, undefined, { '403': H.shelter }],
      [
        'apply (shelter)',
        'POST',
        '/protection-orders',
        { caseId, courtDept: 'court:beilun', applicant: 'victim', measures: ['ban_violence'], urgent: false },
        { '403': H.shelter },
      ],
      [
        'create shelter (non-admin)',
        'POST',
        '/shelters',
        { dept: 'shelter:beilun', label: 'x', capacity: 1 },
        { '403': H.shelter },
      ],
      ['availability', 'GET', '/shelters/availability', undefined, { '200': H.owner, '403': H.legalAid }],
      ['place (other shelter)', 'POST', `/shelters/${shelter.id}/placements`, { caseId }, { '403': H.otherShelter }],
      ['place (police)', 'POST', `/shelters/${shelter.id}/placements`, { caseId }, { '403': H.police }],
      [
        'complete assessment (other role)',
        'POST',
        `/injury-assessments/${assessment.id}/complete`,
        { grade: 'minor', resultRef: 'R-1', version: 1 },
        { '403': H.police },
      ],
      [
        'complete assessment (other health)',
        'POST',
        `/injury-assessments/${assessment.id}/complete`,
        { grade: 'minor', resultRef: 'R-1', version: 1 },
        { '403': bearer('health_worker', 'health:other') },
      ],
      [
        'request assessment (shelter)',
        'POST',
        '/injury-assessments',
        { caseId, healthDept: 'health:beilun' },
        { '403': H.shelter },
      ],
      ['dv case', 'GET', `/cases/${caseId}`, undefined, { '200': H.owner, '403': H.otherWf }],
      ['dv case (police)', 'GET', `/cases/${caseId}`, undefined, { '403': H.police }],
      ['close case (other wf)', 'POST', `/cases/${caseId}/close`, v1, { '403': H.otherWf }],
      ['close case (police)', 'POST', `/cases/${caseId}/close`, v1, { '403': H.police }],
    ];
    for (const [name, method, url, body, expected] of table) {
      for (const [status, headers] of Object.entries(expected)) {
        const r = await call(method, url, headers, body);
        expect(r.status, `${name} → ${status}: ${JSON.stringify(r.body)}`).toBe(Number(status));
      }
    }
    // Lists: a station's list holds its own referrals only.
    const other = await ok('GET', '/referrals', H.otherPolice);
    expect(other.items.some((x: { caseId: string }) => x.caseId === caseId)).toBe(false);
    const court = await ok('GET', '/referrals', H.clerk);
    expect(court.items.every((x: { assignedDept: string }) => x.assignedDept === 'court:beilun')).toBe(true);
    // Health completes its own assessment.
    const done = await ok('POST', `/injury-assessments/${assessment.id}/complete`, H.health, {
      grade: 'light',
      resultRef: 'FJ-2026-17',
      findings: '左臂挫伤',
      version: 1,
    });
    expect(done).toMatchObject({ status: 'completed', grade: 'light', resultRef: 'FJ-2026-17' });
  });

  it('roles × endpoints: another station, another unit, another street, an unknown case — refused, nothing written', async () => {
    const req = referralRequested('xinqi', 'standard');
    const caseId = req.subject;
    const policeRef = await policeReferralFor(req);
    const shelter = await ok(
      'POST',
      '/shelters',
      H.admin,
      { dept: 'shelter:beilun', label: 'matrix-2', capacity: 5 },
      201,
    );
    const order = await ok(
      'POST',
      '/protection-orders',
      H.owner,
      { caseId, courtDept: 'court:beilun', applicant: 'victim', measures: ['ban_violence'], urgent: false },
      201,
    );
    const unknown = randomUUID();
    const daqiCoordinator = bearer('coordinator', 'wcw:district', { streets: ['daqi'] });
    const daqiOwner = bearer('wf_caseworker', 'wf:district', { streets: ['daqi'] });
    const daqiStation = bearer('police_officer', 'police:xinqi', { streets: ['daqi'] });
    const apply = (c: string) => ({
      caseId: c,
      courtDept: 'court:beilun',
      applicant: 'victim',
      measures: ['ban_violence'],
      urgent: true,
    });
    const tables = ['protection_orders', 'referrals', 'placements', 'injury_assessments', 'dv_cases'];
    const counts = async () =>
      Promise.all(
        tables.map(async (t) => (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${t}`))[0]!.n),
      );
    const before = await counts();
    type Row = [string, 'GET' | 'POST', string, unknown, number, Record<string, string>];
    const table: Row[] = [
      [
        'read referral (coordinator of another street)',
        'GET',
        `/referrals/${policeRef}`,
        undefined,
        403,
        daqiCoordinator,
      ],
      [
        'read referral (receiving station restricted to another street)',
        'GET',
        `/referrals/${policeRef}`,
        undefined,
        403,
        daqiStation,
      ],
      [
        'accept referral (receiving station restricted to another street)',
        'POST',
        `/referrals/${policeRef}/accept`,
        { version: 1 },
        403,
        daqiStation,
      ],
      [
        'case referrals (coordinator of another street)',
        'GET',
        `/cases/${caseId}/referrals`,
        undefined,
        403,
        daqiCoordinator,
      ],
      [
        'case referrals (owner restricted to another street)',
        'GET',
        `/cases/${caseId}/referrals`,
        undefined,
        403,
        daqiOwner,
      ],
      ['dv case (coordinator of another street)', 'GET', `/cases/${caseId}`, undefined, 403, daqiCoordinator],
      [
        'read order (coordinator of another street)',
        'GET',
        `/protection-orders/${order.id}`,
        undefined,
        403,
        daqiCoordinator,
      ],
      ['apply (police of another station)', 'POST', '/protection-orders', apply(caseId), 403, H.otherPolice],
      ['apply (caseworker of another unit)', 'POST', '/protection-orders', apply(caseId), 403, H.otherWf],
      ['apply (owner restricted to another street)', 'POST', '/protection-orders', apply(caseId), 403, daqiOwner],
      ['apply (unknown case)', 'POST', '/protection-orders', apply(unknown), 404, H.owner],
      ['apply (unknown case, clerk)', 'POST', '/protection-orders', apply(unknown), 404, H.clerk],
      [
        'refer (owner restricted to another street)',
        'POST',
        '/referrals',
        { caseId, department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' },
        403,
        daqiOwner,
      ],
      [
        'refer (unknown case)',
        'POST',
        '/referrals',
        { caseId: unknown, department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' },
        404,
        H.owner,
      ],
      ['place (unknown case)', 'POST', `/shelters/${shelter.id}/placements`, { caseId: unknown }, 404, H.shelter],
      [
        'request assessment (police of another station)',
        'POST',
        '/injury-assessments',
        { caseId, healthDept: 'health:beilun' },
        403,
        H.otherPolice,
      ],
      [
        'request assessment (caseworker of another unit)',
        'POST',
        '/injury-assessments',
        { caseId, healthDept: 'health:beilun' },
        403,
        H.otherWf,
      ],
      [
        'request assessment (unknown case)',
        'POST',
        '/injury-assessments',
        { caseId: unknown, healthDept: 'health:beilun' },
        404,
        H.owner,
      ],
    ];
    for (const [name, method, url, body, status, headers] of table) {
      const r = await call(method, url, headers, body);
      expect.soft(r.status, `${name}: ${JSON.stringify(r.body).slice(0, 80)}`).toBe(status); // soft: every row is reported
      expect.soft(r.body.type, name).toContain('/problems/');
    }
    expect(await counts()).toEqual(before);
    expect(
      (await ok('GET', '/referrals', daqiCoordinator)).items.some((x: { caseId: string }) => x.caseId === caseId),
    ).toBe(false);
    expect(
      (await ok('GET', '/referrals', daqiStation)).items.some((x: { caseId: string }) => x.caseId === caseId),
    ).toBe(false);

    // A case dv-referral knows only from intake's case.opened: its owner (named in the event) works it, nobody else.
    const announced = await openedCase({ ownerDept: 'wf:beilun', actor: { role: 'system', dept: 'svc:intake' } });
    const refer = { caseId: announced, department: 'court', assignedDept: 'court:beilun', riskLevel: 'high' };
    expect((await call('POST', '/referrals', H.owner, refer)).status).toBe(403);
    const byOwner = await ok('POST', '/referrals', bearer('wf_caseworker', 'wf:beilun'), refer, 201);
    expect(byOwner).toMatchObject({ caseId: announced, status: 'requested' });
    const [dvCase] = await queryOnce<{ owner_dept: string; street: string }>(
      dbUrl,
      'select owner_dept, street from dv_cases where case_id = $1',
      [announced],
    );
    expect(dvCase).toEqual({ owner_dept: 'wf:beilun', street: 'xinqi' });
    expect(
      (await call('POST', '/protection-orders', bearer('wf_caseworker', 'wf:beilun'), apply(announced))).status,
    ).toBe(201);
  });
});
