import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
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
 * One case, one id (issue 12), every service its own process, driven through the HTTP APIs: a woman walks into the
 * legal aid centre with no hotline case; legal-aid gives the application a case id, intake opens the case under it
 * (with its case number), and the coordinator's timeline in case-timeline shows the case and the application.
 */
describe('a direct legal aid application: legal-aid → intake → case-timeline', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'e2e-legal-aid-direct', logger: pino({ level: 'silent' }) });
  const names = ['intake', 'legal-aid', 'case-timeline'];
  const svcs: Record<string, RunningService> = {};
  const officer = bearer('legal_aid_officer', 'legal_aid:beilun');
  const coordinator = bearer('coordinator', 'wcw:district');

  const call = async (svc: string, method: string, path: string, headers: Record<string, string>, body?: object) => {
    const res = await fetch(`${svcs[svc]!.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    const started = await Promise.all(
      names.map(async (n) =>
        startService(
          n,
          serviceEnv({
            databaseUrl: await freshDatabase(`e2e_${n.replace('-', '_')}`),
            brokers,
            topicPrefix: prefix,
            extra: { LOG_LEVEL: 'warn' },
          }),
        ),
      ),
    );
    for (const s of started) svcs[s.name] = s;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(Object.values(svcs).map((s) => s.kill('SIGTERM')));
  });

  it('the walk-in application has a case id; intake opens the case with its number; the timeline shows both', async () => {
    const submitted = await call('legal-aid', 'POST', '/applications', officer, {
      channel: 'walk_in',
      matterType: 'dv_protection_order',
      proceedings: 'civil',
      urgency: 'urgent',
      applicant: {
        name: '陈某英',
        gender: 'female',
        phone: '13911112222',
        address: '小港街道某路 3 号',
        street: 'xiaogang',
      },
      documents: ['id_document'],
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const caseId = submitted.body.caseId as string;
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    // intake knows the case: its number, owned by the centre, no personal data of hers
    const intakeCase = await eventually(
      async () => {
        const r = await call('intake', 'GET', `/cases/${caseId}`, coordinator);
        return r.status === 200 && r.body;
      },
      'the intake case opened for the application',
      60_000,
    );
    expect(intakeCase).toMatchObject({ caseNumber: expect.stringMatching(/^BL-\d{4}-\d{6}$/), identified: false });

    // the coordinator's timeline: the application and the case, under one id, with the decision clock
    type Timeline = { entries: { type: string; summary: string }[]; clocks: { ruleId: string; state: string }[] };
    const timeline = await eventually(
      async () => {
        const r = await call('case-timeline', 'GET', `/cases/${caseId}/timeline`, coordinator);
        if (r.status !== 200) return undefined;
        const t = r.body as unknown as Timeline;
        const types = t.entries.map((e) => e.type);
        return types.includes('intake.case.opened.v1') && types.includes('legal_aid.application.received.v1') && t;
      },
      'the timeline of the direct application',
      60_000,
    );
    expect(timeline.clocks.some((c) => c.ruleId === 'legal_aid_decision' && c.state === 'pending')).toBe(true);
    const opening = timeline.entries.find((e) => e.type === 'intake.case.opened.v1')!;
    expect(opening.summary).toContain(intakeCase.caseNumber as string);
    const raw = JSON.stringify(timeline) + JSON.stringify(intakeCase);
    for (const v of ['陈某英', '13911112222', '小港街道某路']) expect(raw).not.toContain(v);

    // the application itself stays under that case id
    const status = await call('legal-aid', 'GET', `/cases/${caseId}/legal-aid`, officer);
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    expect(status.body.items).toMatchObject([{ id: submitted.body.id, caseId }]);
  });
});
