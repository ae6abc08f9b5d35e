import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, queryOnce } from '@linkage/testing';
import { startIntake, type IntakeHarness } from './harness.ts';

const admin = bearer('admin', 'platform:ops');
const operator = bearer('hotline_operator', 'wf:district');

const v2 = {
  version: 'short-2027.1',
  highThreshold: 3,
  mediumThreshold: 2,
  items: [
    { id: 'threat_to_kill', zh: '对方是否威胁要杀您？', en: 'Threats to kill?' },
    { id: 'strangulation', zh: '是否曾掐您的脖子？', en: 'Strangulation?' },
    { id: 'weapon_used', zh: '是否使用过凶器？', en: 'Weapon used?' },
    { id: 'escalating', zh: '暴力是否升级？', en: 'Escalating?' },
    { id: 'very_frightened', zh: '您是否非常害怕？', en: 'Very frightened?' },
  ],
};

describe('intake: the risk checklist is configurable and versioned (real Postgres, real Kafka)', () => {
  let h: IntakeHarness;
  let app: IntakeHarness['app'];
  let tap: IntakeHarness['tap'];
  let dbUrl: string;
  const count = (table: string) => h.count(table);

  beforeAll(async () => {
    h = await startIntake('intake_checklist');
    ({ app, tap, dbUrl } = h);
  });
  afterAll(() => h?.stop());

  it('starts with the built-in 24-item DASH checklist', async () => {
    const res = await app.inject({ url: '/risk-checklist', headers: operator });
    expect(res.json()).toMatchObject({ version: 'dash-2026.1', highThreshold: 14, mediumThreshold: 10 });
    expect(res.json().items).toHaveLength(24);
  });

  it('lets only an admin publish a sound new version, once', async () => {
    expect(
      (await app.inject({ method: 'POST', url: '/risk-checklists', headers: operator, payload: v2 })).statusCode,
    ).toBe(403);
    const unsound = await app.inject({
      method: 'POST',
      url: '/risk-checklists',
      headers: admin,
      payload: { ...v2, mediumThreshold: 4 },
    });
    expect(unsound.statusCode).toBe(400);
    expect(unsound.json().code).toBe('invalid_checklist');
    expect(await count('risk_checklists')).toBe(0);
    const ok = await app.inject({ method: 'POST', url: '/risk-checklists', headers: admin, payload: v2 });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(
      (await app.inject({ method: 'POST', url: '/risk-checklists', headers: admin, payload: v2 })).statusCode,
    ).toBe(409);
    expect((await app.inject({ url: '/risk-checklist', headers: operator })).json().version).toBe('short-2027.1');
    const audits = await queryOnce<{ action: string; role: string }>(
      dbUrl,
      "select action, role from audit_log where entity_type = 'risk_checklist'",
    );
    expect(audits).toEqual([{ action: 'risk_checklist.published', role: 'admin' }]);
  });

  it('scores new screenings with the active version, and refuses answers from another version', async () => {
    const stale = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        needs: [],
        risk: { yes: ['threat_to_kill', 'isolated'] },
      },
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({ code: 'unknown_checklist_item', errors: [{ path: '/risk/yes/1' }] });
    expect(await count('cases')).toBe(0);

    const res = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        needs: [],
        risk: { yes: ['threat_to_kill', 'strangulation', 'weapon_used'] },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().riskLevel).toBe('high');
    const assessed = await tap.waitFor(
      (t) => t.events.find((e) => e.subject === res.json().id && e.type === 'intake.risk.assessed.v1'),
      'risk.assessed',
    );
    expect(assessed.data).toMatchObject({ checklistVersion: 'short-2027.1', yesCount: 3, level: 'high' });
    const stored = await queryOnce<{ checklist_version: string }>(
      dbUrl,
      'select checklist_version from risk_assessments where case_id = $1',
      [res.json().id],
    );
    expect(stored).toEqual([{ checklist_version: 'short-2027.1' }]);
  });
});
