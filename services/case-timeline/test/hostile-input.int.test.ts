import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import { mintToken } from '@linkage/auth';
import { bearer, freshDatabase, freshTopicPrefix, serviceEnv, testInfra, testKeys } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { timelineConfig } from '../src/config.ts';

const coordinator = bearer('coordinator', 'wcw:district');

/** Issue 10, item 10: a NUL byte in the `dept` filter of /oversight/clocks used to be a 500 from Postgres. */
describe('case-timeline: control characters in filters are a 400 (real Postgres, real Kafka)', () => {
  const { brokers } = testInfra();
  const logger = pino({ level: 'silent' });
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    const prefix = freshTopicPrefix();
    await ensureTopics(createKafka({ brokers, clientId: 'timeline-hostile', logger }), prefix);
    const dbUrl = await freshDatabase('timeline_hostile');
    app = await buildApp(
      timelineConfig(
        serviceEnv({ databaseUrl: dbUrl, brokers, topicPrefix: prefix, extra: { SCHEDULER_ENABLED: 'false' } }),
      ),
      { logger },
    );
    await app.ready();
  });
  afterAll(() => app?.close());

  it('dept=%00 (and a tab, or an escape) in the clocks filter: 400 Problem; a plain dept: 200', async () => {
    for (const dept of ['%00', 'police%3Axinqi%00', 'police%09xinqi', '%1B%5B2J']) {
      const res = await app.inject({ url: `/oversight/clocks?dept=${dept}`, headers: coordinator });
      expect(res.statusCode, `${dept}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'querystring/dept', message: 'must not contain control characters' }],
      });
    }
    const ok = await app.inject({ url: '/oversight/clocks?dept=police%3Axinqi', headers: coordinator });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('an unknown query parameter is a 400, and an undeclared method a 405 with Allow', async () => {
    const res = await app.inject({
      url: '/oversight/clocks?dept=police%3Axinqi&orderBy=deadline',
      headers: coordinator,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'querystring/orderBy' })]);
    const del = await app.inject({ method: 'DELETE', url: '/oversight/clocks', headers: coordinator });
    expect(del.statusCode).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');
  });

  it('platform wiring: a token valid for 13 h is a 401; every answer carries security headers and no-store; a too-long id is 414 after authentication', async () => {
    const longLived = mintToken(
      { sub: 'c-1', role: 'coordinator', dept: 'wcw:district' },
      { privateKey: testKeys().privateKey, ttlSeconds: 13 * 3600 },
    );
    const refused = await app.inject({ url: '/oversight/rules', headers: { authorization: `Bearer ${longLived}` } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'token_lifetime_too_long' });
    const ok = await app.inject({ url: '/oversight/rules', headers: coordinator });
    expect(ok.statusCode).toBe(200);
    for (const r of [refused, ok]) {
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    const longId = `/cases/${'a'.repeat(200)}/timeline`;
    expect((await app.inject({ url: longId })).statusCode).toBe(401);
    const tooLong = await app.inject({ url: longId, headers: coordinator });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.json()).toMatchObject({ code: 'uri_too_long' });
  });

  it('documents the CSV form of the indicators and sends it as text/csv', async () => {
    const doc = (await app.inject('/docs/json')).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>>;
    };
    expect(Object.keys(doc.paths['/oversight/indicators']!.get!.responses['200']!.content).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
    const csv = await app.inject({
      url: '/oversight/indicators?from=2026-01-01&to=2026-01-31&format=csv',
      headers: coordinator,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const json = await app.inject({ url: '/oversight/indicators?from=2026-01-01&to=2026-01-31', headers: coordinator });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json()).toHaveProperty('indicators');
  });
});
