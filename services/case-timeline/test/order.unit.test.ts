import { describe, expect, it } from 'vitest';
import { timelineOrder } from '../src/domain/timeline/order.ts';

const at = (s: number) => new Date(Date.UTC(2026, 10, 28, 10, 0, s));
const e = (eventId: string, s: number, causationId: string | null = null) => ({
  eventId,
  causationId,
  occurredAt: at(s),
});

describe('timeline order', () => {
  it('orders by time, then by event id', () => {
    expect(timelineOrder([e('c', 3), e('a', 1), e('b', 1)]).map((x) => x.eventId)).toEqual(['a', 'b', 'c']);
  });

  it('puts a cause before its effect when both carry the same instant', () => {
    // 'a-effect' sorts before 'b-cause' by id, but it was caused by it
    const out = timelineOrder([e('a-effect', 1, 'b-cause'), e('b-cause', 1), e('z', 0)]);
    expect(out.map((x) => x.eventId)).toEqual(['z', 'b-cause', 'a-effect']);
  });

  it('keeps chains in causal order and tolerates a missing or circular cause', () => {
    const out = timelineOrder([
      e('c3', 5, 'b2'),
      e('b2', 5, 'a1'),
      e('a1', 5),
      e('x', 5, 'not-here'),
      e('p', 6, 'q'),
      e('q', 6, 'p'),
    ]);
    const ids = out.map((x) => x.eventId);
    expect(ids.indexOf('a1')).toBeLessThan(ids.indexOf('b2'));
    expect(ids.indexOf('b2')).toBeLessThan(ids.indexOf('c3'));
    expect(ids).toHaveLength(6);
  });
});
