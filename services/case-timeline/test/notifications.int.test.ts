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
const STATION = bearer('police_officer', 'police:xinqi', { sub: 'acct-officer-a' });
const COLLEAGUE = bearer('police_officer', 'police:xinqi', { sub: 'acct-officer-b' });
const OTHER = bearer('police_officer', 'police:daqi', { sub: 'acct-officer-a' }); // same account id, another department
const OWNER = bearer('wf_caseworker', 'wf:district', { sub: 'acct-wf' });

// Notifications derived from events (issue 12), for the right recipients, de-identified, read/unread, streamed.
describe('case-timeline notifications (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'timeline-notify-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let producer: Producer;
  let dbUrl: string;

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    dbUrl = await freshDatabase('notify');
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

  const send = (e: LinkageEvent) =>
    producer.send({
      topic: prefix + topicOf(e.type),
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  const list = async (h: Record<string, string>, q = '') => {
    const res = await app.inject({ url: `/notifications${q}`, headers: h });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: {
        id: string;
        kind: string;
        text: string;
        caseNumber: string;
        deadline: string | null;
        recipient: string;
        read: boolean;
      }[];
      total: number;
    };
  };

  /** A case opened, referred to the Xinqi police, assigned to officer b, a clock breach on it, then accepted. */
  async function scenario(station = 'xinqi' as 'xinqi' | 'chaiqiao' | 'xiapu') {
    const dept = `police:${station}`;
    const caseId = randomUUID();
    const referralId = randomUUID();
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    const opened = newEvent('intake.case.opened.v1', {
      source: '/services/intake',
      subject: caseId,
      actor: { role: 'hotline_operator', dept: 'wf:district' },
      time: at(0),
      data: {
        caseId,
        caseNumber: 'BL-2026-000123',
        channel: 'hotline_12338',
        category: 'domestic_violence',
        street: 'xinqi',
        riskLevel: 'high',
        repeat: false,
        flags,
        needs: ['dv_protection'],
        openedAt: at(0).toISOString(),
      },
    });
    await send(opened);
    await eventually(
      async () =>
        (await queryOnce(dbUrl, 'select 1 from case_summaries where case_id = $1', [caseId])).length > 0 || undefined,
      'case summary',
    );
    const acceptBy = at(3_600_000).toISOString();
    await send(
      newEvent('dv.referral.created.v1', {
        source: '/services/dv-referral',
        subject: caseId,
        actor: { role: 'system', dept: 'svc:dv-referral' },
        time: at(10),
        data: {
          referralId,
          caseId,
          requestId: randomUUID(),
          department: 'police',
          assignedDept: dept,
          riskLevel: 'high',
          street: station,
          acceptBy,
          createdAt: at(10).toISOString(),
        },
      }),
    );
    await send(
      newEvent('dv.referral.assigned.v1', {
        source: '/services/dv-referral',
        subject: caseId,
        actor: { role: 'police_officer', dept },
        time: at(20),
        data: {
          referralId,
          caseId,
          dept,
          assigneeSub: 'acct-officer-b',
          previousAssigneeSub: null,
          reasonCode: null,
          assignedAt: at(20).toISOString(),
        },
      }),
    );
    return { caseId, referralId, acceptBy, at };
  }

  it('derives notifications for the right recipients: the station, the assigned worker, the referring unit; another department sees none', async () => {
    const { caseId, referralId, acceptBy, at } = await scenario();
    // the acceptance clock the referral started (as the scheduler would announce its breach)
    const clock = await eventually(
      async () =>
        (
          await queryOnce<{ id: string; rule_id: string }>(
            dbUrl,
            'select id, rule_id from clocks where case_id = $1 and subject_key = $2',
            [caseId, referralId],
          )
        )[0],
      'the acceptance clock',
    );
    await send(
      newEvent('oversight.sla.breached.v1', {
        source: '/services/case-timeline',
        subject: caseId,
        actor: { role: 'system', dept: 'svc:case-timeline' },
        time: at(30),
        data: {
          clockId: clock.id,
          ruleId: clock.rule_id,
          subjectKey: referralId,
          caseId,
          severity: 'high',
          dept: 'police:xinqi',
          street: 'xinqi',
          startedAt: at(10).toISOString(),
          deadline: acceptBy,
          breachedAt: at(30).toISOString(),
        },
      }),
    );
    await send(
      newEvent('dv.referral.accepted.v1', {
        source: '/services/dv-referral',
        subject: caseId,
        actor: { role: 'police_officer', dept: 'police:xinqi' },
        time: at(40),
        data: { referralId, caseId, department: 'police', assignedDept: 'police:xinqi', at: at(40).toISOString() },
      }),
    );
    const mineB = await eventually(async () => {
      const l = await list(COLLEAGUE);
      return l.items.filter((i) => i.kind !== 'referral.new').length >= 2 ? l : undefined;
    }, "officer b's notifications");
    // newest first: the breach (to the station and to her), the assignment to her, the new referral (station)
    expect(mineB.items.map((i) => [i.kind, i.recipient])).toEqual([
      ['clock.breached', 'me'],
      ['clock.breached', 'department'],
      ['work.assigned', 'me'],
      ['referral.new', 'department'],
    ]);
    expect(mineB.items.find((i) => i.kind === 'referral.new')).toMatchObject({
      caseNumber: 'BL-2026-000123',
      deadline: acceptBy,
    });
    // officer a of the same station: the station's, not b's own
    expect((await list(STATION)).items.map((i) => i.kind)).toEqual(['clock.breached', 'referral.new']);
    // the referring unit (the case owner; the referral came from intake) learns the referral was accepted
    const owner = await eventually(
      async () => ((await list(OWNER)).items.some((i) => i.kind === 'referral.accepted') ? list(OWNER) : undefined),
      'accepted → the referring unit',
    );
    expect(owner.items.map((i) => i.kind)).toEqual(['referral.accepted']);
    // another department — even with the same account id — sees nothing
    expect((await list(OTHER)).total).toBe(0);
    // no personal data: the text is built from codes and the case number only
    for (const i of [...mineB.items, ...owner.items]) expect(i.text).toMatch(/BL-2026-000123/);
  });

  it('read/unread: mark one, the unread filter, read-all; another department cannot mark it (404)', async () => {
    const W = bearer('police_officer', 'police:chaiqiao', { sub: 'acct-officer-b' });
    const THEM = bearer('police_officer', 'police:xiapu', { sub: 'acct-officer-b' });
    await scenario('chaiqiao');
    const l = await eventually(async () => {
      const r = await list(W, '?unread=true');
      return r.total >= 2 ? r : undefined;
    }, 'unread notifications');
    const first = l.items[0]!;
    const other = await app.inject({ method: 'POST', url: `/notifications/${first.id}/read`, headers: THEM });
    expect(other.statusCode).toBe(404);
    const read = await app.inject({ method: 'POST', url: `/notifications/${first.id}/read`, headers: W });
    expect(read.json()).toMatchObject({ id: first.id, read: true });
    expect((await list(W, '?unread=true')).total).toBe(l.total - 1);
    const all = await app.inject({ method: 'POST', url: '/notifications/read-all', headers: W });
    expect(all.json().marked).toBe(l.total - 1);
    expect((await list(W, '?unread=true')).total).toBe(0);
    expect((await list(W)).items.every((i) => i.read)).toBe(true);
    expect((await app.inject({ url: '/notifications?limit=0', headers: W })).statusCode).toBe(400);
  });

  it('streams a new notification over server-sent events within 5 s, to her only; unauthenticated is 401', async () => {
    const V = bearer('police_officer', 'police:xiapu', { sub: 'acct-officer-b' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await fetch(`${address}/notifications/stream`)).status).toBe(401);
    const ctl = new AbortController();
    const res = await fetch(`${address}/notifications/stream`, { headers: V, signal: ctl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const started = Date.now();
    const { caseId } = await scenario('xiapu');
    let buf = '';
    const deadline = started + 5000;
    try {
      while (!buf.includes('"work.assigned"')) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no notification on the stream within 5 s; got: ${buf}`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`stream silent for 5 s; got: ${buf}`)), left)),
        ]);
        if (chunk.done) break;
        buf += new TextDecoder().decode(chunk.value);
      }
    } finally {
      ctl.abort();
    }
    expect(Date.now() - started).toBeLessThan(5000);
    expect(buf).toContain('event: notification');
    expect(buf).toContain(caseId);
  });
});
