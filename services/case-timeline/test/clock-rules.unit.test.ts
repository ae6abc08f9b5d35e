import { describe, expect, it } from 'vitest';
import { effectsOf } from '../src/domain/clocks/engine.ts';
import { defineRule } from '../src/domain/clocks/rule.ts';
import { CLOCK_RULES } from '../src/domain/clocks/rules.ts';

const t0 = '2026-11-28T10:00:00.000Z';
const client = '0193a000-0000-7000-8000-000000000001';
const caseId = '0193a000-0000-7000-8000-000000000002';
const booking = '0193a000-0000-7000-8000-000000000003';
const visit = '0193a000-0000-7000-8000-000000000004';

describe('the home visit clock (elder_home_visit) is met by the visit it timed, nothing else', () => {
  it('a respite stay delivered (its serviceId is the booking id) touches no home visit clock', () => {
    const effects = effectsOf(
      {
        type: 'elder_care.service.delivered.v1',
        time: t0,
        data: { serviceId: booking, clientId: client, caseId, kind: 'respite', days: 3, street: null, deliveredAt: t0 },
      },
      CLOCK_RULES,
    );
    expect(effects.filter((f) => f.rule.id === 'elder_home_visit')).toEqual([]);
  });

  it('a home visit delivered meets the clock its scheduling started (same visit id)', () => {
    const [start] = effectsOf(
      {
        type: 'elder_care.home_visit.scheduled.v1',
        time: t0,
        data: { visitId: visit, clientId: client, caseId, serviceType: 'bathing', street: 'xiapu', dueAt: t0 },
      },
      CLOCK_RULES,
    );
    const stops = effectsOf(
      {
        type: 'elder_care.service.delivered.v1',
        time: t0,
        data: {
          serviceId: visit,
          clientId: client,
          caseId,
          kind: 'home_visit',
          days: null,
          street: null,
          deliveredAt: t0,
        },
      },
      CLOCK_RULES,
    );
    expect(start).toMatchObject({ kind: 'start', rule: { id: 'elder_home_visit' }, subjectKey: visit });
    expect(stops).toEqual([
      expect.objectContaining({
        kind: 'stop',
        rule: expect.objectContaining({ id: 'elder_home_visit' }),
        subjectKey: visit,
      }),
    ]);
  });
});

describe('clock rules are typed against the contracts (checked by tsc; each @ts-expect-error must be an error)', () => {
  const base = {
    id: 'x',
    label: { zh: 'x', en: 'x' },
    source: 'test',
    period: { unit: 'days', n: 1 },
    warnAt: 0.5,
    severity: { fixed: 'normal' },
  } as const;

  it('a misspelled key, deadline field, event type or `when` value fails to compile; a correct rule compiles', () => {
    const ok = defineRule({
      ...base,
      start: { type: 'dv.referral.created.v1', key: 'referralId' },
      deadline: { field: 'acceptBy' },
      stop: [{ type: 'dv.referral.accepted.v1', key: 'referralId' }],
      severity: { field: 'riskLevel', map: { high: 'critical' }, otherwise: 'normal' },
    });
    const bad = [
      defineRule({
        ...base,
        // @ts-expect-error: the referral's key is referralId
        start: { type: 'dv.referral.created.v1', key: 'referalId' },
        deadline: { field: 'acceptBy' },
        stop: [{ type: 'dv.referral.accepted.v1', key: 'referralId' }],
      }),
      defineRule({
        ...base,
        start: { type: 'dv.referral.created.v1', key: 'referralId' },
        // @ts-expect-error: dv.referral.created.v1 carries no ruleBy
        deadline: { field: 'ruleBy' },
        stop: [{ type: 'dv.referral.accepted.v1', key: 'referralId' }],
      }),
      defineRule({
        ...base,
        start: { type: 'elder_care.home_visit.scheduled.v1', key: 'visitId' },
        deadline: { field: 'dueAt' },
        // @ts-expect-error: elder_care.service.delivered.v1 has no visitId (a stop keyed on a field of another event)
        stop: [{ type: 'elder_care.service.delivered.v1', key: 'visitId' }],
      }),
      defineRule({
        ...base,
        start: { type: 'elder_care.home_visit.scheduled.v1', key: 'visitId' },
        deadline: { field: 'dueAt' },
        // @ts-expect-error: not an event type of the contracts
        stop: [{ type: 'elder_care.visit.delivered.v1', key: 'visitId' }],
      }),
      defineRule({
        ...base,
        start: { type: 'elder_care.home_visit.scheduled.v1', key: 'visitId' },
        deadline: { field: 'dueAt' },
        // @ts-expect-error: 'visit' is not a service kind
        stop: [{ type: 'elder_care.service.delivered.v1', key: 'serviceId', when: { field: 'kind', in: ['visit'] } }],
      }),
    ];
    expect(ok.start.key).toBe('referralId');
    expect(bad).toHaveLength(5);
  });
});
