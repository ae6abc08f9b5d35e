import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { INDICATOR_11 } from '@linkage/contracts';
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
 * Issue 14: plan indicator 11 (女性获得法律援助人数) is defined once (contracts INDICATOR_11), and the legal aid
 * service's own count and the coordinator's view in case-timeline give the same number for the same data — the
 * total and each street. legal-aid and case-timeline run as processes on the real broker and Postgres; the data is
 * made through legal-aid's HTTP API only.
 */
describe('indicator 11: legal-aid and the coordinator view agree', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'e2e-ind11', logger: pino({ level: 'silent' }) });
  const svcs: Record<string, RunningService> = {};
  const officer = bearer('legal_aid_officer', 'legal_aid:beilun');
  const coordinator = bearer('coordinator', 'wcw:district');
  // The same period for both: the coordinator's view takes whole Beijing days (from/to inclusive), legal-aid takes
  // instants [from, to) — yesterday, today and tomorrow in Beijing, so a run across midnight counts the same.
  const beijingDay = (offsetDays: number) =>
    new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const days = { from: beijingDay(-1), to: beijingDay(1) };
  const from = `${days.from}T00:00:00+08:00`;
  const to = `${beijingDay(2)}T00:00:00+08:00`;

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    const started = await Promise.all(
      ['legal-aid', 'case-timeline'].map(async (name) => {
        const databaseUrl = await freshDatabase(`e2e_ind11_${name.replace('-', '_')}`);
        const env = serviceEnv({ databaseUrl, brokers, topicPrefix: prefix, extra: { LOG_LEVEL: 'warn' } });
        return startService(name, env);
      }),
    );
    for (const s of started) svcs[s.name] = s;
  });
  afterAll(async () => {
    await Promise.all(Object.values(svcs).map((s) => s.kill('SIGTERM')));
  });

  const post = async (path: string, body: object) => {
    const res = await fetch(`${svcs['legal-aid']!.url}${path}`, {
      method: 'POST',
      headers: { ...officer, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id: string; caseId: string };
    expect(res.status, `${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  };
  const submit = (o: { sex: 'female' | 'male'; street: string; caseId?: string; matterType?: string }) =>
    post('/applications', {
      channel: 'walk_in',
      matterType: o.matterType ?? 'divorce',
      proceedings: 'civil',
      urgency: 'normal',
      applicant: { name: '某申请人', gender: o.sex, street: o.street },
      documents: ['id_document'],
      summary: 'Divorce and custody.',
      meansTest: { basis: 'hardship_personal_pledge', meetsHardshipStandard: true },
      ...(o.caseId ? { caseId: o.caseId } : {}),
    });
  const approve = (id: string) => post(`/applications/${id}/approve`, {});
  const urgentAid = (id: string) =>
    post(`/applications/${id}/urgent-aid`, { ground: 'limitation_within_7_days', reason: '时效即将届满' });

  const legalAid = async () => {
    const q = new URLSearchParams({ from, to });
    const res = await fetch(`${svcs['legal-aid']!.url}/indicators/women-granted?${q}`, {
      headers: officer,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { total: number; definition: string; byStreet: { street: string; count: number }[] };
  };
  const coordinatorView = async (street?: string) => {
    const q = new URLSearchParams({ ...days, ...(street ? { street } : {}) });
    const res = await fetch(`${svcs['case-timeline']!.url}/oversight/indicators?${q}`, { headers: coordinator });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { indicators: { id: string; value: number | null; definition: string }[] };
    return body.indicators.find((i) => i.id === INDICATOR_11.id)!;
  };

  it('the same total and the same count per street, for women granted aid directly, urgently, or twice', async () => {
    // A: urgent aid started, not yet decided (LAL Art. 44) — she has received legal aid
    await urgentAid((await submit({ sex: 'female', street: 'meishan' })).id);
    // B: one woman (one case), two approved applications — counted once
    const caseB = randomUUID();
    for (const matterType of ['divorce', 'property_division'])
      await approve((await submit({ sex: 'female', street: 'baifeng', caseId: caseB, matterType })).id);
    // C: approved; D: urgent aid, then approved — once
    await approve((await submit({ sex: 'female', street: 'xinqi' })).id);
    const d = await submit({ sex: 'female', street: 'xinqi' });
    await urgentAid(d.id);
    await approve(d.id);
    // not counted: a man approved; a woman whose application is still undecided
    await approve((await submit({ sex: 'male', street: 'xinqi' })).id);
    await submit({ sex: 'female', street: 'daqi' });

    const own = await legalAid();
    expect(own.definition).toBe(INDICATOR_11.definition);
    expect(own.total).toBe(4);
    // the coordinator's view counts from the events: wait (bounded) until case-timeline has consumed them all
    const view = await eventually(
      async () => {
        const i = await coordinatorView();
        return i.value === own.total && i;
      },
      `case-timeline indicator 11 to reach legal-aid's ${own.total}`,
      60_000,
    );
    expect(view.definition).toBe(own.definition);
    for (const street of ['meishan', 'baifeng', 'xinqi', 'daqi']) {
      const mine = own.byStreet.find((s) => s.street === street)?.count ?? 0;
      expect((await coordinatorView(street)).value, street).toBe(mine);
    }
    expect(own.byStreet.find((s) => s.street === 'xinqi')?.count).toBe(2);
  });
});
