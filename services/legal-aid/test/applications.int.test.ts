import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type ReferralRequestedV1 } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, TopicTap, type Producer } from '@linkage/messaging';
import { DEFAULT_CALENDAR, dayPeriodEnd } from '@linkage/service-kit';
import { INDICATOR_11 } from '@linkage/contracts';
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
import { legalAidConfig } from '../src/config.ts';
import { auditTextAad } from '../src/application/commands.ts';
import { deemOverdueWithdrawn } from '../src/application/withdrawals.ts';

const logger = pino({ level: 'silent' });
const OFFICER = bearer('legal_aid_officer', 'legal_aid:beilun');
const OTHER_CENTRE = bearer('legal_aid_officer', 'legal_aid:zhenhai');
const WF = bearer('wf_caseworker', 'wf:district');
const BUREAU = bearer('justice_bureau_officer', 'justice:beilun');
// Day periods end at 24:00 Beijing time on the last day, past rest days (Civil Code Arts. 201–203; the
// arithmetic itself is unit-tested in service-kit). These tests used to expect start + n × 24 h.
const days = (from: Date | string, n: number) => dayPeriodEnd(new Date(from), n, DEFAULT_CALENDAR).toISOString();

const referralRequested = (
  o: { category?: ReferralRequestedV1['data']['category']; target?: ReferralRequestedV1['data']['target'] } = {},
) =>
  referralRequestedEvent({
    target: o.target ?? 'legal_aid',
    category: o.category ?? 'domestic_violence',
    needs: ['dv_protection', 'legal_aid'],
    victimSex: 'female',
  });

const directBody = (o: Record<string, unknown> = {}) => ({
  channel: 'walk_in',
  matterType: 'divorce',
  proceedings: 'civil',
  urgency: 'normal',
  applicant: {
    name: '王小红',
    gender: 'female',
    phone: '13800000000',
    idNumber: '330206199001011234',
    address: '新碶街道某路1号',
    street: 'daqi',
  },
  documents: ['id_document'],
  summary: 'She wants a divorce and custody of her child.',
  meansTest: { basis: 'hardship_personal_pledge', meetsHardshipStandard: true },
  ...o,
});

