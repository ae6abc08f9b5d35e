import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { bearer, eventually, queryOnce } from '@linkage/testing';
import { deleteExpiredIdempotencyKeys } from '@linkage/service-kit';
import { startIntake, type IntakeHarness } from './harness.ts';
import { withCheckDigit } from '../src/domain/victim/validate.ts';

const operator = bearer('hotline_operator', 'wf:district');
const ID = withCheckDigit('33020619920315123');
const BAD_ID = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');

const body = (age = 34) => ({
  channel: 'hotline_12338',
  category: 'domestic_violence',
  victim: { sex: 'female', age, street: 'xinqi' },
  needs: ['dv_protection'],
  consent: { police: true },
});

describe('intake: Idempotency-Key on creating POSTs (real Postgres, real Kafka)', () => {
  let h: IntakeHarness;
  let app: IntakeHarness['app'];
  const post = (url: string, payload: unknown, key?: string, headers: Record<string, string> = operator) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...headers, ...(key !== undefined ? { 'idempotency-key': key } : {}) },
      payload: payload as object,
    });
  const count = (t: string) => h.count(t);

  beforeAll(async () => {
    h = await startIntake('intake_idem');
    ({ app } = h);
  });
  afterAll(() => h?.stop());

  it('the same key and body twice opens one case and replays the first response (status, body, content type)', async () => {
    const key = `"${randomUUID()}"`;
    const before = await count('cases');
    const first = await post('/cases', body(), key);
    expect(first.statusCode, first.body).toBe(201);
    // the same request with its keys in another order is the same request
    const { needs, consent, ...rest } = body();
    const second = await post('/cases', { consent, needs, ...rest }, key);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('cases')).toBe(before + 1);
    expect(await count(`audit_log where action = 'case.opened' and entity_id = '${first.json().id}'`)).toBe(1);
    // the stored response is encrypted; the row keeps no body in clear
    const [row] = await queryOnce<{ body_enc: string; fingerprint: string; status_code: number }>(
      h.dbUrl,
      'select body_enc, fingerprint, status_code from idempotency_keys where key = $1',
      [key.slice(1, -1)],
    );
    expect(row!.status_code).toBe(201);
    expect(row!.body_enc).toMatch(/^v1\./);
    expect(row!.body_enc).not.toContain(first.json().caseNumber);
  });

  it('the same key with a different body is a 422 Problem and writes nothing', async () => {
    const key = randomUUID();
    expect((await post('/cases', body(30), key)).statusCode).toBe(201);
    const [cases, audits, outbox] = [await count('cases'), await count('audit_log'), await count('outbox')];
    const reused = await post('/cases', body(31), key);
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reused.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect([await count('cases'), await count('audit_log'), await count('outbox')]).toEqual([cases, audits, outbox]);
  });

  it('concurrent requests with the same key open exactly one case; the others get 409 or the replay', async () => {
    const key = randomUUID();
    const before = await count('cases');
    const results = await Promise.all(Array.from({ length: 6 }, () => post('/cases', body(40), key)));
    const statuses = results.map((r) => r.statusCode);
    expect(await count('cases')).toBe(before + 1);
    const created = results.filter((r) => r.statusCode === 201);
    expect(created.length, statuses.join(',')).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json().id)).size).toBe(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().code).toBe('idempotency_key_in_flight');
    }
    // once the first has answered, a retry gets its response
    const retry = await post('/cases', body(40), key);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(created[0]!.json().id);
  });

  it('a duplicate arriving while the first is uncommitted waits on the key, then gets 409 (first committed) or runs (first rolled back)', async () => {
    // The first request's transaction is played by hand: it holds an uncommitted key row with the fingerprint the
    // real request has (taken from an earlier identical request under another key), as a slow first request would.
    const probe = randomUUID();
    expect((await post('/cases', body(70), probe)).statusCode).toBe(201);
    const [{ fingerprint }] = (await queryOnce<{ fingerprint: string }>(
      h.dbUrl,
      'select fingerprint from idempotency_keys where key = $1',
      [probe],
    )) as [{ fingerprint: string }];
    const sub = 'test-hotline_operator';
    for (const outcome of ['commit', 'rollback'] as const) {
      const key = randomUUID();
      const sql = postgres(h.dbUrl, { max: 1, onnotice: () => {} });
      try {
        const before = await count('cases');
        let inserted!: () => void;
        const keyHeld = new Promise<void>((resolve) => (inserted = resolve));
        const first = sql.begin(async (tx) => {
          await tx`insert into idempotency_keys (caller_sub, caller_dept, route, key, fingerprint) values (${sub}, 'wf:district', 'POST /cases', ${key}, ${fingerprint})`;
          inserted();
          await eventually(
            async () =>
              (
                await queryOnce<{ n: number }>(
                  h.dbUrl,
                  "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
                )
              )[0]!.n > 0,
            'the duplicate to wait on the key',
            10_000,
          );
          if (outcome === 'rollback') throw new Error('first request failed');
        });
        await keyHeld;
        const dup = post('/cases', body(70), key);
        await (outcome === 'commit' ? first : expect(first).rejects.toThrow('first request failed'));
        const r = await dup;
        if (outcome === 'commit') {
          expect(r.statusCode, r.body).toBe(409);
          expect(r.json().code).toBe('idempotency_key_in_flight');
          expect(await count('cases')).toBe(before);
        } else {
          expect(r.statusCode, r.body).toBe(201);
          expect(await count('cases')).toBe(before + 1);
        }
      } finally {
        await sql.end({ timeout: 5 });
      }
    }
  });

  it('a failed request (400 before, 409 inside the transaction) stores no key: the corrected retry with the same key runs', async () => {
    const key = randomUUID();
    const before = await count('cases');
    const bad = await post('/cases', { ...body(), victim: { sex: 'female', idNumber: BAD_ID, street: 'xinqi' } }, key);
    expect(bad.statusCode).toBe(400);
    expect(await count('idempotency_keys where key = ' + `'${key}'`)).toBe(0);
    const fixed = await post('/cases', { ...body(), victim: { sex: 'female', idNumber: ID, street: 'xinqi' } }, key);
    expect(fixed.statusCode, fixed.body).toBe(201);
    // and the corrected request's key now holds: its retry is the replay, not a second case
    const retried = await post('/cases', { ...body(), victim: { sex: 'female', idNumber: ID, street: 'xinqi' } }, key);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toBe(fixed.body);
    expect(await count('cases')).toBe(before + 1);

    // 409 from the domain inside the business transaction: reopening an open case
    const caseworker = bearer('wf_caseworker', 'wf:district');
    const c = fixed.json();
    const reopenKey = randomUUID();
    const early = await post(`/cases/${c.id}/reopen`, { reason: 'new_incident' }, reopenKey, caseworker);
    expect(early.statusCode, early.body).toBe(409);
    expect(await count(`idempotency_keys where key = '${reopenKey}'`)).toBe(0);
    expect((await post(`/cases/${c.id}/close`, { reason: 'resolved' }, undefined, caseworker)).statusCode).toBe(200);
    const reopened = await post(`/cases/${c.id}/reopen`, { reason: 'new_incident' }, reopenKey, caseworker);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().status).toBe('open');
  });

  it("keys are per caller and route: another caller's (or another route's) same key is a new request", async () => {
    const key = randomUUID();
    const before = await count('cases');
    const a = await post('/cases', body(50), key, bearer('hotline_operator', 'wf:district', { sub: 'operator-a' }));
    const b = await post('/cases', body(50), key, bearer('hotline_operator', 'wf:district', { sub: 'operator-b' }));
    const c = await post('/cases', body(50), key, bearer('hotline_operator', 'wf:xinqi', { sub: 'operator-a' }));
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([a.json().id, b.json().id, c.json().id]).size).toBe(3);
    expect(await count('cases')).toBe(before + 3);
    // each caller's retry replays its own response
    const a2 = await post('/cases', body(50), key, bearer('hotline_operator', 'wf:district', { sub: 'operator-a' }));
    const b2 = await post('/cases', body(50), key, bearer('hotline_operator', 'wf:district', { sub: 'operator-b' }));
    expect([a2.json().id, b2.json().id]).toEqual([a.json().id, b.json().id]);
    expect(await count('cases')).toBe(before + 3);
    // the same caller and key on another route is another request
    const note = await post(
      `/cases/${a.json().id}/notes`,
      { text: '电话回访' },
      key,
      bearer('hotline_operator', 'wf:district', { sub: 'operator-a' }),
    );
    expect(note.statusCode, note.body).toBe(201);
  });

  it('notes and mandatory reports are created once per key', async () => {
    const c = (await post('/cases', body(), randomUUID())).json();
    const key = randomUUID();
    const n1 = await post(`/cases/${c.id}/notes`, { text: '第一次记录' }, key);
    const n2 = await post(`/cases/${c.id}/notes`, { text: '第一次记录' }, key);
    expect([n1.statusCode, n2.statusCode]).toEqual([201, 201]);
    expect(n2.body).toBe(n1.body);
    expect(await count(`notes where case_id = '${c.id}'`)).toBe(1);
    // the same key on another case's notes is another request: 422
    const other = (await post('/cases', body(), randomUUID())).json();
    expect((await post(`/cases/${other.id}/notes`, { text: '第一次记录' }, key)).statusCode).toBe(422);

    const school = bearer('reporter', 'school:beilun-no1', { sub: 'teacher-9' });
    const report = {
      reporterKind: 'school',
      capacity: 'minor',
      victim: { age: 9, street: 'xiaogang' },
      incident: { violenceTypes: ['physical'] },
    };
    const before = await count('mandatory_reports');
    const rkey = randomUUID();
    const r1 = await post('/mandatory-reports', report, rkey, school);
    const r2 = await post('/mandatory-reports', report, rkey, school);
    expect([r1.statusCode, r2.statusCode]).toEqual([201, 201]);
    expect(r2.json().receiptNumber).toBe(r1.json().receiptNumber);
    expect(await count('mandatory_reports')).toBe(before + 1);
  });

  it('a malformed or over-long key is a 400 Problem and writes nothing', async () => {
    const before = await count('cases');
    for (const key of ['x'.repeat(129), '"a", "b"', '"unterminated', 'has space', '"密钥"', '']) {
      const r = await post('/cases', body(), key);
      expect(r.statusCode, `${key}: ${r.body}`).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count('cases')).toBe(before);
    expect((await post('/cases', body(), `"${'k'.repeat(128)}"`)).statusCode).toBe(201);
  });

  it('a key whose effect committed but whose response was lost is a 409 saying so; nothing is done again', async () => {
    const key = randomUUID();
    expect((await post('/cases', body(61), key)).statusCode).toBe(201);
    // as if the process died between the commit and storing the response, a minute ago
    await queryOnce(
      h.dbUrl,
      "update idempotency_keys set status_code = null, body_enc = null, headers = null, created_at = now() - interval '1 minute' where key = $1",
      [key],
    );
    const before = await count('cases');
    const r = await post('/cases', body(61), key);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'idempotency_response_lost' });
    expect(r.json().detail).toMatch(/will not be processed again/);
    expect(await count('cases')).toBe(before);
  });

  it('keys are kept 24 h: an older key no longer replays and the cleanup deletes it', async () => {
    const key = randomUUID();
    const first = await post('/cases', body(62), key);
    await queryOnce(h.dbUrl, "update idempotency_keys set created_at = now() - interval '25 hours' where key = $1", [
      key,
    ]);
    const again = await post('/cases', body(62), key);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(first.json().id);
    await queryOnce(h.dbUrl, "update idempotency_keys set created_at = now() - interval '25 hours' where key = $1", [
      key,
    ]);
    expect(await deleteExpiredIdempotencyKeys(app)).toBeGreaterThanOrEqual(1);
    expect(await count(`idempotency_keys where key = '${key}'`)).toBe(0);
  });

  it('the OpenAPI document describes the header on every POST and on no GET', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    const has = (op?: { parameters?: { in: string; name: string }[] }) =>
      (op?.parameters ?? []).some((p) => p.in === 'header' && p.name === 'idempotency-key');
    const posts = Object.values(doc.paths).flatMap((p) => (p.post ? [p.post] : []));
    expect(posts.length).toBeGreaterThan(5);
    expect(posts.every(has)).toBe(true);
    expect(Object.values(doc.paths).some((p) => has(p.get))).toBe(false);
    // the answers the header brings are documented on every POST
    const responses = posts.map((op) => Object.keys((op as { responses?: Record<string, unknown> }).responses ?? {}));
    for (const codes of responses) expect(codes).toEqual(expect.arrayContaining(['400', '409', '422']));
  });
});
