import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { blindIndex, BlindIndexer, keyringOf } from '../src/crypto.ts';
import { loadConfig } from '../src/config.ts';

describe('blind-index key rotation', () => {
  const A = randomBytes(32);
  const B = randomBytes(32);

  it('a single key writes the bare HMAC, as before key ids', () => {
    const ix = new BlindIndexer(A);
    expect(ix.index('victim.phone', '13800000000')).toBe(blindIndex(A, 'victim.phone', '13800000000'));
    expect(ix.needsReindex(ix.index('victim.phone', '1'))).toBe(false);
  });

  it('with a keyring the index records its key id; lookups try every key, labelled and bare', () => {
    const old = new BlindIndexer({ current: 'a', keys: { a: A } });
    const rotated = new BlindIndexer({ current: 'b', keys: { a: A, b: B } });
    const written = old.index('victim.phone', '13800000000');
    expect(written).toBe(`a.${blindIndex(A, 'victim.phone', '13800000000')}`);
    expect(BlindIndexer.keyIdOf(written)).toBe('a');
    const c = rotated.candidates('victim.phone', '13800000000');
    expect(c).toContain(written); // an A row is still found after the rotation
    expect(c).toContain(blindIndex(A, 'victim.phone', '13800000000')); // and a bare one from before key ids
    expect(c).toContain(rotated.index('victim.phone', '13800000000'));
    expect(rotated.needsReindex(written)).toBe(true);
    expect(rotated.needsReindex(blindIndex(A, 'victim.phone', '1'))).toBe(true);
    expect(rotated.needsReindex(rotated.index('victim.phone', '1'))).toBe(false);
    // another purpose or value never matches
    expect(rotated.candidates('victim.id_number', '13800000000')).not.toContain(written);
  });

  it('keyringOf: the new key with its id and the retired ones; bad input is refused', () => {
    const ring = keyringOf(B.toString('base64'), 'b', `a:${A.toString('base64')}`);
    expect(ring).toEqual({ current: 'b', keys: { a: A, b: B } });
    expect(keyringOf(B.toString('base64'), undefined, undefined)).toEqual(B);
    expect(() => keyringOf(B.toString('base64'), undefined, `a:${A.toString('base64')}`)).toThrow(/id of the current/);
    expect(() => keyringOf(B.toString('base64'), 'b', `b:${A.toString('base64')}`)).toThrow(/must not name/);
    expect(() => keyringOf('c2hvcnQ=', 'b', undefined)).toThrow(/32 bytes/);
    expect(() => new BlindIndexer({ current: 'b', keys: { a: A } })).toThrow(/no key for the current key id/);
  });

  it('config: BLIND_INDEX_KEY_ID turns the keyring on; BLIND_INDEX_OLD_KEYS adds retired keys; mistakes stop start-up', () => {
    const base = {
      DATABASE_URL: 'postgres://u@h:1/db',
      PORT: '1',
      FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----x',
      BLIND_INDEX_KEY: B.toString('base64'),
    };
    const cfg = loadConfig(Type.Object({}), {
      ...base,
      BLIND_INDEX_KEY_ID: 'b',
      BLIND_INDEX_OLD_KEYS: `a:${A.toString('base64')}`,
    });
    expect(cfg.blindIndexKeyring).toEqual({ current: 'b', keys: { a: A, b: B } });
    const ix = new BlindIndexer(cfg.blindIndexKeyring!);
    expect(ix.index('p', 'v')).toBe(`b.${blindIndex(B, 'p', 'v')}`);
    expect(ix.candidates('p', 'v')).toContain(blindIndex(A, 'p', 'v'));
    expect(loadConfig(Type.Object({}), base).blindIndexKeyring).toBeUndefined();
    expect(() => loadConfig(Type.Object({}), { ...base, BLIND_INDEX_OLD_KEYS: `a:${A.toString('base64')}` })).toThrow(
      /BLIND_INDEX_OLD_KEYS: needs BLIND_INDEX_KEY_ID/,
    );
    expect(() =>
      loadConfig(Type.Object({}), {
        ...base,
        BLIND_INDEX_KEY_ID: 'a',
        BLIND_INDEX_OLD_KEYS: `a:${A.toString('base64')}`,
      }),
    ).toThrow(/must not name the current BLIND_INDEX_KEY_ID/);
    expect(() => loadConfig(Type.Object({}), { ...base, BLIND_INDEX_KEY_ID: 'B!' })).toThrow(/BLIND_INDEX_KEY_ID/);
  });
});
