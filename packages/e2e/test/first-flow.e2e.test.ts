import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { createKafka, ensureTopics, TopicTap } from '@linkage/messaging';
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

/**
 * The first end-to-end linkage flow, with each service running as its own process against the
 * real broker and real Postgres, driven only through the HTTP APIs:
 * intake (POST a case) → dv-referral (police referral) → case-timeline (both, in order).
 */
describe('first linkage flow: intake → dv-referral → case-timeline', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'e2e', logger: pino({ level: 'silent' }) });
  const dbs: Record<string, string> = {};
  const svcs: Record<string, RunningService> = {};
  let tap: TopicTap;

  const envFor = (name: string) =>
    serviceEnv({ databaseUrl: dbs[name]!, brokers, topicPrefix: prefix, extra: { LOG_LEVEL: 'warn' } });
  const operator = bearer('hotline_operator', 'wf:district');
  const coordinator = bearer('coordinator', 'wcw:district');

  const openCase = async (street = 'xinqi') => {
    const res = await fetch(`${svcs.intake!.url}/cases`, {
      method: 'POST',
      headers: { ...operator, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'hotline_12338',
        category: 'domestic_violence',
        victim: { sex: 'female', age: 34, street },
        needs: ['dv_protection'],
        consent: { police: true },
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; caseNumber: string };
  };

  beforeAll(async () => {
    for (const name of ['intake', 'dv-referral', 'case-timeline'])
      dbs[name] = await freshDatabase(`e2e_${name.replace('-', '_')}`);
    await ensureTopics(kafka, prefix);
    const started = await Promise.all(
      ['intake', 'dv-referral', 'case-timeline'].map((n) => startService(n, envFor(n))),
    );
    for (const s of started) svcs[s.name] = s;
    tap = await new TopicTap(kafka, [prefix + TOPICS.dv]).start();
  });

  afterAll(async () => {
    await tap?.stop();
    await Promise.all(Object.values(svcs).map((s) => s.kill('SIGTERM')));
  });

  it('a hotline case reaches the police and shows on the coordinator’s timeline, in order', async () => {
    const opened = await openCase('xinqi');

    // dv-referral created a police referral for Xinqi's station, visible to that station only.
    const police = bearer('police_officer', 'police:xinqi');
    const referral = await eventually(async () => {
      const res = await fetch(`${svcs['dv-referral']!.url}/referrals`, { headers: police });
      const body = (await res.json()) as {
        items: { caseId: string; department: string; assignedDept: string; status: string }[];
      };
      return body.items.find((r) => r.caseId === opened.id);
    }, 'a police referral for the case');
    expect(referral).toMatchObject({ department: 'police', assignedDept: 'police:xinqi', status: 'requested' });
    const otherStation = await fetch(`${svcs['dv-referral']!.url}/referrals`, {
      headers: bearer('police_officer', 'police:daqi'),
    });
    expect(
      ((await otherStation.json()) as { items: { caseId: string }[] }).items.some((r) => r.caseId === opened.id),
    ).toBe(false);

    const timeline = await eventually(async () => {
      const res = await fetch(`${svcs['case-timeline']!.url}/cases/${opened.id}/timeline`, { headers: coordinator });
      if (res.status !== 200) return undefined;
      const body = (await res.json()) as {
        entries: { type: string; actor: { role: string; dept: string }; occurredAt: string; summary: string }[];
      };
      return body.entries.length >= 3 && body.entries;
    }, 'three timeline entries');
    expect(timeline.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.referral.requested.v1',
      'dv.referral.created.v1',
    ]);
    expect(timeline[0]!.actor).toEqual({ role: 'hotline_operator', dept: 'wf:district' });
    expect(timeline[2]!.actor).toEqual({ role: 'system', dept: 'svc:dv-referral' });
    const times = timeline.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(timeline[0]!.summary).toContain(opened.caseNumber);
  });

  it('killing dv-referral mid-stream loses nothing and doubles nothing', async () => {
    const N = 30;
    const cases: string[] = [];
    for (let i = 0; i < N / 2; i++) cases.push((await openCase()).id);
    // Hard kill: no graceful shutdown, offsets and outbox marks may be left behind.
    const killed = svcs['dv-referral']!;
    await killed.kill('SIGKILL');
    // The process killed was the service itself: nothing answers on its port any more.
    const answer = await fetch(`${killed.url}/readyz`).then(
      (r) => `HTTP ${r.status}`,
      () => undefined,
    );
    expect(answer, 'the killed dv-referral still answers').toBeUndefined();
    for (let i = 0; i < N / 2; i++) cases.push((await openCase()).id);
    svcs['dv-referral'] = await startService('dv-referral', envFor('dv-referral'));

    // Every case has exactly one referral in dv-referral's database...
    const perCase = await eventually(
      async () => {
        const rows = await queryOnce<{ case_id: string; n: number }>(
          dbs['dv-referral']!,
          'select case_id, count(*)::int as n from referrals where case_id = any($1::uuid[]) group by case_id',
          [cases],
        );
        return rows.length === N && rows;
      },
      `referrals for all ${N} cases`,
      60_000,
    );
    expect(perCase.every((r) => r.n === 1)).toBe(true);

    // ...exactly one distinct dv.referral.created event per case (the relay may re-send after a crash; ids stay the
    // same)...
    const created = await tap.waitFor(
      (t) => {
        const ids = new Set(
          t.events.filter((e) => e.type === 'dv.referral.created.v1' && cases.includes(e.subject)).map((e) => e.id),
        );
        return ids.size >= N && ids;
      },
      `${N} dv.referral.created events`,
      60_000,
    );
    expect(created.size).toBe(N);

    // ...and the timeline holds each once.
    const entries = await eventually(
      async () => {
        const rows = await queryOnce<{ n: number }>(
          dbs['case-timeline']!,
          "select count(*)::int as n from timeline_entries where type = 'dv.referral.created.v1' and case_id = any($1::uuid[])",
          [cases],
        );
        return rows[0]!.n >= N && rows[0]!.n;
      },
      'timeline entries for every referral',
      60_000,
    );
    expect(entries).toBe(N);
  });
});
