import { describe, expect, it } from 'vitest';
import { javaStringHash, offsetsPartitionOf, probeGroupsCoveringOffsets } from '../src/broker-ready.ts';

describe('broker readiness probes', () => {
  it("hash a group id as Java's String.hashCode does", () => {
    // Values of "…".hashCode() in Java.
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('intake')).toBe(-1183766740);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });

  it('place a group on __consumer_offsets as the broker does (abs by mask, then modulo)', () => {
    expect(offsetsPartitionOf('hello', 10)).toBe(2);
    expect(offsetsPartitionOf('polygenelubricants', 50)).toBe(0);
  });

  it('cover every partition of __consumer_offsets with one probe group each', () => {
    for (const n of [1, 10, 50]) {
      const probes = probeGroupsCoveringOffsets(n);
      expect(probes).toHaveLength(n);
      expect(new Set(probes.map((g) => offsetsPartitionOf(g, n))).size).toBe(n);
    }
  });
});
