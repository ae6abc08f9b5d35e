import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildEvents,
  ConflictError,
  hoursBetween,
  orThrow,
  systemActor,
  uuidv7From,
  type Decision,
  type Emit,
} from '../src/index.ts';

const caseId = randomUUID();
const req = randomUUID();
const cmd = randomUUID();
const opened = (id = caseId): Emit => ({
  type: 'intake.case.opened.v1',
  data: {
    caseId: id,
    caseNumber: 'BL-2026-000001',
    channel: 'hotline_12338',
    category: 'domestic_violence',
    street: 'xinqi',
    riskLevel: 'high',
    repeat: false,
    flags: { minor: false, elderly: false, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false },
    needs: ['dv_protection'],
    openedAt: '2026-11-28T01:00:00.000Z',
  },
});
const ctx = {
  source: '/services/intake',
  subject: caseId,
  actor: { role: 'hotline_operator', dept: 'wf:district' },
  time: new Date('2026-11-28T01:00:00Z'),
};

describe('buildEvents — the one way events are built', () => {
  it('wraps each Emit in a validated CloudEvent sharing the context (source, subject, actor, time)', () => {
    const [e] = buildEvents([opened()], { ...ctx, correlationid: req, causationid: cmd });
    expect(e).toMatchObject({
      specversion: '1.0',
      type: 'intake.case.opened.v1',
      source: '/services/intake',
      subject: caseId,
      actor: 'hotline_operator@wf:district',
      time: '2026-11-28T01:00:00.000Z',
      correlationid: req,
      causationid: cmd,
    });
  });

  it('per-event subject, time and id override the context', () => {
    const other = randomUUID();
    const id = uuidv7From(Date.parse('2026-11-27T00:00:00Z'), 'seed');
    const [e] = buildEvents([{ ...opened(other), subject: other, time: new Date('2026-11-27T00:00:00Z'), id }], ctx);
    expect(e).toMatchObject({ subject: other, time: '2026-11-27T00:00:00.000Z', id });
    // without a correlation id an event starts its own chain
    expect(e!.correlationid).toBe(id);
  });

  it('chain: the first event is caused by the context, each later one by the first', () => {
    const events = buildEvents([opened(), opened(), opened()], { ...ctx, causationid: cmd, chain: true });
    expect(events[0]!.causationid).toBe(cmd);
    expect(events.slice(1).map((e) => e.causationid)).toEqual([events[0]!.id, events[0]!.id]);
    expect(new Set(events.map((e) => e.correlationid))).toEqual(new Set([events[0]!.correlationid]));
  });

  it('refuses an invalid event (a bug, not input): personal data cannot slip in as an unknown field', () => {
    const bad: Emit = JSON.parse(JSON.stringify({ ...opened(), data: { ...opened().data, victimName: '王某' } }));
    expect(() => buildEvents([bad], ctx)).toThrow(/invalid intake.case.opened.v1/);
  });
});

describe('decision helpers', () => {
  it('orThrow passes events through and throws a refusal', () => {
    const ok: Decision = [opened()];
    expect(orThrow(ok)).toBe(ok);
    const no: Decision = new ConflictError('case_closed', 'closed');
    expect(() => orThrow(no)).toThrow(ConflictError);
  });
  it('systemActor is spelled one way', () => {
    expect(systemActor('dv-referral')).toEqual({ sub: 'svc:dv-referral', role: 'system', dept: 'svc:dv-referral' });
  });
  it('hoursBetween', () => {
    expect(hoursBetween(new Date('2026-11-28T00:00:00Z'), new Date('2026-11-28T12:00:00Z'))).toBe(12);
    expect(hoursBetween(new Date('2026-11-28T12:00:00Z'), new Date('2026-11-28T06:00:00Z'))).toBe(-6);
  });
});
