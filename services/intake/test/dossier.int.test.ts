import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, type EventOf, type EventType } from '@linkage/contracts';
import { createProducer, newEvent, TopicTap, uuidv7 } from '@linkage/messaging';
import { bearer, eventually, queryOnce } from '@linkage/testing';
import { startIntake, type IntakeHarness } from './harness.ts';
import { withCheckDigit } from '../src/domain/victim/validate.ts';

const operator = bearer('hotline_operator', 'wf:district');
const caseworker = bearer('wf_caseworker', 'wf:district');
const ID = withCheckDigit('33020619880517222');
const PERP_ID = withCheckDigit('33020619850101111');

// Every personal value recorded on the case: none may ever appear on a topic.
const V = {
  name: '林某芳',
  phone: '13855556666',
  address: '新碶街道某路 12 号 3 室',
  safeTime: '工作日上午 9-11 点',
  medical: '妊娠 20 周，哮喘',
  access: '需要轮椅通道',
  carerName: '林某强',
  carerPhone: '13966667777',
  account: '丈夫酒后用菜刀威胁并殴打',
  injuries: '左臂淤青，额头擦伤',
  weapons: '菜刀',
  perpName: '王某军',
  perpAddress: '大碶街道某村 8 号',
  perpPhone: '13700001234',
  matter: '离婚并要求抚养权',
};

