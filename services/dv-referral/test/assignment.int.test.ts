import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, newEvent, TopicTap, type Producer } from '@linkage/messaging';
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
import { buildApp } from '../src/app.ts';
import { dvConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });

// Assignment of a department's work to its workers (issue 12): referrals to the receiving
// department's officers, protection-order applications to the court's clerks.
describe('dv-referral: assign, reassign, my work, unassigned (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'dv-assign-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let tap: TopicTap;
  let dbUrl: string;
  const now = new Date('2026-11-28T10:00:00.000Z');
  // two officers of the Xinqi station, one of Daqi; two clerks of the court
  const A = bearer('police_officer', 'police:xinqi', { sub: 'acct-police-xinqi-a' });
  const B = bearer('police_officer', 'police:xinqi', { sub: 'acct-police-xinqi-b' });
  const OTHER = bearer('police_officer', 'police:daqi', { sub: 'acct-police-daqi-c' });
  const CLERK1 = bearer('court_clerk', 'court:beilun', { sub: 'acct-clerk-1' });
  const CLERK2 = bearer('court_clerk', 'court:beilun', { sub: 'acct-clerk-2' });

  beforeAll(async () => {
    dbUrl = await freshDatabase('dvassign');
    await ensureTopics(kafka, prefix);
    app = await buildApp(dvConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
      clock: () => now,
    });
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

  const publish = (e: LinkageEvent) =>
    producer.send({
      topic: prefix + TOPICS.intake,
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
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
  const policeReferral = async () => {
    const req = referralRequestedEvent({ street: 'xinqi', riskLevel: 'high' });
    await publish(req);
    const id = await eventually(
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
    return { id, caseId: req.subject };
  };
  const ids = (items: { id: string }[]) => items.map((i) => i.id);

  it('a station officer assigns a referral to a colleague, reassigns it with a reason (audited, encrypted), and "my work" / "unassigned" follow', async () => {
    const r1 = await policeReferral();
    const r2 = await policeReferral();
    // both officers open their station's list once: the service now knows them as workers of police:xinqi
    const listA = await ok('GET', '/referrals', A);
    expect(listA.items.find((i: { id: string }) => i.id === r1.id)).toMatchObject({ assignee: null, version: 1 });
    await ok('GET', '/referrals', B);
    expect((await ok('GET', '/workers', A)).items.map((w: { sub: string }) => w.sub)).toEqual([
      'acct-police-xinqi-a',
      'acct-police-xinqi-b',
    ]);

    const assigned = await ok('POST', `/referrals/${r1.id}/assign`, A, { assignee: 'acct-police-xinqi-b', version: 1 });
    expect(assigned).toMatchObject({
      recordId: r1.id,
      assigneeSub: 'acct-police-xinqi-b',
      previousAssigneeSub: null,
      version: 2,
    });
    // assigning again is a conflict (reassign it with a reason)
    expect(
      (await call('POST', `/referrals/${r1.id}/assign`, A, { assignee: 'acct-police-xinqi-a', version: 2 })).body.code,
    ).toBe('already_assigned');

    expect(ids((await ok('GET', '/referrals?assignee=me', B)).items)).toEqual([r1.id]);
    expect(ids((await ok('GET', '/referrals?assignee=me', A)).items)).toEqual([]);
    const unassigned = ids((await ok('GET', '/referrals?assignee=none', A)).items);
    expect(unassigned).toContain(r2.id);
    expect(unassigned).not.toContain(r1.id);

    const reason = '李警官休假，案件转交';
    const re = await ok('POST', `/referrals/${r1.id}/reassign`, B, {
      assignee: 'acct-police-xinqi-a',
      version: 2,
      reasonCode: 'absence',
      reason,
    });
    expect(re).toMatchObject({
      assigneeSub: 'acct-police-xinqi-a',
      previousAssigneeSub: 'acct-police-xinqi-b',
      version: 3,
    });
    expect(ids((await ok('GET', '/referrals?assignee=me', A)).items)).toEqual([r1.id]);
    expect(ids((await ok('GET', '/referrals?assignee=me', B)).items)).toEqual([]);

    // audited with the category; the free text only encrypted, nowhere in clear
    const audits = await queryOnce<{ action: string; actor_sub: string; reason: string | null; details: unknown }>(
      dbUrl,
      "select action, actor_sub, reason, details from audit_log where entity_id = $1 and action like 'referral.%assigned' order by id",
      [r1.id],
    );
    expect(audits.map((a) => [a.action, a.actor_sub, a.reason])).toEqual([
      ['referral.assigned', 'acct-police-xinqi-a', null],
      ['referral.reassigned', 'acct-police-xinqi-b', 'absence'],
    ]);
    const log = await queryOnce<{ id: string; reason_enc: string | null; reason_code: string | null }>(
      dbUrl,
      'select id, reason_enc, reason_code from assignment_log where record_id = $1 order by at, id',
      [r1.id],
    );
    expect(log[1]!.reason_code).toBe('absence');
    expect(log[1]!.reason_enc).toMatch(/^v1\./);
    expect(app.cipher.decrypt(log[1]!.reason_enc!, log[1]!.id)).toBe(reason);
    const dump =
      JSON.stringify(await queryOnce(dbUrl, 'select * from audit_log')) +
      JSON.stringify(await queryOnce(dbUrl, 'select payload from outbox'));
    expect(dump).not.toContain('休假');

    // de-identified events: ids, dept, account ids, category — no reason text
    const events = await tap.waitFor((t) => {
      const es = t.events.filter((e) => e.type === 'dv.referral.assigned.v1' && e.subject === r1.caseId);
      return es.length === 2 ? es : undefined;
    }, 'two dv.referral.assigned.v1 events');
    expect(events.map((e) => e.data)).toEqual([
      {
        referralId: r1.id,
        caseId: r1.caseId,
        dept: 'police:xinqi',
        assigneeSub: 'acct-police-xinqi-b',
        previousAssigneeSub: null,
        reasonCode: null,
        assignedAt: now.toISOString(),
      },
      {
        referralId: r1.id,
        caseId: r1.caseId,
        dept: 'police:xinqi',
        assigneeSub: 'acct-police-xinqi-a',
        previousAssigneeSub: 'acct-police-xinqi-b',
        reasonCode: 'absence',
        assignedAt: now.toISOString(),
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('休假');
  });

  it('refuses another station (403), a stale version (412), a worker the service never saw for the department (409), a reassignment without a reason (400) — and changes nothing', async () => {
    const r = await policeReferral();
    await ok('GET', '/referrals', OTHER); // the Daqi officer is a known worker — of police:daqi
    const other = await call('POST', `/referrals/${r.id}/assign`, OTHER, {
      assignee: 'acct-police-daqi-c',
      version: 1,
    });
    expect(other.status).toBe(403);
    // a Xinqi officer cannot hand Xinqi's work to a Daqi officer, nor to an account never seen here
    expect(
      (await call('POST', `/referrals/${r.id}/assign`, A, { assignee: 'acct-police-daqi-c', version: 1 })).body.code,
    ).toBe('assignee_not_in_department');
    expect((await call('POST', `/referrals/${r.id}/assign`, A, { assignee: 'acct-nobody', version: 1 })).status).toBe(
      409,
    );
    expect(
      (await call('POST', `/referrals/${r.id}/assign`, A, { assignee: 'acct-police-xinqi-b', version: 7 })).status,
    ).toBe(412);
    expect(
      (await call('POST', `/referrals/${r.id}/reassign`, A, { assignee: 'acct-police-xinqi-b', version: 1 })).status,
    ).toBe(400);
    expect((await call('POST', `/referrals/${r.id}/assign`, A, { assignee: 'not a sub', version: 1 })).status).toBe(
      400,
    );
    expect((await queryOnce(dbUrl, 'select 1 from work_assignments where record_id = $1', [r.id])).length).toBe(0);
    expect(
      (
        await queryOnce(
          dbUrl,
          "select 1 from outbox where type = 'dv.referral.assigned.v1' and payload->'data'->>'referralId' = $1",
          [r.id],
        )
      ).length,
    ).toBe(0);
    expect((await ok('GET', `/referrals/${r.id}`, A)).version).toBe(1);
    // the other station's lists never show Xinqi's work, assigned or not
    expect(ids((await ok('GET', '/referrals?assignee=none', OTHER)).items)).not.toContain(r.id);
  });

  it('the court assigns and reassigns a protection-order application among its clerks; another court is refused', async () => {
    const caseId = randomUUID();
    const flags = {
      minor: false,
      elderly: false,
      disabled: false,
      pregnantOrBreastfeeding: false,
      seriouslyIll: false,
    };
    await publish(
      newEvent('intake.case.opened.v1', {
        source: '/services/intake',
        subject: caseId,
        actor: { role: 'hotline_operator', dept: 'wf:district' },
        time: now,
        data: {
          caseId,
          caseNumber: 'BL-2026-000077',
          channel: 'hotline_12338',
          category: 'domestic_violence',
          street: 'xinqi',
          riskLevel: 'high',
          repeat: false,
          flags,
          needs: ['dv_protection'],
          openedAt: now.toISOString(),
        },
      }),
    );
    await eventually(
      async () =>
        (await queryOnce(dbUrl, 'select 1 from intake_cases where case_id = $1', [caseId])).length > 0 || undefined,
      'the case announced',
    );
    const order = await ok(
      'POST',
      '/protection-orders',
      CLERK1,
      { caseId, courtDept: 'court:beilun', applicant: 'victim', measures: ['ban_violence'], urgent: false },
      201,
    );
    await ok('GET', '/protection-orders', CLERK1);
    expect(
      (await ok('GET', '/protection-orders?assignee=none', CLERK2)).items.map((o: { id: string }) => o.id),
    ).toContain(order.id);
    const otherCourt = bearer('court_clerk', 'court:yinzhou', { sub: 'acct-clerk-yz' });
    expect(
      (
        await call('POST', `/protection-orders/${order.id}/assign`, otherCourt, {
          assignee: 'acct-clerk-1',
          version: order.version,
        })
      ).status,
    ).toBe(403);
    const a = await ok('POST', `/protection-orders/${order.id}/assign`, CLERK2, {
      assignee: 'acct-clerk-1',
      version: order.version,
    });
    expect(a.version).toBe(order.version + 1);
    expect(
      (await ok('GET', '/protection-orders?assignee=me', CLERK1)).items.map((o: { id: string; assignee: string }) => [
        o.id,
        o.assignee,
      ]),
    ).toEqual([[order.id, 'acct-clerk-1']]);
    // the clerk's next act must carry the new version (the assignment changed the record)
    expect(
      (await call('POST', `/protection-orders/${order.id}/accept`, CLERK1, { version: order.version })).status,
    ).toBe(412);
    const re = await ok('POST', `/protection-orders/${order.id}/reassign`, CLERK1, {
      assignee: 'acct-clerk-2',
      version: a.version,
      reasonCode: 'workload',
      reason: '案件较多',
    });
    expect(re.previousAssigneeSub).toBe('acct-clerk-1');
    const e = await tap.waitFor(
      (t) =>
        t.events.find((x) => x.type === 'dv.protection_order.assigned.v1' && x.data.assigneeSub === 'acct-clerk-2'),
      'the reassignment event',
    );
    expect(e.data).toMatchObject({
      orderId: order.id,
      caseId,
      dept: 'court:beilun',
      previousAssigneeSub: 'acct-clerk-1',
      reasonCode: 'workload',
    });
  });
});
