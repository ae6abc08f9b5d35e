import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { assertValidForProduce, eventSchemas, parseConsumed } from '../src/index.ts';
import { caseId, envelope, flags, opened } from './fixtures.ts';

// parseConsumed and assertValidForProduce check with compiled validators (TypeCompiler). They must give exactly the
// answers of TypeBox's interpreter (Value.Check) on the same schemas, formats included: valid events and every
// mutation below, on produce (strict) and on consume (lenient).
const samples = [
  opened(),
  envelope('intake.referral.requested.v1', {
    requestId: '0190f0f0-0000-7000-8000-0000000000aa',
    caseId,
    caseNumber: 'BL-2026-000123',
    target: 'dv',
    category: 'domestic_violence',
    needs: ['dv_protection'],
    riskLevel: 'high',
    street: 'xinqi',
    victimAgeBand: 'adult',
    flags,
    consentBasis: 'consent',
    requestedAt: '2026-11-28T10:00:00.000Z',
  }),
  envelope('dv.referral.created.v1', {
    referralId: '0190f0f0-0000-7000-8000-0000000000bb',
    caseId,
    requestId: '0190f0f0-0000-7000-8000-0000000000aa',
    department: 'police',
    assignedDept: 'police:xinqi',
    riskLevel: 'high',
    street: 'xinqi',
    acceptBy: '2026-11-28T11:00:00.000Z',
    createdAt: '2026-11-28T10:00:00.000Z',
  }),
];

type Event = ReturnType<typeof envelope>;
const mutations: [string, (e: Event) => unknown][] = [
  ['unchanged', (e) => e],
  ['an unknown top-level field', (e) => ({ ...e, extra: 1 })],
  ['an unknown data field', (e) => ({ ...e, data: { ...e.data, victimName: '王某' } })],
  ['id not a uuid', (e) => ({ ...e, id: 'not-a-uuid' })],
  ['time not a date-time', (e) => ({ ...e, time: '28/11/2026' })],
  ['caseId not a uuid', (e) => ({ ...e, data: { ...e.data, caseId: '1234' } })],
  ['riskLevel outside its enum', (e) => ({ ...e, data: { ...e.data, riskLevel: 'extreme' } })],
  ['a number for a string', (e) => ({ ...e, data: { ...e.data, street: 7 } })],
  ['a required data field missing', (e) => ({ ...e, data: Object.fromEntries(Object.entries(e.data).slice(1)) })],
  ['no data', (e) => ({ ...e, data: undefined })],
  ['specversion wrong', (e) => ({ ...e, specversion: '0.3' })],
  ['a flag not a boolean', (e) => ({ ...e, data: { ...e.data, flags: { ...flags, minor: 'no' } } })],
  ['a date-time with an offset', (e) => ({ ...e, time: '2026-11-28T18:00:00+08:00' })],
];

describe('compiled event checks agree with the TypeBox interpreter', () => {
  for (const sample of samples) {
    const schemas = eventSchemas(sample.type)!;
    for (const [name, mutate] of mutations) {
      it(`${sample.type}: ${name}`, () => {
        const value = mutate(sample);
        const consumed = parseConsumed(JSON.stringify(value)).kind === 'ok';
        expect(consumed).toBe(Value.Check(schemas.consume, JSON.parse(JSON.stringify(value))));
        let produced = true;
        try {
          assertValidForProduce(value);
        } catch {
          produced = false;
        }
        expect(produced).toBe(Value.Check(schemas.produce, value));
      });
    }
    it(`${sample.type}: the unchanged sample is valid both ways`, () => {
      expect(parseConsumed(JSON.stringify(sample)).kind).toBe('ok');
      expect(() => assertValidForProduce(sample)).not.toThrow();
    });
  }
});
