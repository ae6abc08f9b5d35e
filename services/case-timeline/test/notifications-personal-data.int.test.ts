import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { topicOf, type LinkageEvent } from '@linkage/contracts';
import { createKafka, createProducer, ensureTopics, newEvent, type Producer } from '@linkage/messaging';
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

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const flags = { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false };

// What intake, dv-referral, legal-aid and elder-care hold of her (encrypted, never on an event). The events below
// also carry the ones that fit into every free-text field the contracts allow (a careless producer), so a
// notification built from any of those fields would show them.
const PERSONAL = {
  name: '林某芳',
  phone: '13855556666',
  idNumber: '330206198805172224',
  address: '新碶街道某路12号3室',
};

// Notifications are derived from events (issue 12) and must carry no personal data: scan every notification row,
// every GET /notifications response of every recipient, and the server-sent events stream for the values sent.
describe('case-timeline notifications carry no personal data (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'timeline-notify-pd-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let dbUrl: string;

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    dbUrl = await freshDatabase('notify_pd');
    app = await buildApp(
      timelineConfig(
        serviceEnv({
          databaseUrl: dbUrl,
          brokers,
          topicPrefix: prefix,
          extra: { SCHEDULER_ENABLED: 'false', NOTIFY_STREAM_POLL_MS: '300' },
        }),
      ),
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

  const sent: LinkageEvent[] = [];
  const send = async (e: LinkageEvent) => {
    sent.push(e);
    await producer.send({
      topic: prefix + topicOf(e.type),
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  };

  it('every notification row, every list response and the stream: none of the personal values sent', async () => {
    const caseId = randomUUID();
    const referralId = randomUUID();
    const orderId = randomUUID();
    const applicationId = randomUUID();
    const clientId = randomUUID();
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    const iso = (ms: number) => at(ms).toISOString();
    const ev = <T extends LinkageEvent['type']>(
      type: T,
      ms: number,
      actor: { role: string; dept: string },
      data: unknown,
    ) => newEvent(type, { source: '/services/test', subject: caseId, actor, time: at(ms), data } as never);
    const SYS = (svc: string) => ({ role: 'system', dept: `svc:${svc}` });
    const POLICE = { role: 'police_officer', dept: 'police:xinqi' };

    // the station's officer b listens on the stream before anything happens
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const ctl = new AbortController();
    const STATION_B = bearer('police_officer', 'police:xinqi', { sub: 'acct-officer-b' });
    const res = await fetch(`${address}/notifications/stream`, { headers: STATION_B, signal: ctl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();

    await send(
      ev(
        'intake.case.opened.v1',
        0,
        { role: 'hotline_operator', dept: 'wf:district' },
        {
          caseId,
          caseNumber: 'BL-2026-000777',
          channel: 'hotline_12338',
          category: 'domestic_violence',
          street: 'xinqi',
          riskLevel: 'high',
          repeat: false,
          flags,
          needs: ['dv_protection', 'legal_aid', 'elder_care'],
          ownerDept: 'wf:district',
          openedAt: iso(0),
        },
      ),
    );
    await eventually(
      async () => (await queryOnce(dbUrl, 'select 1 from case_summaries where case_id = $1', [caseId])).length > 0,
      'the case summary',
    );
    const acceptBy = iso(3_600_000);
    const step = { referralId, caseId, department: 'police', assignedDept: 'police:xinqi' };
    const assigned = (recordKey: Record<string, string>, dept: string, sub: string, ms: number) => ({
      ...recordKey,
      caseId,
      dept,
      assigneeSub: sub,
      previousAssigneeSub: null,
      reasonCode: null,
      assignedAt: iso(ms),
    });
    const clock = (ruleId: string, subjectKey: string, dept: string) => ({
      clockId: randomUUID(),
      ruleId,
      // a free-text field: her phone and ID number ride along with the record's id
      subjectKey: `${subjectKey}:${PERSONAL.phone}:${PERSONAL.idNumber}`,
      caseId,
      severity: 'high',
      dept,
      street: 'xinqi',
      startedAt: iso(10),
      deadline: acceptBy,
    });
    await send(
      ev('dv.referral.created.v1', 10, SYS('dv-referral'), {
        ...step,
        requestId: randomUUID(),
        riskLevel: 'high',
        street: 'xinqi',
        acceptBy,
        createdAt: iso(10),
      }),
    );
    await send(
      ev('dv.referral.assigned.v1', 20, POLICE, assigned({ referralId }, 'police:xinqi', 'acct-officer-b', 20)),
    );
    await send(
      ev('oversight.sla.warning.v1', 30, SYS('case-timeline'), {
        ...clock('dv_referral_accept', referralId, 'police:xinqi'),
        warnAt: iso(30),
      }),
    );
    await send(
      ev('oversight.sla.breached.v1', 40, SYS('case-timeline'), {
        ...clock('dv_referral_accept', referralId, 'police:xinqi'),
        breachedAt: iso(40),
      }),
    );
    await send(ev('dv.referral.accepted.v1', 50, POLICE, { ...step, at: iso(50) }));
    await send(
      ev(
        'dv.protection_order.applied.v1',
        60,
        { role: 'wf_caseworker', dept: 'wf:district' },
        {
          orderId,
          caseId,
          courtDept: 'court:beilun',
          applicant: 'victim',
          measures: ['ban_violence'],
          urgent: true,
          appliedAt: iso(60),
        },
      ),
    );
    await send(
      ev(
        'dv.protection_order.assigned.v1',
        70,
        { role: 'court_clerk', dept: 'court:beilun' },
        {
          ...assigned({ orderId }, 'court:beilun', 'acct-clerk', 70),
        },
      ),
    );
    await send(
      ev(
        'dv.protection_order.issued.v1',
        80,
        { role: 'judge', dept: 'court:beilun' },
        {
          orderId,
          caseId,
          courtDept: 'court:beilun',
          measures: ['ban_violence'],
          issuedAt: iso(80),
          validUntil: iso(86_400_000),
          serveBy: iso(86_400_000),
          reconsiderBy: iso(86_400_000),
        },
      ),
    );
    await send(
      ev('legal_aid.application.received.v1', 90, SYS('legal-aid'), {
        applicationId,
        caseId,
        requestId: randomUUID(),
        channel: 'intake_referral',
        matterType: 'divorce',
        proceedings: 'civil',
        urgency: 'normal',
        street: 'xinqi',
        // a free-text field: her name and address in the stated legal basis
        meansTest: {
          outcome: 'exempt',
          basis: 'dv_abuse_abandonment_victim',
          legalBasis: `${PERSONAL.name} ${PERSONAL.address}`,
        },
        receivedAt: iso(90),
        decideBy: acceptBy,
      }),
    );
    await send(
      ev(
        'legal_aid.application.assigned.v1',
        100,
        { role: 'legal_aid_officer', dept: 'legal_aid:beilun' },
        {
          ...assigned({ applicationId }, 'legal_aid:beilun', 'acct-la', 100),
        },
      ),
    );
    await send(
      ev(
        'legal_aid.application.approved.v1',
        110,
        { role: 'legal_aid_officer', dept: 'legal_aid:beilun' },
        {
          applicationId,
          caseId,
          matterType: 'divorce',
          street: 'xinqi',
          meansOutcome: 'exempt',
          via: 'decision',
          approvedAt: iso(110),
          assignBy: acceptBy,
          applicantSex: 'female',
        },
      ),
    );
    await send(
      ev('elder_care.client.referred.v1', 120, SYS('elder-care'), {
        clientId,
        caseId,
        requestId: randomUUID(),
        channel: 'intake',
        street: 'xinqi',
        hardship: true,
        referredAt: iso(120),
        assessBy: acceptBy,
      }),
    );
    await send(
      ev(
        'elder_care.client.assigned.v1',
        130,
        { role: 'elder_care_officer', dept: 'civil_affairs:xinqi' },
        {
          ...assigned({ clientId }, 'civil_affairs:xinqi', 'acct-elder', 130),
        },
      ),
    );
    await send(
      ev('dv.referral.declined.v1', 140, POLICE, {
        ...step,
        referralId: randomUUID(),
        reasonCode: 'outside_jurisdiction',
        rerouteBy: acceptBy,
        at: iso(140),
      }),
    );
    // the scan means something: the personal values did travel on the events
    const wire = JSON.stringify(sent);
    for (const v of Object.values(PERSONAL)) expect(wire, v).toContain(v);

    // every event processed (the inbox), and notifications for each kind of news
    await eventually(
      async () =>
        (
          await queryOnce<{ n: number }>(
            dbUrl,
            'select count(*)::int as n from inbox where event_id = any($1::uuid[])',
            [sent.map((e) => e.id)],
          )
        )[0]!.n === sent.length,
      'case-timeline to process every event',
      90_000,
    );
    const rows = await queryOnce<Record<string, unknown> & { recipient_dept: string; recipient_sub: string | null }>(
      dbUrl,
      'select * from notifications where case_id = $1 order by seq',
      [caseId],
    );
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of [
      'referral.new',
      'work.assigned',
      'clock.at_risk',
      'clock.breached',
      'referral.accepted',
      'protection_order.new',
      'protection_order.issued',
      'legal_aid.new',
      'legal_aid.approved',
      'elder_client.new',
    ])
      expect(kinds, k).toContain(k);
    const scan = (what: string, text: string) => {
      for (const [field, v] of Object.entries(PERSONAL)) expect(text, `${what} shows her ${field}`).not.toContain(v);
    };
    scan('a notification row', JSON.stringify(rows));

    // each recipient's list, as she sees it
    const recipients = new Map(rows.map((r) => [`${r.recipient_dept}|${r.recipient_sub ?? ''}`, r]));
    for (const r of recipients.values()) {
      const h = bearer('coordinator', r.recipient_dept, { sub: r.recipient_sub ?? 'acct-someone' });
      const list = await app.inject({ url: '/notifications?limit=100', headers: h });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().total).toBeGreaterThan(0);
      scan(`GET /notifications of ${r.recipient_dept}`, list.body);
    }

    // the stream: officer b's new notifications (the station's and her own), all of them
    const mine = rows.filter(
      (r) => r.recipient_dept === 'police:xinqi' && (r.recipient_sub === null || r.recipient_sub === 'acct-officer-b'),
    );
    // The station's new referral, at-risk and breach, and her assignment; the breach reaches her too
    // only when the assignment (dv topic) was applied before the breach (oversight topic): two topics,
    // no order between them, so 4 or 5.
    expect(mine.length).toBeGreaterThanOrEqual(4);
    let buf = '';
    const deadline = Date.now() + 30_000;
    try {
      while ((buf.match(/event: notification/g) ?? []).length < mine.length) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`the stream sent fewer than ${mine.length} notifications in 30 s; got: ${buf}`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`stream silent; got: ${buf}`)), left)),
        ]);
        if (chunk.done) break;
        buf += new TextDecoder().decode(chunk.value);
      }
    } finally {
      ctl.abort();
    }
    expect(buf).toContain('BL-2026-000777');
    scan('the notification stream', buf);
  });
});
