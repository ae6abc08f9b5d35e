import { describe, expect, it } from 'vitest';
import { canonicalJson, IDEMPOTENCY_KEY_PATTERN, parseIdempotencyKey } from '../src/idempotency.ts';

describe('Idempotency-Key header', () => {
  it('takes an sf-string (as the draft writes it) or a bare token, and nothing else', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"with space"')).toBe('with space');
    expect(parseIdempotencyKey(`"${'k'.repeat(128)}"`)).toHaveLength(128);
    for (const bad of [
      '',
      '""',
      '"a", "b"',
      'a,b',
      '"unterminated',
      'has space',
      '"密钥"',
      'x'.repeat(129),
      `"${'k'.repeat(129)}"`,
      '"a\\"b"',
      'tab\there',
    ]) {
      expect(() => parseIdempotencyKey(bad), bad).toThrow(
        expect.objectContaining({ statusCode: 400, code: 'idempotency_key_invalid' }),
      );
    }
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(expect.objectContaining({ statusCode: 400 }));
  });

  it('documents in the OpenAPI pattern exactly what the parser takes', () => {
    const re = new RegExp(IDEMPOTENCY_KEY_PATTERN, 'u');
    for (const s of [
      '"8e03978e"',
      'abc-DEF_123:~',
      '"with space"',
      `"${'k'.repeat(128)}"`,
      '',
      '"a", "b"',
      'has space',
      'x'.repeat(129),
      '"密钥"',
    ]) {
      let parsed = true;
      try {
        parseIdempotencyKey(s);
      } catch {
        parsed = false;
      }
      expect(re.test(s), s).toBe(parsed);
    }
  });

  it('fingerprints a body by its content, not its key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson(undefined)).toBe('');
  });
});
