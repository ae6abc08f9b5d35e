import { describe, expect, it } from 'vitest';
import { randomBytesPooled, uuidv7, uuidv7From } from '../src/ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying the millisecond timestamp', () => {
    const ms = Date.UTC(2026, 10, 28, 10, 0, 0);
    const id = uuidv7(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(ms);
  });

  it('sorts in creation order even within one millisecond', () => {
    const ms = Date.now() + 60_000;
    const ids = Array.from({ length: 5000 }, () => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes backwards when the clock does', () => {
    const a = uuidv7(Date.now() + 120_000);
    const b = uuidv7(Date.now());
    expect(b > a).toBe(true);
  });
});

describe('uuidv7From', () => {
  it('is deterministic for a seed, a valid v7, and differs between seeds', () => {
    const ms = Date.UTC(2026, 10, 28);
    const a = uuidv7From(ms, 'clock-1:breached');
    expect(a).toBe(uuidv7From(ms, 'clock-1:breached'));
    expect(a).not.toBe(uuidv7From(ms, 'clock-2:breached'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });
});

describe('randomBytesPooled', () => {
  it('hands out every byte once, and a refill never changes bytes handed out before', () => {
    const first = randomBytesPooled(16);
    const kept = Buffer.from(first);
    const drawn = [first];
    for (let i = 0; i < 600; i++) drawn.push(randomBytesPooled(16)); // 9.6 KB: the 4 KB pool refills twice
    expect(first).toEqual(kept);
    expect(new Set(drawn.map((b) => b.toString('hex'))).size).toBe(drawn.length);
    expect(drawn.every((b) => b.length === 16)).toBe(true);
  });

  it('returns exactly n bytes, from the CSPRNG directly when n is large', () => {
    expect(randomBytesPooled(12)).toHaveLength(12);
    expect(randomBytesPooled(5000)).toHaveLength(5000);
  });
});
