import { describe, expect, it } from 'vitest';
import { VerifiedTokens, type Principal } from '../src/index.ts';

const alice: Principal = { sub: 'op-1', role: 'hotline_operator', dept: 'wf:district', streets: [] };

/** The verified-token cache: reuse never outlives the token, the TTL, or the bound on its size. */
describe('VerifiedTokens', () => {
  const clock = (startMs: number) => {
    let t = startMs;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('returns a verified token until its own exp, even within the TTL', () => {
    const c = clock(1_000_000_000_000);
    const cache = new VerifiedTokens({ ttlMs: 60_000, now: c.now });
    cache.set('token-a', alice, (c.now() + 10_000) / 1000); // expires in 10 s
    expect(cache.get('token-a')).toEqual(alice);
    expect(cache.get('token-b')).toBeUndefined(); // another token is never served from it
    c.advance(9_999);
    expect(cache.get('token-a')).toEqual(alice);
    c.advance(1);
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('returns it for at most the TTL after its verification, however long the token lives', () => {
    const c = clock(1_000_000_000_000);
    const cache = new VerifiedTokens({ ttlMs: 60_000, now: c.now });
    cache.set('token-a', alice, (c.now() + 3_600_000) / 1000);
    c.advance(59_999);
    expect(cache.get('token-a')).toEqual(alice);
    c.advance(1);
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0); // the stale entry is dropped
  });

  it('does not keep an expired token, and forgets the oldest beyond its size', () => {
    const c = clock(1_000_000_000_000);
    const cache = new VerifiedTokens({ max: 2, now: c.now });
    cache.set('expired', alice, (c.now() - 1) / 1000);
    expect(cache.size).toBe(0);
    const exp = (c.now() + 600_000) / 1000;
    cache.set('one', alice, exp);
    cache.set('two', alice, exp);
    cache.set('three', alice, exp);
    expect(cache.size).toBe(2);
    expect(cache.get('one')).toBeUndefined();
    expect(cache.get('two')).toEqual(alice);
    expect(cache.get('three')).toEqual(alice);
  });
});
