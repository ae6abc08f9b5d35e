import { describe, expect, it } from 'vitest';
import {
  assertValidForProduce,
  parseConsumed,
  topicOf,
  topicDefinitions,
  formatActor,
  parseActor,
} from '../src/index.ts';
import { opened } from './fixtures.ts';

describe('event contracts', () => {
  it('accepts a valid event on produce and on consume', () => {
    expect(() => assertValidForProduce(opened())).not.toThrow();
    const r = parseConsumed(JSON.stringify(opened()));
    expect(r.kind).toBe('ok');
  });

  it('rejects on produce a field the schema does not know (no personal data can slip in)', () => {
    const e = opened();
    (e.data as Record<string, unknown>).victimName = '王某';
    expect(() => assertValidForProduce(e)).toThrow(/invalid intake.case.opened.v1/);
  });

  it('tolerates on consume a field added by a newer producer (forward compatible)', () => {
    const e = opened();
    (e.data as Record<string, unknown>).newOptionalField = 1;
    expect(parseConsumed(JSON.stringify(e)).kind).toBe('ok');
  });

  it('reports unknown types as unknown, not invalid', () => {
    const e = { ...opened(), type: 'intake.case.renamed.v9' };
    expect(parseConsumed(JSON.stringify(e))).toMatchObject({ kind: 'unknown', type: 'intake.case.renamed.v9' });
  });

  it('marks garbage, broken envelopes and bad data as invalid', () => {
    expect(parseConsumed('{not json').kind).toBe('invalid');
    expect(parseConsumed(JSON.stringify({ hello: 'world' })).kind).toBe('invalid');
    const bad = opened();
    bad.data.riskLevel = 'extreme';
    expect(parseConsumed(JSON.stringify(bad)).kind).toBe('invalid');
    const badId = { ...opened(), id: 'not-a-uuid' };
    expect(parseConsumed(JSON.stringify(badId)).kind).toBe('invalid');
  });

  it('maps types to topics and defines every topic with a DLQ twin', () => {
    expect(topicOf('intake.case.opened.v1')).toBe('intake.events');
    expect(topicOf('dv.referral.created.v1')).toBe('dv.events');
    const defs = topicDefinitions();
    expect(defs.map((d) => d.topic)).toContain('dv.events.dlq');
    expect(defs.every((d) => d.numPartitions >= 3)).toBe(true);
  });

  it('formats the actor as role@dept and parses it back', () => {
    expect(parseActor(formatActor({ role: 'police_officer', dept: 'police:xinqi' }))).toEqual({
      role: 'police_officer',
      dept: 'police:xinqi',
    });
  });
});
