import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { CLOCK_STATES, CLOCK_STATUSES, clockState, type ClockLike } from '../src/domain/clocks/state.ts';
import { AttentionStateSchema, ClockStateSchema } from '../src/routes/schemas.ts';

const h = (n: number) => new Date(Date.UTC(2026, 10, 28, 10) + n * 3_600_000);

describe("the routes' clock-state schema and the engine agree (issue 14: a paused clock crashed the timeline)", () => {
  it('the schema accepts exactly the engine’s states', () => {
    const literals = ClockStateSchema.anyOf.map((s) => s.const);
    expect(literals).toEqual([...CLOCK_STATES]);
    expect(Value.Check(ClockStateSchema, 'unknown_state')).toBe(false);
  });

  it('every state clockState returns, over every stored status and time, is one the route answers with', () => {
    const seen = new Set<string>();
    const deadlines = [null, h(10)];
    const completions = [null, h(5), h(20)];
    for (const status of CLOCK_STATUSES)
      for (const deadline of deadlines)
        for (const completedAt of completions)
          for (const now of [h(0), h(8), h(30)]) {
            const c: ClockLike = { status, deadline, warnAt: deadline ? h(7.5) : null, completedAt };
            const s = clockState(c, now);
            seen.add(s);
            expect(Value.Check(ClockStateSchema, s), `${status} → ${s}`).toBe(true);
          }
    // the grid reaches every state the engine has, paused included
    expect([...seen].sort()).toEqual([...CLOCK_STATES].sort());
  });

  it('the oversight filter offers only states the engine returns', () => {
    for (const s of AttentionStateSchema.anyOf.map((x) => x.const)) expect(CLOCK_STATES).toContain(s);
  });
});
