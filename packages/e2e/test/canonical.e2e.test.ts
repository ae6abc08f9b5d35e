import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, ensureTopics, TopicTap } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  serviceEnv,
  startService,
  testInfra,
  type RunningService,
} from '@linkage/testing';

/**
 * DESIGN.md's canonical scenario, end to end: every service is its own process on the real broker
 * and real Postgres, driven only through the HTTP APIs, as the people who use it would.
 */
const SERVICES = ['intake', 'dv-referral', 'legal-aid', 'elder-care', 'case-timeline'] as const;
type Svc = (typeof SERVICES)[number];

const DASH_HIGH = [
  'current_injury',
  'very_frightened',
  'afraid_of_outcome',
  'isolated',
  'separation',
  'stalking',
  'escalating',
  'controlling_jealous',
  'weapon_used',
  'threat_to_kill',
  'strangulation',
  'others_threatened',
  'substance_mental_health',
  'prior_police_calls',
];

const H = {
  operator: bearer('hotline_operator', 'wf:district'),
  police: bearer('police_officer', 'police:xinqi'),
  /** The officer of the station the referral is assigned to. */
  officer: bearer('police_officer', 'police:xinqi', { sub: 'acct-police-xinqi-b' }),
  clerk: bearer('court_clerk', 'court:beilun'),
  shelter: bearer('shelter_officer', 'shelter:beilun'),
  admin: bearer('admin', 'platform:ops'),
  legalAid: bearer('legal_aid_officer', 'legal_aid:beilun'),
  coordinator: bearer('coordinator', 'wcw:district'),
};

