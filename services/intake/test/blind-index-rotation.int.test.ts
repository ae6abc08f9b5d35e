import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafka, ensureTopics } from '@linkage/messaging';
import { bearer, freshDatabase, freshTopicPrefix, queryOnce, serviceEnv, testInfra } from '@linkage/testing';
import { buildApp } from '../src/app.ts';
import { intakeConfig } from '../src/config.ts';
import { reencryptCommand } from '../../../infra/scripts/reencrypt.ts';

const operator = bearer('hotline_operator', 'wf:district');
const b64 = (k: Buffer) => k.toString('base64');

/**
 * Blind-index key rotation as an operator does it, on intake's real schema (real Postgres and Kafka): cases
 * indexed with key A and no key id (bare HMACs, the format every existing row has); intake restarted with key B
 * current and A kept as an old key, where a repeat victim must still be found; `npm run reencrypt -- --service
 * intake`; then every index carries B's id and intake with B alone still finds her.
 */
describe('intake: blind-index key rotation keeps repeat victims matched', () => {
  const A = randomBytes(32);
  const B = randomBytes(32);
  const F = b64(randomBytes(32)); // the field key stays; it only gains an id for the re-encryption run
  let brokers: string[];
  const logger = pino({ level: 'silent' });
  let dbUrl: string;
  let prefix: string;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;

  const start = async (keys: Record<string, string>) => {
    await app?.close();
    const env = serviceEnv({
      databaseUrl: dbUrl,
      brokers,
      topicPrefix: prefix,
      extra: { FIELD_ENCRYPTION_KEY: F, ...keys },
    });
    app = await buildApp(intakeConfig(env), { logger });
    await app.ready();
    return app;
  };
  const open = async (victim: Record<string, unknown>, headers: Record<string, string> = operator) => {
    const res = await app!.inject({
      method: 'POST',
      url: '/cases',
      headers,
      payload: { channel: 'hotline_12338', category: 'domestic_violence', needs: [], victim },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; repeat: boolean; duplicates: { caseId: string; matchedOn: string[] }[] }>();
  };
  const indexesOf = async (caseId: string) =>
    (await queryOnce<{ value: string }>(dbUrl, 'select value from blind_indexes where case_id = $1', [caseId])).map(
      (r) => r.value,
    );
  const matched = (c: { duplicates: { caseId: string; matchedOn: string[] }[] }) =>
    Object.fromEntries(c.duplicates.map((d) => [d.caseId, [...d.matchedOn].sort()]));

  beforeAll(async () => {
    ({ brokers } = testInfra());
    dbUrl = await freshDatabase('intake_bidx_rotation');
    prefix = freshTopicPrefix();
    await ensureTopics(createKafka({ brokers, clientId: 'intake-bidx-rotation', logger }), prefix);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('A (bare) → B current with A old: still a repeat; after reencrypt every index is on B and B alone matches', async () => {
    // 1. Before rotation: key A, no key id — indexes are bare HMACs, as in every existing database.
    await start({ BLIND_INDEX_KEY: b64(A) });
    const idemKey = `"${randomUUID()}"`;
    const withKey = { ...operator, 'idempotency-key': idemKey };
    const victim = { name: '周某', phone: '+86 137-1234-5678', street: 'xinqi', birthYear: 1987 };
    const first = await open(victim, withKey);
    expect(first.repeat).toBe(false);
    const bare = await indexesOf(first.id);
    expect(bare).toHaveLength(2);
    for (const v of bare) expect(v).not.toContain('.');

    // 2. Rotated: B writes (with its id), A is an old key lookups still try.
    await start({ BLIND_INDEX_KEY: b64(B), BLIND_INDEX_KEY_ID: 'b', BLIND_INDEX_OLD_KEYS: `a:${b64(A)}` });
    const second = await open({ name: '周 某', phone: '13712345678', street: 'xinqi', birthYear: 1987 });
    expect(second.repeat).toBe(true);
    expect(matched(second)).toEqual({ [first.id]: ['name_birth_street', 'phone'] });
    const onB = await indexesOf(second.id);
    expect(onB).toHaveLength(2);
    for (const v of onB) expect(v).toMatch(/^b\.[A-Za-z0-9_-]{43}$/);
    // The Idempotency-Key fingerprint stored under A still recognises the same request: a replay, not a 422.
    const replay = await app!.inject({
      method: 'POST',
      url: '/cases',
      headers: withKey,
      payload: { channel: 'hotline_12338', category: 'domestic_violence', needs: [], victim },
    });
    expect(replay.statusCode, replay.body).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toMatchObject({ id: first.id });
    await app!.close();
    app = undefined;

    // 3. npm run reencrypt -- --service intake (the field key gains an id, so the run has a key to rotate to).
    const lines: string[] = [];
    const report = await reencryptCommand(
      ['--service', 'intake'],
      {
        DATABASE_URL: dbUrl,
        FIELD_ENCRYPTION_KEY: F,
        FIELD_ENCRYPTION_KEY_ID: 'f',
        BLIND_INDEX_KEY: b64(B),
        BLIND_INDEX_KEY_ID: 'b',
        BLIND_INDEX_OLD_KEYS: `a:${b64(A)}`,
      },
      (l) => lines.push(l),
    );
    expect(report.reindexed, lines.join('\n')).toEqual({ blind_indexes: 2 }); // the first case's two bare indexes
    const all = await queryOnce<{ value: string }>(dbUrl, 'select value from blind_indexes');
    expect(all).toHaveLength(4);
    for (const r of all) expect(r.value).toMatch(/^b\./);

    // 4. A removed: B alone finds both earlier cases.
    await start({ FIELD_ENCRYPTION_KEY_ID: 'f', BLIND_INDEX_KEY: b64(B), BLIND_INDEX_KEY_ID: 'b' });
    const third = await open({ name: '周某', phone: '137 1234 5678', street: 'xinqi', birthYear: 1987 });
    expect(third.repeat).toBe(true);
    expect(matched(third)).toEqual({
      [first.id]: ['name_birth_street', 'phone'],
      [second.id]: ['name_birth_street', 'phone'],
    });
  });
});
