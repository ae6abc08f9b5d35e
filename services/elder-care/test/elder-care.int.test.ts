import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type LinkageEvent, type ReferralRequestedV1 } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, TopicTap, type Producer } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  testInfra,
  referralRequestedEvent,
  untilReady,
} from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { elderCareConfig } from '../src/config.ts';
import { ITEM_IDS, ITEM_MAX, MAX_TOTAL } from '../src/domain/assessment/levels.ts';

const logger = pino({ level: process.env.DBG ? 'error' : 'silent' });
const officer = bearer('elder_care_officer', 'civil_affairs:district');
const xinqiOfficer = bearer('elder_care_officer', 'civil_affairs:xinqi', { streets: ['xinqi'] });
const daqiOfficer = bearer('elder_care_officer', 'civil_affairs:daqi', { streets: ['daqi'] });
const coordinator = bearer('coordinator', 'wcw:district');
const admin = bearer('admin', 'platform:ops');

/** Item scores summing to `total`. */
function items(total: number): Record<string, number> {
  const s = Object.fromEntries(ITEM_IDS.map((id) => [id, ITEM_MAX[id]!]));
  let missing = MAX_TOTAL - total;
  for (const id of ITEM_IDS) {
    const take = Math.min(missing, s[id]!);
    s[id]! -= take;
    missing -= take;
  }
  return s;
}

