import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import {
  bearer,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  queryOnce,
  serviceEnv,
  startService,
  testInfra,
  type RunningService,
} from '@linkage/testing';
import { ITEM_IDS, ITEM_MAX } from '../src/domain/assessment/levels.ts';

/**
 * The elder-care path with every service as its own process, driven through the HTTP APIs:
 * intake (an elderly woman's case) → elder-care (referral, assessment, respite, safeguarding)
 * → dv-referral (the safeguarding concern becomes a police referral) → case-timeline (all of it).
 */
describe('elder-care path: intake → elder-care → dv-referral → case-timeline', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'e2e-elder', logger: pino({ level: 'silent' }) });
  const names = ['intake', 'elder-care', 'dv-referral', 'case-timeline'];
  const dbs: Record<string, string> = {};
  const svcs: Record<string, RunningService> = {};
  const officer = bearer('elder_care_officer', 'civil_affairs:daqi', { streets: ['daqi'] });

  const call = async (svc: string, method: string, path: string, headers: Record<string, string>, body?: object) => {
    const res = await fetch(`${svcs[svc]!.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & { items?: Record<string, unknown>[] },
    };
  };

  beforeAll(async () => {
    for (const n of names) dbs[n] = await freshDatabase(`e2e_${n.replace('-', '_')}`);
    await ensureTopics(kafka, prefix);
    const started = await Promise.all(
      names.map((n) =>
        startService(
          n,
          serviceEnv({ databaseUrl: dbs[n]!, brokers, topicPrefix: prefix, extra: { LOG_LEVEL: 'warn' } }),
        ),
      ),
    );
    for (const s of started) svcs[s.name] = s;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(Object.values(svcs).map((s) => s.kill('SIGTERM')));
  });

  it('an elderly woman referred at the hotline is assessed, gets respite, and a safeguarding concern reaches the police', async () => {
    const opened = await call('intake', 'POST', '/cases', bearer('hotline_operator', 'wf:district'), {
      channel: 'hotline_12338',
      category: 'elder_abuse',
      victim: { sex: 'female', age: 78, street: 'daqi' },
      needs: ['elder_care'],
      consent: { elder_care: true, police: false },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const caseId = opened.body.id as string;

    const client = await eventually(
      async () => (await call('elder-care', 'GET', '/clients', officer)).body.items?.find((c) => c.caseId === caseId),
      'the elder-care client for the case',
      30_000,
    );
    const provider = await call('elder-care', 'POST', '/facilities', bearer('admin', 'platform:ops'), {
      kind: 'respite_provider',
      name: '大碶喘息服务站',
      street: 'daqi',
      capacity: 5,
    });
    const items = Object.fromEntries(ITEM_IDS.map((id) => [id, Math.floor(ITEM_MAX[id]! / 2)]));
    const assessed = await call('elder-care', 'POST', `/clients/${client.id}/assessments`, officer, { items });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(201);
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const booked = await call('elder-care', 'POST', `/clients/${client.id}/respite-bookings`, officer, {
      facilityId: provider.body.id,
      startDate: start,
      endDate: start,
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const flag = await call('elder-care', 'POST', `/clients/${client.id}/safeguarding`, officer, {
      concerns: ['neglect'],
      riskLevel: 'medium',
      consent: true,
      wishes: '同意转介',
    });
    expect(flag.body).toMatchObject({ outcome: 'referred', consentBasis: 'consent' });

    // dv-referral opened a police referral from the safeguarding concern (once).
    const referrals = await eventually(
      async () => {
        const rows = await queryOnce<{ department: string; case_id: string }>(
          dbs['dv-referral']!,
          'select department, case_id from referrals where safeguarding_id = $1',
          [flag.body.id],
        );
        return rows.length > 0 && rows;
      },
      'a DV referral from the safeguarding concern',
      30_000,
    );
    expect(referrals).toEqual([{ department: 'police', case_id: caseId }]);

    // The case timeline shows every step, from every department, in order.
    const wanted = [
      'intake.case.opened.v1',
      'elder_care.client.referred.v1',
      'elder_care.assessment.completed.v1',
      'elder_care.respite.booked.v1',
      'elder_care.safeguarding.raised.v1',
      'dv.referral.created.v1',
    ];
    const entries = await eventually(
      async () => {
        const res = await call(
          'case-timeline',
          'GET',
          `/cases/${caseId}/timeline`,
          bearer('coordinator', 'wcw:district'),
        );
        const types = ((res.body.entries as { type: string }[] | undefined) ?? []).map((e) => e.type);
        return wanted.every((t) => types.includes(t)) && types;
      },
      'the elder-care steps on the case timeline',
      30_000,
    );
    const pos = (t: string) => entries.indexOf(t);
    expect(pos('elder_care.client.referred.v1')).toBeGreaterThan(pos('intake.case.opened.v1'));
    expect(pos('elder_care.assessment.completed.v1')).toBeGreaterThan(pos('elder_care.client.referred.v1'));
    expect(pos('dv.referral.created.v1')).toBeGreaterThan(pos('elder_care.safeguarding.raised.v1'));
  }, 120_000);
});
