import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '@linkage/testing';
import { startIntake, type IntakeHarness } from './harness.ts';

// Case and receipt numbers carry the year in Beijing (Asia/Shanghai, UTC+8), not UTC.
describe('intake: numbers are of the Beijing year (real Postgres, real Kafka)', () => {
  let h: IntakeHarness;
  const now = new Date('2026-12-31T16:30:00.000Z'); // 00:30 on 1 January 2027, Beijing time
  beforeAll(async () => {
    h = await startIntake('intake_year', { clock: () => now });
  });
  afterAll(() => h?.stop());

  it('a case opened at 00:30 on 1 January Beijing time gets the new year’s case number', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: bearer('hotline_operator', 'wf:district'),
      payload: {
        channel: 'hotline_12338',
        category: 'domestic_violence',
        victim: { sex: 'female', age: 34, street: 'xinqi' },
        needs: ['dv_protection'],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().caseNumber).toMatch(/^BL-2027-\d{6}$/);
  });

  it('a mandatory report received then gets the new year’s receipt number (ADVL Art. 14, relief-management institution)', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/mandatory-reports',
      headers: bearer('reporter', 'relief:beilun-station'),
      payload: {
        reporterKind: 'relief_management_institution',
        capacity: 'minor',
        victim: { age: 11, street: 'xiapu' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().receiptNumber).toMatch(/^MR-2027-\d{6}$/);
  });

  it('a report about a capable adult is refused (400) and opens nothing', async () => {
    const before = await h.count('cases');
    const res = await h.app.inject({
      method: 'POST',
      url: '/mandatory-reports',
      headers: bearer('reporter', 'hospital:beilun-people'),
      payload: { reporterKind: 'hospital', capacity: 'minor', victim: { age: 35 } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('not_a_mandatory_report');
    expect(await h.count('cases')).toBe(before);
  });
});