const referralRequested = (
  street: string | null,
  o: { requestId?: string; caseId?: string; target?: 'elder_care' | 'dv' } = {},
) =>
  referralRequestedEvent({
    ...o,
    target: o.target ?? 'elder_care',
    caseNumber: 'BL-2026-000077',
    category: 'other',
    needs: ['elder_care'],
    riskLevel: 'standard',
    street: street as ReferralRequestedV1['data']['street'],
    victimAgeBand: 'elderly',
    flags: { minor: false, elderly: true, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
  });

describe('elder-care (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'elder-care-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;
  let now = new Date('2026-03-02T01:00:00.000Z'); // 09:00 Beijing
  let provider: string; // respite provider, 1 place a day
  let bigProvider: string; // respite provider, 10 places a day
  let institution: string; // 1 bed

  const publish = (e: LinkageEvent) =>
    producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  const post = (url: string, payload: object, headers = officer) =>
    app.inject({ method: 'POST', url, headers, payload });
  const count = async (table: string) =>
    (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n;
  const eventOf = (type: string, pred: (e: LinkageEvent) => boolean = () => true) =>
    tap.waitFor((t) => t.events.find((e) => e.type === type && pred(e)), type);

  /** A directly referred person in a street, assessed at the given total score. */
  async function assessedClient(street: string | null, total: number, hardship: string[] = []) {
    const c = await post('/clients', { person: { name: '张阿婆' }, street, livingSituation: 'alone', hardship });
    expect(c.statusCode, c.body).toBe(201);
    const a = await post(`/clients/${c.json().id}/assessments`, { items: items(total) });
    expect(a.statusCode, a.body).toBe(201);
    return c.json() as { id: string; caseId: string };
  }

  beforeAll(async () => {
    dbUrl = await freshDatabase('elder_care');
    await ensureTopics(kafka, prefix);
    app = await buildApp(elderCareConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
      clock: () => now,
    });
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.elderCare]).start();
    provider = (
      await post(
        '/facilities',
        { kind: 'respite_provider', name: '新碶喘息服务中心', street: 'xinqi', capacity: 1 },
        admin,
      )
    ).json().id;
    bigProvider = (
      await post(
        '/facilities',
        { kind: 'respite_provider', name: '大碶日间照料中心', street: 'daqi', capacity: 10 },
        admin,
      )
    ).json().id;
    institution = (
      await post(
        '/facilities',
        { kind: 'institution', name: '北仑区社会福利中心', street: 'xinqi', capacity: 1 },
        admin,
      )
    ).json().id;
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await app?.close();
  });

  it('an elderly woman referred from intake is assessed, gets respite booked and delivered', async () => {
    const req = referralRequested('xinqi');
    await publish(req);
    const referred = await eventOf('elder_care.client.referred.v1', (e) => e.subject === req.subject);
    expect(referred).toMatchObject({
      causationid: req.id,
      correlationid: req.correlationid,
      data: { channel: 'intake', requestId: req.data.requestId, street: 'xinqi', assessBy: '2026-03-12T16:00:00.000Z' },
    }); // 10 days, to 24:00 Beijing (Civil Code Arts. 201–203)
    const clientId = (referred.data as { clientId: string }).clientId;

    const a = await post(`/clients/${clientId}/assessments`, { items: items(50) }, xinqiOfficer);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({
      level: 'moderate',
      levelZh: '中度失能',
      totalScore: 50,
      respiteDaysPerYear: 14,
      reassessBy: '2027-03-02T16:00:00.000Z',
      assessor: { sub: 'test-elder_care_officer', dept: 'civil_affairs:xinqi' },
    });
    expect(await eventOf('elder_care.assessment.completed.v1', (e) => e.subject === req.subject)).toMatchObject({
      data: { level: 'moderate', reassessBy: '2027-03-02T16:00:00.000Z', respiteDaysPerYear: 14 },
    });
    // GB/T 42195-2022: a reassessment of the same items with diagnosed dementia is one level worse, and 失智 is recorded
    const again = await post(
      `/clients/${clientId}/assessments`,
      { items: items(50), diagnosis: 'dementia' },
      xinqiOfficer,
    );
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({
      level: 'severe',
      baseLevel: 'moderate',
      adjustments: ['dementia_or_mental_disorder'],
      dementia: true,
    });
    const second = await eventOf(
      'elder_care.assessment.completed.v1',
      (e) => e.subject === req.subject && (e.data as { dementia?: boolean }).dementia === true,
    );
    expect(second.data).toMatchObject({ level: 'severe', previousAssessmentId: a.json().id });
    const [row] = await queryOnce<{ dementia: boolean }>(dbUrl, 'select dementia from clients where id = $1', [
      clientId,
    ]);
    expect(row!.dementia).toBe(true);
    // back to the first assessment's level for the rest of the walk-through
    expect((await post(`/clients/${clientId}/assessments`, { items: items(50) }, xinqiOfficer)).json().level).toBe(
      'moderate',
    );

    const b = await post(
      `/clients/${clientId}/respite-bookings`,
      { facilityId: provider, startDate: '2026-03-10', endDate: '2026-03-14' },
      xinqiOfficer,
    );
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({
      days: 5,
      daysLeftThisYear: 9,
      status: 'booked',
      dueAt: '2026-03-09T16:00:00.000Z',
    });
    expect(await eventOf('elder_care.respite.booked.v1', (e) => e.subject === req.subject)).toMatchObject({
      data: { days: 5, dueAt: '2026-03-09T16:00:00.000Z', daysLeftThisYear: 9 },
    });

    // not delivered before it starts; delivered once it has
    expect(
      (await post(`/respite-bookings/${b.json().id}/delivery`, { daysDelivered: 5 }, xinqiOfficer)).json().code,
    ).toBe('not_started');
    now = new Date('2026-03-14T10:00:00.000Z');
    const d = await post(`/respite-bookings/${b.json().id}/delivery`, { daysDelivered: 5 }, xinqiOfficer);
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ status: 'delivered', daysDelivered: 5 });
    expect(await eventOf('elder_care.service.delivered.v1', (e) => e.subject === req.subject)).toMatchObject({
      data: { kind: 'respite', days: 5, street: 'xinqi' },
    });
    expect((await post(`/respite-bookings/${b.json().id}/cancellation`, {}, xinqiOfficer)).json().code).toBe(
      'booking_closed',
    );

    // never over the annual entitlement: 9 days are left
    const over = await post(
      `/clients/${clientId}/respite-bookings`,
      { facilityId: bigProvider, startDate: '2026-04-01', endDate: '2026-04-10' },
      xinqiOfficer,
    );
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('entitlement_exceeded');
    const fits = await post(
      `/clients/${clientId}/respite-bookings`,
      { facilityId: bigProvider, startDate: '2026-04-01', endDate: '2026-04-09' },
      xinqiOfficer,
    );
    expect(fits.statusCode, fits.body).toBe(201);
    expect(fits.json().daysLeftThisYear).toBe(0);
  });

  it('replayed and repeated referral requests create nothing twice; other targets are ignored', async () => {
    const req = referralRequested('daqi');
    await publish(req);
    await publish(req); // the same event again
    await publish(referralRequested('daqi', { requestId: req.data.requestId, caseId: req.data.caseId })); // same request, new event id
    const ignored = referralRequested('daqi', { target: 'dv' });
    await publish(ignored);
    const marker = referralRequested('daqi');
    await publish(marker);
    await eventOf('elder_care.client.referred.v1', (e) => e.subject === marker.subject);
    await eventually(
      async () =>
        (await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from inbox')).at(0)!.n >= 5 || undefined,
      'all five messages consumed',
    );
    expect((await queryOnce(dbUrl, 'select id from clients where request_id = $1', [req.data.requestId])).length).toBe(
      1,
    );
    expect((await queryOnce(dbUrl, 'select id from clients where case_id = $1', [ignored.data.caseId])).length).toBe(0);
    expect(
      tap.events.filter((e) => e.type === 'elder_care.client.referred.v1' && e.subject === req.subject),
    ).toHaveLength(1);
  });

  it('concurrent bookings of the last respite place: exactly one succeeds', async () => {
    now = new Date('2026-05-01T01:00:00.000Z');
    const clients = await Promise.all([0, 1, 2, 3, 4, 5].map(() => assessedClient('xinqi', 40)));
    const results = await Promise.all(
      clients.map((c) =>
        post(`/clients/${c.id}/respite-bookings`, {
          facilityId: provider,
          startDate: '2026-05-20',
          endDate: '2026-05-22',
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'provider_full')).toBe(true);
    const live = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from respite_bookings where facility_id = $1 and status = 'booked' and start_date <= '2026-05-22' and end_date >= '2026-05-20'",
      [provider],
    );
    expect(live[0]!.n).toBe(1);
  });

  it('concurrent bookings by one person never exceed her entitlement', async () => {
    const c = await assessedClient('daqi', 70); // mild: 7 days
    const stays = ['2026-06-01', '2026-06-05', '2026-06-09', '2026-06-13'].map((start) => ({
      facilityId: bigProvider,
      startDate: start,
      endDate: start.replace(/\d\d$/, (d) => String(Number(d) + 2).padStart(2, '0')),
    }));
    const results = await Promise.all(stays.map((s) => post(`/clients/${c.id}/respite-bookings`, s)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(2); // 3 + 3 ≤ 7 < 9
    const [used] = await queryOnce<{ n: number }>(
      dbUrl,
      "select coalesce(sum(days), 0)::int as n from respite_bookings where client_id = $1 and status <> 'cancelled'",
      [c.id],
    );
    expect(used!.n).toBe(6);
  });

  it('home visits are scheduled with a due time, then delivered or missed', async () => {
    const c = await assessedClient('xinqi', 35);
    const v1 = await post(`/clients/${c.id}/home-visits`, {
      serviceType: 'personal_care',
      dueAt: '2026-05-03T02:00:00.000Z',
    });
    const v2 = await post(`/clients/${c.id}/home-visits`, { serviceType: 'meal', dueAt: '2026-05-04T02:00:00.000Z' });
    expect(v1.statusCode, v1.body).toBe(201);
    expect(await eventOf('elder_care.home_visit.scheduled.v1', (e) => e.subject === c.caseId)).toMatchObject({
      data: { dueAt: '2026-05-03T02:00:00.000Z', serviceType: 'personal_care' },
    });
    expect((await post(`/home-visits/${v1.json().id}/delivered`, {})).json().status).toBe('delivered');
    expect((await post(`/home-visits/${v2.json().id}/missed`, {})).json().status).toBe('missed');
    expect((await post(`/home-visits/${v2.json().id}/delivered`, {})).json().code).toBe('visit_closed');
    await eventOf('elder_care.home_visit.missed.v1', (e) => e.subject === c.caseId);
    await eventOf(
      'elder_care.service.delivered.v1',
      (e) => e.subject === c.caseId && (e.data as { kind: string }).kind === 'home_visit',
    );
  });

  it('family care beds and caregiver training', async () => {
    const c = await assessedClient('xinqi', 20);
    const bed = await post(`/clients/${c.id}/family-beds`, { providerId: bigProvider });
    expect(bed.statusCode, bed.body).toBe(201);
    expect((await post(`/clients/${c.id}/family-beds`, {})).json().code).toBe('family_bed_exists');
    await eventOf('elder_care.family_bed.set_up.v1', (e) => e.subject === c.caseId);
    const mild = await assessedClient('xinqi', 80);
    expect((await post(`/clients/${mild.id}/family-beds`, {})).json().code).toBe('not_eligible');
    const t = await post(`/clients/${c.id}/caregiver-trainings`, {
      topic: '失能老人照护技能',
      hours: 3,
      heldAt: '2026-04-30T06:00:00.000Z',
    });
    expect(t.statusCode, t.body).toBe(201);
    await eventOf(
      'elder_care.service.delivered.v1',
      (e) => e.subject === c.caseId && (e.data as { kind: string }).kind === 'caregiver_training',
    );
  });

  it('institution placement holds bed capacity and gives a freed bed to the hardship case first', async () => {
    const first = await assessedClient('xinqi', 20);
    const standard = await assessedClient('xinqi', 10); // more severe, no hardship
    const hardship = await assessedClient('daqi', 40, ['social_assistance']);
    const p1 = await post(`/clients/${first.id}/placements`, { facilityId: institution });
    expect(p1.json()).toMatchObject({ status: 'placed', costBasis: 'standard' });
    const [p2, p3] = await Promise.all([
      post(`/clients/${standard.id}/placements`, { facilityId: institution }),
      post(`/clients/${hardship.id}/placements`, { facilityId: institution }),
    ]);
    expect(p2.json().status).toBe('waiting');
    expect(p3.json()).toMatchObject({ status: 'waiting', costBasis: 'free' });
    expect((await post(`/clients/${standard.id}/placements`, { facilityId: institution })).json().code).toBe(
      'placement_open',
    );
    await eventOf('elder_care.placement.waitlisted.v1', (e) => e.subject === hardship.caseId);

    const end = await post(`/placements/${p1.json().id}/end`, { reason: 'discharged' });
    expect(end.json()).toMatchObject({ status: 'ended', nextPlaced: [p3.json().id] });
    expect(await eventOf('elder_care.placement.made.v1', (e) => e.subject === hardship.caseId)).toMatchObject({
      data: { costBasis: 'free', facilityId: institution },
    });
    const [inUse] = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from placements where facility_id = $1 and status = 'placed'",
      [institution],
    );
    expect(inUse!.n).toBe(1);
    expect((await post(`/placements/${p1.json().id}/end`, { reason: 'discharged' })).json().code).toBe(
      'placement_closed',
    );
  });

  it('concurrent requests for the last institution bed: exactly one is placed, the rest wait', async () => {
    const home = (
      await post('/facilities', { kind: 'institution', name: '霞浦颐养院', street: 'xiapu', capacity: 1 }, admin)
    ).json().id;
    const people = await Promise.all([0, 1, 2, 3].map(() => assessedClient('xiapu', 25)));
    const results = await Promise.all(people.map((p) => post(`/clients/${p.id}/placements`, { facilityId: home })));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(results.map((r) => r.json().status).sort()).toEqual(['placed', 'waiting', 'waiting', 'waiting']);
    const [inUse] = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from placements where facility_id = $1 and status = 'placed'",
      [home],
    );
    expect(inUse!.n).toBe(1);
  });

  it('a safeguarding flag emits the hand-over to DV referral; her refusal below high risk is respected', async () => {
    const c = await assessedClient('xinqi', 50);
    const wishes = '老人希望儿子搬出去但不愿报警';
    const raised = await post(`/clients/${c.id}/safeguarding`, {
      concerns: ['neglect', 'financial_exploitation'],
      riskLevel: 'medium',
      consent: true,
      wishes,
    });
    expect(raised.statusCode, raised.body).toBe(201);
    expect(raised.json()).toMatchObject({ outcome: 'referred', consentBasis: 'consent' });
    const e = await eventOf('elder_care.safeguarding.raised.v1', (x) => x.subject === c.caseId);
    expect(e.data).toEqual({
      safeguardingId: raised.json().id,
      caseId: c.caseId,
      concerns: ['neglect', 'financial_exploitation'],
      riskLevel: 'medium',
      street: 'xinqi',
      consentBasis: 'consent',
      wishesRecorded: true,
      raisedAt: now.toISOString(),
    });
    const [row] = await queryOnce<{ wishes_enc: string }>(
      dbUrl,
      'select wishes_enc from safeguarding_flags where id = $1',
      [raised.json().id],
    );
    expect(row!.wishes_enc).toMatch(/^v1\./);
    expect(row!.wishes_enc).not.toContain('儿子');

    const refused = await post(`/clients/${c.id}/safeguarding`, {
      concerns: ['psychological_abuse'],
      riskLevel: 'standard',
      consent: false,
      wishes: '不希望任何人介入',
    });
    expect(refused.json()).toMatchObject({ outcome: 'withheld', consentBasis: null });
    const high = await post(`/clients/${c.id}/safeguarding`, {
      concerns: ['physical_abuse'],
      riskLevel: 'high',
      consent: false,
      wishes: '害怕',
    });
    expect(high.json()).toMatchObject({ outcome: 'referred', consentBasis: 'high_risk_exception' });
    await eventOf(
      'elder_care.safeguarding.raised.v1',
      (x) => x.subject === c.caseId && (x.data as { riskLevel: string }).riskLevel === 'high',
    );
    expect(
      tap.events.filter((x) => x.type === 'elder_care.safeguarding.raised.v1' && x.subject === c.caseId),
    ).toHaveLength(2);
  });

  it('keeps personal data encrypted, out of events, shown only to officers of her street (audited)', async () => {
    const res = await post(
      '/clients',
      {
        person: { name: '王秀英', idNumber: '33020619450101002X', phone: '13900000000', address: '新碶街道某小区' },
        street: 'xinqi',
        livingSituation: 'left_behind',
        caregiver: { relation: 'child', strain: 'severe', name: '王小明' },
        hardship: ['low_income'],
      },
      xinqiOfficer,
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const [row] = await queryOnce<{ person_enc: string }>(dbUrl, 'select person_enc from clients where id = $1', [id]);
    expect(row!.person_enc).toMatch(/^v1\./);
    for (const s of ['王秀英', '13900000000', '王小明']) expect(row!.person_enc).not.toContain(s);

    const own = await app.inject({ url: `/clients/${id}`, headers: xinqiOfficer });
    expect(own.json()).toMatchObject({
      identified: true,
      person: { name: '王秀英' },
      caregiverContact: { name: '王小明' },
      caregiver: { relation: 'child', strain: 'severe' },
    });
    const coord = await app.inject({ url: `/clients/${id}`, headers: coordinator });
    expect(coord.json().identified).toBe(false);
    expect(coord.body).not.toContain('王秀英');
    expect((await app.inject({ url: `/clients/${id}`, headers: daqiOfficer })).statusCode).toBe(403);
    const audits = await queryOnce<{ action: string }>(
      dbUrl,
      'select action from audit_log where entity_id = $1 order by id',
      [id],
    );
    expect(audits.map((a) => a.action)).toEqual(['client.referred', 'client.personal_data.viewed']);

    await eventOf('elder_care.client.referred.v1', (e) => e.subject === res.json().caseId);
    const raw = tap.messages.map((m) => m.raw).join('\n');
    for (const s of ['王秀英', '13900000000', '33020619450101002X', '王小明', '新碶街道某小区', '儿子'])
      expect(raw).not.toContain(s);
  });

  it('updates are guarded by the version (412 when stale)', async () => {
    const c = (await post('/clients', { person: {}, street: 'xinqi', livingSituation: 'alone', hardship: [] })).json();
    const ok = await app.inject({
      method: 'PATCH',
      url: `/clients/${c.id}`,
      headers: officer,
      payload: { version: 1, livingSituation: 'with_children', hardship: ['low_income'], person: { name: '李某' } },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, livingSituation: 'with_children', hardship: ['low_income'] });
    const stale = await app.inject({
      method: 'PATCH',
      url: `/clients/${c.id}`,
      headers: officer,
      payload: { version: 1, livingSituation: 'alone' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await app.inject({ url: `/clients/${c.id}`, headers: officer })).json()).toMatchObject({
      livingSituation: 'with_children',
      person: { name: '李某' },
    });
  });

  it('rejects bad input with 400 Problem Details and writes nothing', async () => {
    const c = await assessedClient('xinqi', 50);
    const tables = [
      'clients',
      'assessments',
      'respite_bookings',
      'home_visits',
      'family_beds',
      'placements',
      'trainings',
      'safeguarding_flags',
      'facilities',
      'outbox',
      'audit_log',
    ];
    const before = await Promise.all(tables.map(count));
    const bad: [string, string, object][] = [
      ['POST', '/clients', { person: {}, street: 'atlantis', livingSituation: 'alone', hardship: [] }],
      ['POST', '/clients', { person: { name: 'x'.repeat(101) }, street: null, livingSituation: 'alone', hardship: [] }],
      ['POST', '/clients', { person: {}, street: null, livingSituation: 'alone', hardship: ['rich'] }],
      ['POST', '/clients', { person: {}, street: null, livingSituation: 'alone', hardship: [], extra: 1 }],
      ['POST', '/clients', { person: { idNumber: '12345' }, street: null, livingSituation: 'alone', hardship: [] }],
      ['POST', `/clients/${c.id}/assessments`, { items: { ...items(50), eating: 5 } }],
      ['POST', `/clients/${c.id}/assessments`, { items: { eating: 1 } }],
      [
        'POST',
        `/clients/${c.id}/respite-bookings`,
        { facilityId: bigProvider, startDate: '2026-13-01', endDate: '2026-13-02' },
      ],
      [
        'POST',
        `/clients/${c.id}/respite-bookings`,
        { facilityId: bigProvider, startDate: '2026-07-05', endDate: '2026-07-01' },
      ],
      [
        'POST',
        `/clients/${c.id}/respite-bookings`,
        { facilityId: 'not-a-uuid', startDate: '2026-07-01', endDate: '2026-07-02' },
      ],
      ['POST', `/clients/${c.id}/home-visits`, { serviceType: 'massage', dueAt: '2026-07-01T00:00:00Z' }],
      ['POST', `/clients/${c.id}/home-visits`, { serviceType: 'meal', dueAt: '2020-01-01T00:00:00Z' }],
      ['POST', `/clients/${c.id}/caregiver-trainings`, { topic: '', hours: 2, heldAt: '2026-04-01T00:00:00Z' }],
      ['POST', `/clients/${c.id}/safeguarding`, { concerns: [], riskLevel: 'high', consent: true, wishes: 'x' }],
      [
        'POST',
        `/clients/${c.id}/safeguarding`,
        { concerns: ['neglect'], riskLevel: 'high', consent: true, wishes: 'x'.repeat(2001) },
      ],
      ['POST', `/clients/${c.id}/placements`, { facilityId: institution, priority: 'top' }],
      ['PATCH', `/clients/${c.id}`, { livingSituation: 'alone' }],
      ['POST', '/clients/not-a-uuid/assessments', { items: items(50) }],
    ];
    for (const [method, url, payload] of bad) {
      const res = await app.inject({ method: method as 'POST', url, headers: officer, payload });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload).slice(0, 80)}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const admin400 = await post('/facilities', { kind: 'hotel', name: 'x', street: null, capacity: 1 }, admin);
    expect(admin400.statusCode).toBe(400);
    const ind = await app.inject({
      url: '/indicators?from=2026-05-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      headers: coordinator,
    });
    expect(ind.statusCode).toBe(400);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('counts indicators by street and period, with institution beds in use vs capacity', async () => {
    const res = await app.inject({
      url: '/indicators?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
      headers: coordinator,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toMatchObject({
      respite_days_delivered: 5,
      home_visits_delivered: 1,
      home_visits_missed: 1,
      placements_made: 3,
      family_beds_set_up: 1,
      caregiver_trainings: 1,
      safeguarding_referred: 2,
    });
    expect(body.byStreet.find((s: { street: string }) => s.street === 'xinqi')).toMatchObject({
      respite_days_delivered: 5,
      placements_made: 1,
    });
    expect(body.byStreet.find((s: { street: string }) => s.street === 'daqi')).toMatchObject({ placements_made: 1 });
    expect(body.institutionBeds).toEqual({
      capacity: 2,
      inUse: 2,
      byStreet: expect.arrayContaining([
        { street: 'xinqi', capacity: 1, inUse: 1 },
        { street: 'xiapu', capacity: 1, inUse: 1 },
      ]),
    });
    const daqi = (
      await app.inject({
        url: '/indicators?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&street=daqi',
        headers: officer,
      })
    ).json();
    expect(daqi.total).toMatchObject({ respite_days_delivered: 0, placements_made: 1 });
    const empty = (
      await app.inject({ url: '/indicators?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', headers: coordinator })
    ).json();
    expect(empty.total.placements_made).toBe(0);
  });

  it('roles × endpoints', async () => {
    const c = await assessedClient('xinqi', 50);
    const x = randomUUID();
    const ROLES = [
      'hotline_operator',
      'wf_caseworker',
      'reporter',
      'police_officer',
      'court_clerk',
      'legal_aid_officer',
      'shelter_officer',
      'health_worker',
      'elder_care_officer',
      'coordinator',
      'admin',
    ] as const;
    const endpoints: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object; allowed: string[] }[] = [
      {
        method: 'POST',
        url: '/clients',
        payload: { person: {}, street: 'xinqi', livingSituation: 'alone', hardship: [] },
        allowed: ['elder_care_officer'],
      },
      { method: 'GET', url: '/clients', allowed: ['elder_care_officer', 'coordinator'] },
      { method: 'GET', url: `/clients/${c.id}`, allowed: ['elder_care_officer', 'coordinator'] },
      { method: 'PATCH', url: `/clients/${x}`, payload: { version: 1 }, allowed: ['elder_care_officer'] },
      {
        method: 'POST',
        url: `/clients/${x}/assessments`,
        payload: { items: items(50) },
        allowed: ['elder_care_officer'],
      },
      {
        method: 'POST',
        url: `/clients/${x}/respite-bookings`,
        payload: { facilityId: x, startDate: '2026-07-01', endDate: '2026-07-02' },
        allowed: ['elder_care_officer'],
      },
      {
        method: 'POST',
        url: `/respite-bookings/${x}/delivery`,
        payload: { daysDelivered: 1 },
        allowed: ['elder_care_officer'],
      },
      { method: 'POST', url: `/respite-bookings/${x}/cancellation`, allowed: ['elder_care_officer'] },
      {
        method: 'POST',
        url: `/clients/${x}/home-visits`,
        payload: { serviceType: 'meal', dueAt: '2027-01-01T00:00:00Z' },
        allowed: ['elder_care_officer'],
      },
      { method: 'POST', url: `/home-visits/${x}/delivered`, allowed: ['elder_care_officer'] },
      { method: 'POST', url: `/clients/${x}/family-beds`, payload: {}, allowed: ['elder_care_officer'] },
      { method: 'POST', url: `/clients/${x}/placements`, payload: { facilityId: x }, allowed: ['elder_care_officer'] },
      {
        method: 'POST',
        url: `/placements/${x}/end`,
        payload: { reason: 'discharged' },
        allowed: ['elder_care_officer'],
      },
      {
        method: 'POST',
        url: `/clients/${x}/caregiver-trainings`,
        payload: { topic: 't', hours: 1, heldAt: '2026-01-01T00:00:00Z' },
        allowed: ['elder_care_officer'],
      },
      {
        method: 'POST',
        url: `/clients/${x}/safeguarding`,
        payload: { concerns: ['neglect'], riskLevel: 'standard', consent: true, wishes: 'w' },
        allowed: ['elder_care_officer'],
      },
      {
        method: 'POST',
        url: '/facilities',
        payload: { kind: 'institution', name: 'n', street: null, capacity: 0 },
        allowed: ['admin'],
      },
      { method: 'GET', url: '/facilities', allowed: ['elder_care_officer', 'coordinator', 'admin'] },
      {
        method: 'GET',
        url: '/indicators?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
        allowed: ['elder_care_officer', 'coordinator'],
      },
    ];
    for (const ep of endpoints) {
      const anon = await app.inject({ method: ep.method, url: ep.url, ...(ep.payload ? { payload: ep.payload } : {}) });
      expect(anon.statusCode, `anonymous ${ep.method} ${ep.url}`).toBe(401);
      for (const role of ROLES) {
        const dept = role === 'elder_care_officer' ? 'civil_affairs:district' : 'x:district';
        const res = await app.inject({
          method: ep.method,
          url: ep.url,
          headers: bearer(role, dept),
          ...(ep.payload ? { payload: ep.payload } : {}),
        });
        if (ep.allowed.includes(role))
          expect(res.statusCode, `${role} ${ep.method} ${ep.url}: ${res.body}`).not.toBe(403);
        else expect(res.statusCode, `${role} ${ep.method} ${ep.url}`).toBe(403);
      }
    }
    // assignment: an officer acts only within her streets
    expect(
      (await post(`/clients/${c.id}/home-visits`, { serviceType: 'meal', dueAt: '2027-01-01T00:00:00Z' }, daqiOfficer))
        .statusCode,
    ).toBe(403);
    expect(
      (await post(`/clients/${c.id}/home-visits`, { serviceType: 'meal', dueAt: '2027-01-01T00:00:00Z' }, xinqiOfficer))
        .statusCode,
    ).toBe(201);
    const daqiList = (await app.inject({ url: '/clients', headers: daqiOfficer })).json().items as { street: string }[];
    expect(daqiList.length).toBeGreaterThan(0);
    expect(daqiList.every((i) => i.street === 'daqi')).toBe(true);
  });

  it('roles × endpoints: another department, another street office, a street-restricted coordinator, an unknown client', async () => {
    const c = await assessedClient('xinqi', 50);
    const v = (await app.inject({ url: `/clients/${c.id}`, headers: officer })).json().version as number;
    const others = {
      'officer of another department (wf)': bearer('elder_care_officer', 'wf:district'),
      'officer of another department (health)': bearer('elder_care_officer', 'health:beilun'),
      'officer of the Daqi office, no streets claim': bearer('elder_care_officer', 'civil_affairs:daqi'),
      'district officer restricted to Daqi': bearer('elder_care_officer', 'civil_affairs:district', {
        streets: ['daqi'],
      }),
    };
    for (const [who, h] of Object.entries(others)) {
      const read = await app.inject({ url: `/clients/${c.id}`, headers: h });
      expect(read.statusCode, `${who} GET /clients/:id: ${read.body}`).toBe(403);
      expect(read.body).not.toContain('张阿婆');
      const patch = await app.inject({
        method: 'PATCH',
        url: `/clients/${c.id}`,
        headers: h,
        payload: { version: v, livingSituation: 'with_children' },
      });
      expect(patch.statusCode, `${who} PATCH /clients/:id`).toBe(403);
      const visit = await post(
        `/clients/${c.id}/home-visits`,
        { serviceType: 'meal', dueAt: '2027-01-01T00:00:00Z' },
        h,
      );
      expect(visit.statusCode, `${who} POST home-visits`).toBe(403);
      const list = await app.inject({ url: '/clients', headers: h });
      expect(list.statusCode).toBe(200);
      expect(
        (list.json().items as { id: string; street: string }[]).some((i) => i.id === c.id || i.street === 'xinqi'),
        `${who} lists Xinqi's clients`,
      ).toBe(false);
    }
    // nothing was changed by the refused writes
    expect((await app.inject({ url: `/clients/${c.id}`, headers: officer })).json()).toMatchObject({
      version: v,
      livingSituation: 'alone',
    });
    // an officer cannot move a record out of her area into another office's
    const move = await app.inject({
      method: 'PATCH',
      url: `/clients/${c.id}`,
      headers: xinqiOfficer,
      payload: { version: v, street: 'daqi' },
    });
    expect(move.statusCode, move.body).toBe(403);
    // the Xinqi office sees its street, a street-restricted coordinator only hers (de-identified)
    expect(
      (await app.inject({ url: `/clients/${c.id}`, headers: bearer('elder_care_officer', 'civil_affairs:xinqi') }))
        .statusCode,
    ).toBe(200);
    const daqiCoordinator = bearer('coordinator', 'wcw:district', { streets: ['daqi'] });
    expect((await app.inject({ url: `/clients/${c.id}`, headers: daqiCoordinator })).statusCode).toBe(403);
    expect(
      ((await app.inject({ url: '/clients', headers: daqiCoordinator })).json().items as { street: string }[]).every(
        (i) => i.street === 'daqi',
      ),
    ).toBe(true);
    // counts follow the same rule: another street office or department cannot ask for Xinqi's
    const period = 'from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';
    expect(
      (
        await app.inject({
          url: `/indicators?${period}&street=xinqi`,
          headers: bearer('elder_care_officer', 'civil_affairs:daqi'),
        })
      ).statusCode,
    ).toBe(403);
    expect((await app.inject({ url: `/indicators?${period}&street=xinqi`, headers: daqiCoordinator })).statusCode).toBe(
      403,
    );
    expect(
      (await app.inject({ url: `/indicators?${period}`, headers: bearer('elder_care_officer', 'wf:district') }))
        .statusCode,
    ).toBe(403);
    const own = await app.inject({
      url: `/indicators?${period}`,
      headers: bearer('elder_care_officer', 'civil_affairs:daqi'),
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().street).toBe('daqi');
    // an unknown client is a 404 for everyone, before any access decision
    const unknown = randomUUID();
    expect((await app.inject({ url: `/clients/${unknown}`, headers: officer })).statusCode).toBe(404);
    expect(
      (await app.inject({ method: 'PATCH', url: `/clients/${unknown}`, headers: officer, payload: { version: 1 } }))
        .statusCode,
    ).toBe(404);
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await untilReady(app)).json()).toMatchObject({ status: 'ready', checks: { database: 'ok', kafka: 'ok' } });
    const doc = (await app.inject('/docs/json')).json();
    expect(doc.info.title).toBe('Linkage elder-care');
    expect(doc.paths['/clients/{clientId}/respite-bookings']).toBeDefined();
  });
});
