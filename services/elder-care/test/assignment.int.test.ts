import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, ensureTopics, TopicTap } from '@linkage/messaging';
import { bearer, freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { elderCareConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
const A = bearer('elder_care_officer', 'civil_affairs:xinqi', { sub: 'acct-ec-xinqi-a', streets: ['xinqi'] });
const B = bearer('elder_care_officer', 'civil_affairs:xinqi', { sub: 'acct-ec-xinqi-b', streets: ['xinqi'] });
const DAQI = bearer('elder_care_officer', 'civil_affairs:daqi', { sub: 'acct-ec-daqi', streets: ['daqi'] });

// Assignment of elder-care clients to an office's officers (issue 12).
describe('elder-care: assign, reassign, my work, unassigned (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'elder-assign-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let tap: TopicTap;
  let dbUrl: string;
  const now = new Date('2026-11-28T10:00:00.000Z');

  beforeAll(async () => {
    dbUrl = await freshDatabase('ecassign');
    await ensureTopics(kafka, prefix);
    app = await buildApp(elderCareConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
      clock: () => now,
    });
    await app.ready();
    tap = await new TopicTap(kafka, [prefix + TOPICS.elderCare]).start();
  });
  afterAll(async () => {
    await tap?.stop();
    await app?.close();
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
  const client = () =>
    ok(
      'POST',
      '/clients',
      A,
      { person: { name: '王秀英', phone: '13900000000' }, street: 'xinqi', livingSituation: 'alone', hardship: [] },
      201,
    ) as Promise<{ id: string; caseId: string; version: number }>;
  const ids = (b: { items: { id: string }[] }) => b.items.map((i) => i.id);

  it('assigns, reassigns with a reason (audited, encrypted, de-identified event), lists my work and the unassigned', async () => {
    const c1 = await client();
    const c2 = await client();
    await ok('GET', '/clients', A);
    await ok('GET', '/clients', B);
    const a = await ok('POST', `/clients/${c1.id}/assign`, A, { assignee: 'acct-ec-xinqi-a', version: c1.version });
    expect(a).toMatchObject({ assigneeSub: 'acct-ec-xinqi-a', version: c1.version + 1 });
    expect(ids(await ok('GET', '/clients?assignee=me', A))).toEqual([c1.id]);
    const none = ids(await ok('GET', '/clients?assignee=none', B));
    expect(none).toContain(c2.id);
    expect(none).not.toContain(c1.id);
    const re = await ok('POST', `/clients/${c1.id}/reassign`, A, {
      assignee: 'acct-ec-xinqi-b',
      version: a.version,
      reasonCode: 'workload',
      reason: '王秀英家较远，换人上门',
    });
    expect(re).toMatchObject({ assigneeSub: 'acct-ec-xinqi-b', previousAssigneeSub: 'acct-ec-xinqi-a' });
    expect(ids(await ok('GET', '/clients?assignee=me', B))).toEqual([c1.id]);
    expect(
      (
        await queryOnce<{ reason: string }>(
          dbUrl,
          "select reason from audit_log where action = 'elder_client.reassigned' and entity_id = $1",
          [c1.id],
        )
      )[0]!.reason,
    ).toBe('workload');
    const [log] = await queryOnce<{ id: string; reason_enc: string }>(
      dbUrl,
      'select id, reason_enc from assignment_log where record_id = $1 and reason_enc is not null',
      [c1.id],
    );
    expect(app.cipher.decrypt(log!.reason_enc, log!.id)).toBe('王秀英家较远，换人上门');
    const e = await tap.waitFor(
      (t) =>
        t.events.find((x) => x.type === 'elder_care.client.assigned.v1' && x.data.assigneeSub === 'acct-ec-xinqi-b'),
      'the reassignment event',
    );
    expect(e).toMatchObject({
      subject: c1.caseId,
      data: {
        clientId: c1.id,
        caseId: c1.caseId,
        dept: 'civil_affairs:xinqi',
        previousAssigneeSub: 'acct-ec-xinqi-a',
        reasonCode: 'workload',
      },
    });
    expect(JSON.stringify(tap.events)).not.toContain('王秀英');
    expect(JSON.stringify(await queryOnce(dbUrl, 'select * from audit_log'))).not.toContain('较远');
  });

  it('refuses another street office (403), a stale version (412), an officer of another office (409)', async () => {
    const c = await client();
    await ok('GET', '/clients', DAQI);
    expect(
      (await call('POST', `/clients/${c.id}/assign`, DAQI, { assignee: 'acct-ec-daqi', version: c.version })).status,
    ).toBe(403);
    expect(
      (await call('POST', `/clients/${c.id}/assign`, A, { assignee: 'acct-ec-daqi', version: c.version })).body.code,
    ).toBe('assignee_not_in_department');
    expect(
      (await call('POST', `/clients/${c.id}/assign`, A, { assignee: 'acct-ec-xinqi-b', version: c.version + 1 }))
        .status,
    ).toBe(412);
    expect((await queryOnce(dbUrl, 'select 1 from work_assignments where record_id = $1', [c.id])).length).toBe(0);
    expect(ids(await ok('GET', '/clients?assignee=none', DAQI))).not.toContain(c.id);
  });
});