describe('legal-aid service (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'legal-aid-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;
  let now = new Date('2026-11-28T10:00:00.000Z');
  const advance = (hours: number) => (now = new Date(now.getTime() + hours * 3_600_000));
  const lawyers: Record<string, string> = {};

  const post = (url: string, payload: unknown, headers = OFFICER) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers });
  const count = async (table: string) =>
    (await queryOnce<{ n: number }>(dbUrl, `select count(*)::int as n from ${table}`))[0]!.n;
  const eventsOf = (subject: string) => tap.events.filter((e) => e.subject === subject);
  const publish = (e: ReturnType<typeof referralRequested>) =>
    producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  async function submit(o: Record<string, unknown> = {}, headers = OFFICER) {
    const res = await post('/applications', directBody(o), headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; caseId: string; version: number; decideBy: string; status: string };
  }
  async function register(name: string, gender: 'female' | 'male', practiceAreas: string[], maxCases = 10) {
    const res = await post('/lawyers', { name, organisation: '北仑区法律援助中心', gender, practiceAreas, maxCases });
    expect(res.statusCode, res.body).toBe(201);
    return (lawyers[name] = res.json().id as string);
  }

  beforeAll(async () => {
    dbUrl = await freshDatabase('legal_aid');
    await ensureTopics(kafka, prefix);
    app = await buildApp(legalAidConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
      clock: () => now,
    });
    await app.ready();
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.legalAid]).start();
    await register('张律师', 'male', ['dv_protection_order', 'divorce', 'maintenance']);
    await register('李律师', 'female', ['dv_protection_order', 'divorce'], 20);
    await register('赵律师', 'male', ['dv_protection_order', 'divorce'], 5);
  });
  afterAll(async () => {
    await tap?.stop();
    await producer?.disconnect();
    await app?.close();
  });

  it("turns a DV victim's referral into an exempt application, approved and assigned, with its events in order", async () => {
    const req = referralRequested();
    await publish(req);
    const received = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === req.subject && e.type === 'legal_aid.application.received.v1'),
      'application received',
    );
    expect(received).toMatchObject({
      causationid: req.id,
      correlationid: req.correlationid,
      data: {
        caseId: req.subject,
        requestId: req.data.requestId,
        channel: 'intake_referral',
        matterType: 'dv_protection_order',
        urgency: 'urgent',
        meansTest: { outcome: 'exempt', basis: 'dv_abuse_abandonment_victim' },
      },
    });
    const id = (received.data as { applicationId: string }).applicationId;
    expect((received.data as { decideBy: string }).decideBy).toBe(days(received.time, 7));

    const file = (await app.inject({ url: `/applications/${id}`, headers: OFFICER })).json();
    expect(file.meansTest).toMatchObject({ outcome: 'exempt', legalBasis: expect.stringContaining('Art. 32(4)') });

    advance(24);
    const approved = await post(`/applications/${id}/approve`, { version: file.version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', assignBy: days(now, 3) });
    advance(2);
    const assigned = await post(`/applications/${id}/assignment`, {});
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().status).toBe('assigned');

    await tap.waitFor(
      (t) => t.events.some((e) => e.subject === req.subject && e.type === 'legal_aid.lawyer.assigned.v1'),
      'lawyer assigned',
    );
    const types = eventsOf(req.subject).map((e) => e.type);
    expect(types).toEqual([
      'legal_aid.application.received.v1',
      'legal_aid.application.approved.v1',
      'legal_aid.lawyer.assigned.v1',
    ]);
    const approvedEvent = eventsOf(req.subject)[1]!;
    expect(approvedEvent).toMatchObject({
      actor: 'legal_aid_officer@legal_aid:beilun',
      data: { via: 'decision', meansOutcome: 'exempt', assignBy: approved.json().assignBy },
    });
    // Art. 21: no identity, no reasons, no lawyer on the topic
    for (const m of tap.messages.filter((m) => m.key === req.subject)) expect(m.raw).not.toMatch(/律师|name|phone/);
  });

  // A woman who walks into the centre (or applies through the federation) had no intake case: no case number, nothing
  // on the coordinator's timeline. Now the application gets a case id and intake opens the case under it.
  it('one case, one id: a direct application gets a case id, announced for intake with no personal data', async () => {
    const a = await submit({ channel: 'womens_federation' }, WF);
    expect(a.caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.caseId).not.toBe(a.id);
    const received = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === a.caseId && e.type === 'legal_aid.application.received.v1'),
      'the direct application received under its new case id',
    );
    expect(received).toMatchObject({
      actor: 'wf_caseworker@wf:district',
      data: {
        applicationId: a.id,
        caseId: a.caseId,
        channel: 'womens_federation',
        matterType: 'divorce',
        street: 'daqi',
        newCase: true,
        applicantSex: 'female',
      },
    });
    // only references, categories and the street: none of the applicant's values she gave
    const raw = tap.messages
      .filter((m) => m.key === a.caseId)
      .map((m) => m.raw ?? '')
      .join('\n');
    expect(raw).toContain(a.id);
    for (const v of ['王小红', '13800000000', '330206199001011234', '新碶街道某路1号', 'custody'])
      expect(raw).not.toContain(v);
    // an application for an existing intake case opens nothing: no newCase
    const existing = randomUUID();
    expect((await submit({ caseId: existing })).caseId).toBe(existing);
    const forCase = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === existing && e.type === 'legal_aid.application.received.v1'),
      'the application of an existing case',
    );
    expect(forCase.data).not.toHaveProperty('newCase');
    // intake's case.opened comes back (owned by the federation that applied): the case's applications are listed
    // under the case for the unit that owns it
    const opened = {
      ...referralRequested(),
      id: randomUUID(),
      type: 'intake.case.opened.v1',
      subject: a.caseId,
      actor: 'system@svc:intake',
      data: {
        caseId: a.caseId,
        caseNumber: 'BL-2026-000123',
        channel: 'walk_in',
        category: 'marriage_family_dispute',
        street: 'daqi',
        riskLevel: 'standard',
        repeat: false,
        flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
        needs: ['legal_aid'],
        ownerDept: 'wf:district',
        openedAt: now.toISOString(),
      },
    };
    await publish(opened as never);
    await eventually(
      async () =>
        (await queryOnce(dbUrl, 'select owner_dept from case_owners where case_id = $1', [a.caseId]))[0]?.owner_dept ===
        'wf:district',
      'the case owner from intake',
    );
    const listed = await app.inject({ url: `/cases/${a.caseId}/legal-aid`, headers: WF });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toMatchObject([{ id: a.id, caseId: a.caseId }]);
  });

  it('creates nothing twice when a referral is replayed or re-sent, and ignores referrals for other departments', async () => {
    const req = referralRequested();
    await publish(req);
    await publish(req);
    await publish({ ...req, id: randomUUID() });
    const other = referralRequested({ target: 'dv' });
    await publish(other);
    const marker = referralRequested({ category: 'marriage_family_dispute' });
    await publish(marker);
    const m = await tap.waitFor((t) => t.events.find((e) => e.subject === marker.subject), 'the marker application');
    expect(m).toMatchObject({ data: { matterType: 'divorce', meansTest: null, urgency: 'urgent' } });
    expect(
      (
        await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from applications where case_id = $1', [
          req.subject,
        ])
      )[0]!.n,
    ).toBe(1);
    expect(
      (
        await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from applications where case_id = $1', [
          other.subject,
        ])
      )[0]!.n,
    ).toBe(0);
    expect(eventsOf(req.subject)).toHaveLength(1);
  });

  it("receives a women's federation application with the applicant's data encrypted; other departments see status and dates only", async () => {
    const a = await submit({ channel: 'womens_federation', femaleLawyerRequested: true }, WF);
    expect(a).toMatchObject({ status: 'received', decideBy: days(now, 7) });
    const [row] = await queryOnce<{ applicant_enc: string; summary_enc: string; centre_dept: string }>(
      dbUrl,
      'select applicant_enc, summary_enc, centre_dept from applications where id = $1',
      [a.id],
    );
    expect(row!.centre_dept).toBe('legal_aid:beilun');
    expect(row!.applicant_enc).not.toContain('王小红');
    expect(row!.summary_enc).not.toContain('divorce');

    const auditsBefore = (
      await queryOnce<{ n: number }>(
        dbUrl,
        "select count(*)::int as n from audit_log where action = 'application.personal_data.viewed' and entity_id = $1",
        [a.id],
      )
    )[0]!.n;
    const file = await app.inject({ url: `/applications/${a.id}`, headers: OFFICER });
    expect(file.statusCode).toBe(200);
    expect(file.json()).toMatchObject({
      applicant: { name: '王小红', phone: '13800000000' },
      summary: expect.stringContaining('divorce'),
      channel: 'womens_federation',
      femaleLawyerRequested: true,
    });
    expect(file.json().documents.missing).toEqual(['hardship_statement', 'marriage_certificate', 'dispute_evidence']);
    const auditsAfter = (
      await queryOnce<{ n: number }>(
        dbUrl,
        "select count(*)::int as n from audit_log where action = 'application.personal_data.viewed' and entity_id = $1",
        [a.id],
      )
    )[0]!.n;
    expect(auditsAfter).toBe(auditsBefore + 1);

    const status = await app.inject({ url: `/applications/${a.id}/status`, headers: WF });
    expect(status.statusCode).toBe(200);
    expect(Object.keys(status.json()).sort()).toEqual([
      'assignBy',
      'assignedAt',
      'caseId',
      'closedAt',
      'decideBy',
      'decidedAt',
      'id',
      'receivedAt',
      'reviewBy',
      'status',
    ]);
    expect((await app.inject({ url: `/applications/${a.id}`, headers: WF })).statusCode).toBe(403);
    expect((await app.inject({ url: `/applications/${a.id}`, headers: OTHER_CENTRE })).statusCode).toBe(403);
  });

  it('rejects bad input with 400 Problem Details and writes nothing', async () => {
    const before = await Promise.all(['applications', 'audit_log', 'outbox'].map(count));
    const bad = [
      directBody({ matterType: 'tax_fraud' }),
      directBody({ extra: 'field' }),
      directBody({ applicant: { name: '', gender: 'female' } }),
      directBody({ summary: 'x'.repeat(5001) }),
      directBody({ meansTest: { basis: 'dv_abuse_abandonment_victim', assertsRelatedRights: false } }),
      directBody({ meansTest: { basis: 'hardship_verified_data' } }),
      directBody({ opposingPartyLawyerIds: [randomUUID()] }),
    ];
    for (const body of bad) {
      const res = await post('/applications', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await post('/applications', directBody({ channel: 'walk_in' }), WF)).json().code).toBe(
      'channel_not_allowed',
    );
    const a = await submit();
    const mid = await Promise.all(['applications', 'audit_log', 'outbox'].map(count));
    expect((await post(`/applications/${a.id}/refuse`, { ground: 'other', reasons: '' })).statusCode).toBe(400);
    expect((await post(`/applications/${a.id}/close`, { outcome: 'won' })).statusCode).toBe(400);
    expect((await post(`/applications/${a.id}/means-test`, { basis: 'dv_abuse_abandonment_victim' })).statusCode).toBe(
      400,
    );
    expect((await post(`/applications/not-a-uuid/approve`, {})).statusCode).toBe(400);
    expect(await Promise.all(['applications', 'audit_log', 'outbox'].map(count))).toEqual(mid);
    expect(mid.map((n, i) => n - before[i]!)).toEqual([1, 1, 1]);
  });

  it('requests missing materials once, all together, pausing and then resuming the decision clock', async () => {
    const a = await submit();
    advance(48);
    const req = await post(`/applications/${a.id}/materials-request`, {});
    expect(req.statusCode, req.body).toBe(200);
    expect(req.json()).toMatchObject({ status: 'materials_requested', clockPaused: true });
    expect((await post(`/applications/${a.id}/materials-request`, {})).json().code).toBe('materials_already_requested');
    expect((await post(`/applications/${a.id}/approve`, {})).json().code).toBe('awaiting_materials');
    advance(240);
    const supplied = await post(`/applications/${a.id}/materials`, {
      documents: ['hardship_statement', 'marriage_certificate', 'dispute_evidence'],
    });
    // 程序规定 Art. 13: the 2 days used before the request are spent; the other 5 run from the day the materials arrive
    expect(supplied.json()).toMatchObject({ status: 'received', clockPaused: false, decideBy: days(now, 5) });
    const subject = a.caseId; // a walk-in with no intake case: the case id minted for her is the subject
    const evs = await tap.waitFor((t) => {
      const e = t.events.filter((x) => x.subject === subject);
      return e.length >= 3 && e;
    }, 'materials events');
    expect(evs.map((e) => e.type)).toEqual([
      'legal_aid.application.received.v1',
      'legal_aid.application.materials_requested.v1',
      'legal_aid.application.materials_received.v1',
    ]);
    expect(evs[1]).toMatchObject({
      data: {
        missing: ['hardship_statement', 'marriage_certificate', 'dispute_evidence'],
        decisionClock: 'paused',
        supplyBy: days(evs[1]!.time, 15),
      },
    });
  });

  it('refuses in writing; an objection is reviewed within 5 days and, upheld, approves the application', async () => {
    const a = await submit({ meansTest: { basis: 'hardship_verified_data', meetsHardshipStandard: false } });
    expect((await post(`/applications/${a.id}/approve`, {})).json().code).toBe('means_test_not_met');
    const refused = await post(`/applications/${a.id}/refuse`, {
      ground: 'means_not_met',
      reasons: '经核查，申请人家庭收入高于本地经济困难标准。',
    });
    expect(refused.json().status).toBe('refused');
    const objection = await post(`/applications/${a.id}/objection`, { grounds: '收入数据有误' });
    expect(objection.json()).toMatchObject({ status: 'objection_pending', reviewBy: days(now, 5) });
    expect((await post(`/applications/${a.id}/objection`, { grounds: 'again' })).json().code).toBe(
      'illegal_transition',
    );
    // LAL Art. 49: the justice bureau reviews, not the centre that refused
    expect(
      (await post(`/applications/${a.id}/objection/review`, { outcome: 'upheld', reasons: '自己审查自己' })).statusCode,
    ).toBe(403);
    expect(
      (
        await post(
          `/applications/${a.id}/objection/review`,
          { outcome: 'upheld', reasons: 'x' },
          bearer('justice_bureau_officer', 'justice:zhenhai'),
        )
      ).statusCode,
    ).toBe(403);
    const queue = await app.inject({ url: '/objections', headers: BUREAU });
    expect(queue.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: a.id, status: 'objection_pending' })]),
    );
    const reviewed = await post(
      `/applications/${a.id}/objection/review`,
      { outcome: 'upheld', reasons: '收入数据更正后符合条件。' },
      BUREAU,
    );
    expect(reviewed.json()).toMatchObject({ status: 'approved', assignBy: days(now, 3) });
    const file = (await app.inject({ url: `/applications/${a.id}`, headers: OFFICER })).json();
    expect(file.decision).toMatchObject({
      approvedVia: 'objection',
      refusalGround: 'means_not_met',
      refusalReasons: expect.stringContaining('经济困难标准'),
    });
    expect(file.objection).toMatchObject({ outcome: 'upheld', grounds: '收入数据有误' });
    const evs = await tap.waitFor((t) => {
      const e = t.events.filter((x) => x.subject === a.caseId);
      return e.length >= 5 && e;
    }, 'objection events');
    expect(evs.map((e) => e.type)).toEqual([
      'legal_aid.application.received.v1',
      'legal_aid.application.refused.v1',
      'legal_aid.objection.filed.v1',
      'legal_aid.objection.reviewed.v1',
      'legal_aid.application.approved.v1',
    ]);
    expect(JSON.stringify(evs)).not.toContain('经济困难标准');
  });

  it('never assigns the lawyer of the opposing party, and prefers a female lawyer when she asks', async () => {
    const a = await submit({ femaleLawyerRequested: true, opposingPartyLawyerIds: [lawyers['李律师']] });
    await post(`/applications/${a.id}/approve`, {});
    const named = await post(`/applications/${a.id}/assignment`, { lawyerId: lawyers['李律师'] });
    expect(named.statusCode).toBe(409);
    expect(named.json().code).toBe('conflict_of_interest');
    expect((await post(`/applications/${a.id}/assignment`, {})).statusCode).toBe(200);
    const file = (await app.inject({ url: `/applications/${a.id}`, headers: OFFICER })).json();
    expect(file.assignment.lawyerId).not.toBe(lawyers['李律师']);
    expect(file.conflicts).toEqual([
      expect.objectContaining({ lawyerId: lawyers['李律师'], reason: 'represents_opposing_party' }),
    ]);

    const b = await submit({ femaleLawyerRequested: true });
    await post(`/applications/${b.id}/approve`, {});
    const conflict = await post(`/applications/${b.id}/conflicts`, {
      lawyerId: lawyers['赵律师'],
      reason: 'represents_opposing_party',
    });
    expect(conflict.statusCode).toBe(201);
    await post(`/applications/${b.id}/assignment`, {});
    const fileB = (await app.inject({ url: `/applications/${b.id}`, headers: OFFICER })).json();
    expect(fileB.assignment).toMatchObject({ lawyerId: lawyers['李律师'], lawyerGender: 'female' });
    const ev = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === b.caseId && e.type === 'legal_aid.lawyer.assigned.v1'),
      'assigned',
    );
    expect(ev).toMatchObject({ data: { femaleLawyerRequested: true, femaleLawyer: true, underUrgentAid: false } });
  });

  it("keeps a lawyer's caseload under its limit when assignments race", async () => {
    const solo = await register('钱律师', 'female', ['employment_discrimination'], 1);
    const apps = await Promise.all([
      submit({ matterType: 'employment_discrimination' }),
      submit({ matterType: 'employment_discrimination' }),
      submit({ matterType: 'employment_discrimination' }),
    ]);
    for (const a of apps) expect((await post(`/applications/${a.id}/approve`, {})).statusCode).toBe(200);
    const results = await Promise.all(apps.map((a) => post(`/applications/${a.id}/assignment`, {})));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual([
      'no_lawyer_available',
      'no_lawyer_available',
    ]);
    expect(
      (await queryOnce<{ active_cases: number }>(dbUrl, 'select active_cases from lawyers where id = $1', [solo]))[0]!
        .active_cases,
    ).toBe(1);
  });

  it('gives urgent aid before the decision, with a lawyer acting at once (Art. 44)', async () => {
    const a = await submit({ matterType: 'maintenance', meansTest: { basis: 'elderly_without_fixed_income' } });
    expect((await post(`/applications/${a.id}/assignment`, {})).json().code).toBe('illegal_transition');
    const urgent = await post(`/applications/${a.id}/urgent-aid`, {
      ground: 'limitation_within_7_days',
      reason: '诉讼时效三日后届满',
    });
    expect(urgent.json()).toMatchObject({ status: 'received', urgentAidStarted: true });
    // the officer's words stay out of audit_log in clear: the ground in the row, the text encrypted
    const rows = await queryOnce<{ reason: string | null; details: { reasonTextEnc?: string } }>(
      dbUrl,
      `select * from audit_log where entity_id = $1 and action = 'application.start_urgent_aid'`,
      [a.id],
    );
    expect(JSON.stringify(rows)).not.toContain('诉讼时效');
    expect(rows[0]!.reason).toBe('limitation_within_7_days');
    expect(
      app.cipher.decrypt(rows[0]!.details.reasonTextEnc!, auditTextAad(a.id, 'application.start_urgent_aid')),
    ).toBe('诉讼时效三日后届满');
    expect((await post(`/applications/${a.id}/assignment`, {})).json()).toMatchObject({ status: 'received' });
    const approved = await post(`/applications/${a.id}/approve`, {});
    expect(approved.json()).toMatchObject({ status: 'assigned', assignBy: null });
    const ev = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === a.caseId && e.type === 'legal_aid.lawyer.assigned.v1'),
      'urgent assignment',
    );
    expect(ev).toMatchObject({ data: { underUrgentAid: true } });
  });

  it('tracks progress and closes the matter with its outcome, closure report and satisfaction, freeing the lawyer', async () => {
    const a = await submit({ meansTest: { basis: 'social_assistance_recipient' } });
    await post(`/applications/${a.id}/approve`, {});
    await post(`/applications/${a.id}/assignment`, { lawyerId: lawyers['张律师'] });
    const load = async () =>
      (
        await queryOnce<{ active_cases: number }>(dbUrl, 'select active_cases from lawyers where id = $1', [
          lawyers['张律师'],
        ])
      )[0]!.active_cases;
    const during = await load();
    expect(
      (await post(`/applications/${a.id}/notes`, { stage: 'filed', text: '已向法院递交起诉状' })).json().status,
    ).toBe('assigned');
    expect((await post(`/applications/${a.id}/close`, { outcome: 'terminated', report: '...' })).json().code).toBe(
      'termination_is_a_decision',
    );
    const closed = await post(`/applications/${a.id}/close`, {
      outcome: 'settled',
      satisfaction: 5,
      report: '调解离婚，子女由申请人抚养。',
    });
    expect(closed.json().status).toBe('closed');
    expect(await load()).toBe(during - 1);
    const file = (await app.inject({ url: `/applications/${a.id}`, headers: OFFICER })).json();
    expect(file.notes).toEqual([expect.objectContaining({ stage: 'filed', text: '已向法院递交起诉状' })]);
    expect(file.closure).toMatchObject({
      outcome: 'settled',
      satisfaction: 5,
      report: expect.stringContaining('调解离婚'),
    });
    expect((await post(`/applications/${a.id}/notes`, { stage: 'other', text: 'late' })).json().code).toBe(
      'illegal_transition',
    );
    const ev = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === a.caseId && e.type === 'legal_aid.matter.closed.v1'),
      'closed',
    );
    expect(ev).toMatchObject({ data: { outcome: 'settled', satisfaction: 5, terminationGround: null } });
    expect(
      tap.events.find((e) => e.subject === a.caseId && e.type === 'legal_aid.matter.progress_noted.v1'),
    ).toMatchObject({ data: { stage: 'filed' } });
  });

  it('LAL Art. 43: materials not supplied within the period set → deemed withdrawn (视为撤回) with an event, by the scheduler', async () => {
    const a = await submit();
    const req = await post(`/applications/${a.id}/materials-request`, { supplyWithinDays: 3 });
    expect(req.statusCode, req.body).toBe(200);
    const supplyBy = days(now, 3);
    expect(await deemOverdueWithdrawn(app)).toBe(0); // the period is running
    now = new Date(Date.parse(supplyBy) + 60_000);
    expect(await deemOverdueWithdrawn(app)).toBeGreaterThanOrEqual(1);
    const status = (await app.inject({ url: `/applications/${a.id}/status`, headers: OFFICER })).json(); // a walk-in: the centre's own (no unit submitted it)
    expect(status.status).toBe('withdrawn');
    const ev = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === a.caseId && e.type === 'legal_aid.application.deemed_withdrawn.v1'),
      'deemed withdrawn',
    );
    expect(ev).toMatchObject({ data: { supplyBy, withdrawnAt: now.toISOString() } });
    expect((await post(`/applications/${a.id}/materials`, { documents: ['hardship_statement'] })).json().code).toBe(
      'illegal_transition',
    );
  });

  it('LAL Arts. 48–49: a termination is a decision on an Art. 48 ground; the objection to it is reviewed by the justice bureau', async () => {
    const a = await submit({ meansTest: { basis: 'migrant_worker_wages_or_work_injury' } });
    await post(`/applications/${a.id}/approve`, {});
    await post(`/applications/${a.id}/assignment`, {});
    expect(
      (await post(`/applications/${a.id}/termination`, { ground: 'retained_own_lawyer', reasons: 'x' })).statusCode,
    ).toBe(400); // the old list is not the law's
    const t = await post(`/applications/${a.id}/termination`, {
      ground: 'art48_4_no_longer_financially_eligible',
      reasons: '受援人经济状况发生变化。',
    });
    expect(t.json().status).toBe('terminated');
    const o = await post(`/applications/${a.id}/objection`, { grounds: '收入并未变化' });
    expect(o.json()).toMatchObject({ status: 'objection_pending', reviewBy: days(now, 5) });
    expect(
      (await post(`/applications/${a.id}/objection/review`, { outcome: 'dismissed', reasons: 'x' })).statusCode,
    ).toBe(403);
    const r = await post(
      `/applications/${a.id}/objection/review`,
      { outcome: 'dismissed', reasons: '维持终止决定。' },
      BUREAU,
    );
    expect(r.json().status).toBe('terminated');
    const evs = await tap.waitFor((x) => {
      const e = x.events.filter((y) => y.subject === a.caseId && y.type.startsWith('legal_aid.objection'));
      return e.length >= 2 && e;
    }, 'objection events');
    expect(evs[0]).toMatchObject({ data: { against: 'termination', reviewerDept: 'justice:beilun' } });
    expect(evs[1]).toMatchObject({
      actor: 'justice_bureau_officer@justice:beilun',
      data: { against: 'termination', outcome: 'dismissed' },
    });
    expect(tap.events.find((e) => e.subject === a.caseId && e.type === 'legal_aid.matter.terminated.v1')).toMatchObject(
      {
        data: { ground: 'art48_4_no_longer_financially_eligible' },
      },
    );
  });

  it("an intake referral's applicant sex comes from the case; a case that did not record it is `unknown`, never assumed female", async () => {
    const male = referralRequestedEvent({
      target: 'legal_aid',
      category: 'marriage_family_dispute',
      victimSex: 'male',
    });
    const unrecorded = referralRequestedEvent({ target: 'legal_aid', category: 'marriage_family_dispute' });
    await publish(male);
    await publish(unrecorded);
    for (const [e, sex] of [
      [male, 'male'],
      [unrecorded, 'unknown'],
    ] as const) {
      await tap.waitFor((t) => t.events.some((x) => x.subject === e.subject), 'received');
      const [row] = await queryOnce<{ applicant_gender: string }>(
        dbUrl,
        'select applicant_gender from applications where case_id = $1',
        [e.subject],
      );
      expect(row!.applicant_gender).toBe(sex);
    }
  });

  it('the holiday schedule is data an admin edits (audited), and the next deadline is counted with it (Civil Code Art. 203)', async () => {
    const admin = bearer('admin', 'platform:ops');
    const list = await app.inject({ url: '/admin/holidays', headers: admin });
    expect(list.json().items.map((y: { year: number }) => y.year)).toEqual([2025, 2026]);
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/admin/holidays/2027',
          headers: OFFICER,
          payload: { holidays: [], workdays: [], source: 'nobody' },
        })
      ).statusCode,
    ).toBe(403);
    const bad = await app.inject({
      method: 'PUT',
      url: '/admin/holidays/2027',
      headers: admin,
      payload: { holidays: ['2027-02-30'], workdays: [], source: 'a typo' },
    });
    expect(bad.statusCode).toBe(400);
    // a (hypothetical) holiday on Fri 8 Jan 2027: a 7-day period from Fri 1 Jan 2027 ends Mon 11 Jan instead
    const saved = now;
    now = new Date('2027-01-01T02:00:00.000Z');
    const before = await submit();
    expect(before.decideBy).toBe('2027-01-08T16:00:00.000Z');
    const put = await app.inject({
      method: 'PUT',
      url: '/admin/holidays/2027',
      headers: admin,
      payload: { holidays: ['2027-01-08'], workdays: [], source: 'test schedule' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const after = await submit();
    expect(after.decideBy).toBe('2027-01-11T16:00:00.000Z');
    const [audit] = await queryOnce<{ n: number }>(
      dbUrl,
      "select count(*)::int as n from audit_log where action = 'holiday_calendar.updated' and entity_id = '2027'",
    );
    expect(audit!.n).toBe(1);
    now = saved;
  });

  it('refuses a stale version with 412', async () => {
    const a = await submit();
    const res = await post(`/applications/${a.id}/approve`, { version: a.version + 1 });
    expect(res.statusCode).toBe(412);
    expect(res.json().code).toBe('stale_version');
  });

  it('counts women granted legal aid in a period by street and matter type (plan indicator 11)', async () => {
    const from = '2026-11-01T00:00:00.000Z';
    const to = '2027-01-01T00:00:00.000Z';
    const before = (
      await app.inject({
        url: `/indicators/women-granted?from=${from}&to=${to}`,
        headers: bearer('coordinator', 'wcw:district'),
      })
    ).json();
    const man = await submit({ applicant: { name: '某男', gender: 'male', street: 'daqi' } });
    await post(`/applications/${man.id}/approve`, {});
    const woman = await submit({ applicant: { name: '某女', gender: 'female', street: 'chunxiao' } });
    await post(`/applications/${woman.id}/approve`, {});
    const after = await app.inject({
      url: `/indicators/women-granted?from=${from}&to=${to}`,
      headers: bearer('coordinator', 'wcw:district'),
    });
    expect(after.statusCode).toBe(200);
    const body = after.json();
    expect(body.total).toBe(before.total + 1);
    expect(body.byStreetAndMatterType).toContainEqual({ street: 'chunxiao', matterType: 'divorce', count: 1 });
    expect(body.byStreet).toContainEqual(expect.objectContaining({ street: 'xinqi' })); // the intake DV victim
    expect(body.byMatterType).toContainEqual(expect.objectContaining({ matterType: 'dv_protection_order' }));
    const empty = (
      await app.inject({
        url: `/indicators/women-granted?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`,
        headers: OFFICER,
      })
    ).json();
    expect(empty.total).toBe(0);
  });

  it('indicator 11 (one definition, INDICATOR_11): distinct women, counting urgent aid too; a woman with two applications counts once', async () => {
    const from = '2026-11-01T00:00:00.000Z';
    const to = '2027-01-01T00:00:00.000Z';
    const url = `/indicators/women-granted?from=${from}&to=${to}`;
    const before = (await app.inject({ url, headers: OFFICER })).json();
    expect(before.definition).toBe(INDICATOR_11.definition);
    // urgent aid started, not yet approved (LAL Art. 44): she has received legal aid
    const urgent = await submit({
      applicant: { name: '某女甲', gender: 'female', street: 'meishan' },
      matterType: 'maintenance',
      meansTest: { basis: 'elderly_without_fixed_income' },
    });
    await post(`/applications/${urgent.id}/urgent-aid`, { ground: 'limitation_within_7_days', reason: '时效即将届满' });
    // one woman (one intake case), two approved applications: counted once
    const caseId = randomUUID();
    for (const matterType of ['divorce', 'property_division']) {
      const a = await submit({
        caseId,
        matterType,
        applicant: { name: '某女乙', gender: 'female', street: 'baifeng' },
      });
      expect((await post(`/applications/${a.id}/approve`, {})).statusCode).toBe(200);
    }
    const after = (await app.inject({ url, headers: OFFICER })).json();
    expect(after.total).toBe(before.total + 2);
    expect(after.byStreet).toContainEqual({ street: 'meishan', count: 1 });
    expect(after.byStreet).toContainEqual({ street: 'baifeng', count: 1 });
    const ev = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === urgent.caseId && e.type === 'legal_aid.urgent_aid.started.v1'),
      'urgent aid event',
    );
    expect(ev).toMatchObject({ data: { applicantSex: 'female', street: 'meishan' } });
  });

  describe('roles × endpoints', () => {
    let id: string;
    let caseId: string;
    beforeAll(async () => {
      // submitted by the women's federation unit of the matrix (wf:district): its unit reads the status
      id = (await submit({ channel: 'womens_federation' }, WF)).id;
      caseId = randomUUID();
    });
    type Who = [string, Record<string, string> | undefined];
    const WHO: Who[] = [
      ['legal_aid_officer', OFFICER],
      ['legal_aid_officer@other', OTHER_CENTRE],
      ['wf_caseworker', WF],
      ['hotline_operator', bearer('hotline_operator', 'wf:district')],
      ['coordinator', bearer('coordinator', 'wcw:district')],
      ['police_officer', bearer('police_officer', 'police:xinqi')],
      ['court_clerk', bearer('court_clerk', 'court:beilun')],
      ['elder_care_officer', bearer('elder_care_officer', 'civil:beilun')],
      ['admin', bearer('admin', 'platform:ops')],
      ['anonymous', undefined],
    ];
    // For writes, the allowed roles send a stale version: they reach the domain (412) and change nothing.
    const ENDPOINTS: {
      name: string;
      method: 'GET' | 'POST' | 'PUT';
      url: () => string;
      payload?: object;
      allowed: string[];
      allowedStatus: number;
    }[] = [
      {
        name: 'list',
        method: 'GET',
        url: () => '/applications',
        allowed: ['legal_aid_officer', 'legal_aid_officer@other'],
        allowedStatus: 200,
      },
      {
        name: 'full file',
        method: 'GET',
        url: () => `/applications/${id}`,
        allowed: ['legal_aid_officer'],
        allowedStatus: 200,
      },
      {
        name: 'status',
        method: 'GET',
        url: () => `/applications/${id}/status`,
        allowed: ['legal_aid_officer', 'wf_caseworker', 'hotline_operator', 'coordinator'],
        allowedStatus: 200,
      },
      {
        name: 'case status',
        method: 'GET',
        url: () => `/cases/${caseId}/legal-aid`,
        allowed: ['legal_aid_officer', 'legal_aid_officer@other', 'wf_caseworker', 'hotline_operator', 'coordinator'],
        allowedStatus: 200,
      },
      {
        name: 'approve',
        method: 'POST',
        url: () => `/applications/${id}/approve`,
        payload: { version: 99 },
        allowed: ['legal_aid_officer'],
        allowedStatus: 412,
      },
      {
        name: 'refuse',
        method: 'POST',
        url: () => `/applications/${id}/refuse`,
        payload: { ground: 'other', reasons: 'x', version: 99 },
        allowed: ['legal_aid_officer'],
        allowedStatus: 412,
      },
      {
        name: 'means test',
        method: 'POST',
        url: () => `/applications/${id}/means-test`,
        payload: { basis: 'social_assistance_recipient', version: 99 },
        allowed: ['legal_aid_officer'],
        allowedStatus: 412,
      },
      {
        name: 'assign',
        method: 'POST',
        url: () => `/applications/${id}/assignment`,
        payload: { version: 99 },
        allowed: ['legal_aid_officer'],
        allowedStatus: 412,
      },
      {
        name: 'close',
        method: 'POST',
        url: () => `/applications/${id}/close`,
        payload: { outcome: 'won', report: 'r', version: 99 },
        allowed: ['legal_aid_officer'],
        allowedStatus: 412,
      },
      {
        name: 'lawyers',
        method: 'GET',
        url: () => '/lawyers',
        allowed: ['legal_aid_officer', 'legal_aid_officer@other', 'admin'],
        allowedStatus: 200,
      },
      {
        name: 'indicator',
        method: 'GET',
        url: () => '/indicators/women-granted?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z',
        allowed: ['legal_aid_officer', 'legal_aid_officer@other', 'coordinator', 'admin'],
        allowedStatus: 200,
      },
    ];
    for (const ep of ENDPOINTS) {
      it(`${ep.name}: ${ep.allowed.join(', ')}`, async () => {
        const seen: Record<string, number> = {};
        const want: Record<string, number> = {};
        for (const [who, headers] of WHO) {
          const res = await app.inject({
            method: ep.method,
            url: ep.url(),
            ...(ep.payload ? { payload: ep.payload } : {}),
            ...(headers ? { headers } : {}),
          });
          seen[who] = res.statusCode;
          want[who] = who === 'anonymous' ? 401 : ep.allowed.includes(who) ? ep.allowedStatus : 403;
        }
        expect(seen).toEqual(want);
      });
    }
    it('another unit, another street, another centre, an unknown application — refused; the owning unit learnt from case.opened reads', async () => {
      const a = await submit({ channel: 'womens_federation' }, WF); // applicant in Daqi
      const refused: [string, Record<string, string>, string[]][] = [
        ['caseworker of another unit', bearer('wf_caseworker', 'wf:chunxiao'), ['status']],
        ['operator of another unit', bearer('hotline_operator', 'wf:chunxiao'), ['status']],
        [
          'submitting unit restricted to Xinqi',
          bearer('wf_caseworker', 'wf:district', { streets: ['xinqi'] }),
          ['status'],
        ],
        ['coordinator restricted to Xinqi', bearer('coordinator', 'wcw:district', { streets: ['xinqi'] }), ['status']],
        [
          'centre officer restricted to Xinqi',
          bearer('legal_aid_officer', 'legal_aid:beilun', { streets: ['xinqi'] }),
          ['status', 'full', 'approve'],
        ],
      ];
      const urls: Record<string, { method: 'GET' | 'POST'; url: string; payload?: object }> = {
        status: { method: 'GET', url: `/applications/${a.id}/status` },
        full: { method: 'GET', url: `/applications/${a.id}` },
        approve: { method: 'POST', url: `/applications/${a.id}/approve`, payload: { version: a.version } },
      };
      for (const [who, headers, eps] of refused) {
        for (const ep of eps) {
          const res = await app.inject({ ...urls[ep]!, headers });
          expect.soft(res.statusCode, `${who} ${ep}: ${res.body.slice(0, 80)}`).toBe(403);
          expect.soft(res.body).not.toContain('王小红');
        }
      }
      expect((await app.inject({ url: `/applications/${a.id}`, headers: OFFICER })).json()).toMatchObject({
        status: 'received',
        version: a.version,
      });
      const xinqiList = (
        await app.inject({
          url: '/applications',
          headers: bearer('legal_aid_officer', 'legal_aid:beilun', { streets: ['xinqi'] }),
        })
      ).json();
      expect(xinqiList.items.some((i: { id: string }) => i.id === a.id)).toBe(false);
      expect((await app.inject({ url: `/applications/${randomUUID()}/status`, headers: WF })).statusCode).toBe(404);

      // a case whose owner intake named (a mandatory report: no unit is the actor)
      const c = randomUUID();
      const flags = {
        minor: false,
        elderly: false,
        disabled: false,
        pregnantOrBreastfeeding: false,
        seriouslyIll: false,
      };
      const opened = {
        ...referralRequested(),
        id: randomUUID(),
        type: 'intake.case.opened.v1',
        subject: c,
        actor: 'system@svc:intake',
        data: {
          caseId: c,
          caseNumber: 'BL-2026-000099',
          channel: 'mandatory_report',
          category: 'domestic_violence',
          street: 'xinqi',
          riskLevel: 'medium',
          repeat: false,
          flags,
          needs: ['legal_aid'],
          ownerDept: 'wf:beilun',
          openedAt: now.toISOString(),
        },
      };
      const requested = { ...referralRequested(), subject: c, actor: 'system@svc:intake' };
      requested.data = { ...requested.data, caseId: c };
      await publish(opened as never);
      await publish(requested);
      const owner = bearer('wf_caseworker', 'wf:beilun');
      const items = await eventually(async () => {
        const r = await app.inject({ url: `/cases/${c}/legal-aid`, headers: owner });
        return r.statusCode === 200 && r.json().items.length > 0 && r.json().items;
      }, 'the owning unit (named in case.opened) sees the application of its case');
      expect(items).toHaveLength(1);
      expect((await app.inject({ url: `/applications/${items[0].id}/status`, headers: owner })).statusCode).toBe(200);
      for (const other of [bearer('wf_caseworker', 'wf:chunxiao'), WF]) {
        expect((await app.inject({ url: `/cases/${c}/legal-aid`, headers: other })).statusCode).toBe(403);
        expect((await app.inject({ url: `/applications/${items[0].id}/status`, headers: other })).statusCode).toBe(403);
      }
    });

    it('submit: legal_aid_officer and wf_caseworker only', async () => {
      for (const [who, headers] of WHO) {
        const body = directBody(who === 'wf_caseworker' ? { channel: 'womens_federation' } : {});
        const res = await app.inject({
          method: 'POST',
          url: '/applications',
          payload: body,
          ...(headers ? { headers } : {}),
        });
        expect(res.statusCode, who).toBe(
          who === 'anonymous'
            ? 401
            : ['legal_aid_officer', 'legal_aid_officer@other', 'wf_caseworker'].includes(who)
              ? 201
              : 403,
        );
      }
    });
  });
});
