import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { FieldCipher, loadConfig } from '../src/index.ts';

const k = () => randomBytes(32);

describe('field-encryption key rotation', () => {
  it('old ciphertexts (v1 and v2 under a retired key) stay readable; the new key encrypts; reencrypt moves them to it', () => {
    const [a, b] = [k(), k()];
    const v1 = new FieldCipher(a).encrypt('林某芳', 'case-1'); // written before key ids existed
    const underA = new FieldCipher({ current: 'a', keys: { a } }).encrypt('13855556666', 'case-1');
    expect(underA).toMatch(/^v2\.a\./);

    const rotated = new FieldCipher({ current: 'b', keys: { a, b } });
    expect(rotated.decrypt(v1, 'case-1')).toBe('林某芳');
    expect(rotated.decrypt(underA, 'case-1')).toBe('13855556666');
    const fresh = rotated.encrypt('x', 'case-1');
    expect(fresh).toMatch(/^v2\.b\./);
    expect([v1, underA, fresh].map((c) => rotated.needsReencryption(c))).toEqual([true, true, false]);

    const moved = rotated.reencrypt(underA, 'case-1');
    expect(moved).toMatch(/^v2\.b\./);
    // Once everything is moved the old key can go: only b is needed.
    const onlyB = new FieldCipher({ current: 'b', keys: { b } });
    expect(onlyB.decrypt(moved, 'case-1')).toBe('13855556666');
    expect(() => onlyB.decrypt(underA, 'case-1')).toThrow(/no field key with id a/);
    // Associated data still binds the row.
    expect(() => rotated.decrypt(moved, 'case-2')).toThrow();
  });

  it('config: FIELD_ENCRYPTION_KEY_ID turns the keyring on; FIELD_ENCRYPTION_OLD_KEYS adds retired keys; mistakes stop start-up', () => {
    const base = {
      DATABASE_URL: 'postgres://u@h:1/db',
      PORT: '1',
      BLIND_INDEX_KEY: k().toString('base64'),
      JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----x',
    };
    const [oldKey, newKey] = [k(), k()];
    const cfg = loadConfig(Type.Object({}), {
      ...base,
      FIELD_ENCRYPTION_KEY: newKey.toString('base64'),
      FIELD_ENCRYPTION_KEY_ID: 'k2',
      FIELD_ENCRYPTION_OLD_KEYS: `k1:${oldKey.toString('base64')}`,
    });
    expect(cfg.fieldKeyring?.current).toBe('k2');
    expect(Object.keys(cfg.fieldKeyring!.keys).sort()).toEqual(['k1', 'k2']);
    const written = new FieldCipher({ current: 'k1', keys: { k1: oldKey } }).encrypt('v');
    expect(new FieldCipher(cfg.fieldKeyring!).decrypt(written)).toBe('v');
    expect(() =>
      loadConfig(Type.Object({}), {
        ...base,
        FIELD_ENCRYPTION_KEY: newKey.toString('base64'),
        FIELD_ENCRYPTION_OLD_KEYS: `k1:${oldKey.toString('base64')}`,
      }),
    ).toThrow(/needs FIELD_ENCRYPTION_KEY_ID/);
    expect(() =>
      loadConfig(Type.Object({}), {
        ...base,
        FIELD_ENCRYPTION_KEY: newKey.toString('base64'),
        FIELD_ENCRYPTION_KEY_ID: 'k1',
        FIELD_ENCRYPTION_OLD_KEYS: `k1:${oldKey.toString('base64')}`,
      }),
    ).toThrow(/must not name the current/);
    expect(
      loadConfig(Type.Object({}), { ...base, FIELD_ENCRYPTION_KEY: newKey.toString('base64') }).fieldKeyring,
    ).toBeUndefined();
  });
});