describe('dossiers: need-to-know hand-offs served by intake (real Postgres, real Kafka)', { timeout: 240_000 }, () => {
  let h: IntakeHarness;
  let all: TopicTap;
  let caseId: string;

  const send = async (type: EventType, data: Record<string, unknown>, subject: string) => {
    const e = newEvent(type, {
      source: '/services/test',
      subject,
      actor: { role: 'system', dept: 'svc:test' },
      data,
    } as never);
    const topic =
      h.prefix +
      (type.startsWith('dv.') ? TOPICS.dv : type.startsWith('legal_aid.') ? TOPICS.legalAid : TOPICS.elderCare);
    const producer = createProducer(h.kafka);
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: subject, value: JSON.stringify(e) }] });
    } finally {
      await producer.disconnect();
    }
    return e;
  };
  const applied = (eventId: string) =>
    eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(h.dbUrl, 'select count(*)::int as n from inbox where event_id = $1', [eventId])
        )[0]!.n === 1,
      `intake to apply event ${eventId}`,
      90_000,
    );
  const dossier = (id: string, headers: Record<string, string>) =>
    h.app.inject({ method: 'GET', url: `/cases/${id}/dossier`, headers });
  const referral = async (id: string, department: string, assignedDept: string, street: string | null = 'xinqi') => {
    const referralId = uuidv7();
    const at = new Date().toISOString();
    const e = await send(
      'dv.referral.created.v1',
      {
        referralId,
        caseId: id,
        requestId: null,
        department,
        assignedDept,
        riskLevel: 'high',
        street,
        acceptBy: at,
        createdAt: at,
      },
      id,
    );
    await applied(e.id);
    return referralId;
  };

  beforeAll(async () => {
    h = await startIntake('intake_dossier');
    all = await new TopicTap(
      h.kafka,
      Object.values(TOPICS).map((t) => h.prefix + t),
    ).start();
    const res = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        caller: { anonymous: false, relation: 'self', safeToCallBack: true },
        victim: {
          name: V.name,
          sex: 'female',
          birthYear: 1988,
          idNumber: ID,
          phone: V.phone,
          address: V.address,
          street: 'xinqi',
          safeToCallBack: true,
          safeTime: V.safeTime,
          children: { count: 2, ages: [4, 9] },
          medicalNeeds: V.medical,
          accessibilityNeeds: V.access,
          carer: { name: V.carerName, phone: V.carerPhone, relation: 'brother' },
        },
        perpetrator: {
          relation: 'spouse',
          name: V.perpName,
          sex: 'male',
          idNumber: PERP_ID,
          phone: V.perpPhone,
          address: V.perpAddress,
        },
        incident: {
          occurredAt: '2026-01-02T20:00:00Z',
          place: '家中',
          violenceTypes: ['physical', 'threats'],
          description: V.account,
          injuries: V.injuries,
          weapons: V.weapons,
          childrenPresent: true,
        },
        needs: ['dv_protection', 'legal_aid', 'elder_care', 'mediation', 'psychological_support'],
        consent: { police: true, court: true, shelter: true, legal_aid: true, health: true, elder_care: true },
        requests: { measuresSought: ['ban_violence', 'move_out'], matterSummary: V.matter },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
  });
  afterAll(async () => {
    await all?.stop();
    await h?.stop();
  });

  it('each department type sees exactly its fields, from what the operator recorded', async () => {
    await referral(caseId, 'police', 'police:xinqi');
    await referral(caseId, 'shelter', 'shelter:beilun');
    await referral(caseId, 'health', 'health:beilun');
    await referral(caseId, 'counselling', 'counselling:beilun');
    await referral(caseId, 'wf', 'wf:xinqi');
    const now = new Date().toISOString();
    await applied(
      (
        await send(
          'dv.protection_order.applied.v1',
          {
            orderId: uuidv7(),
            caseId,
            courtDept: 'court:beilun',
            applicant: 'victim',
            measures: ['ban_violence'],
            urgent: true,
            appliedAt: now,
          },
          caseId,
        )
      ).id,
    );
    await applied(
      (
        await send(
          'legal_aid.application.received.v1',
          {
            applicationId: uuidv7(),
            caseId,
            requestId: null,
            channel: 'intake_referral',
            matterType: 'divorce',
            proceedings: 'civil',
            urgency: 'normal',
            street: 'xinqi',
            meansTest: null,
            receivedAt: now,
            decideBy: now,
          },
          caseId,
        )
      ).id,
    );
    await applied(
      (
        await send(
          'elder_care.client.referred.v1',
          {
            clientId: uuidv7(),
            caseId,
            requestId: null,
            channel: 'intake',
            street: 'xinqi',
            hardship: false,
            referredAt: now,
            assessBy: now,
          },
          caseId,
        )
      ).id,
    );

    const read = async (headers: Record<string, string>) => {
      const res = await dossier(caseId, headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { department: string; fields: Record<string, unknown>; ground: string };
    };

    const police = await read(bearer('police_officer', 'police:xinqi'));
    expect(police.department).toBe('police');
    expect(police.fields).toEqual({
      'victim.name': V.name,
      'victim.phone': V.phone,
      'victim.safeToCallBack': true,
      'victim.safeTime': V.safeTime,
      'victim.safeNumber': null,
      'victim.address': V.address,
      'incident.account': V.account,
      'incident.occurredAt': '2026-01-02T20:00:00Z',
      'incident.place': '家中',
      'incident.injuries': V.injuries,
      'incident.weapons': V.weapons,
      'incident.childrenPresent': true,
      'perpetrator.name': V.perpName,
      'perpetrator.relation': 'spouse',
      'perpetrator.address': V.perpAddress,
    });

    const court = await read(bearer('court_clerk', 'court:beilun'));
    expect(court.fields).toEqual({
      'victim.name': V.name,
      'victim.sex': 'female',
      'victim.birthYear': 1988,
      'victim.idNumber': ID,
      'victim.phone': V.phone,
      'victim.address': V.address,
      'perpetrator.name': V.perpName,
      'perpetrator.sex': 'male',
      'perpetrator.idNumber': PERP_ID,
      'perpetrator.address': V.perpAddress,
      'perpetrator.relation': 'spouse',
      'incident.account': V.account,
      'incident.occurredAt': '2026-01-02T20:00:00Z',
      'incident.place': '家中',
      'incident.violenceTypes': ['physical', 'threats'],
      'incident.injuries': V.injuries,
      'requests.measuresSought': ['ban_violence', 'move_out'],
    });

    const shelter = await read(bearer('shelter_officer', 'shelter:beilun'));
    expect(shelter.fields).toEqual({
      'victim.name': V.name,
      'victim.phone': V.phone,
      'victim.safeToCallBack': true,
      'victim.safeTime': V.safeTime,
      'victim.safeNumber': null,
      'victim.children': { count: 2, ages: [4, 9] },
      'victim.medicalNeeds': V.medical,
      'victim.accessibilityNeeds': V.access,
    });

    const legal = await read(bearer('legal_aid_officer', 'legal_aid:beilun'));
    expect(legal.fields).toEqual({
      'victim.name': V.name,
      'victim.sex': 'female',
      'victim.birthYear': 1988,
      'victim.idNumber': ID,
      'victim.phone': V.phone,
      'victim.address': V.address,
      'requests.matterSummary': V.matter,
    });

    const elder = await read(bearer('elder_care_officer', 'civil_affairs:xinqi'));
    expect(elder.fields).toEqual({
      'victim.name': V.name,
      'victim.address': V.address,
      'victim.phone': V.phone,
      'victim.carer': { name: V.carerName, phone: V.carerPhone, relation: 'brother' },
    });

    const health = await read(bearer('health_worker', 'health:beilun'));
    expect(Object.keys(health.fields).sort()).toEqual(
      [
        'victim.name',
        'victim.phone',
        'victim.safeToCallBack',
        'victim.safeTime',
        'victim.safeNumber',
        'victim.medicalNeeds',
        'victim.accessibilityNeeds',
        'incident.injuries',
      ].sort(),
    );
    const counselling = await read(bearer('health_worker', 'counselling:beilun'));
    expect(Object.keys(counselling.fields).sort()).toEqual(
      ['victim.name', 'victim.phone', 'victim.safeToCallBack', 'victim.safeTime', 'victim.safeNumber'].sort(),
    );
    const wf = await read(bearer('wf_caseworker', 'wf:xinqi'));
    expect(wf.ground).toBe('need');
    expect(Object.keys(wf.fields).sort()).toEqual(
      [
        'victim.name',
        'victim.phone',
        'victim.safeToCallBack',
        'victim.safeTime',
        'victim.safeNumber',
        'perpetrator.name',
        'perpetrator.relation',
        'perpetrator.phone',
      ].sort(),
    );

    // every read wrote an audit row: who (sub), role, dept, which referral, when
    const rows = await queryOnce<{
      actor_sub: string;
      role: string;
      dept: string;
      reason: string;
      details: { ref: string; deptType: string };
      at: Date;
    }>(
      h.dbUrl,
      "select actor_sub, role, dept, reason, details, at from audit_log where action = 'case.dossier.viewed' and case_id = $1 order by id",
      [caseId],
    );
    expect(rows.map((r) => `${r.role}@${r.dept}:${r.details.deptType}`)).toEqual([
      'police_officer@police:xinqi:police',
      'court_clerk@court:beilun:court',
      'shelter_officer@shelter:beilun:shelter',
      'legal_aid_officer@legal_aid:beilun:legal_aid',
      'elder_care_officer@civil_affairs:xinqi:elder_care',
      'health_worker@health:beilun:health',
      'health_worker@counselling:beilun:counselling',
      'wf_caseworker@wf:xinqi:wf',
    ]);
    for (const r of rows) {
      expect(r.actor_sub).toBe(`test-${r.role}`);
      expect(r.details.ref).toMatch(
        /^(dv\.referral|dv\.protection_order|legal_aid\.application|elder_care\.client):[0-9a-f-]{36}$/,
      );
      expect(r.at).toBeInstanceOf(Date);
      expect(r.reason).toBe(r.details.deptType === 'wf' ? 'need' : 'consent');
    }
  });

  it('no referral, a declined or withdrawn one, or a department she did not consent to: 403 saying why, nothing read, nothing audited', async () => {
    const audits = async () =>
      (
        await queryOnce<{ n: number }>(
          h.dbUrl,
          "select count(*)::int as n from audit_log where action = 'case.dossier.viewed'",
        )
      )[0]!.n;
    const before = await audits();

    // another station, another court, the right dept in the wrong role, a coordinator: no referral of theirs
    for (const who of [
      bearer('police_officer', 'police:daqi'),
      bearer('court_clerk', 'court:other'),
      bearer('shelter_officer', 'police:xinqi'),
    ]) {
      const res = await dossier(caseId, who);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ status: 403, code: 'no_referral' });
      expect(res.body).not.toContain(V.name);
    }
    expect((await dossier(caseId, bearer('coordinator', 'wcw:district'))).statusCode).toBe(403);
    // the street restriction of the shared rule applies too
    expect(
      (await dossier(caseId, bearer('police_officer', 'police:xinqi', { streets: ['daqi'] }))).json(),
    ).toMatchObject({ code: 'no_referral' });

    // declined: access ends
    const c2 = (
      await h.app.inject({
        method: 'POST',
        url: '/cases',
        headers: operator,
        payload: {
          channel: 'hotline_12338',
          category: 'domestic_violence',
          victim: { name: V.name, phone: V.phone, street: 'daqi' },
          needs: ['dv_protection'],
          consent: { police: true, shelter: true, court: false },
        },
      })
    ).json();
    const shelterRef = await referral(c2.id, 'shelter', 'shelter:beilun', 'daqi');
    const shelter = bearer('shelter_officer', 'shelter:beilun');
    expect((await dossier(c2.id, shelter)).statusCode).toBe(200);
    const at = new Date(Date.now() + 1000).toISOString();
    await applied(
      (
        await send(
          'dv.referral.declined.v1',
          {
            referralId: shelterRef,
            caseId: c2.id,
            department: 'shelter',
            assignedDept: 'shelter:beilun',
            at,
            reasonCode: 'no_capacity',
            rerouteBy: at,
          },
          c2.id,
        )
      ).id,
    );
    const declined = await dossier(c2.id, shelter);
    expect(declined.statusCode).toBe(403);
    expect(declined.json()).toMatchObject({ code: 'referral_declined', detail: expect.stringContaining('declined') });
    expect(declined.body).not.toContain(V.phone);

    // withdrawn: access ends
    const policeRef = await referral(c2.id, 'police', 'police:daqi', 'daqi');
    const police = bearer('police_officer', 'police:daqi');
    expect((await dossier(c2.id, police)).statusCode).toBe(200);
    await applied(
      (
        await send(
          'dv.referral.withdrawn.v1',
          {
            referralId: policeRef,
            caseId: c2.id,
            department: 'police',
            assignedDept: 'police:daqi',
            at: new Date(Date.now() + 1000).toISOString(),
            reasonCode: 'victim_request',
          },
          c2.id,
        )
      ).id,
    );
    expect((await dossier(c2.id, police)).json()).toMatchObject({ status: 403, code: 'referral_withdrawn' });

    // she refused the court: an application there shows nothing, until a caseworker's audited override names the court
    await applied(
      (
        await send(
          'dv.protection_order.applied.v1',
          {
            orderId: uuidv7(),
            caseId: c2.id,
            courtDept: 'court:beilun',
            applicant: 'victim',
            measures: ['ban_violence'],
            urgent: false,
            appliedAt: new Date().toISOString(),
          },
          c2.id,
        )
      ).id,
    );
    const clerk = bearer('court_clerk', 'court:beilun');
    const noConsent = await dossier(c2.id, clerk);
    expect(noConsent.statusCode).toBe(403);
    expect(noConsent.json()).toMatchObject({ code: 'no_consent', detail: expect.stringContaining('court') });
    expect(noConsent.body).not.toContain(V.name);
    expect(await audits()).toBe(before + 2); // only the two reads that were allowed

    const o = await h.app.inject({
      method: 'POST',
      url: `/cases/${c2.id}/consent-overrides`,
      headers: caseworker,
      payload: { department: 'court', reason: 'Court must see the facts to rule on her safety.' },
    });
    expect(o.statusCode, o.body).toBe(201);
    const overridden = await dossier(c2.id, clerk);
    expect(overridden.statusCode, overridden.body).toBe(200);
    expect(overridden.json()).toMatchObject({ ground: 'override', fields: { 'victim.name': V.name } });
    const [row] = await queryOnce<{ reason: string }>(
      h.dbUrl,
      "select reason from audit_log where action = 'case.dossier.viewed' and case_id = $1 and role = 'court_clerk'",
      [c2.id],
    );
    expect(row!.reason).toBe('override');
  });

  it('unknown case: 404; a role that receives nothing: 403 before anything is looked up', async () => {
    expect((await dossier(uuidv7(), bearer('police_officer', 'police:xinqi'))).statusCode).toBe(404);
    expect((await dossier(caseId, bearer('reporter', 'school:x'))).statusCode).toBe(403);
    expect((await dossier(caseId, operator)).statusCode).toBe(403);
  });

  it('no need is dropped: the operator is told at opening which needs no department will act on, and the case shows them', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'hotline_12338',
        category: 'marriage_family_dispute',
        victim: { street: 'xinqi' },
        needs: ['mediation', 'legal_aid'],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().unmetNeeds).toEqual([
      { need: 'mediation', reason: 'no_department' },
      { need: 'legal_aid', reason: 'consent_withheld' },
    ]);
    const id = res.json().id;
    expect((await h.app.inject({ method: 'GET', url: `/cases/${id}`, headers: operator })).json().unmetNeeds).toEqual(
      res.json().unmetNeeds,
    );
    // her consent to legal aid routes it: only mediation stays unmet
    expect(
      (
        await h.app.inject({
          method: 'PUT',
          url: `/cases/${id}/consent`,
          headers: operator,
          payload: { consent: { legal_aid: true } },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await h.app.inject({ method: 'GET', url: `/cases/${id}`, headers: bearer('coordinator', 'wcw:district') })
      ).json().unmetNeeds,
    ).toEqual([{ need: 'mediation', reason: 'no_department' }]);
    // a DV case with the same needs hands them on (dv-referral opens the federation's mediation referral): nothing
    // unmet
    const dv = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        victim: { street: 'xinqi' },
        needs: ['mediation', 'psychological_support'],
        consent: { police: true },
      },
    });
    expect(dv.json()).toMatchObject({ unmetNeeds: [], referrals: [{ target: 'dv', consentBasis: 'consent' }] });
  });

  // A direct elder-care referral used to mint a case id intake never heard of: no case number, no timeline, no dossier.
  it('one case, one id: a direct referral to elder care opens an intake case under its id, owned by the referring office, announced like any other', async () => {
    const directCase = uuidv7();
    const clientId = uuidv7();
    const at = new Date().toISOString();
    const e = newEvent('elder_care.client.referred.v1', {
      source: '/services/elder-care',
      subject: directCase,
      actor: { role: 'elder_care_officer', dept: 'civil_affairs:daqi' },
      data: {
        clientId,
        caseId: directCase,
        requestId: null,
        channel: 'direct',
        street: 'daqi',
        hardship: true,
        referredAt: at,
        assessBy: at,
      },
    } as never);
    const topic = h.prefix + TOPICS.elderCare;
    const producer = createProducer(h.kafka);
    await producer.connect();
    try {
      // delivered twice: one case
      for (let i = 0; i < 2; i++)
        await producer.send({ topic, messages: [{ key: directCase, value: JSON.stringify(e) }] });
    } finally {
      await producer.disconnect();
    }
    const opened = (await h.tap.waitFor(
      (t) => t.events.find((x) => x.subject === directCase && x.type === 'intake.case.opened.v1'),
      'intake.case.opened.v1 for the direct referral',
      90_000,
    )) as EventOf<'intake.case.opened.v1'>;
    expect(opened).toMatchObject({
      causationid: e.id,
      data: {
        caseId: directCase,
        caseNumber: expect.stringMatching(/^BL-\d{4}-\d{6}$/),
        ownerDept: 'civil_affairs:daqi',
        street: 'daqi',
        needs: ['elder_care'],
      },
    });
    const view = await h.app.inject({
      method: 'GET',
      url: `/cases/${directCase}`,
      headers: bearer('coordinator', 'wcw:district'),
    });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      caseNumber: opened.data.caseNumber,
      street: 'daqi',
      ageBand: 'elderly',
      identified: false,
    });
    expect(await queryOnce(h.dbUrl, 'select id from cases where id = $1', [directCase])).toHaveLength(1);
    // the elder-care office that holds her referral reads her dossier there like any other (intake holds no personal
    // data of hers)
    const d = await dossier(directCase, bearer('elder_care_officer', 'civil_affairs:daqi'));
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({
      caseNumber: opened.data.caseNumber,
      department: 'elder_care',
      ref: `elder_care.client:${clientId}`,
      fields: { 'victim.name': null },
    });
    // delivered twice, opened once: one case.opened event (the relay publishes at least once: count distinct ids)
    await eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(h.dbUrl, 'select count(*)::int as n from inbox where event_id = $1', [e.id])
        )[0]!.n === 1,
      'the inbox row',
      90_000,
    );
    const openedIds = (id: string) => [
      ...new Set(h.tap.events.filter((x) => x.subject === id && x.type === 'intake.case.opened.v1').map((x) => x.id)),
    ];
    expect(openedIds(directCase)).toEqual([opened.id]);
    expect(
      (
        await queryOnce<{ n: number }>(
          h.dbUrl,
          "select count(*)::int as n from outbox where type = 'intake.case.opened.v1' and key = $1",
          [directCase],
        )
      )[0]!.n,
    ).toBe(1);
    // a referral from intake's own case (channel intake) opens nothing new
    expect(openedIds(caseId)).toHaveLength(1);
  });

  // A woman who walks into the legal aid centre had no intake case: no case number, nothing on the timeline.
  it('one case, one id: a direct legal aid application opens an intake case under the case id legal aid minted', async () => {
    const directCase = uuidv7();
    const applicationId = uuidv7();
    const at = new Date().toISOString();
    const received = (data: Record<string, unknown>, subject: string) =>
      newEvent('legal_aid.application.received.v1', {
        source: '/services/legal-aid',
        subject,
        actor: { role: 'legal_aid_officer', dept: 'legal_aid:beilun' },
        data: {
          applicationId,
          caseId: subject,
          requestId: null,
          channel: 'online',
          matterType: 'dv_protection_order',
          proceedings: 'civil',
          urgency: 'urgent',
          street: 'daqi',
          meansTest: null,
          receivedAt: at,
          decideBy: at,
          ...data,
        },
      } as never);
    const e = received({ newCase: true, applicantSex: 'female' }, directCase);
    // an application naming a case intake does not have, without newCase, opens nothing
    const strayCase = uuidv7();
    const stray = received({ applicationId: uuidv7(), channel: 'walk_in' }, strayCase);
    const producer = createProducer(h.kafka);
    await producer.connect();
    try {
      // delivered twice: one case
      const messages = [e, e, stray].map((x) => ({ key: x.subject, value: JSON.stringify(x) }));
      await producer.send({ topic: h.prefix + TOPICS.legalAid, messages });
    } finally {
      await producer.disconnect();
    }
    const opened = (await h.tap.waitFor(
      (t) => t.events.find((x) => x.subject === directCase && x.type === 'intake.case.opened.v1'),
      'intake.case.opened.v1 for the direct legal aid application',
      90_000,
    )) as EventOf<'intake.case.opened.v1'>;
    expect(opened).toMatchObject({
      causationid: e.id,
      correlationid: e.correlationid,
      actor: 'system@svc:intake',
      data: {
        caseId: directCase,
        caseNumber: expect.stringMatching(/^BL-\d{4}-\d{6}$/),
        channel: 'online',
        category: 'domestic_violence',
        ownerDept: 'legal_aid:beilun',
        street: 'daqi',
        needs: ['legal_aid'],
      },
    });
    const view = await h.app.inject({
      method: 'GET',
      url: `/cases/${directCase}`,
      headers: bearer('coordinator', 'wcw:district'),
    });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ caseNumber: opened.data.caseNumber, street: 'daqi', identified: false });
    // the centre holds her application: it reads the case's dossier like any other (intake holds no personal data)
    const d = await dossier(directCase, bearer('legal_aid_officer', 'legal_aid:beilun'));
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({
      caseNumber: opened.data.caseNumber,
      department: 'legal_aid',
      ref: `legal_aid.application:${applicationId}`,
    });
    await applied(e.id);
    await applied(stray.id);
    // her consent to legal aid is the basis (she applied there herself); no request goes back to legal aid
    const [row] = await queryOnce<{ channel: string; consent: Record<string, unknown>; owner_dept: string }>(
      h.dbUrl,
      'select channel, consent, owner_dept from cases where id = $1',
      [directCase],
    );
    expect(row).toMatchObject({ channel: 'online', consent: { legal_aid: true }, owner_dept: 'legal_aid:beilun' });
    const outbox = async (type: string, key: string) =>
      (
        await queryOnce<{ n: number }>(h.dbUrl, 'select count(*)::int as n from outbox where type = $1 and key = $2', [
          type,
          key,
        ])
      )[0]!.n;
    expect(await outbox('intake.case.opened.v1', directCase)).toBe(1);
    expect(await outbox('intake.referral.requested.v1', directCase)).toBe(0);
    expect(
      await queryOnce(
        h.dbUrl,
        "select details from audit_log where action = 'case.opened_for_direct_application' and case_id = $1",
        [directCase],
      ),
    ).toEqual([{ details: { referredBy: 'legal_aid:beilun', applicationId, channel: 'online' } }]);
    expect(await queryOnce(h.dbUrl, 'select id from cases where id = $1', [strayCase])).toEqual([]);
    expect(await outbox('intake.case.opened.v1', strayCase)).toBe(0);
  });

  it('nothing of a dossier ever appears on any topic', async () => {
    // wait until the tap has caught up with what was published so far
    await all.waitFor(
      (t) =>
        t.messages.some((m) => m.event?.subject === caseId && m.event.type === 'elder_care.client.referred.v1') && t,
      'the tap to see the test events',
      90_000,
    );
    await all.waitFor(
      (t) =>
        t.messages.filter((m) => m.event?.subject === caseId && m.event.type.startsWith('intake.')).length >= 2 && t,
      'intake events of the case',
      90_000,
    );
    expect(all.messages.length).toBeGreaterThan(10);
    const raw = all.messages.map((m) => `${m.raw ?? ''} ${JSON.stringify(m.headers)}`).join('\n');
    for (const v of [...Object.values(V), ID, PERP_ID]) expect(raw, v).not.toContain(v);
  });
});
