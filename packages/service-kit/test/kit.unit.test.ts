import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import {
  blindIndex,
  ConfigError,
  ConflictError,
  createServiceApp,
  FieldCipher,
  installProblemDetails,
  loadConfig,
  loggerOptions,
  StaleVersionError,
} from '../src/index.ts';

describe('FieldCipher (AES-256-GCM)', () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('round-trips, and never stores the plaintext', () => {
    const stored = cipher.encrypt('李某某 13800000000', 'case-1');
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('李某某');
    expect(cipher.decrypt(stored, 'case-1')).toBe('李某某 13800000000');
    expect(cipher.encrypt('same', 'x')).not.toBe(cipher.encrypt('same', 'x')); // random IV
  });

  it('refuses a tampered ciphertext, a ciphertext moved to another record, or another key', () => {
    const stored = cipher.encrypt('secret', 'case-1');
    const parts = stored.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    expect(() =>
      cipher.decrypt([parts[0], parts[1], parts[2], ct.toString('base64url')].join('.'), 'case-1'),
    ).toThrow();
    expect(() => cipher.decrypt(stored, 'case-2')).toThrow();
    expect(() => new FieldCipher(randomBytes(32)).decrypt(stored, 'case-1')).toThrow();
  });

  it('blind indexes match equal values only, per key and purpose', () => {
    const k = randomBytes(32);
    expect(blindIndex(k, 'phone', '13800000000')).toBe(blindIndex(k, 'phone', '13800000000'));
    expect(blindIndex(k, 'phone', '13800000000')).not.toBe(blindIndex(k, 'phone', '13800000001'));
    expect(blindIndex(k, 'phone', '13800000000')).not.toBe(blindIndex(k, 'id', '13800000000'));
    expect(blindIndex(randomBytes(32), 'phone', '13800000000')).not.toBe(blindIndex(k, 'phone', '13800000000'));
  });
});

describe('loadConfig', () => {
  const base = {
    DATABASE_URL: 'postgres://u@h:1/db',
    FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----x',
  };

  it('applies defaults and converts types', () => {
    const cfg = loadConfig(Type.Object({ EXTRA_HOURS: Type.Number({ default: 24 }) }), {
      ...base,
      PORT: '4101',
      RELAY_ENABLED: 'false',
    });
    expect(cfg.PORT).toBe(4101);
    expect(cfg.RELAY_ENABLED).toBe(false);
    expect(cfg.EXTRA_HOURS).toBe(24);
    expect(cfg.KAFKA_BROKERS).toBe('127.0.0.1:19092');
    expect(cfg.fieldKey).toHaveLength(32);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig(Type.Object({}), { ...base, PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig(Type.Object({}), { ...base, PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('requires real keys in production', () => {
    expect(() =>
      loadConfig(Type.Object({}), { DATABASE_URL: base.DATABASE_URL, PORT: '1', NODE_ENV: 'production' }),
    ).toThrow(/JWT_PUBLIC_KEY/);
    expect(() =>
      loadConfig(Type.Object({}), {
        DATABASE_URL: base.DATABASE_URL,
        PORT: '1',
        NODE_ENV: 'production',
        JWT_PUBLIC_KEY: base.JWT_PUBLIC_KEY,
      }),
    ).toThrow(/FIELD_ENCRYPTION_KEY/);
  });
});

describe('Problem Details', () => {
  async function app() {
    const a = createServiceApp({ service: 't', logLevel: 'silent', logger: pino({ level: 'silent' }) });
    installProblemDetails(a);
    a.post(
      '/things',
      { schema: { body: Type.Object({ n: Type.Integer() }, { additionalProperties: false }) } },
      async () => ({ ok: true }),
    );
    a.get('/stale', async () => {
      throw new StaleVersionError(1, 2);
    });
    a.get('/conflict', async () => {
      throw new ConflictError('shelter_full', 'The shelter has no free bed.');
    });
    a.get('/boom', async () => {
      throw new Error('database password is hunter2');
    });
    return a;
  }

  it('maps validation, domain errors and unknown routes to RFC 9457 bodies', async () => {
    const a = await app();
    const bad = await a.inject({ method: 'POST', url: '/things', payload: { n: '1', extra: true } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json()).toMatchObject({ status: 400, code: 'validation_failed', instance: '/things' });
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body/n', 'body/extra']),
    );
    expect((await a.inject('/stale')).json()).toMatchObject({ status: 412, code: 'stale_version' });
    expect((await a.inject('/conflict')).json()).toMatchObject({
      status: 409,
      code: 'shelter_full',
      detail: 'The shelter has no free bed.',
    });
    expect((await a.inject('/nowhere')).json()).toMatchObject({ status: 404, code: 'route_not_found' });
    const malformed = await a.inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"n":',
    });
    expect(malformed.json()).toMatchObject({ status: 400, code: 'malformed_json' });
  });

  it('never shows a 5xx message to the caller', async () => {
    const res = await (await app()).inject('/boom');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.json().code).toBe('internal');
  });
});

describe('logging', () => {
  it('redacts personal fields and tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const { transport: _t, ...opts } = loggerOptions('t', 'info');
    const log = pino(opts, sink);
    log.info(
      { victim: { name: '李某某', phone: '138' }, req: { headers: { authorization: 'Bearer abc' } }, caseId: 'c1' },
      'opened',
    );
    log.info({ case: { narrative: '殴打', address: '新碶街道某路' } }, 'x');
    const out = lines.join('');
    for (const s of ['李某某', '138', 'Bearer abc', '殴打', '新碶街道某路']) expect(out).not.toContain(s);
    expect(out).toContain('c1');
  });

  it('keeps query parameters out of logged database errors', () => {
    const { transport: _t, ...opts } = loggerOptions('t', 'info');
    const err = Object.assign(new Error('Failed query: insert into cases values ($1)\nparams: 李某某'), {
      cause: new Error('duplicate key value'),
    });
    const serialised = (opts.serializers!.err as (e: Error) => { message: string; stack?: string })(err);
    expect(JSON.stringify(serialised)).not.toContain('李某某');
    expect(serialised.message).toBe('duplicate key value');
  });
});

describe('calendar arithmetic', () => {
  it('adds calendar months clamped to the month end, and reads dates in Beijing time', async () => {
    const { addMonths, beijingDate, startOfBeijingDay, addHours } = await import('@linkage/domain');
    expect(addMonths(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2027-08-31T10:00:00Z'), 6).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(beijingDate(new Date('2026-11-28T17:00:00Z'))).toBe('2026-11-29');
    expect(startOfBeijingDay('2026-11-29').toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(addHours(new Date('2026-11-28T10:00:00Z'), 24).toISOString()).toBe('2026-11-29T10:00:00.000Z');
  });
});
