import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, ensureTopics, TopicTap } from '@linkage/messaging';
import { bearer, freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { legalAidConfig } from '../src/config.ts';

const logger = pino({ level: 'silent' });
const A = bearer('legal_aid_officer', 'legal_aid:beilun', { sub: 'acct-la-a' });
const B = bearer('legal_aid_officer', 'legal_aid:beilun', { sub: 'acct-la-b' });
const OTHER_CENTRE = bearer('legal_aid_officer', 'legal_aid:zhenhai', { sub: 'acct-la-zh' });

// Assignment of the centre's applications to its officers (issue 12).
describe('legal-aid: assign, reassign, my work, unassigned (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'legal-aid-assign-test', logger });
  let app: Awaited<ReturnType<typeof buildApp>>;
  let tap: TopicTap;
  let dbUrl: string;
  const now = new Date('2026-11-28T10:00:00.000Z');

  beforeAll(async () => {
    dbUrl = await freshDatabase('laassign');
    await ensureTopics(kafka, prefix);
    app = await buildApp(legalAidConfig(serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix })), {
      logger,
      clock: () => now,
    });
    await app.ready();
    tap = await new TopicTap(kafka, [prefix + TOPICS.legalAid]).start();
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
  const submit = async () =>
    ok(
      'POST',
      '/applications',
      A,
      {
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
      },
      201,
    ) as Promise<{ id: string; caseId: string; version: number }>;
  const ids = (b: { items: { id: string }[] }) => b.items.map((i) => i.id);

  it('assigns, reassigns with a reason (audited category, encrypted text, de-identified event), lists my work and the unassigned', async () => {
    const one = await submit();
    const two = await submit();
    await ok('GET', '/applications', A);
    await ok('GET', '/applications', B);
    const a = await ok('POST', `/applications/${one.id}/assign`, A, { assignee: 'acct-la-b', version: one.version });
    expect(a).toMatchObject({ assigneeSub: 'acct-la-b', previousAssigneeSub: null, version: one.version + 1 });
    expect(ids(await ok('GET', '/applications?assignee=me', B))).toEqual([one.id]);
    const none = ids(await ok('GET', '/applications?assignee=none', A));
    expect(none).toContain(two.id);
    expect(none).not.toContain(one.id);

    const re = await ok('POST', `/applications/${one.id}/reassign`, B, {
      assignee: 'acct-la-a',
      version: a.version,
      reasonCode: 'conflict_of_interest',
      reason: '与申请人王小红相识',
    });
    expect(re.previousAssigneeSub).toBe('acct-la-b');
    expect(ids(await ok('GET', '/applications?assignee=me', A))).toEqual([one.id]);
    expect(ids(await ok('GET', '/applications?assignee=me', B))).toEqual([]);

    const audits = await queryOnce<{ action: string; reason: string | null }>(
      dbUrl,
      "select action, reason from audit_log where entity_id = $1 and action like '%assigned' order by id",
      [one.id],
    );
    expect(audits).toEqual([
      { action: 'legal_aid_application.assigned', reason: null },
      { action: 'legal_aid_application.reassigned', reason: 'conflict_of_interest' },
    ]);
    const [log] = await queryOnce<{ id: string; reason_enc: string }>(
      dbUrl,
      'select id, reason_enc from assignment_log where record_id = $1 and reason_enc is not null',
      [one.id],
    );
    expect(app.cipher.decrypt(log!.reason_enc, log!.id)).toBe('与申请人王小红相识');
    expect(
      JSON.stringify(await queryOnce(dbUrl, 'select * from audit_log')) +
        JSON.stringify(await queryOnce(dbUrl, 'select payload from outbox')),
    ).not.toContain('相识');

    const evs = await tap.waitFor((t) => {
      const e = t.events.filter(
        (x) => x.type === 'legal_aid.application.assigned.v1' && x.data.applicationId === one.id,
      );
      return e.length === 2 ? e : undefined;
    }, 'two legal_aid.application.assigned.v1');
    // a direct application gets its own case id (intake opens the case under it): the case id is the subject
    expect(one.caseId).toEqual(expect.any(String));
    expect(evs[1]).toMatchObject({
      subject: one.caseId,
      data: {
        applicationId: one.id,
        caseId: one.caseId,
        dept: 'legal_aid:beilun',
        assigneeSub: 'acct-la-a',
        previousAssigneeSub: 'acct-la-b',
        reasonCode: 'conflict_of_interest',
      },
    });
    expect(JSON.stringify(evs)).not.toContain('王小红');
  });

  it('refuses another centre (403), a stale version (412), an unknown worker (409) — nothing changes', async () => {
    const app1 = await submit();
    await ok('GET', '/applications', OTHER_CENTRE);
    expect(
      (
        await call('POST', `/applications/${app1.id}/assign`, OTHER_CENTRE, {
          assignee: 'acct-la-zh',
          version: app1.version,
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('POST', `/applications/${app1.id}/assign`, A, { assignee: 'acct-la-zh', version: app1.version })).body
        .code,
    ).toBe('assignee_not_in_department');
    expect(
      (await call('POST', `/applications/${app1.id}/assign`, A, { assignee: 'acct-la-b', version: app1.version + 5 }))
        .status,
    ).toBe(412);
    expect((await queryOnce(dbUrl, 'select 1 from work_assignments where record_id = $1', [app1.id])).length).toBe(0);
    expect(ids(await ok('GET', '/applications?assignee=none', OTHER_CENTRE))).toEqual([]);
  });
});