describe('canonical scenario: one call to 12338, every department acts on time', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'e2e-canonical', logger: pino({ level: 'silent' }) });
  const svc = {} as Record<Svc, RunningService>;
  let tap: TopicTap;

  async function call<T = Record<string, unknown>>(
    s: Svc,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
    expected = [200, 201],
  ): Promise<T> {
    const res = await fetch(`${svc[s].url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${method} ${s}${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    const started = await Promise.all(
      SERVICES.map(async (name) =>
        startService(
          name,
          serviceEnv({
            databaseUrl: await freshDatabase(`e2e_${name.replace('-', '_')}`),
            brokers,
            topicPrefix: prefix,
            extra: { LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_MS: '500' },
          }),
        ),
      ),
    );
    for (const s of started) svc[s.name as Svc] = s;
    tap = await new TopicTap(
      kafka,
      Object.values(TOPICS).map((t) => prefix + t),
    ).start();
  });

  afterAll(async () => {
    await tap?.stop();
    await Promise.all(Object.values(svc).map((s) => s.kill('SIGTERM')));
  });

  it('runs from the hotline call to a complete, on-time timeline', async () => {
    // 1. A 12338 operator opens a case: a woman, 34, Xinqi street, beaten by her husband, threatened with death.
    const opened = await call<{
      id: string;
      caseNumber: string;
      riskLevel: string;
      referrals: { target: string; consentBasis: string }[];
    }>('intake', 'POST', '/cases', H.operator, {
      channel: 'hotline_12338',
      category: 'domestic_violence',
      victim: {
        name: '李某某',
        sex: 'female',
        age: 34,
        phone: '13800000000',
        street: 'xinqi',
        address: '新碶街道某小区 5 幢',
        safeToCallBack: true,
        safeTime: '工作日 18 点以后',
      },
      perpetrator: { relation: 'spouse', name: '张某', address: '新碶街道某小区 5 幢' },
      incident: { violenceTypes: ['physical', 'threats'], description: '丈夫殴打并威胁要杀死她', weapons: '菜刀' },
      needs: ['dv_protection', 'legal_aid'],
      risk: { yes: DASH_HIGH },
      consent: { police: true, court: true, legal_aid: true, shelter: true },
      narrative: '丈夫殴打并威胁要杀死她',
    });
    const caseId = opened.id;
    expect(opened.riskLevel).toBe('high');

    // 2. Intake announces the case, the high risk, and referral requests to DV and legal aid.
    const intakeTypes = await tap.waitFor((t) => {
      const ts = t.events.filter((e) => e.subject === caseId && e.source === '/services/intake').map((e) => e.type);
      return ts.length >= 4 && ts;
    }, 'intake events');
    expect(intakeTypes).toEqual([
      'intake.case.opened.v1',
      'intake.risk.assessed.v1',
      'intake.referral.requested.v1',
      'intake.referral.requested.v1',
    ]);

    // 3. DV referral: the Xinqi police station gets a referral with a 1 h clock (high risk).
    const policeRef = await eventually(async () => {
      const list = await call<{ items: { id: string; caseId: string; acceptBy: string; createdAt: string }[] }>(
        'dv-referral',
        'GET',
        '/referrals',
        H.police,
      );
      return list.items.find((r) => r.caseId === caseId);
    }, 'the police referral');
    // one hour from when the referral reached DV (moments after intake's request)
    const dvRequest = tap.events.find(
      (e) => e.subject === caseId && e.type === 'intake.referral.requested.v1' && e.data.target === 'dv',
    );
    const clockMs = Date.parse(policeRef.acceptBy) - Date.parse(dvRequest!.time);
    expect(clockMs).toBeGreaterThanOrEqual(3_600_000);
    expect(clockMs).toBeLessThan(3_600_000 + 60_000);
    // The officer opens the dossier intake serves to the station holding the referral: her phone and when it is safe to
    // call.
    type Dossier = { department: string; ref: string; fields: Record<string, unknown> };
    const policeDossier = await eventually(async () => {
      const res = await fetch(`${svc.intake.url}/cases/${caseId}/dossier`, { headers: H.police });
      return res.status === 200 ? ((await res.json()) as Dossier) : undefined;
    }, "the police dossier (intake learns of the referral from dv-referral's event)");
    expect(policeDossier).toMatchObject({ department: 'police', ref: `dv.referral:${policeRef.id}` });
    expect(policeDossier.fields).toMatchObject({
      'victim.phone': '13800000000',
      'victim.safeTime': '工作日 18 点以后',
      'victim.safeToCallBack': true,
      'perpetrator.name': '张某',
      'incident.weapons': '菜刀',
    });
    // another station sees nothing of her
    expect(
      (await fetch(`${svc.intake.url}/cases/${caseId}/dossier`, { headers: bearer('police_officer', 'police:daqi') }))
        .status,
    ).toBe(403);
    //    High risk and her consent to the court and a shelter: DV also opened a shelter offer and filed an
    //    urgent protection-order application on her behalf (women's federation, ADVL Art. 23).
    const order = await eventually(async () => {
      const list = await call<{ items: { id: string; caseId: string; applicant: string; urgent: boolean }[] }>(
        'dv-referral',
        'GET',
        '/protection-orders',
        H.clerk,
      );
      return list.items.find((o) => o.caseId === caseId);
    }, 'the protection-order application filed on her behalf');
    expect(order).toMatchObject({ applicant: 'victim', urgent: true });
    const shelterRef = await eventually(async () => {
      const list = await call<{ items: { id: string; caseId: string; department: string }[] }>(
        'dv-referral',
        'GET',
        '/referrals',
        H.shelter,
      );
      return list.items.find((r) => r.caseId === caseId);
    }, 'the shelter offer');
    // the shelter accepts within its clock and places her (a bed, never over-booked)
    const shelterSite = await call<{ id: string }>('dv-referral', 'POST', '/shelters', H.admin, {
      dept: 'shelter:beilun',
      label: '北仑区临时庇护站',
      street: 'xinqi',
      capacity: 2,
    });
    await call('dv-referral', 'POST', `/referrals/${shelterRef.id}/accept`, H.shelter, { version: 1 });
    await call('dv-referral', 'POST', `/shelters/${shelterSite.id}/placements`, H.shelter, {
      caseId,
      referralId: shelterRef.id,
      person: '李某某',
    });

    // 4. The station assigns the referral to one of its officers (she has opened the station's list, so the service
    //    knows her), who accepts it, records the call-out and issues a warning letter (visits scheduled), delivered
    //    three ways.
    await call('dv-referral', 'GET', '/referrals', H.officer);
    const assigned = await call<{ version: number }>(
      'dv-referral',
      'POST',
      `/referrals/${policeRef.id}/assign`,
      H.police,
      {
        assignee: 'acct-police-xinqi-b',
        version: 1,
      },
    );
    await call('dv-referral', 'POST', `/referrals/${policeRef.id}/accept`, H.officer, { version: assigned.version });
    await call('dv-referral', 'POST', `/referrals/${policeRef.id}/callouts`, H.officer, {
      occurredAt: new Date().toISOString(),
      outcome: 'violence_stopped',
      evidenceCollected: true,
      medicalHelpArranged: true,
      notes: '现场制止',
    });
    const letter = await call<{ id: string; version: number; visits: { id: string }[] }>(
      'dv-referral',
      'POST',
      `/referrals/${policeRef.id}/warning-letters`,
      H.police,
      { abuser: '张某', facts: '殴打并威胁杀害', prohibition: '禁止再实施家庭暴力' },
    );
    expect(letter.visits.length).toBeGreaterThan(0);
    let v = letter.version;
    for (const recipient of ['abuser', 'victim', 'committee'])
      v = (
        await call<{ version: number }>('dv-referral', 'POST', `/warning-letters/${letter.id}/deliveries`, H.police, {
          recipient,
          version: v,
        })
      ).version;

    //    The court reads its dossier, registers the application with the respondent it names (urgent ⇒ 24 h to rule),
    //    issues the order for 6 months, and serves it on all four parties.
    const courtDossier = await eventually(async () => {
      const res = await fetch(`${svc.intake.url}/cases/${caseId}/dossier`, { headers: H.clerk });
      return res.status === 200 ? ((await res.json()) as Dossier) : undefined;
    }, 'the court dossier');
    const respondent = {
      name: courtDossier.fields['perpetrator.name'] as string,
      address: courtDossier.fields['perpetrator.address'] as string,
      relation: 'spouse',
    };
    expect(respondent.name).toBe('张某');
    const accepted = await call<{ ruleBy: string; version: number }>(
      'dv-referral',
      'POST',
      `/protection-orders/${order.id}/accept`,
      H.clerk,
      {
        version: 1,
        applicant: { name: courtDossier.fields['victim.name'] as string, sex: 'female' },
        respondent,
      },
    );
    expect(Date.parse(accepted.ruleBy) - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    const validUntil = new Date(Date.now() + 180 * 86_400_000).toISOString();
    const issued = await call<{ version: number }>(
      'dv-referral',
      'POST',
      `/protection-orders/${order.id}/issue`,
      H.clerk,
      { version: accepted.version, validUntil },
    );
    let ov = issued.version;
    for (const party of ['applicant', 'respondent', 'police', 'committee'])
      ov = (
        await call<{ version: number }>('dv-referral', 'POST', `/protection-orders/${order.id}/serve`, H.clerk, {
          party,
          version: ov,
        })
      ).version;
    // The court's order carries the respondent's name (kept by the court, encrypted, from the dossier the clerk saw).
    const courtOrder = await call<{ status: string; parties: { respondent: { name: string } | null } }>(
      'dv-referral',
      'GET',
      `/protection-orders/${order.id}`,
      H.clerk,
    );
    expect(courtOrder).toMatchObject({ status: 'issued', parties: { respondent: { name: '张某' } } });

    // 5. Legal aid: the application arrives exempt from the means test; approved, a lawyer assigned.
    await call('legal-aid', 'POST', '/lawyers', H.legalAid, {
      name: '李律师',
      organisation: '北仑区法律援助中心',
      gender: 'female',
      practiceAreas: ['dv_protection_order', 'divorce'],
      maxCases: 10,
    });
    const application = await eventually(async () => {
      const list = await call<{
        items: { id: string; caseId: string | null; meansOutcome: string | null; version: number }[];
      }>('legal-aid', 'GET', '/applications', H.legalAid);
      return list.items.find((a) => a.caseId === caseId);
    }, 'the legal aid application');
    expect(application.meansOutcome).toBe('exempt');
    await call('legal-aid', 'POST', `/applications/${application.id}/approve`, H.legalAid, {
      version: application.version,
    });
    await call('legal-aid', 'POST', `/applications/${application.id}/assignment`, H.legalAid, {});

    // 6. The coordinator's timeline shows every step from every department, in order, with its clocks.
    const expected = [
      'intake.case.opened.v1',
      'intake.risk.assessed.v1',
      'intake.referral.requested.v1',
      'dv.referral.created.v1',
      'dv.referral.accepted.v1',
      'dv.callout.recorded.v1',
      'dv.warning_letter.issued.v1',
      'dv.police_visit.scheduled.v1',
      'dv.warning_letter.delivered.v1',
      'dv.protection_order.applied.v1',
      'dv.protection_order.accepted.v1',
      'dv.protection_order.issued.v1',
      'dv.protection_order.served.v1',
      'dv.shelter.placed.v1',
      'legal_aid.application.received.v1',
      'legal_aid.application.approved.v1',
      'legal_aid.lawyer.assigned.v1',
    ];
    type Timeline = {
      entries: { type: string; occurredAt: string; actor: { role: string; dept: string }; summary: string }[];
      clocks: { ruleId: string; state: string; deadline: string | null }[];
    };
    const timeline = await eventually(
      async () => {
        const res = await fetch(`${svc['case-timeline'].url}/cases/${caseId}/timeline`, { headers: H.coordinator });
        if (res.status !== 200) return undefined;
        const body = (await res.json()) as Timeline;
        const types = new Set(body.entries.map((e) => e.type));
        const clocksDone = [
          'referral_acceptance',
          'protection_order_ruling',
          'legal_aid_decision',
          'legal_aid_assignment',
          'warning_letter_delivery',
        ].every((r) => body.clocks.some((c) => c.ruleId === r && c.state === 'met'));
        return expected.every((t) => types.has(t)) && clocksDone && body;
      },
      'the full timeline with its clocks met',
      60_000,
    );

    const times = timeline.entries.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const firstIndex = (t: string) => timeline.entries.findIndex((e) => e.type === t);
    expect(firstIndex('intake.case.opened.v1')).toBe(0);
    expect(firstIndex('dv.referral.created.v1')).toBeGreaterThan(firstIndex('intake.referral.requested.v1'));
    expect(firstIndex('dv.referral.accepted.v1')).toBeGreaterThan(firstIndex('dv.referral.created.v1'));
    expect(firstIndex('dv.protection_order.issued.v1')).toBeGreaterThan(firstIndex('dv.protection_order.accepted.v1'));
    expect(firstIndex('legal_aid.lawyer.assigned.v1')).toBeGreaterThan(firstIndex('legal_aid.application.approved.v1'));
    expect(timeline.entries.filter((e) => e.type === 'dv.referral.accepted.v1').map((e) => e.actor)).toEqual(
      expect.arrayContaining([
        { role: 'police_officer', dept: 'police:xinqi' },
        { role: 'shelter_officer', dept: 'shelter:beilun' },
      ]),
    );
    expect(timeline.entries.find((e) => e.type === 'dv.protection_order.issued.v1')!.actor).toEqual({
      role: 'court_clerk',
      dept: 'court:beilun',
    });
    expect(timeline.entries.find((e) => e.type === 'legal_aid.lawyer.assigned.v1')!.actor).toEqual({
      role: 'legal_aid_officer',
      dept: 'legal_aid:beilun',
    });
    // clocks: met, and the ones still running are pending (order expiry in 6 months, police visits)
    const clock = (r: string) => timeline.clocks.find((c) => c.ruleId === r);
    expect(clock('protection_order_expiry')).toMatchObject({ state: 'pending', deadline: validUntil });
    expect(clock('police_visit')?.state).toBe('pending');
    // never a name, phone or narrative in the coordinator's view
    const raw = JSON.stringify(timeline);
    for (const secret of ['李某某', '13800000000', '殴打', '张某']) expect(raw).not.toContain(secret);
    // nor anything of the dossiers on any topic
    const published = tap.messages.map((m) => m.raw ?? '').join('\n');
    for (const secret of ['李某某', '13800000000', '工作日 18 点以后', '张某', '新碶街道某小区', '菜刀'])
      expect(published).not.toContain(secret);

    // 7. Each one learns what needs her without watching a list: case-timeline's notifications, derived from the
    //    events, in the order they happened, de-identified (the case number, what happened, the deadline).
    type Notifications = {
      items: { kind: string; caseId: string; caseNumber: string | null; text: string; recipient: string }[];
    };
    const notificationsOf = async (who: Record<string, string>, n: number, what: string) =>
      eventually(
        async () => {
          const l = await call<Notifications>('case-timeline', 'GET', '/notifications?limit=100', who);
          // newest first: oldest first to read them in order
          const mine = l.items.filter((i) => i.caseId === caseId).reverse();
          return mine.length >= n && mine;
        },
        what,
        60_000,
      );
    const kindsOf = (l: Notifications['items']) => l.map((i) => [i.kind, i.recipient]);
    // the police station: the new referral, to the whole station
    const station = await notificationsOf(H.police, 1, "the police station's notifications");
    expect(kindsOf(station)).toEqual([['referral.new', 'department']]);
    // the officer it was assigned to: the station's new referral, then the assignment to her
    const officer = await notificationsOf(H.officer, 2, "the assigned officer's notifications");
    expect(kindsOf(officer)).toEqual([
      ['referral.new', 'department'],
      ['work.assigned', 'me'],
    ]);
    // the referring unit (the case's owner): each decision on what it asked for, in order
    const owner = await notificationsOf(H.operator, 4, "the referring unit's notifications");
    expect(kindsOf(owner)).toEqual([
      ['referral.accepted', 'department'],
      ['referral.accepted', 'department'],
      ['protection_order.issued', 'department'],
      ['legal_aid.approved', 'department'],
    ]);
    // the court and the legal aid centre: the work that arrived for them
    expect(kindsOf(await notificationsOf(H.clerk, 1, "the court's notifications"))).toEqual([
      ['protection_order.new', 'department'],
    ]);
    expect(kindsOf(await notificationsOf(H.legalAid, 1, "the legal aid centre's notifications"))).toEqual([
      ['legal_aid.new', 'department'],
    ]);
    const notified = [...station, ...officer, ...owner];
    for (const n of notified) expect(n.caseNumber).toBe(opened.caseNumber);
    const notes = JSON.stringify(notified);
    for (const secret of ['李某某', '13800000000', '工作日 18 点以后', '张某', '新碶街道某小区', '菜刀'])
      expect(notes).not.toContain(secret);

    // The coordinator sees nothing overdue, and the indicators count this case.
    const overdue = await call<{ items: { caseId: string }[] }>(
      'case-timeline',
      'GET',
      '/oversight/clocks?state=breached',
      H.coordinator,
    );
    expect(overdue.items.filter((i) => i.caseId === caseId)).toEqual([]);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const indicators = await call<{ indicators: { id: string; value: number }[] }>(
      'case-timeline',
      'GET',
      `/oversight/indicators?from=${today}&to=${today}&street=xinqi`,
      H.coordinator,
    );
    const value = (id: string) => indicators.indicators.find((i) => i.id === id)?.value;
    expect(value('dv_cases_opened')).toBe(1);
    expect(value('warning_letters_issued')).toBe(1);
    expect(value('protection_orders_issued')).toBe(1);
    expect(value('women_granted_legal_aid')).toBe(1);
    expect(value('shelter_placements')).toBe(1);

    // Intake's own view of the case follows the other departments' steps, without calling them.
    const status = await eventually(async () => {
      const s = await call<{ items?: { ref: string; status: string }[] } & Record<string, unknown>>(
        'intake',
        'GET',
        `/cases/${caseId}/status`,
        H.operator,
      );
      const text = JSON.stringify(s);
      return text.includes('lawyer_assigned') && text.includes('issued') && s;
    }, "intake's status summary");
    expect(JSON.stringify(status)).toContain('accepted');
  });
});
