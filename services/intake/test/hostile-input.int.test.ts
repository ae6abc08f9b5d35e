import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, queryOnce } from '@linkage/testing';
import { startIntake, type IntakeHarness } from './harness.ts';

const operator = bearer('hotline_operator', 'wf:district');
const caseworker = bearer('wf_caseworker', 'wf:district');

/**
 * Hostile text (issue 10, item 10): a NUL byte in a consent-override reason or a close note used
 * to reach Postgres and come back as a 500. Control characters are refused at validation for every
 * string of every request: a 400 Problem, and nothing is written.
 */
describe('intake: control characters in text are a 400 and change nothing (real Postgres, real Kafka)', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake('intake_hostile');
  });
  afterAll(() => h?.stop());

  const rows = async (caseId: string) => ({
    audit: (
      await queryOnce<{ n: number }>(h.dbUrl, 'select count(*)::int as n from audit_log where case_id = $1', [caseId])
    )[0]!.n,
    outbox: await h.count('outbox'),
    case: (
      await queryOnce<{ status: string; version: number }>(h.dbUrl, 'select status, version from cases where id = $1', [
        caseId,
      ])
    )[0],
  });

  it('a consent-override reason, a close note, a note and a search filter with a NUL byte: 400, nothing written', async () => {
    const opened = await h.app.inject({
      method: 'POST',
      url: '/cases',
      headers: operator,
      payload: {
        channel: 'walk_in',
        category: 'domestic_violence',
        needs: ['dv_protection'],
        consent: { police: false },
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json() as { id: string };
    const before = await rows(c.id);

    const attempts = [
      {
        method: 'POST' as const,
        url: `/cases/${c.id}/consent-overrides`,
        payload: { department: 'police', reason: '孩子面临严重危险\u0000需立即报警' },
        path: 'body/reason',
      },
      {
        method: 'POST' as const,
        url: `/cases/${c.id}/close`,
        payload: { reason: 'resolved', note: '已获保护令\u0000' },
        path: 'body/note',
      },
      {
        method: 'POST' as const,
        url: `/cases/${c.id}/notes`,
        payload: { text: 'bell\u0007 and escape \u001b[2J' },
        path: 'body/text',
      },
    ];
    for (const a of attempts) {
      const res = await h.app.inject({ method: a.method, url: a.url, headers: caseworker, payload: a.payload });
      expect(res.statusCode, `${a.url}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 400,
        code: 'validation_failed',
        errors: [{ path: a.path, message: 'must not contain control characters' }],
      });
    }
    const search = await h.app.inject({ url: '/cases?status=open%00', headers: caseworker });
    expect(search.statusCode, search.body).toBe(400);
    expect(search.json().errors).toEqual([
      { path: 'querystring/status', message: 'must not contain control characters' },
    ]);
    expect(await rows(c.id)).toEqual(before);
    expect(before.case).toMatchObject({ status: 'open' });

    // the same texts without the control character go through; line breaks in free text are fine
    const override = await h.app.inject({
      method: 'POST',
      url: `/cases/${c.id}/consent-overrides`,
      headers: caseworker,
      payload: { department: 'police', reason: '孩子面临严重危险\n需立即报警' },
    });
    expect(override.statusCode, override.body).toBe(201);
    const closed = await h.app.inject({
      method: 'POST',
      url: `/cases/${c.id}/close`,
      headers: caseworker,
      payload: { reason: 'resolved', note: '已获保护令' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
  });
});
