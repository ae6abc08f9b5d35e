import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, queryOnce, untilReady } from '@linkage/testing';
import { startIntake, type IntakeHarness } from './harness.ts';
import { CHECKLIST_ITEM_IDS } from '../src/domain/risk/checklist.ts';

const operator = bearer('hotline_operator', 'wf:district');

describe('intake: opening a case (real Postgres, real Kafka)', () => {
  let h: IntakeHarness;
  let app: IntakeHarness['app'];
  let tap: IntakeHarness['tap'];
  let dbUrl: string;

  beforeAll(async () => {
    h = await startIntake('intake');
    ({ app, tap, dbUrl } = h);
  });
  afterAll(() => h?.stop());

  it('opens a high-risk DV case and emits case.opened and a referral request to DV, without personal data', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        victim: { name: '李某某', sex: 'female', age: 34, phone: '13800000000', street: 'xinqi' },
        needs: ['dv_protection', 'legal_aid'],
        risk: { yes: CHECKLIST_ITEM_IDS.slice(0, 15) },
        narrative: '丈夫殴打并威胁要杀死她',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.caseNumber).toMatch(/^BL-\d{4}-\d{6}$/);
    expect(body.riskLevel).toBe('high');
    // no consent recorded: DV proceeds on the high-risk exception; legal aid is held back
    expect(body.referrals).toEqual([expect.objectContaining({ target: 'dv', consentBasis: 'high_risk_exception' })]);
    expect(body.withheld).toEqual([{ target: 'legal_aid', reason: 'consent_withheld' }]);

    const events = await tap.waitFor((t) => {
      const mine = t.events.filter((e) => e.subject === body.id);
      return mine.length >= 3 && mine;
    }, 'case.opened, risk.assessed and referral.requested');
    expect(events.map((e) => e.type)).toEqual([
      'intake.case.opened.v1',
      'intake.risk.assessed.v1',
      'intake.referral.requested.v1',
    ]);
    expect(events[1]!.type === 'intake.risk.assessed.v1' && events[1]!.data).toMatchObject({
      checklistVersion: 'dash-2026.1',
      yesCount: 15,
      level: 'high',
      previousLevel: null,
    });
    expect(events[0]!.actor).toBe('hotline_operator@wf:district');
    expect(events[0]!.correlationid).toBe(res.headers['x-correlation-id']);
    const raw = tap.messages
      .filter((m) => m.key === body.id)
      .map((m) => m.raw)
      .join('\n');
    for (const secret of ['李某某', '13800000000', '殴打']) expect(raw).not.toContain(secret);

    // personal data is encrypted at rest
    const [row] = await queryOnce<{ victim_enc: string; narrative_enc: string }>(
      dbUrl,
      'select victim_enc, narrative_enc from cases where id = $1',
      [body.id],
    );
    expect(row!.victim_enc).toMatch(/^v1\./);
    expect(row!.victim_enc).not.toContain('李某某');
    expect(row!.narrative_enc).not.toContain('殴打');
  });

  it('rejects bad input with Problem Details and writes nothing', async () => {
    const before = await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from cases');
    for (const payload of [
      { channel: 'carrier_pigeon', category: 'domestic_violence', needs: [] },
      { channel: 'hotline_12338', category: 'domestic_violence', needs: 'dv_protection' },
      { channel: 'hotline_12338', category: 'domestic_violence', needs: [], victim: { age: '34' } },
      { channel: 'hotline_12338', category: 'domestic_violence', needs: [], unexpected: true },
      { channel: 'hotline_12338', category: 'domestic_violence', needs: [], narrative: 'x'.repeat(10_001) },
      { channel: 'hotline_12338', category: 'domestic_violence', needs: [], risk: { yes: [], judgement: 'high' } },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/cases', headers: operator, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 400, type: expect.stringContaining('/problems/') });
    }
    const after = await queryOnce<{ n: number }>(dbUrl, 'select count(*)::int as n from cases');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses roles that may not open cases, and callers without a token', async () => {
    const payload = { channel: 'hotline_12338', category: 'domestic_violence', needs: [] };
    expect((await app.inject({ method: 'POST', url: '/cases', payload })).statusCode).toBe(401);
    const police = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: bearer('police_officer', 'police:xinqi'),
      payload,
    });
    expect(police.statusCode).toBe(403);
    expect(police.json().code).toBe('role_not_allowed');
  });

  it('shows personal data only to the owning department, and audits the view', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'walk_in',
        category: 'domestic_violence',
        needs: [],
        victim: { name: '王某', street: 'daqi' },
        consent: { police: true },
      },
    });
    const id = opened.json().id;
    const own = await app.inject({ method: 'GET', url: `/cases/${id}`, headers: operator });
    expect(own.json()).toMatchObject({ identified: true, victim: { name: '王某' } });
    const coord = await app.inject({
      method: 'GET',
      url: `/cases/${id}`,
      headers: bearer('coordinator', 'wcw:district'),
    });
    expect(coord.statusCode).toBe(200);
    expect(coord.json().identified).toBe(false);
    expect(coord.body).not.toContain('王某');
    const audits = await queryOnce<{ action: string; role: string }>(
      dbUrl,
      'select action, role from audit_log where entity_id = $1 order by id',
      [id],
    );
    expect(audits).toEqual([
      { action: 'case.opened', role: 'hotline_operator' },
      { action: 'case.personal_data.viewed', role: 'hotline_operator' },
    ]);
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await untilReady(app)).json()).toMatchObject({ status: 'ready', checks: { database: 'ok', kafka: 'ok' } });
    const doc = (await app.inject('/docs/json')).json();
    expect(doc.paths['/cases']).toBeDefined();
  });
});
